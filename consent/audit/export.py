"""The consent records as a streaming CSV file."""

import csv

from astermind_site.escaping import neutralise_formula

from ..models import ConsentMethod

CSV_CHUNK = 2000


class _Echo:
    def write(self, value):
        return value


METHOD_NAMES = dict(ConsentMethod.choices)

CSV_HEADER = [
    "created_at",
    "consent_id",
    "method",
    "decisions",
    "policy_version",
    "policy_sha256",
    "language",
    "path",
    "user_agent",
    "ip_hash",
]


def csv_rows(queryset):
    """Header then one row per record. `.iterator()` streams from the database in chunks
    (a server-side cursor on PostgreSQL), so memory stays flat however many rows there are."""
    writer = csv.writer(_Echo())
    yield writer.writerow(CSV_HEADER)
    rows = queryset.order_by("created_at", "pk").values_list(
        "created_at",
        "consent_id",
        "method",
        "decisions",
        "policy_version_id",
        "policy_version__sha256",
        "language",
        "path",
        "user_agent",
        "ip_hash",
    )
    for (
        created_at,
        consent_id,
        method,
        decisions,
        version,
        sha,
        language,
        path,
        agent,
        ip,
    ) in rows.iterator(chunk_size=CSV_CHUNK):
        choices = ";".join(
            f"{group}={'accepted' if ok else 'refused'}" for group, ok in sorted(decisions.items())
        )
        yield writer.writerow(
            [
                created_at.isoformat(),
                consent_id,
                # The method's name, as the list, the report and the evidence page say it.
                METHOD_NAMES.get(method, method),
                neutralise_formula(choices),  # group names may start with "-"
                version,
                sha,
                language,  # a code from CONSENT_LANGUAGES ("en", "de"): never a formula
                neutralise_formula(path),
                neutralise_formula(agent),
                ip,
            ]
        )

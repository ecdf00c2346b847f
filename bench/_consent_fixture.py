"""1,000,000 consent records for bench/consent_scale.py, written as the log would have written
them: dense leaf indexes in id order, each leaf hash computed by consent.digests from the
record's canonical content, and the head (size, right edge, newest record) moved forward
after every batch, so `verify_consent_log`, checkpoints and receipts hold for the generated
log exactly as for a real one.

Rows go in by PostgreSQL COPY, 100,000 per transaction with the head locked, as the tables'
owner (the bench's DATABASE_URL): the head's trigger (migration 0007) accepts the move because
it only grows onto a record that exists at the leaf it claims. An interrupted run leaves a
consistent shorter log, and the next run continues it. Nothing here is used by the site.
"""

import json
import random
import time
import uuid
from datetime import timedelta

from django.db import connection, transaction
from django.utils import timezone

from consent.audit.filters import known_groups
from consent.digests import canonical_content
from consent.merkle import leaf_hash
from consent.models import ConsentChainHead, ConsentPolicyVersion, ConsentRecord

BATCH = 100_000
SPAN_DAYS = 400
PATHS = ["/", "/core-concepts/", "/core-concepts/what-is-a-foundation-model/", "/models/"]
PATHS += [f"/core-concepts/article-{n}/" for n in range(200)]
AGENTS = [
    "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/131.0 Safari/537.36",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148",
]
METHODS = ["accept_all"] * 5 + ["reject_all"] * 3 + ["preferences"] * 2 + ["withdrawal", "gpc"]
COLUMNS = (
    "consent_id",
    "method",
    "decisions",
    "policy_version_id",
    "created_at",
    "path",
    "user_agent",
    "ip_hash",
    "language",
    "leaf_index",
    "leaf_hash",
)
# The share of records made under the German text (the language filter's rarer answer).
GERMAN_SHARE = 0.2


class _Row:
    """What canonical_content reads from a record."""

    __slots__ = (
        "consent_id",
        "method",
        "decisions",
        "policy_version_id",
        "created_at",
        "path",
        "user_agent",
        "ip_hash",
        "language",
    )


def policy_versions():
    """Three English versions to spread the records over (made once; reused afterwards)."""
    versions = list(ConsentPolicyVersion.objects.filter(text__startswith="Bench policy"))
    while len(versions) < 3:
        # Each supersedes the newest English version: a language has one first version.
        latest = ConsentPolicyVersion.objects.filter(language="en").order_by("-pk").first()
        versions.append(
            ConsentPolicyVersion.objects.create(
                text=f"Bench policy {len(versions) + 1}.", supersedes=latest
            )
        )
    return sorted(versions, key=lambda v: v.pk)


def german_version():
    """The German version a fifth of the records were made under (made once)."""
    version = ConsentPolicyVersion.objects.filter(text__startswith="Bench-Richtlinie").first()
    if version is None:
        latest = ConsentPolicyVersion.objects.filter(language="de").order_by("-pk").first()
        version = ConsentPolicyVersion.objects.create(
            text="Bench-Richtlinie 1.", language="de", supersedes=latest
        )
    return version


def _decisions(method, groups, rng):
    if method == "accept_all":
        return dict.fromkeys(groups, True)
    if method in ("reject_all", "withdrawal", "gpc"):
        return dict.fromkeys(groups, False)
    return {group: rng.random() < 0.5 for group in groups}


def ensure_records(target, progress=print):
    """Grow the log to `target` records; returns seconds spent (0.0 when it had them)."""
    head = ConsentChainHead.objects.filter(pk=1).first()
    if head is not None and head.size >= target:
        return 0.0
    started = time.perf_counter()
    versions, german = policy_versions(), german_version()
    groups = [varname for varname, _name in known_groups()]
    now = timezone.now()
    last = ConsentRecord.objects.order_by("-leaf_index").values_list("created_at", flat=True)
    begin = last.first() or now - timedelta(days=SPAN_DAYS)
    size = head.size if head is not None else 0
    # SPAN_DAYS for the whole target, never past now when an earlier, smaller log is grown.
    step = min(timedelta(days=SPAN_DAYS) / target, (now - begin) / max(target - size, 1))
    rng = random.Random(size)  # noqa: S311 - bench data, not secrets
    visitors, first = [], size
    while size < target:
        count = min(BATCH, target - size)
        with transaction.atomic():
            head = ConsentChainHead.lock()
            tree = head.tree()
            with connection.cursor() as cursor:
                raw = cursor.cursor
                with raw.copy(
                    f"COPY {ConsentRecord._meta.db_table} ({', '.join(COLUMNS)}) FROM STDIN"
                ) as copy:
                    for i in range(count):
                        index = size + i
                        row = _Row()
                        if not visitors or rng.random() < 0.4:
                            visitors.append(uuid.UUID(int=rng.getrandbits(128), version=4))
                            visitors = visitors[-50_000:]
                            row.consent_id = visitors[-1]
                        else:
                            row.consent_id = visitors[int(len(visitors) * rng.random() ** 0.2)]
                        row.method = rng.choice(METHODS)
                        row.decisions = _decisions(row.method, groups, rng)
                        if rng.random() < GERMAN_SHARE:
                            version = german
                        else:
                            version = versions[min(index * len(versions) // target, 2)]
                        row.language = version.language
                        row.policy_version_id = version.pk
                        row.created_at = begin + step * (index - first + 1)
                        row.path = rng.choice(PATHS)
                        row.user_agent = rng.choice(AGENTS)
                        row.ip_hash = f"{rng.getrandbits(256):064x}"
                        leaf = leaf_hash(canonical_content(row, version.sha256).encode("utf-8"))
                        tree.append(leaf)
                        copy.write_row(
                            (
                                str(row.consent_id),
                                row.method,
                                json.dumps(row.decisions),
                                row.policy_version_id,
                                row.created_at.isoformat(),
                                row.path,
                                row.user_agent,
                                row.ip_hash,
                                row.language,
                                index,
                                leaf.hex(),
                            )
                        )
                cursor.execute(
                    f"SELECT id FROM {ConsentRecord._meta.db_table} WHERE leaf_index = %s",
                    [size + count - 1],
                )
                newest = cursor.fetchone()[0]
            head.size, head.frontier = tree.size, [h.hex() for h in tree.hashes]
            head.record_id = newest
            head.save()
        size += count
        progress(f"  … {size:,} records ({time.perf_counter() - started:.0f} s)")
    with connection.cursor() as cursor:
        # Statistics for the planner, and the visibility map that lets the list's capped
        # counts read only its indexes (autovacuum does both on a live site, in its own time).
        cursor.execute(f"VACUUM (ANALYZE) {ConsentRecord._meta.db_table}")
    return time.perf_counter() - started

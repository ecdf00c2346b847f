"""Issue 19, part 3 (the consent log at a million records): what bench/consent_scale.py found
slow, pinned for exactness on a small log.

- "any group accepted / refused" is one condition on the record's own decisions (not an OR
  over the registry's groups), and lists exactly those records, in the list and the CSV;
- the list reads the log's head, the policy versions and the registry once each;
- the acceptance report's tables, now written in Python (audit/report_tables.py), say what a
  direct count of the records says;
- pruning sizes its batches by how long the last one held the head, and still blanks exactly
  the records due, each batch starting where the last ended.
"""

import csv
import io
import re
import uuid
from collections import Counter, defaultdict
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from consent import pruning
from consent.audit import report
from consent.audit.filters import filter_by_decision, known_groups
from consent.models import ConsentPolicyVersion, ConsentRecord
from consent.policy import consent_config
from tests.consent.log_tools import spy_on_batches


@pytest.fixture
def version(db):
    return ConsentPolicyVersion.objects.get(pk=consent_config()["version"])


def add(version, decisions, when=None, method="preferences", language=None):
    kwargs = {"language": language} if language else {}
    return ConsentRecord.objects.create(
        consent_id=uuid.uuid4(),
        method=method,
        decisions=decisions,
        policy_version=version,
        created_at=when or timezone.now(),
        path="/",
        user_agent="Mozilla/5.0",
        ip_hash="f" * 64,
        **kwargs,
    )


# --- "any group accepted / refused" -------------------------------------------------------


@pytest.fixture
def choices(version):
    """One record per kind of choice, by name. `retired` accepted only a group that is no
    longer in the registry (its decisions name the groups the visitor was asked about)."""
    assert "retired_group" not in {varname for varname, _name in known_groups()}
    kinds = {
        "analytics_only": {"analytics": True, "personalisation": False},
        "none": {"analytics": False, "personalisation": False},
        "personalisation_only": {"analytics": False, "personalisation": True},
        "retired": {"retired_group": True, "analytics": False},
        "all": {"analytics": True, "personalisation": True},
        "no_groups": {},
    }
    return {name: add(version, decisions) for name, decisions in kinds.items()}


def names(choices, queryset):
    by_pk = {record.pk: name for name, record in choices.items()}
    return sorted(by_pk[pk] for pk in queryset.values_list("pk", flat=True))


@pytest.mark.parametrize(
    ("group", "decision", "expected"),
    [
        ("", "accepted", ["all", "analytics_only", "personalisation_only", "retired"]),
        ("", "refused", ["analytics_only", "none", "personalisation_only", "retired"]),
        ("analytics", "accepted", ["all", "analytics_only"]),
        ("analytics", "refused", ["none", "personalisation_only", "retired"]),
        ("personalisation", "refused", ["analytics_only", "none"]),
        ("personalisation", "", ["all", "analytics_only", "none", "personalisation_only"]),
    ],
)
def test_a_decision_filter_selects_exactly_the_records_that_made_it(
    choices, group, decision, expected
):
    queryset = filter_by_decision(ConsentRecord.objects.all(), group, decision)
    assert names(choices, queryset) == expected


def test_any_group_accepted_is_one_condition_whatever_the_registry_holds(choices):
    """Not an OR with a term per registry group (the planner took that for rare and read the
    whole table in parallel at a million records)."""
    sql = str(filter_by_decision(ConsentRecord.objects.all(), "", "accepted").query)
    assert " OR " not in sql.upper()
    for varname, _name in known_groups():
        assert varname not in sql


@pytest.mark.parametrize("decision", ["accepted", "refused"])
def test_the_list_and_the_csv_show_exactly_the_filtered_records(auditor_client, choices, decision):
    expected = {
        "accepted": {"all", "analytics_only", "personalisation_only", "retired"},
        "refused": {"analytics_only", "none", "personalisation_only", "retired"},
    }[decision]
    wanted = {str(choices[name].consent_id) for name in expected}
    listing = auditor_client.get(reverse("consent_records:index"), {"decision": decision})
    assert listing.status_code == 200
    assert {str(r.consent_id) for r in listing.context["object_list"]} == wanted
    assert listing.context["paginator"].count == len(wanted)
    export = auditor_client.get(reverse("consent_records:export"), {"decision": decision})
    assert export.status_code == 200
    rows = list(csv.DictReader(io.StringIO(b"".join(export.streaming_content).decode())))
    assert {row["consent_id"] for row in rows} == wanted


# --- the list's fixed cost: each thing read once, in one query ------------------------------


def reads_of(queries, table):
    return [q["sql"] for q in queries.captured_queries if f'"{table}"' in q["sql"]]


def test_the_list_reads_the_head_once_and_the_versions_in_one_plain_query(auditor_client, choices):
    url = reverse("consent_records:index")
    auditor_client.get(url)  # warm
    with CaptureQueriesContext(connection) as queries:
        response = auditor_client.get(url)
    assert response.status_code == 200
    # The count and the log's status share one read of the head.
    assert len(reads_of(queries, "consent_consentchainhead")) == 1
    versions = reads_of(queries, "consent_consentpolicyversion")
    # One SELECT for the filter's options: no server-side cursor (DECLARE, FETCH, CLOSE on
    # PostgreSQL), and not the policy texts.
    assert len(versions) == 1
    assert versions[0].startswith("SELECT") and '"text"' not in versions[0]


def test_a_decision_filter_reads_the_registry_once(auditor_client, choices):
    url = reverse("consent_records:index")
    auditor_client.get(url, {"decision": "accepted"})  # warm
    with CaptureQueriesContext(connection) as queries:
        response = auditor_client.get(url, {"decision": "accepted"})
    assert response.status_code == 200
    assert len(reads_of(queries, "cookie_consent_cookiegroup")) == 1  # the group filter's options


# --- the acceptance report: its tables against a direct count -----------------------------


def cells(html, table_id):
    """{row header: [cell text]} of one of the report's tables."""
    table = html[html.index(f'id="{table_id}"') :]
    table = table[: table.index("</table>")]
    body = table[table.index("<tbody>") :]
    return {
        head: re.findall(r"<td>([^<]*)</td>", row)
        for head, row in re.findall(r'<th scope="row">([^<]+)</th>(.*?)</tr>', body)
    }


def test_the_report_tables_equal_a_direct_count_of_the_records(auditor_client, version):
    today = timezone.now().replace(hour=12, minute=0, second=0, microsecond=0)
    made = []
    for days_ago, method, decisions, language in [
        (0, "accept_all", {"analytics": True, "personalisation": True}, None),
        (0, "preferences", {"analytics": True, "personalisation": False}, "de"),
        (0, "gpc", {"analytics": False, "personalisation": False}, None),
        (2, "reject_all", {"analytics": False, "personalisation": False}, None),
        (2, "preferences", {"analytics": False, "personalisation": True}, None),
        (2, "withdrawal", {"analytics": False, "personalisation": False}, "de"),
        (9, "accept_all", {"analytics": True, "personalisation": True}, None),
        (9, "preferences", {"analytics": True}, None),
    ]:
        made.append(add(version, decisions, today - timedelta(days=days_ago), method, language))
    html = auditor_client.get(reverse("consent_records:report"), {"days": 30}).content.decode()
    records = list(ConsentRecord.objects.all())
    assert len(records) == len(made)

    per_day = defaultdict(Counter)
    for record in records:
        per_day[f"{record.created_at:%Y-%m-%d}"][record.method] += 1
    assert cells(html, "consent-method-table") == {
        day: [str(counts[m]) for m in report.METHOD_ORDER] for day, counts in per_day.items()
    }

    groups = [varname for varname, _name in known_groups()]

    def rate(chosen):
        out = []
        for group in groups:
            held = [r for r in chosen if group in r.decisions]
            yes = sum(1 for r in held if r.decisions[group])
            out.append(f"{round(100 * yes / len(held))}% ({yes}/{len(held)})" if held else "—")
        return out

    assert cells(html, "consent-acceptance-table") == {
        day: rate([r for r in records if f"{r.created_at:%Y-%m-%d}" == day]) for day in per_day
    }
    by_language = cells(html, "consent-language-table")
    for name, code in (("English", "en"), ("German", "de")):
        chosen = [r for r in records if r.language == code]
        assert by_language[name] == [str(len(chosen)), *rate(chosen)]


# --- pruning: batches sized by how long they held the head -------------------------------


def test_a_batch_grows_at_most_twofold_and_shrinks_at_once():
    aim = pruning.BATCH_AIM
    assert pruning.next_batch_size(500, aim / 10) == 1000  # fast: doubles, no more
    assert pruning.next_batch_size(500, aim) == 500
    assert pruning.next_batch_size(1000, aim * 4) == 250  # slow: a quarter at once
    assert pruning.next_batch_size(1000, 60.0) == pruning.MIN_BATCH
    assert pruning.next_batch_size(pruning.MAX_BATCH, 0.0) == pruning.MAX_BATCH


def fake_clock(step):
    """A clock that moves `step` seconds per reading: every batch then takes `step`."""
    now = [0.0]

    def clock():
        now[0] += step
        return now[0]

    return clock


@pytest.fixture
def due_and_kept(version, monkeypatch):
    """21 records past a cutoff (three of them blanked by an earlier run) and 3 inside it;
    batches start at 4 records so the test sees them change size."""
    monkeypatch.setattr(pruning, "FIRST_BATCH", 4)
    monkeypatch.setattr(pruning, "MIN_BATCH", 1)
    old = timezone.now() - timedelta(days=500)
    due = [add(version, {"analytics": True}, old + timedelta(minutes=i)) for i in range(21)]
    kept = [add(version, {"analytics": True}, timezone.now()) for _ in range(3)]
    pruning.prune(old + timedelta(minutes=2, seconds=30), batch_size=10)
    return due, kept, timezone.now() - timedelta(days=400)


@pytest.mark.parametrize(
    ("share", "sizes"),
    [
        # Each batch held the head twice as long as aimed at: each is half the last.
        (2, [4, 2] + [1] * 12),
        # Each a tenth: each twice the last.
        (0.1, [4, 8, 6]),
    ],
)
def test_prune_sizes_batches_by_their_time_and_blanks_exactly_the_due_records(
    due_and_kept, monkeypatch, share, sizes
):
    due, kept, cutoff = due_and_kept
    already = {r.pk for r in due[:3]}
    assert (
        set(ConsentRecord.objects.filter(pruned_at__isnull=False).values_list("pk", flat=True))
        == already
    )
    calls = spy_on_batches(monkeypatch)
    result = pruning.prune(cutoff, clock=fake_clock(share * pruning.BATCH_AIM))
    pending = [r.pk for r in due[3:]]
    assert [sum(1 for pk in pending if a < pk <= b) for a, b in calls] == sizes
    # Each batch starts where the last ended, from nothing to the last record due.
    assert calls[0][0] == 0 and calls[-1][1] == pending[-1]
    assert all(calls[i][1] == calls[i + 1][0] for i in range(len(calls) - 1))
    assert result.blanked == 18
    blanked = ConsentRecord.objects.filter(pk__in=pending)
    assert set(blanked.values_list("consent_id", "path", "user_agent", "ip_hash")) == {
        (None, "", "", "")
    }
    assert not blanked.filter(pruned_at__isnull=True).exists()
    untouched = ConsentRecord.objects.filter(pk__in=[r.pk for r in kept])
    assert not untouched.filter(pruned_at__isnull=False).exists()
    assert sorted(untouched.values_list("consent_id", flat=True)) == sorted(
        r.consent_id for r in kept
    )
    assert result.prune.blanked == 18

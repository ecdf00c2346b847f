"""Issue 19, the consent log at a million records: what keeps the auditor screens, receipts and
pruning flat, pinned on a small log (bench/consent_scale.py measures the million).

- the acceptance report sums the trigger-kept daily tally, and it equals the records' count;
- the record list counts the log from its head, caps a filtered count, and its query count
  does not grow with the records;
- a prefix search is a range of ids;
- proofs come from stored subtree roots, equal the proofs from every leaf, and survive a wrong
  stored root;
- pruning batches each start where the last ended.
"""

import uuid
from datetime import UTC, date, datetime, timedelta

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from consent import merkle, pruning
from consent.audit import paging, report
from consent.audit.filters import search_by_consent_id
from consent.log import inclusion_proof_for, make_checkpoint, subtrees
from consent.log.proofs import consistency_proof_between, leaf_hashes
from consent.models import (
    ConsentChainHead,
    ConsentDailyTally,
    ConsentLogSubtree,
    ConsentPolicyVersion,
    ConsentRecord,
)
from consent.policy import consent_config
from tests.consent.log_tools import spy_on_batches

GROUPS = ["analytics", "personalisation"]


@pytest.fixture
def version(db):
    return ConsentPolicyVersion.objects.get(pk=consent_config()["version"])


def add(version, when, method="accept_all", decisions=None, cid=None):
    return ConsentRecord.objects.create(
        consent_id=cid or uuid.uuid4(),
        method=method,
        decisions={"analytics": True, "personalisation": True} if decisions is None else decisions,
        policy_version=version,
        created_at=when,
        path="/",
        user_agent="Mozilla/5.0",
        ip_hash="f" * 64,
    )


def at(day, hour=12):
    return datetime(2026, 11, day, hour, 30, tzinfo=UTC)


# --- the report: a tally kept by the database, equal to the records' own count -----------


@pytest.fixture
def small_log(version):
    """Eleven records over three UTC days, every method, mixed and partial decisions."""
    add(version, at(2, 0), "accept_all")
    add(version, at(2, 23), "reject_all", {"analytics": False, "personalisation": False})
    add(version, at(2, 23), "preferences", {"analytics": True, "personalisation": False})
    add(version, at(3, 1), "preferences", {"analytics": False, "personalisation": True})
    add(version, at(3, 2), "preferences", {"analytics": True, "personalisation": False})
    add(version, at(3, 3), "withdrawal", {"analytics": False, "personalisation": False})
    add(version, at(3, 4), "gpc", {"analytics": False})  # no decision for personalisation
    add(version, at(5), "accept_all")
    # Several in one statement (bulk_create), as COPY or a batch import would add them.
    ConsentRecord.objects.bulk_create(
        [
            ConsentRecord(
                consent_id=uuid.uuid4(),
                method=method,
                decisions=decisions,
                policy_version=version,
                created_at=at(5, 20),
                ip_hash="e" * 64,
            )
            for method, decisions in [
                ("accept_all", {"analytics": True, "personalisation": True}),
                ("accept_all", {"analytics": True, "personalisation": True}),
                ("reject_all", {"analytics": False, "personalisation": False}),
            ]
        ]
    )


def test_the_tally_counts_every_record_once(small_log):
    assert sum(ConsentDailyTally.objects.values_list("records", flat=True)) == 11
    assert (
        ConsentDailyTally.objects.get(
            day=date(2026, 11, 5),
            method="accept_all",
            decisions={"analytics": True, "personalisation": True},
        ).records
        == 3
    )


def test_the_report_from_the_tally_equals_the_count_of_the_records(small_log):
    first, last = date(2026, 11, 1), date(2026, 11, 6)
    tally = report.acceptance_by_day(report.TALLY.rows(first), GROUPS)
    raw = report.acceptance_by_day(report.RAW.rows(first), GROUPS, report.RAW)
    assert tally == raw
    assert tally == [
        (date(2026, 11, 2), {"analytics": (2, 3), "personalisation": (1, 3)}),
        (date(2026, 11, 3), {"analytics": (1, 4), "personalisation": (1, 3)}),
        (date(2026, 11, 5), {"analytics": (3, 4), "personalisation": (3, 4)}),
    ]
    by_method = report.counts_by_method(report.TALLY.rows(first), first, last)
    assert by_method == report.counts_by_method(report.RAW.rows(first), first, last, report.RAW)
    assert dict(by_method)[date(2026, 11, 3)] == {
        "accept_all": 0,
        "reject_all": 0,
        "preferences": 2,
        "withdrawal": 1,
        "gpc": 1,
    }


def test_the_report_page_reads_the_tally_in_a_bounded_number_of_queries(
    auditor_client, small_log, version, django_assert_max_num_queries
):
    url = reverse("consent_records:report") + "?days=400"
    auditor_client.get(url)  # warm: the log status, the registry
    # 17: the split by language is one more sum over the tally (consent 0011).
    with django_assert_max_num_queries(17) as queries:
        response = auditor_client.get(url)
    assert response.status_code == 200
    assert not any(
        "consent_consentrecord" in q["sql"]
        for q in queries.captured_queries
        if "GROUP BY" in q["sql"]
    )


# --- the record list: counted from the head, capped when filtered ------------------------


@pytest.fixture
def thirty(version):
    start = timezone.now() - timedelta(hours=1)
    return [
        add(version, start + timedelta(minutes=i), "withdrawal" if i % 3 == 0 else "accept_all")
        for i in range(30)
    ]


def test_the_unfiltered_list_is_counted_from_the_head(auditor_client, thirty):
    response = auditor_client.get(reverse("consent_records:index"))
    assert response.status_code == 200
    assert response.context["paginator"].count == 30
    assert not any(
        "COUNT(" in q.upper() and "consent_consentrecord" in q
        for q in _queries(auditor_client, reverse("consent_records:index"))
    )


def _queries(client, url):
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return [q["sql"] for q in captured.captured_queries]


def test_a_filtered_count_is_exact_under_the_cap(auditor_client, thirty):
    response = auditor_client.get(reverse("consent_records:index") + "?method=withdrawal")
    assert response.context["paginator"].count == 10
    assert "There are 10 matches" in response.content.decode()


def test_a_filtered_count_past_the_cap_says_more_than(auditor_client, thirty, monkeypatch):
    monkeypatch.setattr(paging.ConsentRecordPaginator, "cap", 15)
    response = auditor_client.get(reverse("consent_records:index") + "?method=accept_all")
    html = response.content.decode()
    assert response.status_code == 200
    assert "More than 15 matches" in html
    assert "More than 15 consent records" in html
    records = ConsentRecord.objects.filter(method="accept_all")
    paginator = paging.ConsentRecordPaginator(records, 4)
    assert (paginator.count, paginator.capped, paginator.num_pages) == (16, True, 4)
    assert len(paginator.page(4).object_list) == 4
    unfiltered = paging.ConsentRecordPaginator(ConsentRecord.objects.all(), 4)
    assert (unfiltered.count, unfiltered.capped, unfiltered.num_pages) == (30, False, 8)


@pytest.mark.parametrize(
    "query",
    ["", "?method=withdrawal", "?group=analytics&decision=accepted", "?path=x", "?q=abcdef"],
)
def test_the_list_takes_as_many_queries_for_30_records_as_for_3(
    auditor_client, version, query, django_assert_max_num_queries
):
    url = reverse("consent_records:index") + query
    start = timezone.now() - timedelta(hours=1)
    for i in range(3):
        cid = uuid.UUID(int=0xABCDEF << 104 | 100 + i)  # the prefix search finds them all
        add(version, start + timedelta(minutes=i), "withdrawal", cid=cid)
    auditor_client.get(url)  # warm: the log status is cached for the screens
    few = len(_queries(auditor_client, url))
    for i in range(27):
        add(
            version,
            start + timedelta(minutes=10 + i),
            "withdrawal",
            cid=uuid.UUID(int=0xABCDEF << 104 | i),
        )
    with django_assert_max_num_queries(few):
        assert auditor_client.get(url).status_code == 200
    assert few <= 18


def test_a_prefix_search_is_a_range_of_ids(version):
    inside = add(version, at(2), cid=uuid.UUID("abcdef12-0000-4000-8000-000000000001"))
    add(version, at(2), cid=uuid.UUID("abcdef13-0000-4000-8000-000000000001"))
    add(version, at(2), cid=uuid.UUID("abcdee12-ffff-4fff-bfff-ffffffffffff"))
    edge = add(version, at(2), cid=uuid.UUID("abcdef12-ffff-4fff-bfff-ffffffffffff"))
    found = search_by_consent_id(ConsentRecord.objects.all(), "ABCDEF12")
    assert sorted(r.pk for r in found) == sorted([inside.pk, edge.pk])
    assert list(search_by_consent_id(ConsentRecord.objects.all(), "abcdef12-ffff-4")) == [edge]
    sql = str(search_by_consent_id(ConsentRecord.objects.all(), "abcdef12").query)
    assert "BETWEEN" in sql and "LIKE" not in sql


# --- proofs from stored subtree roots -----------------------------------------------------


def hashes(n):
    return [merkle.leaf_hash(str(i).encode()) for i in range(n)]


@pytest.mark.parametrize("size", [1, 2, 3, 4, 5, 7, 8, 9, 15, 16, 17, 31, 33, 40, 64, 65])
def test_proofs_from_subtree_roots_equal_proofs_from_every_leaf(size):
    leaves = hashes(size)
    smallest = 4

    def node(level, position):
        first = position << level
        return merkle.root(leaves[first : first + (1 << level)])

    def subroot(start, end):
        return merkle.range_root(start, end, smallest, node, lambda a, b: leaves[a:b])

    for index in range(size):
        assert merkle.inclusion_path(index, size, subroot) == merkle.inclusion_proof(index, leaves)
    for old in range(1, size + 1):
        assert merkle.consistency_path(old, size, subroot) == merkle.consistency_proof(old, leaves)


@pytest.fixture
def small_blocks(monkeypatch):
    """Subtree roots from 4 leaves up, so a log of 41 records has three levels of them."""
    monkeypatch.setattr(subtrees, "BLOCK_LEVEL", 2)
    monkeypatch.setattr(subtrees, "BLOCK", 4)


@pytest.fixture
def forty_one(version):
    start = timezone.now() - timedelta(days=1)
    ConsentRecord.objects.bulk_create(
        [
            ConsentRecord(
                consent_id=uuid.uuid4(),
                method="accept_all",
                decisions={"analytics": True},
                policy_version=version,
                created_at=start + timedelta(seconds=i),
            )
            for i in range(41)
        ]
    )
    return list(ConsentRecord.objects.order_by("leaf_index"))


def test_a_checkpoint_stores_the_subtree_roots_its_leaves_complete(small_blocks, forty_one):
    make_checkpoint(force=True)
    stored = dict(
        ((level, position), h)
        for level, position, h in ConsentLogSubtree.objects.values_list("level", "position", "hash")
    )
    leaves = leaf_hashes(41)
    assert sorted(stored) == [(2, p) for p in range(10)] + [(3, p) for p in range(5)] + [
        (4, 0),
        (4, 1),
        (5, 0),
    ]
    assert stored[(5, 0)] == merkle.root(leaves[:32]).hex()
    assert stored[(2, 9)] == merkle.root(leaves[36:40]).hex()
    assert subtrees.extend(41) == 0  # nothing new to store


def test_receipt_proofs_come_from_a_few_reads_and_verify(
    small_blocks, forty_one, django_assert_max_num_queries
):
    checkpoint = make_checkpoint(force=True)
    leaves = leaf_hashes(41)
    for record in (forty_one[0], forty_one[17], forty_one[40]):
        with django_assert_max_num_queries(3):
            proof = inclusion_proof_for(record, checkpoint)
        assert [bytes.fromhex(h) for h in proof.hashes] == merkle.inclusion_proof(
            record.leaf_index, leaves
        )
    assert [bytes.fromhex(h) for h in consistency_proof_between(13, 41)] == (
        merkle.consistency_proof(13, leaves)
    )


def test_a_wrong_stored_root_costs_time_never_a_wrong_proof(small_blocks, forty_one):
    checkpoint = make_checkpoint(force=True)
    with connection.cursor() as cursor:  # the subtree table has no guards: it is a cache
        cursor.execute(
            f"UPDATE {ConsentLogSubtree._meta.db_table} SET hash = %s WHERE level = 3",
            ["00" * 32],
        )
    proof = inclusion_proof_for(forty_one[2], checkpoint)
    assert [bytes.fromhex(h) for h in proof.hashes] == merkle.inclusion_proof(2, leaf_hashes(41))


def test_a_log_without_stored_roots_gets_them_at_its_first_proof(small_blocks, forty_one):
    """A log signed before the roots were kept (or grown without checkpoints): the first
    proof stores them all, and the next reads only what it needs."""
    checkpoint = make_checkpoint(force=True)
    ConsentLogSubtree.objects.all().delete()
    proof = inclusion_proof_for(forty_one[30], checkpoint)
    assert [bytes.fromhex(h) for h in proof.hashes] == merkle.inclusion_proof(30, leaf_hashes(41))
    assert ConsentLogSubtree.objects.count() == 18


# --- pruning: each batch starts where the last ended --------------------------------------


def test_prune_batches_walk_the_ids_upwards(version, monkeypatch):
    old = timezone.now() - timedelta(days=400)
    records = [add(version, old + timedelta(minutes=i)) for i in range(5)]
    add(version, timezone.now())
    calls = spy_on_batches(monkeypatch)
    result = pruning.prune(timezone.now() - timedelta(days=396), batch_size=2)
    ids = [r.pk for r in records]
    assert calls == [(0, ids[1]), (ids[1], ids[3]), (ids[3], ids[4])]
    assert result.blanked == 5
    assert ConsentRecord.objects.filter(pruned_at__isnull=True).count() == 1
    assert ConsentChainHead.objects.get().size == 6


def test_the_migration_stores_the_subtree_roots_of_a_log_already_written(version):
    """0009 fills the roots for an existing log exactly as checkpoints would."""
    from importlib import import_module

    from django.apps import apps as django_apps

    migration = import_module("consent.migrations.0009_consent_log_at_scale")
    start = timezone.now() - timedelta(days=1)
    ConsentRecord.objects.bulk_create(
        [
            ConsentRecord(
                consent_id=uuid.uuid4(),
                method="reject_all",
                decisions={"analytics": False},
                policy_version=version,
                created_at=start + timedelta(seconds=i),
            )
            for i in range(1100)
        ]
    )
    migration.store_subtrees(django_apps, None)
    stored = list(
        ConsentLogSubtree.objects.order_by("level", "position").values_list(
            "level", "position", "hash"
        )
    )
    ConsentLogSubtree.objects.all().delete()
    assert subtrees.extend(1100) == 7  # four blocks of 256, two of 512, one of 1,024
    assert stored == list(
        ConsentLogSubtree.objects.order_by("level", "position").values_list(
            "level", "position", "hash"
        )
    )

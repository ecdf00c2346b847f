"""The audit trail cannot be rewritten through the ORM or in the database; concurrent inserts
keep the leaves dense; the auditor screens' status reflects the latest signed checkpoint.
(Rewrites made behind the triggers' back: test_log_rewrites.py.)"""

import threading
import uuid
from datetime import timedelta
from unittest import mock

import pytest
from django.db import IntegrityError, connection, models, transaction
from django.utils import timezone

from consent.integrity import check_latest
from consent.log import make_checkpoint, verify_log
from consent.models import (
    ConsentChainHead,
    ConsentCheckpoint,
    ConsentMethod,
    ConsentPolicyVersion,
    ConsentRecord,
    ImmutableRecordError,
)
from consent.models.chain import HEAD_PK, pruning_permit
from consent.records import Submission, record_choice
from tests.consent.log_tools import guards_off

RECORDS = ConsentRecord._meta.db_table
VERSIONS = ConsentPolicyVersion._meta.db_table


@pytest.fixture
def version(db):
    return ConsentPolicyVersion.objects.create(text="policy text")


def add(version, days_ago=0, **kwargs):
    submission = Submission(
        consent_id=uuid.uuid4(),
        method=ConsentMethod.ACCEPT_ALL,
        decisions={"analytics": True, "personalisation": False},
        policy_version=version,
        path="/",
        ip="203.0.113.9",
        user_agent="UA",
        **kwargs,
    )
    record, created = record_choice(submission, now=timezone.now() - timedelta(days=days_ago))
    assert created
    return record


@pytest.fixture
def chain(version):
    return [add(version, days_ago=days) for days in (30, 20, 10, 0)]


def raw(sql, params=()):
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)


# --- the ORM refuses ------------------------------------------------------------------


def test_saving_over_an_existing_record_fails(chain, version):
    first = chain[0]
    impostor = ConsentRecord(
        pk=first.pk,
        consent_id=uuid.uuid4(),
        method=ConsentMethod.REJECT_ALL,
        decisions={"analytics": False},
        policy_version=version,
        created_at=timezone.now(),
    )
    with pytest.raises(ImmutableRecordError):
        impostor.save()
    first.refresh_from_db()
    assert first.method == ConsentMethod.ACCEPT_ALL


def rewrite_of(record, version):
    """An unsaved record with the same primary key as ``record`` but another choice."""
    return ConsentRecord(
        pk=record.pk,
        consent_id=record.consent_id,
        method=ConsentMethod.REJECT_ALL,
        decisions={"analytics": False},
        policy_version=version,
        created_at=timezone.now(),
    )


def test_upsert_through_bulk_create_fails(chain, version):
    rewrite = rewrite_of(chain[0], version)
    with pytest.raises(ImmutableRecordError):
        ConsentRecord.objects.bulk_create(
            [rewrite], update_conflicts=True, unique_fields=["id"], update_fields=["method"]
        )


def test_updating_a_policy_version_through_the_orm_fails(version):
    with pytest.raises(ImmutableRecordError):
        ConsentPolicyVersion.objects.filter(pk=version.pk).update(text="other words")
    with pytest.raises(ImmutableRecordError):
        ConsentPolicyVersion.objects.filter(pk=version.pk).delete()
    version.refresh_from_db()
    assert version.text == "policy text"


# --- the database refuses, whatever the ORM guards say --------------------------------


def test_database_refuses_updates_and_deletes_of_records(chain):
    target = ConsentRecord.objects.filter(pk=chain[1].pk)
    with pytest.raises(IntegrityError):
        with transaction.atomic():
            models.QuerySet.update(target, method=ConsentMethod.REJECT_ALL)
    with pytest.raises(IntegrityError):
        with transaction.atomic():
            models.QuerySet.delete(target)
    with pytest.raises(IntegrityError):
        raw(f"UPDATE {RECORDS} SET path = %s", ["/rewritten/"])
    with pytest.raises(IntegrityError):
        raw(f"DELETE FROM {RECORDS}")
    assert ConsentRecord.objects.count() == 4
    assert verify_log().ok
    with pytest.raises(IntegrityError):  # not even with the pruning permit
        with transaction.atomic(), pruning_permit(), connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {RECORDS}")


def test_database_refuses_an_upsert_that_skips_the_model(chain, version):
    rewrite = rewrite_of(chain[0], version)
    with pytest.raises(IntegrityError):
        with transaction.atomic():
            models.QuerySet.bulk_create(
                ConsentRecord.objects.all(),
                [rewrite],
                update_conflicts=True,
                unique_fields=["id"],
                update_fields=["method"],
            )
    assert ConsentRecord.objects.get(pk=chain[0].pk).method == ConsentMethod.ACCEPT_ALL


def test_database_refuses_updates_and_deletes_of_policy_versions(version):
    with pytest.raises(IntegrityError):
        raw(f"UPDATE {VERSIONS} SET text = %s WHERE id = %s", ["other words", version.pk])
    with pytest.raises(IntegrityError):
        raw(f"DELETE FROM {VERSIONS} WHERE id = %s", [version.pk])
    version.refresh_from_db()
    assert version.text == "policy text"


# --- concurrency and committed data ------------------------------------------------------


WRITERS = 4
INSERTS_EACH = 5
postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite serialises every writer on its database lock, so writers never race",
)


def race(version, lock, hold_after_reading=False):
    """WRITERS threads, each with its own connection, insert INSERTS_EACH records. Their first
    inserts are held at a barrier inside an open transaction, just before `lock` runs (or,
    for a `lock` that does not block, just after it read the head), and released together:
    every writer is then asking for the head at the same moment."""
    # The head row exists before the race (the flush between transactional tests removes
    # it): this race is about the locked row, not about who creates it.
    ConsentChainHead.objects.get_or_create(pk=HEAD_PK)
    barrier = threading.Barrier(WRITERS, timeout=30)
    errors = []
    first = threading.local()

    def racing_lock():
        if not getattr(first, "passed", False):
            first.passed = True
            if hold_after_reading:
                head = lock()
                barrier.wait()
                return head
            barrier.wait()
        return lock()

    def writer():
        try:
            for _ in range(INSERTS_EACH):
                add(version)
        except Exception as exc:  # noqa: BLE001 - reported to the test
            errors.append(exc)
        finally:
            connection.close()

    with mock.patch.object(ConsentChainHead, "lock", staticmethod(racing_lock)):
        threads = [threading.Thread(target=writer) for _ in range(WRITERS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads)
    return errors


def head_without_the_row_lock():
    """What ConsentChainHead.lock would be without SELECT ... FOR UPDATE: a plain read."""
    head, _ = ConsentChainHead.objects.get_or_create(pk=HEAD_PK)
    return head


# Every test with real commits restores the migrated rows (serialized_rollback): its flush
# then leaves the tables empty, where a plain one would let post_migrate create content types
# that the next restoring test (tests/pagecache/test_purge_rounds.py) inserts again.
@postgresql_only
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_inserts_cannot_fork_the_chain():
    """Real commits from several connections at once, all racing for the head: each takes
    its own leaf index, the indexes are dense and the log verifies."""
    version = ConsentPolicyVersion.objects.create(text="policy text")
    errors = race(version, ConsentChainHead.lock)
    assert not errors
    total = WRITERS * INSERTS_EACH
    indexes = list(ConsentRecord.objects.values_list("leaf_index", flat=True))
    assert sorted(indexes) == list(range(total))
    make_checkpoint(force=True)
    report = verify_log()
    assert report.ok, report.problems
    assert report.leaves == total


@postgresql_only
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_race_forks_the_chain_without_the_head_lock():
    """The same race with the row lock taken away: every writer reads the same tree size, so
    all but one insert a leaf index already taken and the database refuses them. This is what
    the test above would see if ConsentChainHead.lock stopped locking; it shows the race is
    real, not writers running one after another."""
    version = ConsentPolicyVersion.objects.create(text="policy text")
    errors = race(version, head_without_the_row_lock, hold_after_reading=True)
    assert len(errors) == WRITERS - 1
    assert all(isinstance(error, IntegrityError) for error in errors)
    assert all("leaf_index" in str(error) for error in errors)
    leaves = ConsentRecord.objects.order_by("leaf_index").values_list("leaf_index", flat=True)
    assert list(leaves) == [0, 1, 2, 3, 4]  # the one writer that got through


# --- the short check the worker runs for the screens (test_log_checks.py) ------------------


def test_status_without_records_or_checkpoints(db):
    status = check_latest()
    assert (status.ok, status.label) == (True, "empty")


def test_status_before_the_first_checkpoint(chain):
    status = check_latest()
    assert (status.ok, status.label) == (False, "not yet signed")
    assert status.message.startswith("4 records and no signed checkpoint yet")


def test_status_of_a_verified_checkpoint_and_newer_records(chain, version):
    checkpoint = make_checkpoint(force=True)
    add(version)
    status = check_latest()
    assert (status.ok, status.label, status.tree_size, status.signature_valid) == (
        True,
        "verified",
        4,
        True,
    )
    assert status.root_hash == checkpoint.root_hash
    assert status.message == (
        "Checkpoint 4 is validly signed and the stored records give its root; "
        "1 newer records await the next checkpoint."
    )


def test_status_after_a_rewrite(chain):
    make_checkpoint(force=True)
    with guards_off() as cursor:
        cursor.execute(
            f"UPDATE {RECORDS} SET leaf_hash = %s WHERE id = %s", ["0" * 64, chain[1].pk]
        )
    status = check_latest()
    assert (status.ok, status.label, status.signature_valid) == (
        False,
        "rewritten since checkpoint 4",
        True,
    )


def test_status_after_records_were_deleted(chain):
    make_checkpoint(force=True)
    with guards_off() as cursor:
        cursor.execute(f"DELETE FROM {RECORDS} WHERE id = %s", [chain[3].pk])
    status = check_latest()
    assert (status.ok, status.label) == (False, "rewritten since checkpoint 4")
    assert "the log holds 3 of the 4 leaves asked for" in status.message


def test_status_with_a_forged_checkpoint_signature(chain):
    make_checkpoint(force=True)
    with guards_off() as cursor:
        cursor.execute(
            f"UPDATE {ConsentCheckpoint._meta.db_table} SET note = REPLACE(note, %s, %s)",
            ["\n4\n", "\n5\n"],
        )
    status = check_latest()
    assert (status.ok, status.label, status.signature_valid) == (
        False,
        "checkpoint signature invalid",
        False,
    )

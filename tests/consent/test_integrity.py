"""The audit trail cannot be rewritten through the ORM or in the database, and any rewrite made
behind the triggers' back is found, at the right record, by verify_log / verify_consent_log."""

import threading
import uuid
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.core.management import CommandError, call_command
from django.db import IntegrityError, connection, models, transaction
from django.utils import timezone

from consent.integrity import recent_verification, verify_log
from consent.models import (
    ConsentMethod,
    ConsentPolicyVersion,
    ConsentPrune,
    ConsentRecord,
    ImmutableRecordError,
)
from consent.records import Submission, record_choice

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


def drop_guards():
    """What an attacker with DDL rights (or a restore from a doctored dump) could do."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            for table in (RECORDS, VERSIONS):
                cursor.execute(f"DROP TRIGGER {table}_append_only ON {table}")
        else:
            for table in (RECORDS, VERSIONS):
                for op in ("update", "delete"):
                    cursor.execute(f"DROP TRIGGER {table}_no_{op}")


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


# --- pruning: the one way out, logged, and the chain still verifies after it -------------


def test_pruning_is_the_one_logged_path_and_the_rest_still_verifies(chain):
    removed = ConsentRecord.objects.prune(before=timezone.now() - timedelta(days=15))
    assert removed == 2
    assert set(ConsentRecord.objects.values_list("pk", flat=True)) == {r.pk for r in chain[2:]}
    prune = ConsentPrune.objects.get()
    assert (prune.through_record, prune.through_digest, prune.removed) == (
        chain[1].pk,
        chain[1].digest,
        2,
    )
    result = verify_log()
    assert result.ok, result.message
    assert result.checked == 2
    # The permit closed with the prune: a plain DELETE is refused again.
    with pytest.raises(IntegrityError):
        raw(f"DELETE FROM {RECORDS}")


def test_prune_command_then_verify_command(chain, capsys):
    call_command("prune_consent_records", "--days", "15")
    call_command("verify_consent_log")
    assert "Verified: 1 policy versions and 2 records." in capsys.readouterr().out


def test_new_records_after_a_prune_of_everything_still_chain(chain, version):
    ConsentRecord.objects.prune(before=timezone.now() + timedelta(days=1))
    assert not ConsentRecord.objects.exists()
    assert verify_log().ok
    add(version)
    assert verify_log().ok


# --- tampering behind the triggers' back is found at the right record -------------------


def test_untouched_chain_verifies(chain):
    result = verify_log()
    assert (result.ok, result.first_broken_record_id, result.checked) == (True, None, 4)
    assert all(len(record.digest) == 64 for record in chain)
    assert len({record.digest for record in chain}) == 4


@pytest.mark.parametrize(
    ("column", "value"),
    [("path", "/elsewhere/"), ("method", "reject_all"), ("decisions", '{"analytics": false}')],
)
def test_a_rewritten_record_is_found(chain, column, value):
    drop_guards()
    raw(f"UPDATE {RECORDS} SET {column} = %s WHERE id = %s", [value, chain[2].pk])
    result = verify_log()
    assert not result.ok
    assert result.first_broken_record_id == chain[2].pk
    assert result.checked == 3
    with pytest.raises(CommandError, match=f"Broken at record {chain[2].pk}"):
        call_command("verify_consent_log")


def test_a_removed_record_breaks_the_chain_at_its_successor(chain):
    drop_guards()
    raw(f"DELETE FROM {RECORDS} WHERE id = %s", [chain[1].pk])
    assert verify_log().first_broken_record_id == chain[2].pk


def test_removing_the_newest_record_is_found(chain):
    drop_guards()
    raw(f"DELETE FROM {RECORDS} WHERE id = %s", [chain[3].pk])
    result = verify_log()
    assert (result.ok, result.first_broken_record_id) == (False, chain[3].pk)


def test_a_rewritten_digest_is_found(chain):
    drop_guards()
    raw(f"UPDATE {RECORDS} SET digest = %s WHERE id = %s", ["0" * 64, chain[0].pk])
    assert verify_log().first_broken_record_id == chain[0].pk


def test_a_rewritten_policy_text_is_found(chain, version):
    drop_guards()
    raw(f"UPDATE {VERSIONS} SET text = %s WHERE id = %s", ["kinder words", version.pk])
    result = verify_log()
    assert (result.ok, result.first_broken_version_id) == (False, version.pk)
    with pytest.raises(CommandError, match=f"policy version {version.pk}"):
        call_command("verify_consent_log")


def test_rewriting_text_and_hash_together_still_breaks_the_records(chain, version):
    drop_guards()
    kinder = "kinder words"
    raw(
        f"UPDATE {VERSIONS} SET text = %s, sha256 = %s WHERE id = %s",
        [kinder, ConsentPolicyVersion.digest(kinder), version.pk],
    )
    result = verify_log()
    assert result.first_broken_version_id is None
    assert result.first_broken_record_id == chain[0].pk


def test_pruning_permit_is_not_left_open_by_a_failed_prune(chain, monkeypatch):
    def boom(**kwargs):
        raise RuntimeError("log unavailable")

    monkeypatch.setattr(ConsentPrune.objects, "create", boom)
    with pytest.raises(RuntimeError):
        ConsentRecord.objects.prune(before=timezone.now())
    assert ConsentRecord.objects.count() == 4
    with pytest.raises(IntegrityError):
        raw(f"DELETE FROM {RECORDS}")


# --- concurrency and committed data ------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_concurrent_inserts_cannot_fork_the_chain():
    """Real commits from several connections at once; on SQLite the same flow runs serially
    (and the test's flush proves the log still empties between transactional tests)."""

    version = ConsentPolicyVersion.objects.create(text="policy text")
    errors = []

    def writer():
        try:
            for _ in range(5):
                add(version)
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connection.close()

    if connection.vendor == "postgresql":
        threads = [threading.Thread(target=writer) for _ in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    else:
        for _ in range(4):
            writer()
    assert not errors
    assert ConsentRecord.objects.count() == 20
    result = verify_log()
    assert result.ok, result.message
    assert result.checked == 20


# --- the auditor screens reuse a recent check while the log is unchanged ------------------


def test_a_recent_check_is_reused_until_the_log_grows(chain, version, settings):
    settings.CONSENT_VERIFY_CACHE_SECONDS = 300
    cache.clear()
    first = recent_verification()
    assert first.result.ok and first.result.checked == 4
    assert recent_verification() == first
    add(version)
    grown = recent_verification()
    assert grown.result.checked == 5 and grown.checked_at >= first.checked_at


def test_a_rewrite_that_leaves_the_head_alone_is_found_once_the_reuse_ends(chain, settings):
    settings.CONSENT_VERIFY_CACHE_SECONDS = 300
    cache.clear()
    assert recent_verification().result.ok
    drop_guards()
    raw(f"UPDATE {RECORDS} SET path = %s WHERE id = %s", ["/elsewhere/", chain[1].pk])
    assert recent_verification().result.ok  # within the reuse window, as the screen says
    settings.CONSENT_VERIFY_CACHE_SECONDS = 0
    result = recent_verification().result
    assert (result.ok, result.first_broken_record_id) == (False, chain[1].pk)

"""Issue 19: the worker holds the newest checkpoint against the leaves and stores a sealed
result; the screens read that result, say how old it is and which checkpoint it covered, and
never re-read the log themselves. A result written by anyone without the signing key is
shown as forged. (Screens: test_log_status_screens.py; the site's database role:
test_database_roles.py.)"""

import dataclasses
import logging
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from consent.integrity import check_latest
from consent.log import make_checkpoint
from consent.log_checks import latest_check, recent_checks, run_check, seal_of, store_check
from consent.log_status import screen_status
from consent.models import ConsentCheckpoint, ConsentLogCheck, ConsentPolicyVersion, ConsentRecord
from consent.tasks import check_consent_log, queue_check
from tests.consent.log_tools import add_record, guards_off
from tests.tasks import queued, run_queued_tasks

RECORDS = ConsentRecord._meta.db_table


@pytest.fixture
def version(db):
    return ConsentPolicyVersion.objects.create(text="policy text")


@pytest.fixture
def sign(django_capture_on_commit_callbacks):
    """make_checkpoint(force=True) with its commit callbacks run, as outside a test's
    transaction: a new checkpoint queues a check."""

    def sign():
        with django_capture_on_commit_callbacks(execute=True):
            return make_checkpoint(force=True)

    return sign


@pytest.fixture
def signed(version, sign):
    """Four records under a signed checkpoint, its check queued, none run yet."""
    records = [add_record(version, days_ago=days) for days in (30, 20, 10, 0)]
    sign()
    return records


def due_checks():
    return [row for row in queued(check_consent_log)]


def check_now():
    """What the worker does once a check is queued: run it (and queue the next for later)."""
    queue_check()
    assert run_queued_tasks() >= 1


def test_a_new_checkpoint_queues_a_check_and_the_worker_stores_it_sealed(signed):
    assert len(due_checks()) == 1  # queued when the checkpoint was committed
    assert ConsentLogCheck.objects.count() == 0
    run_queued_tasks()
    check = ConsentLogCheck.objects.get()
    assert (check.ok, check.label, check.tree_size, check.signature_valid) == (
        True,
        "verified",
        4,
        True,
    )
    assert check.root_hash == ConsentCheckpoint.objects.get().root_hash
    assert check.started_at <= check.checked_at
    assert check.seal == seal_of(check) and latest_check().genuine is True
    # The next periodic run is queued for later, not for now.
    assert len(due_checks()) == 1 and queue_check() is not None
    assert len(due_checks()) == 2


def test_the_screen_before_any_check_says_so_and_queues_one_once(signed):
    run_queued_tasks()
    ConsentLogCheck.objects.all()._raw_delete(ConsentLogCheck.objects.db)
    waiting_before = len(due_checks())
    status = screen_status()
    assert (status.state, status.ok, status.label, status.data_ok) == (
        "unchecked",
        None,
        "not checked yet",
        "unknown",
    )
    assert status.message == (
        "Checkpoint 4 is validly signed; the background worker has not yet held it against "
        "the stored records."
    )
    assert status.signature_valid is True and status.checked_at is None
    assert status.queued_at is not None
    assert len(due_checks()) == waiting_before + 1
    screen_status()
    assert len(due_checks()) == waiting_before + 1  # one due check is enough


def test_the_screen_reads_no_leaf(signed, version):
    check_now()
    with CaptureQueriesContext(connection) as queries:
        status = screen_status()
    assert status.state == "verified"
    assert len(queries) <= 4
    assert not [q for q in queries.captured_queries if "leaf_hash" in q["sql"]]


def test_a_verified_check_and_the_records_newer_than_its_checkpoint(signed, version):
    check_now()
    add_record(version)
    status = screen_status()
    assert (status.state, status.ok, status.checked_size, status.tree_size) == (
        "verified",
        True,
        4,
        4,
    )
    assert status.message == (
        "Checkpoint 4 is validly signed and the stored records gave its root at the last "
        "check. 1 newer records await the next checkpoint."
    )
    assert status.queued_at is None  # fresh and covering the newest checkpoint


def test_a_checkpoint_newer_than_the_check_is_said_to_be_unchecked(signed, version):
    check_now()
    add_record(version)
    make_checkpoint(force=True)  # its commit (and so its queued check) still to come
    status = screen_status()
    assert (status.state, status.ok, status.label, status.checked_size, status.tree_size) == (
        "stale",
        True,
        "verified up to checkpoint 4",
        4,
        5,
    )
    assert status.message == (
        "At the last check the stored records gave the root of checkpoint 4. Checkpoint 5, "
        "signed since, has not been held against the records yet."
    )
    assert status.queued_at is not None
    run_queued_tasks()
    assert (screen_status().state, screen_status().checked_size) == ("verified", 5)


def test_a_rewrite_is_found_by_the_next_check_and_logged(signed, caplog):
    check_now()
    with guards_off() as cursor:
        cursor.execute(
            f"UPDATE {RECORDS} SET leaf_hash = %s WHERE id = %s", ["0" * 64, signed[1].pk]
        )
    # Until the worker checks again, the screen shows the last result and its time.
    assert screen_status().state == "verified"
    with caplog.at_level(logging.ERROR, logger="consent.log_checks"):
        check_now()
    status = screen_status()
    assert (status.state, status.ok, status.label, status.data_ok) == (
        "failed",
        False,
        "rewritten since checkpoint 4",
        "false",
    )
    assert status.message == (
        "The checkpoint's signature is valid, but the stored leaves no longer give its root: "
        "records were changed. Run manage.py verify_consent_log for details."
    )
    # A failure is checked again a minute on, not on every view of it.
    assert status.queued_at is None
    assert [r.getMessage() for r in caplog.records] == [
        "Consent log check failed: rewritten since checkpoint 4. " + status.message
    ]


def test_deleted_records_are_found(signed):
    with guards_off() as cursor:
        cursor.execute(f"DELETE FROM {RECORDS} WHERE id = %s", [signed[3].pk])
    run_queued_tasks()
    status = screen_status()
    assert (status.state, status.label) == ("failed", "rewritten since checkpoint 4")
    assert "the log holds 3 of the 4 leaves asked for" in status.message


@pytest.mark.parametrize("change", ["planted", "altered"])
def test_a_result_without_the_workers_seal_is_shown_as_forged(signed, change):
    """Whoever can write the database but not read the key (the site's role, the owner) can
    add a row; a planted "verified", or a copy of a genuine row with its verdict changed, is
    shown as forged, not as a clean log."""
    with guards_off() as cursor:
        cursor.execute(
            f"UPDATE {RECORDS} SET leaf_hash = %s WHERE id = %s", ["0" * 64, signed[0].pk]
        )
    run_queued_tasks()
    genuine = latest_check().check
    assert not genuine.ok
    fields = {f.name: getattr(genuine, f.name) for f in ConsentLogCheck._meta.concrete_fields}
    fields.pop("id")
    fields.update(ok=True, label="verified", message="All good.")
    if change == "planted":
        fields["seal"] = "0" * 64
    ConsentLogCheck.objects.create(**fields)
    status = screen_status()
    assert (status.state, status.ok, status.label) == (
        "forged",
        False,
        "check result not genuine",
    )
    assert status.message.startswith("The newest stored check does not carry the worker's seal")
    assert status.queued_at is not None
    assert [stored.genuine for stored in recent_checks()] == [False, True]


def test_removed_checkpoints_are_named(signed, version, sign):
    add_record(version)
    sign()
    run_queued_tasks()
    assert latest_check().check.tree_size == 5
    with guards_off() as cursor:
        cursor.execute(f"DELETE FROM {ConsentCheckpoint._meta.db_table} WHERE tree_size = 5")
    status = screen_status()
    assert (status.state, status.ok, status.label) == (
        "missing",
        False,
        "signed checkpoints missing",
    )
    assert status.message == (
        "The last check covered checkpoint 5, but the newest checkpoint stored is 4: signed "
        "checkpoints were removed."
    )


def test_an_old_result_is_checked_again(signed, settings):
    settings.CONSENT_LOG_CHECK_INTERVAL = 600
    run_queued_tasks()
    long_ago = timezone.now() - timedelta(hours=2)
    store_check(dataclasses.replace(check_latest(), checked_at=long_ago), long_ago)
    waiting = len(due_checks())
    status = screen_status()
    assert (status.state, status.checked_at) == ("verified", long_ago)
    assert status.queued_at is not None and len(due_checks()) == waiting + 1


def test_a_forged_checkpoint_signature_is_seen_by_the_screen_itself(signed):
    check_now()
    with guards_off() as cursor:
        cursor.execute(
            f"UPDATE {ConsentCheckpoint._meta.db_table} SET note = REPLACE(note, %s, %s)",
            ["\n4\n", "\n5\n"],
        )
    status = screen_status()
    assert (status.state, status.ok, status.signature_valid) == ("signature", False, False)


def test_a_check_is_never_changed(signed):
    run_queued_tasks()
    check = latest_check().check
    check.ok = False
    with pytest.raises(PermissionError):
        check.save()


def test_a_check_of_an_unsigned_log(version, sign):
    add_record(version)
    check = run_check()
    assert (check.ok, check.label, check.tree_size) == (False, "not yet signed", None)
    status = screen_status()
    assert (status.state, status.ok) == ("unsigned", False)
    sign()
    assert screen_status().state == "unchecked"  # the unsigned check covered no checkpoint


def test_a_failure_is_checked_again_a_minute_on(signed):
    with guards_off() as cursor:
        cursor.execute(
            f"UPDATE {RECORDS} SET leaf_hash = %s WHERE id = %s", ["0" * 64, signed[0].pk]
        )
    run_queued_tasks()
    assert screen_status().queued_at is None
    minutes_ago = timezone.now() - timedelta(minutes=2)
    store_check(dataclasses.replace(check_latest(), checked_at=minutes_ago), minutes_ago)
    status = screen_status()
    assert (status.state, status.queued_at is not None) == ("failed", True)

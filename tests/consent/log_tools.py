"""Helpers for tests that play the table owner: switch the consent log's database guards off
for a moment, as someone with DDL rights (or a superuser) could, and put them back; add a
record as a visitor's POST would; sign a checkpoint and let the worker check it."""

import uuid
from contextlib import contextmanager
from datetime import timedelta
from importlib import import_module

from django.db import connection
from django.utils import timezone

from consent.log import make_checkpoint
from consent.models import ConsentMethod
from consent.records import Submission, record_choice
from consent.tasks import queue_check
from tests.tasks import run_queued_tasks

guards = import_module("consent.migrations.0006_merkle_log")
# 0009 rebuilt 0006's SQLite record guards with the language in the blanking rule.
language_guards = import_module("consent.migrations.0010_consent_languages")
owner_guards = import_module("consent.migrations.0007_owner_only_pruning")  # the head's


@contextmanager
def guards_off():
    """PostgreSQL: `session_replication_role = replica` (the test user is a superuser, so
    row triggers stop firing). SQLite: drop the triggers and create them again after."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET session_replication_role = replica")
        else:
            for statement in guards.drop_sql("sqlite"):
                cursor.execute(statement)
            for name in owner_guards.SQLITE_TRIGGERS:
                cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
        try:
            yield cursor
        finally:
            if connection.vendor == "postgresql":
                cursor.execute("SET session_replication_role = origin")
            else:
                for statement in language_guards.sqlite_guards():
                    cursor.execute(statement)
                for name, when in owner_guards.SQLITE_TRIGGERS.items():
                    cursor.execute(
                        f"CREATE TRIGGER {name} {when} BEGIN {owner_guards.SQLITE_REFUSE}; END"
                    )


def add_record(version, days_ago=0, **fields):
    """One stored choice, through the same path a visitor's POST takes."""
    submission = Submission(
        consent_id=fields.pop("consent_id", None) or uuid.uuid4(),
        method=fields.pop("method", ConsentMethod.ACCEPT_ALL),
        decisions=fields.pop("decisions", {"analytics": True, "personalisation": False}),
        policy_version=version,
        path=fields.pop("path", "/articles/"),
        ip=fields.pop("ip", "203.0.113.9"),
        user_agent=fields.pop("user_agent", "Probe/1.0"),
    )
    record, created = record_choice(submission, now=timezone.now() - timedelta(days=days_ago))
    assert created
    return record


def sign_and_check():
    """A checkpoint of the log as it stands, and the worker's check of it run (in a test the
    checkpoint's commit, which queues the check, never comes: queue it by hand)."""
    checkpoint = make_checkpoint(force=True)
    queue_check()
    run_queued_tasks()
    return checkpoint


def spy_on_batches(monkeypatch):
    """Record the (after_id, through_id) of every batch pruning blanks, and still blank it."""
    from consent import pruning

    calls = []
    original = pruning.blank_batch

    def spy(cutoff, after_id, through_id, now):
        calls.append((after_id, through_id))
        return original(cutoff, after_id, through_id, now)

    monkeypatch.setattr(pruning, "blank_batch", spy)
    return calls

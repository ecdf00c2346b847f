"""Helpers for tests that play the table owner: switch the consent log's database guards off
for a moment, as someone with DDL rights (or a superuser) could, and put them back."""

import uuid
from contextlib import contextmanager
from datetime import timedelta
from importlib import import_module

from django.db import connection
from django.utils import timezone

from consent.models import ConsentMethod
from consent.records import Submission, record_choice

guards = import_module("consent.migrations.0006_merkle_log")


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
        try:
            yield cursor
        finally:
            if connection.vendor == "postgresql":
                cursor.execute("SET session_replication_role = origin")
            else:
                for statement in guards.sqlite_sql():
                    cursor.execute(statement)


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

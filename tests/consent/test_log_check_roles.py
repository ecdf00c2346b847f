"""Issue 19: the worker's stored checks against the site's own database role (PostgreSQL).

The worker runs as the site's role, so that role may add checks; it may not change or remove
one (test_database_roles.py tries UPDATE, DELETE and TRUNCATE), and a check it adds without the
signing key, which never enters the database, is shown to auditors as forged."""

import uuid

import pytest
from django.urls import reverse

from consent.log import make_checkpoint
from consent.log_status import screen_status
from consent.models import ConsentLogCheck, ConsentPolicyVersion, ConsentRecord
from consent.tasks import queue_check
from tests.consent.log_tools import add_record, guards_off
from tests.tasks import failed_tasks, run_queued_tasks

RECORDS = ConsentRecord._meta.db_table
CHECKS = ConsentLogCheck._meta.db_table


@pytest.fixture
def signed(db):
    version = ConsentPolicyVersion.objects.create(text="policy text")
    records = [add_record(version, days_ago=days) for days in (30, 20, 10, 0)]
    make_checkpoint(force=True)
    return records


def test_the_worker_checks_the_log_as_the_sites_role(signed, app_role, acting_as):
    with acting_as(app_role):
        queue_check()
        assert run_queued_tasks() == 1
        status = screen_status()
    assert failed_tasks() == []
    assert (status.state, status.checked_size) == ("verified", 4)


def test_a_verdict_the_sites_role_plants_is_shown_as_forged(
    signed, app_role, acting_as, auditor_client
):
    """The owner rewrites a record (the owner can); the worker finds it; the site's role then
    inserts a happy verdict by hand, as it may insert rows. It cannot seal it."""
    with guards_off() as cursor:
        cursor.execute(
            f"UPDATE {RECORDS} SET leaf_hash = %s WHERE id = %s", ["0" * 64, signed[2].pk]
        )
    with acting_as(app_role):
        queue_check()
        run_queued_tasks()
        assert screen_status(queue=False).state == "failed"
        with pytest.raises(PermissionError):  # the model refuses, and so would the grant
            ConsentLogCheck.objects.order_by("-pk").first().save()
        genuine = ConsentLogCheck.objects.order_by("-pk").first()
        ConsentLogCheck.objects.create(
            tree_size=4,
            root_hash=genuine.root_hash,
            signed_at=genuine.signed_at,
            ok=True,
            label="verified",
            message="",
            signature_valid=True,
            started_at=genuine.started_at,
            checked_at=genuine.checked_at,
            seal=uuid.uuid4().hex * 2,
        )
    html = auditor_client.get(reverse("consent_records:index")).content.decode()
    assert 'data-log-ok="false"' in html and 'data-log-state="forged"' in html
    assert "Audit log: check result not genuine." in html

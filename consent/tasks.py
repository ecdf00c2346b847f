"""The worker's share of the consent log: holding the newest checkpoint against every leaf.

A check reads every leaf hash under the checkpoint (about a second per million on a quiet
core), which no auditor's request should wait for. `check_consent_log` runs it in the worker
(astermind_site/background.py) and stores a sealed result (log_checks.py); the screens read
that (log_status.py). A check is queued when a checkpoint is signed (signals.py), when a screen
finds the stored result older than the newest checkpoint or than CONSENT_LOG_CHECK_INTERVAL,
and by each check for CONSENT_LOG_CHECK_INTERVAL later, so a rewrite that adds no record is
still found while nobody looks.
"""

from datetime import timedelta

from django.db.models import Q
from django.utils import timezone
from django_tasks import TaskResultStatus, task
from django_tasks_db.models import DBTaskResult, get_date_max

from astermind_site.background import BACKEND, enqueue_after, enqueue_or_log, waiting

from .conf import settings
from .log_checks import run_check

# Below purges and scheduled publishing (a visitor waits for those), above image renditions:
# an auditor may be looking at the screen that asks for it.
LOG_CHECK_PRIORITY = 0


@task(priority=LOG_CHECK_PRIORITY, backend=BACKEND)
def check_consent_log():
    try:
        return run_check().pk
    finally:
        # The next periodic run, unless one is already waiting (chains merge into one).
        if not waiting(check_consent_log).exists():
            enqueue_after(check_consent_log, settings.CONSENT_LOG_CHECK_INTERVAL)


def check_due_soon():
    """A queued check that will run as soon as the worker gets to it, if any."""
    # A task queued with no time to wait for has the backend's "latest possible" date.
    due = Q(run_after__lte=timezone.now() + timedelta(seconds=1)) | Q(run_after=get_date_max())
    runs = waiting(check_consent_log).filter(due)
    return runs.order_by("enqueued_at").values_list("enqueued_at", flat=True).first()


def queue_check():
    """Queue a check for now unless one is already due; returns when the due one was queued
    (None if the queue could not be written: the screens then say nothing is queued)."""
    queued_at = check_due_soon()
    if queued_at is not None:
        return queued_at
    result = enqueue_or_log(check_consent_log)
    return result.enqueued_at if result is not None else None


def check_running():
    """When the check the worker is running now started, or None."""
    rows = DBTaskResult.objects.filter(
        task_path=check_consent_log.module_path, status=TaskResultStatus.RUNNING
    )
    return rows.values_list("started_at", flat=True).first()

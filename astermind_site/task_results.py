"""Finished task rows are pruned by the worker itself, every hour.

django-tasks-db keeps a row per task run in its table, finished or not: one a minute from
scheduled publishing alone (scheduled.py), one per purge batch and per picture, so without
pruning the table grows for ever. The worker runs `prune_task_results` as a periodic task,
chained as scheduled publishing is (each run queues the next, TASK_RESULTS_PRUNE_INTERVAL
seconds on; `manage.py run_worker` queues the first). It deletes what django-tasks-db's own
`prune_db_task_results` command would (finished rows of the queue's backend, every queue),
with a longer keep for failures, which is where an operator looks for what went wrong:
TASK_RESULTS_RETENTION_DAYS and TASK_RESULTS_FAILED_RETENTION_DAYS (conf.py). The command
is not called because it takes whole days from its argument parser and reports only
through its own logger; the rule is the same three filters. Rows waiting or running are
never touched. The queue and its backend: background.py.
"""

import logging
from datetime import timedelta

from django.db.models import Q
from django.utils import timezone
from django_tasks import TaskResultStatus, task
from django_tasks_db.models import DBTaskResult

from .background import BACKEND, PRUNE_PRIORITY, queue_once_after
from .conf import settings

logger = logging.getLogger("astermind.background")


def prunable(now=None):
    """Finished rows of the queue older than their retention: successes after
    TASK_RESULTS_RETENTION_DAYS, failures after TASK_RESULTS_FAILED_RETENTION_DAYS."""
    now = now or timezone.now()
    succeeded_before = now - timedelta(days=settings.TASK_RESULTS_RETENTION_DAYS)
    failed_before = now - timedelta(days=settings.TASK_RESULTS_FAILED_RETENTION_DAYS)
    return DBTaskResult.objects.filter(backend_name=BACKEND).filter(
        Q(status=TaskResultStatus.SUCCESSFUL, finished_at__lte=succeeded_before)
        | Q(status=TaskResultStatus.FAILED, finished_at__lte=failed_before)
    )


def prune_finished(now=None):
    """Delete the rows past their retention; returns how many went."""
    deleted, _ = prunable(now).delete()
    if deleted:
        logger.info("Pruned %d finished task result(s)", deleted)
    return deleted


def queue_next_prune(delay=None):
    """Queue the next run unless one is already waiting (two workers: one chain)."""
    interval = settings.TASK_RESULTS_PRUNE_INTERVAL if delay is None else delay
    return queue_once_after(prune_task_results, interval)


@task(priority=PRUNE_PRIORITY, backend=BACKEND)
def prune_task_results():
    try:
        return prune_finished()
    finally:
        queue_next_prune()  # a failed run does not end the chain

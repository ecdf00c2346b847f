"""The worker prunes its own finished task rows (astermind_site/task_results.py)."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from astermind_site.scheduled import publish_scheduled_pages
from astermind_site.task_results import prune_task_results, queue_next_prune
from tests.tasks import queued, run_queued_tasks

pytestmark = pytest.mark.django_db

DAY = timedelta(days=1)


def finished_row(status, age):
    """A row of a finished run `age` ago (a scheduled-publishing run, as most of them are)."""
    result = publish_scheduled_pages.enqueue()
    now = timezone.now()
    DBTaskResult.objects.filter(pk=result.id).update(
        status=status, started_at=now - age, finished_at=now - age
    )
    return str(result.id)


def rows():
    return set(DBTaskResult.objects.values_list("id", flat=True).iterator())


def test_the_worker_prunes_finished_rows_past_their_retention(settings):
    settings.TASK_RESULTS_RETENTION_DAYS = 7
    settings.TASK_RESULTS_FAILED_RETENTION_DAYS = 30
    SUCCESSFUL, FAILED = TaskResultStatus.SUCCESSFUL, TaskResultStatus.FAILED
    old_success = finished_row(SUCCESSFUL, 7 * DAY + timedelta(minutes=1))
    recent_success = finished_row(SUCCESSFUL, 7 * DAY - timedelta(minutes=1))
    failure_kept = finished_row(FAILED, 8 * DAY)  # failures are kept longer
    old_failure = finished_row(FAILED, 30 * DAY + timedelta(minutes=1))
    waiting = publish_scheduled_pages.using(run_after=timezone.now() + DAY).enqueue()
    before = {str(pk) for pk in rows()}
    assert {old_success, recent_success, failure_kept, old_failure, str(waiting.id)} <= before

    queue_next_prune(delay=0)  # what `manage.py run_worker` does when it starts
    assert run_queued_tasks() == 1
    [pruning] = DBTaskResult.objects.filter(task_path=prune_task_results.module_path).exclude(
        status=TaskResultStatus.READY
    )
    assert pruning.status == TaskResultStatus.SUCCESSFUL
    assert pruning.return_value == 2
    left = {str(pk) for pk in rows()}
    assert old_success not in left and old_failure not in left
    assert {recent_success, failure_kept, str(waiting.id)} <= left


def test_each_pruning_queues_the_next_one_an_hour_on(db):
    queue_next_prune(delay=0)
    started = timezone.now()
    assert run_queued_tasks() == 1
    [(args, kwargs)] = [(c["args"], c["kwargs"]) for c in queued(prune_task_results)]
    assert (args, kwargs) == ([], {})
    waiting = DBTaskResult.objects.get(
        task_path=prune_task_results.module_path, status=TaskResultStatus.READY
    )
    after = started + timedelta(seconds=3599)
    assert after < waiting.run_after < started + timedelta(seconds=3602)


def test_one_chain_however_often_the_worker_starts(db):
    assert queue_next_prune(delay=0) is True
    assert queue_next_prune(delay=0) is False
    assert len(queued(prune_task_results)) == 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_run_worker_queues_the_first_pruning():
    """The real worker loop (it closes connections between tasks: real commits here)."""
    call_command("run_worker", batch=True, reload=False, startup_delay=False, verbosity=0)
    # It ran at once (nothing to prune) and queued the next, an hour on.
    assert (
        DBTaskResult.objects.get(
            task_path=prune_task_results.module_path, status=TaskResultStatus.SUCCESSFUL
        ).return_value
        == 0
    )
    assert len(queued(prune_task_results)) == 1

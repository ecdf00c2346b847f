"""Running the task queue inside a test (astermind_site/background.py).

`run_queued_tasks()` is django-tasks-db's own worker (`Worker.run_task`, which runs a task and
records its result) over every task due now, as `db_worker --batch` would. Only the polling
loop around it is left out: that loop closes connections between tasks, which inside a test's
transaction on PostgreSQL would end the test's transaction. Tasks due later (a retry's
backoff, the next scheduled-publishing run) stay queued, as they would for a real worker.
"""

from django.utils.crypto import get_random_string
from django_tasks import TaskResultStatus
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from astermind_site.background import BACKEND


def worker():
    return Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name=BACKEND,
        startup_delay=False,
        max_tasks=None,
        worker_id=get_random_string(32),
        excluded_queue_names=[],
    )


def run_queued_tasks(limit=1000):
    """Run every task due now, including those the tasks queue for now; return how many ran."""
    runner = worker()
    for ran in range(limit):
        result = DBTaskResult.objects.ready().filter(backend_name=BACKEND).get_locked()
        if result is None:
            return ran
        result.claim(runner.worker_id)
        runner.run_task(result)
    raise AssertionError(f"still tasks due after {limit}: a task that queues itself for now?")


def queued(task):
    """Arguments of each run of `task` still waiting, oldest first."""
    rows = DBTaskResult.objects.filter(task_path=task.module_path, status=TaskResultStatus.READY)
    return [row.args_kwargs for row in rows.order_by("enqueued_at")]


def failed_tasks():
    return [
        (row.task_path, row.exception_class_path, row.traceback[-400:])
        for row in DBTaskResult.objects.filter(status=TaskResultStatus.FAILED)
    ]

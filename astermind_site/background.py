"""Background work: the queue that keeps slow work off the request path, and its worker.

What runs here: image renditions when a page is published or an image saved
(articles/tasks.py), PURGEs to Varnish with retries (frontend_cache.py), scheduled
publishing (scheduled.py) and pruning the queue's own finished rows (task_results.py), each
a task on the "background" backend. The worker is `manage.py run_worker` (`make worker`).
Wagtail's own tasks (reference index, the fan-out of a frontend-cache purge) stay on the
"default" backend, which runs them at once: see settings/tasks.py for why.

Why Django's tasks framework through django-tasks, with django-tasks-db's database backend,
and not RQ:

- The queue is a table in the database the site already has. `make run` and the test suite
  (SQLite and PostgreSQL) run the real queue and the real worker with no server beside them;
  RQ needs Redis, and without it only runs jobs inline, so the tests would never see a queue.
- A task queued inside a transaction (a publish, an image save) commits or rolls back with the
  change: the worker never sees a task for a page that was not published, and a publish that
  committed never loses its task because the process died before it could talk to Redis.
- The API is Django's own (``django.tasks`` from Django 6.0, which the backport mirrors), so
  leaving Django 5.2 changes an import, not the code. django-tasks 0.12 supports Django
  4.2-6.0; since 0.12 the database backend is the separate django-tasks-db (0.13, Django
  5.2 and 6.0), whose worker command is ``db_worker``.

What RQ would have given for free, and Django's framework leaves out, is retries and periodic
jobs. Both are a few lines over ``run_after`` (a task may wait until a given time): a task that
failed queues itself again with a growing delay (``retry_delay``, frontend_cache.py), and the
periodic task queues its next run before it ends (scheduled.py).
"""

import logging
from datetime import timedelta

from django.db import DatabaseError, transaction
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

logger = logging.getLogger("astermind.background")

# The queue's backend in TASKS (settings/tasks.py). Wagtail's own tasks stay on "default",
# which runs them at once.
BACKEND = "background"

# Higher runs first: a purge makes a visitor see a change, an AVIF encode only saves a reader
# time later on, and a batch of them (a demo load) takes minutes.
PURGE_PRIORITY = 50
SCHEDULE_PRIORITY = 20
RENDITION_PRIORITY = -20
# Pruning finished rows (task_results.py) can always wait for the rest.
PRUNE_PRIORITY = -50


def retry_delay(attempt, first, longest):
    """Seconds to wait after failed attempt number `attempt` (1 for the first send): `first`,
    doubling with each attempt, never more than `longest`."""
    return min(first * 2 ** (attempt - 1), longest)


def enqueue_after(task, seconds, *args, **kwargs):
    """Queue `task` to run no earlier than `seconds` from now."""
    run_after = timezone.now() + timedelta(seconds=seconds)
    return task.using(run_after=run_after).enqueue(*args, **kwargs)


def enqueue_or_log(task, *args, **kwargs):
    """Queue a task; if the queue's table cannot be written, say so instead of failing the
    request that asked. In a transaction only the queueing is rolled back (a savepoint), not
    the change around it."""
    try:
        with transaction.atomic():
            return task.enqueue(*args, **kwargs)
    except DatabaseError as error:
        logger.error("Couldn't queue %s: %s", task.name, error)
        return None


def waiting(task):
    """Runs of `task` queued and not yet started (one due later included)."""
    return DBTaskResult.objects.filter(task_path=task.module_path, status=TaskResultStatus.READY)


def queue_once_after(task, seconds):
    """The next run of a periodic task (scheduled.py, task_results.py), unless one is already
    waiting: two workers starting at once, or a run queued by hand, merge into one chain at
    its next run. True when queued."""
    if waiting(task).exists():
        return False
    enqueue_after(task, seconds)
    return True

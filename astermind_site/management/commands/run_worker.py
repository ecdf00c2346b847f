"""`make worker`: the background worker (astermind_site/background.py).

django-tasks-db's `db_worker` on the "background" backend (settings/tasks.py), after queueing
the first scheduled-publishing run (scheduled.py) and the first pruning of finished task rows
(task_results.py) when none is waiting; every option of
db_worker works here. db_worker stops at the first database error that is not a lock; this one
logs it and starts again a few seconds later, so a database restart does not leave the site
without a worker.
"""

import logging
import time

from django.db import InterfaceError, OperationalError, connections
from django_tasks_db.management.commands.db_worker import Command as DbWorker

from astermind_site.background import BACKEND
from astermind_site.scheduled import queue_next_run
from astermind_site.task_results import queue_next_prune

logger = logging.getLogger("astermind.background")

# Seconds between tries while the database is away.
RECONNECT_DELAY = 5


class Command(DbWorker):
    help = (
        "Run the background worker: renditions, queued purges, scheduled publishing, "
        "pruning finished task rows."
    )

    def add_arguments(self, parser):
        super().add_arguments(parser)
        # The queue's backend; "default" runs Wagtail's tasks at once (settings/tasks.py).
        parser.set_defaults(backend_name=BACKEND)

    def handle(self, *args, **options):
        while True:
            try:
                # The first run now: pages whose time came while no worker ran go live.
                queue_next_run(delay=0)
                # Pruning the queue's finished rows: at start, then hourly (task_results.py).
                queue_next_prune(delay=0)
                return super().handle(*args, **options)
            except (OperationalError, InterfaceError) as error:
                if options["batch"]:
                    raise
                logger.error(
                    "Worker lost the database (%s); retrying in %ss", error, RECONNECT_DELAY
                )
                connections.close_all()  # the next try opens a fresh connection
                time.sleep(RECONNECT_DELAY)

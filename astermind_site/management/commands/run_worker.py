"""`make worker`: the background worker (astermind_site/background.py).

django-tasks-db's `db_worker` on the "background" backend (settings/tasks.py), after queueing
the first scheduled-publishing run when none is waiting (scheduled.py); every option of
db_worker works here.
"""

from django_tasks_db.management.commands.db_worker import Command as DbWorker

from astermind_site.background import BACKEND
from astermind_site.scheduled import queue_next_run


class Command(DbWorker):
    help = "Run the background worker: renditions, queued purges, scheduled publishing."

    def add_arguments(self, parser):
        super().add_arguments(parser)
        # The queue's backend; "default" runs Wagtail's tasks at once (settings/tasks.py).
        parser.set_defaults(backend_name=BACKEND)

    def handle(self, *args, **options):
        # The first run now: pages whose time came while no worker ran go live at once.
        queue_next_run(delay=0)
        return super().handle(*args, **options)

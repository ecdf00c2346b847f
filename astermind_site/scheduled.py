"""Scheduled publishing in the worker: Wagtail's `publish_scheduled`, every minute.

Wagtail publishes a page scheduled for later only when its `publish_scheduled` command runs.
Here the worker runs it as a periodic task: each run queues the next one
(SCHEDULED_PUBLISH_INTERVAL seconds on) before it returns, and `manage.py run_worker` queues
the first when none is waiting. A publish made this way is Wagtail's own publish, so it sends
the same `page_published` signal as the editor's button, and pagecache/signals.py purges the
same URLs (the app's cache at once, Varnish through the queue: frontend_cache.py), in one
round per page: the command is our override of Wagtail's, one transaction per object
(management/commands/publish_scheduled.py).

Without the worker, a timer calling `manage.py publish_scheduled` every minute (cron, a
systemd timer) does the same.
"""

import logging

from django.core.management import call_command
from django_tasks import task

from .background import BACKEND, SCHEDULE_PRIORITY, queue_once_after
from .conf import settings

logger = logging.getLogger("astermind.background")


def queue_next_run(delay=None):
    """Queue the next run unless one is already waiting (background.queue_once_after)."""
    interval = settings.SCHEDULED_PUBLISH_INTERVAL if delay is None else delay
    return queue_once_after(publish_scheduled_pages, interval)


@task(priority=SCHEDULE_PRIORITY, backend=BACKEND)
def publish_scheduled_pages():
    try:
        call_command("publish_scheduled", verbosity=0)
    finally:
        # Even when this run failed, the next one is queued: one bad page must not stop
        # scheduled publishing for good.
        queue_next_run()

"""Defaults of the site package's own settings (``VARNISH_PURGE_*``, ``SCHEDULED_PUBLISH_*``,
``TASK_RESULTS_*``).

Importing this module puts each default on ``django.conf.settings`` unless the project set it
(settings/tasks.py reads overrides from the environment), so modules read ``settings`` from
here and ``override_settings`` still works.
"""

from appconf import AppConf
from django.conf import settings

__all__ = ["settings"]


class VarnishPurgeConf(AppConf):
    # A PURGE Varnish did not take is tried again, this many times in all (the first send
    # included): with the delays below, for about four minutes after the publish.
    ATTEMPTS = 9
    # Seconds before the first retry; each further retry waits twice as long, up to MAX_DELAY.
    RETRY_DELAY = 1.0
    RETRY_MAX_DELAY = 120.0

    class Meta:
        prefix = "varnish_purge"


class ScheduledPublishConf(AppConf):
    # The worker runs Wagtail's publish_scheduled this often (seconds): a page scheduled for
    # 10:00 goes live by 10:01.
    INTERVAL = 60.0

    class Meta:
        prefix = "scheduled_publish"


class TaskResultsConf(AppConf):
    # The worker deletes finished task rows (task_results.py): a success after this many days,
    # a failure, which someone may still need to read, after the longer FAILED_RETENTION_DAYS.
    RETENTION_DAYS = 7
    FAILED_RETENTION_DAYS = 30
    # Seconds between two prunings.
    PRUNE_INTERVAL = 3600.0

    class Meta:
        prefix = "task_results"

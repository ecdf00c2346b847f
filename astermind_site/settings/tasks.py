"""Background work: the task queue and the worker's settings (astermind_site/background.py).

Part of the base settings (base.py star-imports it). Defaults of the app's own settings live in
astermind_site/conf.py; only values read from the environment are set here.
"""

import os

# Tasks ------------------------------------------------------------------------------------
# Django's tasks framework (the django-tasks backport on Django 5.2). Two backends:
# - "default" runs a task at once, in the process that queued it. Wagtail 8 queues its own
#   work on the default backend (the reference index on every save, the fan-out of each
#   frontend-cache purge, focal points, file deletion), and the site relies on it being done
#   before the response: purges are worked out from the reference index, and the app's own
#   page cache must be purged before anything could store the old page again.
# - "background" is django-tasks-db's database backend, the worker's queue: renditions, PURGEs
#   to Varnish, scheduled publishing (astermind_site/background.py). It is a table in
#   DATABASE_URL's database, so it needs no server of its own, and a task queued in a
#   transaction (a publish) commits or rolls back with it. The worker is
#   `manage.py run_worker` (`make worker`), django-tasks-db's db_worker on this backend.
TASKS = {
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
    "background": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]},
}

# PURGEs to Varnish go through the queue (astermind_site/frontend_cache.py): a failed one is
# tried again after VARNISH_PURGE_RETRY_DELAY seconds, doubling each time up to
# VARNISH_PURGE_RETRY_MAX_DELAY, at most VARNISH_PURGE_ATTEMPTS times in all.
# Unset, the defaults in astermind_site/conf.py apply.
if os.environ.get("VARNISH_PURGE_ATTEMPTS"):
    VARNISH_PURGE_ATTEMPTS = int(os.environ["VARNISH_PURGE_ATTEMPTS"])
if os.environ.get("VARNISH_PURGE_RETRY_DELAY"):
    VARNISH_PURGE_RETRY_DELAY = float(os.environ["VARNISH_PURGE_RETRY_DELAY"])
if os.environ.get("VARNISH_PURGE_RETRY_MAX_DELAY"):
    VARNISH_PURGE_RETRY_MAX_DELAY = float(os.environ["VARNISH_PURGE_RETRY_MAX_DELAY"])
# How often the worker publishes pages whose scheduled time has come (seconds).
if os.environ.get("SCHEDULED_PUBLISH_INTERVAL"):
    SCHEDULED_PUBLISH_INTERVAL = float(os.environ["SCHEDULED_PUBLISH_INTERVAL"])
# Finished task rows are deleted by the worker after this many days (failures after the
# second number), checked every TASK_RESULTS_PRUNE_INTERVAL seconds (task_results.py).
if os.environ.get("TASK_RESULTS_RETENTION_DAYS"):
    TASK_RESULTS_RETENTION_DAYS = float(os.environ["TASK_RESULTS_RETENTION_DAYS"])
if os.environ.get("TASK_RESULTS_FAILED_RETENTION_DAYS"):
    TASK_RESULTS_FAILED_RETENTION_DAYS = float(os.environ["TASK_RESULTS_FAILED_RETENTION_DAYS"])
if os.environ.get("TASK_RESULTS_PRUNE_INTERVAL"):
    TASK_RESULTS_PRUNE_INTERVAL = float(os.environ["TASK_RESULTS_PRUNE_INTERVAL"])
# End of Tasks -----------------------------------------------------------------------------

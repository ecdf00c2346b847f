"""The background worker beside the app servers, as `make worker` runs it (`manage.py run_worker`).

`start_worker(stack)` starts it on the stack's environment (production settings, the stack's
PostgreSQL as the site's role) and returns it; `.stop()` ends it by its pid. It polls the
queue every 0.2 s instead of every second, so tests wait less for a queued PURGE. Scheduled
publishing runs once when it starts and then hourly instead of every minute: tests that
schedule a page decide when the worker's run comes (`run_scheduled_publishing`), so none of
them races a run it did not ask for.
"""

import atexit
import sys
import time

from .services import ROOT, Process, manage, wait_until

POLL_SECONDS = 0.2
# How long a test waits for the worker to deliver a PURGE to Varnish.
PURGE_WAIT = 30


class Worker(Process):
    def __init__(self, workdir, env):
        super().__init__("worker", workdir)
        self.env = dict(env, SCHEDULED_PUBLISH_INTERVAL="3600")

    def start(self):
        args = ["manage.py", "run_worker", "--no-reload", "--no-startup-delay"]
        self.spawn([sys.executable, *args, "--interval", POLL_SECONDS], env=self.env, cwd=ROOT)
        wait_until(self._started, 60, "worker")

    def _started(self):
        self.check_alive()
        return "Starting worker" in self.log.read_text(errors="replace")


def start_worker(stack):
    worker = Worker(stack.workdir, stack.env)
    atexit.register(worker.stop)  # never left polling a database that is gone
    worker.start()
    return worker


def run_scheduled_publishing(stack):
    """Make the worker's next scheduled-publishing run due now (it is the worker that runs it)."""
    manage(
        stack.env, "shell", "-c",
        "from astermind_site.scheduled import publish_scheduled_pages;"
        "publish_scheduled_pages.enqueue()",
    )  # fmt: skip


def queue_drained(sql):
    """True once no task is due or running (a retry or run queued for later may wait)."""
    (count,) = sql(
        "SELECT count(*) FROM django_tasks_database_dbtaskresult WHERE status = 'RUNNING'"
        " OR (status = 'READY' AND run_after <= now())"
    )[0]
    return count == 0


def wait_for_queue(sql, timeout=300):
    wait_until(lambda: queue_drained(sql), timeout, "the worker's queue")


def served_when(visitor, path, check, timeout=PURGE_WAIT):
    """The first answer for `path` that passes `check`, asking until `timeout`: what a
    queued PURGE lets through once the worker has sent it."""
    deadline = time.monotonic() + timeout
    while True:
        response = visitor.get(path)
        if check(response) or time.monotonic() > deadline:
            return response
        time.sleep(0.1)

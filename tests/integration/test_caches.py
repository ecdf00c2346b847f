"""The caches never show what was withdrawn (issue 17, section 3), on the real servers.

- A page made private through the admin leaves the app's page cache and Varnish at once.
- A publish made while Redis is down is not undone when Redis comes back with its old data
  (restarted from a snapshot taken before the outage).
- Without Redis, two gunicorn workers each keep a page cache of their own; a change made
  by a management command (`publish_scheduled`, as cron runs it) is seen at once by both.
"""

import secrets
import threading

import pytest
import redis

from .admin import page_id, publish_through_admin, set_privacy
from .client import Visitor
from .services import Gunicorn, manage
from .test_faults import redis_back
from .worker import served_when

pytestmark = pytest.mark.integration

PRIVATE = "/edge-ai/on-device-learning/"
PRIVATE_SECTION = "/edge-ai/"
OUTAGE = "/techniques/"  # a section: its edit form posts without JavaScript
SCHEDULED = "/core-concepts/extreme-learning-machines/"


def warm(port, path):
    visitor = Visitor(port)
    first = visitor.get(path)
    assert first.status == 200, (port, path, first.status)
    second = visitor.get(path)
    assert second.header("X-Cache") == "HIT", (port, path, second.header("X-Cache"))
    return second


def assert_refused(port):
    refused = Visitor(port).get(PRIVATE)
    assert refused.status == 302, (port, refused.status, refused.header("X-Cache"))
    assert "/login/" in refused.header("Location")
    assert "private" in refused.header("Cache-Control")


def test_a_page_made_private_leaves_both_caches_at_once(stack, editor, sql):
    a, b, varnish = stack.apps[0].port, stack.apps[1].port, stack.varnish.port
    for port in (a, b, varnish):
        warm(port, PRIVATE)
    listed = warm(varnish, PRIVATE_SECTION)
    assert PRIVATE in listed.text
    pk = page_id(sql, "on-device-learning")
    set_privacy(editor, pk, "login")
    try:
        for port in (a, b, a, b):  # the app servers: at once
            assert_refused(port)
        # Varnish: once the worker has sent the PURGE (worker.py).
        served_when(Visitor(varnish), PRIVATE, lambda r: r.status == 302)
        for port in (varnish, varnish):
            assert_refused(port)
        assert Visitor(varnish).get(PRIVATE_SECTION).header("X-Cache") == "MISS"
    finally:
        set_privacy(editor, pk, "none")
    again = served_when(Visitor(varnish), PRIVATE, lambda r: r.status == 200)
    assert again.status == 200  # public again, purged again


def test_a_publish_during_a_redis_outage_is_never_undone_when_redis_returns(stack, editor, sql):
    a, b, varnish = stack.apps[0].port, stack.apps[1].port, stack.varnish.port
    for port in (a, b, varnish):
        before = warm(port, OUTAGE)
    client = redis.Redis(port=stack.redis.port, socket_timeout=5)
    client.save()  # Redis will come back with the old page and the old purge tokens
    client.close()
    marker = f"Written while Redis was away ({secrets.token_hex(4)})."
    stack.redis.stop()
    try:
        publish_through_admin(editor, page_id(sql, "techniques"), intro=marker)
    finally:
        redis_back(stack)
        (stack.workdir / "dump.rdb").unlink(missing_ok=True)  # later restarts start empty
    assert marker not in before.text
    served_when(Visitor(varnish), OUTAGE, lambda r: marker in r.text)  # the worker's PURGE
    for port in (a, b, varnish) * 4:
        response = Visitor(port).get(OUTAGE)
        assert response.status == 200
        cache = response.header("X-Cache")
        assert marker in response.text, f":{port} served the page from before ({cache})"


@pytest.fixture
def without_redis(stack):
    """A third server on the same database with no REDIS_URL: two workers, two caches."""
    env = {k: v for k, v in stack.env.items() if k != "REDIS_URL"}
    server = Gunicorn("app_no_redis", stack.workdir, env=env, workers=2)
    server.start()
    yield server
    server.stop()


def fetch_together(port, path, count=8):
    """`count` requests at once, so both sync workers take some."""
    answers, barrier = [], threading.Barrier(count)

    def one():
        barrier.wait(timeout=10)
        answers.append(Visitor(port).get(path))

    threads = [threading.Thread(target=one) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert len(answers) == count
    return answers


def test_a_change_from_a_command_is_seen_at_once_by_every_worker_without_redis(
    stack, without_redis
):
    port = without_redis.port
    misses = 0
    for _ in range(6):  # each worker renders (MISS) once, then serves its own copy
        misses += sum(r.header("X-Cache") == "MISS" for r in fetch_together(port, SCHEDULED))
        if misses == 2:
            break
    assert misses == 2, f"{misses} renders: both workers should have stored the page once"
    assert all(r.header("X-Cache") == "HIT" for r in fetch_together(port, SCHEDULED))

    marker = f"Published by cron ({secrets.token_hex(4)})."
    schedule = (
        "from datetime import timedelta; from django.utils import timezone;"
        "from articles.models import ArticlePage;"
        "page = ArticlePage.objects.get(slug='extreme-learning-machines');"
        f"page.standfirst = {marker!r};"
        "page.save_revision(approved_go_live_at=timezone.now() - timedelta(seconds=1))"
    )
    manage(without_redis.env, "shell", "-c", schedule)
    assert marker not in Visitor(port).get(SCHEDULED).text  # scheduled, not yet published
    manage(without_redis.env, "publish_scheduled")
    for response in fetch_together(port, SCHEDULED) + fetch_together(port, SCHEDULED):
        assert response.status == 200
        cache = response.header("X-Cache")
        assert marker in response.text, f"a worker served its old copy ({cache})"

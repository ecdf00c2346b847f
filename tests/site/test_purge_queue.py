"""PURGEs to Varnish go through the worker's queue, with retries (astermind_site/frontend_cache.py).

A stand-in proxy (a real HTTP server on 127.0.0.1, conftest.py) records each PURGE and can
refuse the first few; the queue is run by django-tasks-db's worker (tests/tasks.py). The real
Varnish, stopped and started again under a publish, is tests/integration/test_worker.py's.
"""

import logging
import socket
import time
from datetime import timedelta

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from astermind_site.background import retry_delay
from astermind_site.frontend_cache import DEFAULT_TIMEOUT, send_purges
from astermind_site.settings.base import frontend_cache_settings
from tests.factories import ArticlePageFactory
from tests.tasks import failed_tasks, queued, run_queued_tasks

from .conftest import PURGE_TOKEN as TOKEN
from .conftest import RecordingProxy as Proxy

pytestmark = pytest.mark.django_db

ARTICLE = "/core-concepts/queued/"


@pytest.fixture
def down(settings):
    """A proxy address where nothing listens (bound, then closed)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        location = f"http://127.0.0.1:{sock.getsockname()[1]}"
    settings.WAGTAILFRONTENDCACHE = frontend_cache_settings(location, TOKEN)
    return location


@pytest.fixture
def hung(settings):
    """A proxy that takes the connection and never answers."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(16)
    settings.WAGTAILFRONTENDCACHE = frontend_cache_settings(
        f"http://127.0.0.1:{sock.getsockname()[1]}", TOKEN
    )
    yield sock
    sock.close()


@pytest.fixture
def article(section):
    return ArticlePageFactory(parent=section, slug="queued", title="Queued")


def publish(page, django_capture_on_commit_callbacks, **changes):
    for name, value in changes.items():
        setattr(page, name, value)
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()


def purged_paths():
    return {path for path, status in Proxy.received if status == 200}


@pytest.fixture
def proxy(purge_proxy):
    return purge_proxy


def test_a_publish_sends_nothing_until_the_worker_runs(
    proxy, article, django_capture_on_commit_callbacks
):
    publish(article, django_capture_on_commit_callbacks)
    assert Proxy.received == []
    assert queued(send_purges)  # one queued task per PurgeBatch
    run_queued_tasks()
    assert {ARTICLE, "/core-concepts/", "/"} <= purged_paths()
    assert failed_tasks() == []


def test_the_token_is_read_when_sent_never_stored_in_the_queue(
    proxy, article, django_capture_on_commit_callbacks
):
    publish(article, django_capture_on_commit_callbacks)
    assert {task["args"][0] for task in queued(send_purges)} == {proxy}
    stored = [str(row.args_kwargs) for row in DBTaskResult.objects.all()]
    assert not any(TOKEN in row for row in stored)


def test_the_apps_own_page_cache_is_purged_at_once(
    settings, client, proxy, article, django_capture_on_commit_callbacks
):
    settings.PAGE_CACHE_ENABLED = True
    client.get(ARTICLE)
    assert client.get(ARTICLE).headers["X-Cache"] == "HIT"
    publish(article, django_capture_on_commit_callbacks, standfirst="Changed while queued.")
    fresh = client.get(ARTICLE)
    assert fresh.headers["X-Cache"] == "MISS"
    assert "Changed while queued." in fresh.content.decode()
    assert Proxy.received == []  # Varnish's turn comes with the worker


def test_a_publish_does_not_wait_for_a_hung_proxy(
    hung, article, django_capture_on_commit_callbacks
):
    """Sent inline, each URL would wait DEFAULT_TIMEOUT (5 s) for a proxy that never answers."""
    started = time.monotonic()
    publish(article, django_capture_on_commit_callbacks)
    assert time.monotonic() - started < DEFAULT_TIMEOUT
    assert queued(send_purges)


def test_a_refused_purge_is_retried_until_it_arrives(settings, proxy, caplog):
    settings.VARNISH_PURGE_RETRY_DELAY = 0  # due at once, so one worker batch runs them all
    Proxy.refusals = 3
    send_purges.enqueue(proxy, ["http://localhost/a/", "http://localhost/b/"])
    with caplog.at_level(logging.WARNING, logger="wagtail.frontendcache"):
        assert run_queued_tasks() == 3
    # Each attempt sends only what is still to purge.
    assert Proxy.received == [
        ("/a/", 503), ("/b/", 503),  # attempt 1
        ("/a/", 503), ("/b/", 200),  # attempt 2
        ("/a/", 200),  # attempt 3
    ]  # fmt: skip
    retries = [r.getMessage() for r in caplog.records if "attempt" in r.getMessage()]
    assert retries == [
        f"Purging 2 URLs from Varnish at {proxy} failed (attempt 1 of 9); next try in 0s",
        f"Purging 1 URLs from Varnish at {proxy} failed (attempt 2 of 9); next try in 0s",
    ]
    assert queued(send_purges) == []


def test_retries_back_off_doubling_up_to_a_bound():
    assert [retry_delay(n, 1, 120) for n in range(1, 10)] == [1, 2, 4, 8, 16, 32, 64, 120, 120]


def test_a_retry_waits_for_its_delay(settings, down):
    settings.VARNISH_PURGE_RETRY_DELAY = 30
    send_purges.enqueue(down, ["http://localhost/a/"])
    before = timezone.now()
    assert run_queued_tasks() == 1  # the retry is not due yet
    [waiting] = DBTaskResult.objects.filter(status="READY")
    assert waiting.args_kwargs == {"args": [down, ["http://localhost/a/"], 2], "kwargs": {}}
    assert before + timedelta(seconds=29) < waiting.run_after < before + timedelta(seconds=32)


def test_a_proxy_that_stays_down_is_given_up_after_the_bounded_attempts(settings, down, caplog):
    settings.VARNISH_PURGE_ATTEMPTS = 3
    settings.VARNISH_PURGE_RETRY_DELAY = 0
    urls = ["http://localhost/a/", "http://localhost/b/", "http://localhost/c/"]
    send_purges.enqueue(down, urls)
    with caplog.at_level(logging.WARNING, logger="wagtail.frontendcache"):
        assert run_queued_tasks() == 3
    messages = [r.getMessage() for r in caplog.records]
    # Once the proxy does not answer, the rest of the batch is not tried (each would time out).
    assert sum(m.startswith("Couldn't purge 'http://localhost/a/'") for m in messages) == 3
    assert not any("/b/'" in m for m in messages)
    assert messages[-1] == (
        f"Gave up purging 3 URLs from Varnish at {down} after 3 attempts "
        "(first: 'http://localhost/a/')"
    )
    assert [r.levelname for r in caplog.records if "Gave up" in r.getMessage()] == ["ERROR"]
    assert queued(send_purges) == []


def test_a_proxy_taken_out_of_the_settings_is_not_purged(settings, proxy, caplog):
    send_purges.enqueue(proxy, ["http://localhost/a/"])
    settings.WAGTAILFRONTENDCACHE = frontend_cache_settings("", "")
    with caplog.at_level(logging.ERROR, logger="wagtail.frontendcache"):
        run_queued_tasks()
    assert Proxy.received == []
    assert [r.getMessage() for r in caplog.records] == [
        f"Not purging 1 URLs: {proxy} left VARNISH_PURGE_URLS"
    ]

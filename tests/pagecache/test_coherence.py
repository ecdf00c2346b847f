"""One database, many caches: a purge is in force in every process at once.

Two gunicorn workers without Redis, or a management command beside them, each have a cache
of their own; here two local-memory caches stand in for them (`PAGE_CACHE_ALIAS` switched
between requests) over the one test database. A cache server that misses a purge is
an unreachable Redis on port 1.
"""

import pytest
from django.core.cache import caches
from django.db import OperationalError, connection

from pagecache import store
from tests.table_factories import publish

from .test_purging import ARTICLE, OTHER, path

pytestmark = pytest.mark.usefixtures("page_cache")

UNREACHABLE_REDIS = {
    "BACKEND": "django_redis.cache.RedisCache",
    "LOCATION": "redis://127.0.0.1:1/0",
    "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 0.2},
}


@pytest.fixture
def processes(settings):
    settings.CACHES = {
        **settings.CACHES,
        "worker_a": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "a"},
        "worker_b": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "b"},
        "redis_away": UNREACHABLE_REDIS,
    }

    def become(alias):
        settings.PAGE_CACHE_ALIAS = alias

    yield become
    for alias in ("worker_a", "worker_b"):
        caches[alias].clear()


def rename(article, title, changed):
    article.title = title
    with changed():
        article.save_revision().publish()


def get(client, url):
    response = client.get(path(url))
    assert response.status_code == 200, url
    return response


def test_a_change_made_in_one_process_is_seen_at_once_in_another(client, scene, processes, changed):
    for alias in ("worker_a", "worker_b"):
        processes(alias)
        get(client, ARTICLE)
        assert get(client, ARTICLE)["X-Cache"] == "HIT"
        get(client, OTHER)
    processes("worker_a")  # the publish runs here: worker B's cache is never told
    rename(scene["article"], "Foundation Models, Renamed", changed)
    processes("worker_b")
    after = get(client, ARTICLE)
    assert after["X-Cache"] == "MISS"
    assert b"Foundation Models, Renamed" in after.content
    assert get(client, ARTICLE)["X-Cache"] == "HIT"
    assert get(client, OTHER)["X-Cache"] == "HIT"  # the rest of B's cache still counts


def test_a_purge_the_cache_server_missed_is_not_forgotten_when_it_returns(
    client, scene, processes, changed, caplog
):
    processes("worker_a")  # stands for Redis, holding the page
    get(client, ARTICLE)
    assert get(client, ARTICLE)["X-Cache"] == "HIT"
    processes("redis_away")  # Redis goes away; the publish cannot reach it
    rename(scene["article"], "Published While Redis Was Away", changed)
    assert "Page cache mirror not updated" in caplog.text
    processes("worker_a")  # Redis is back, with the old copy in it
    after = get(client, ARTICLE)
    assert after["X-Cache"] == "MISS"
    assert b"Published While Redis Was Away" in after.content
    # That lookup also set the mirror right, so the new copy serves through a database outage.
    with connection.execute_wrapper(database_down):
        served = client.get(path(ARTICLE))
    assert served["X-Cache"] == "HIT" and b"Published While Redis Was Away" in served.content


def database_down(execute, sql, params, many, context):
    raise OperationalError("connection refused: the database server is down")


def test_while_the_database_is_down_the_cache_mirror_decides(client, scene, processes, changed):
    processes("worker_a")
    get(client, ARTICLE)
    get(client, OTHER)
    rename(scene["article"], "Renamed Before The Outage", changed)
    client.raise_request_exception = False  # a render now fails: the friendly 503
    with connection.execute_wrapper(database_down):
        stale = client.get(path(ARTICLE))
        assert stale.status_code == 503  # the purge reached the mirror: the old copy is gone
        assert client.get(path(OTHER))["X-Cache"] == "HIT"  # never purged: still served
    get(client, ARTICLE)  # stored under the new token, whose mirror is there too
    with connection.execute_wrapper(database_down):
        served = client.get(path(ARTICLE))
    assert served["X-Cache"] == "HIT" and b"Renamed Before The Outage" in served.content


def test_a_render_that_raced_a_purge_is_not_stored(scene, processes):
    processes("worker_a")
    token, page = store.lookup("/x/", "http://testserver/x/ ")
    assert page is None
    store.purge_paths({"/x/"})  # another process purged while this one rendered
    cached = store.CachedPage(200, (), b"old", '"e"', 0)
    assert store.save("/x/", "http://testserver/x/ ", token, cached) is False
    token, _ = store.lookup("/x/", "http://testserver/x/ ")
    assert store.save("/x/", "http://testserver/x/ ", token, cached) is True
    assert store.lookup("/x/", "http://testserver/x/ ")[1] == cached


def own_memory(name):
    return {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": name}
    }


@pytest.mark.parametrize("render_cache", [False, True])
def test_a_fact_changed_in_another_process_is_not_rebuilt_from_this_ones_fragments(
    client, scene, settings, changed, render_cache
):
    """A purged page re-rendered in worker A must not reuse A's fragment of a table whose
    fact worker B changed, each with its own memory. The fragments are kept under the site
    version, which the database decides (pagecache/versioned.py), so neither setting of the
    links-token cache (RENDER_CACHE_ENABLED, once the fragments' own cache, which failed the
    True case) changes that."""
    settings.RENDER_CACHE_ENABLED = render_cache
    # Memories of this case's own: local memory outlives the test (on PostgreSQL the next
    # case's pages get new ids, which the other case's kept site would not find).
    worker_a, worker_b = f"worker-a-{render_cache}", f"worker-b-{render_cache}"
    settings.CACHES = own_memory(worker_a)
    assert b"340B" in get(client, ARTICLE).content
    settings.CACHES = own_memory(worker_b)
    scene["model"].max_parameters_billions = 540
    with changed():
        publish(scene["model"])
    settings.CACHES = own_memory(worker_a)
    after = get(client, ARTICLE)
    assert after["X-Cache"] == "MISS"
    assert b"540B" in after.content

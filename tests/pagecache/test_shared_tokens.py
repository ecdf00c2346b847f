"""With a shared Redis a hit asks the database nothing, and a purge still counts everywhere
(pagecache/trust.py). A private redis-server of the test's own, on a free port with its own
directory, so it can be stopped and restarted from a snapshot like a real one."""

import shutil
import socket
import subprocess
import time

import pytest
import redis
from django.db import OperationalError, connection, transaction
from django.test.utils import CaptureQueriesContext

from astermind_site import cache as resilient
from astermind_site.settings.base import cache_settings
from pagecache import store, tokens, trust

from .test_purging import ARTICLE, OTHER, path

pytestmark = [
    pytest.mark.usefixtures("page_cache"),
    pytest.mark.skipif(not shutil.which("redis-server"), reason="needs redis-server"),
]


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class PrivateRedis:
    def __init__(self, workdir):
        self.port = free_port()
        self.workdir = workdir
        self.process = None

    def start(self):
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no", "--dir", str(self.workdir)],
            stdout=subprocess.DEVNULL,
        )  # fmt: skip
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                if redis.Redis(port=self.port, socket_timeout=0.5).ping():
                    return
            except redis.RedisError:
                time.sleep(0.05)
        raise TimeoutError("redis-server did not start")

    def snapshot_and_stop(self):
        client = redis.Redis(port=self.port, socket_timeout=5)
        client.save()  # it comes back with what it held now
        self.stop()

    def stop(self):
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=10)
            self.process = None


@pytest.fixture
def shared_redis(settings, tmp_path):
    server = PrivateRedis(tmp_path)
    server.start()
    config = cache_settings(f"redis://127.0.0.1:{server.port}/0")["default"]
    settings.CACHES = {**settings.CACHES, "shared": config}
    settings.PAGE_CACHE_ALIAS = "shared"
    resilient._down_until.clear()
    trust.forget()
    yield server
    server.stop()
    resilient._down_until.clear()
    trust.forget()


def get(client, url):
    response = client.get(path(url))
    assert response.status_code == 200, url
    return response


def rename(article, title, changed):
    article.title = title
    with changed():
        article.save_revision().publish()


def test_a_hit_asks_the_database_nothing(client, scene, shared_redis):
    assert get(client, ARTICLE)["X-Cache"] == "MISS"
    with CaptureQueriesContext(connection) as ctx:
        hit = get(client, ARTICLE)
    assert hit["X-Cache"] == "HIT"
    assert ctx.captured_queries == []


def test_a_publish_is_seen_at_once_and_the_rest_still_hits(client, scene, shared_redis, changed):
    for url in (ARTICLE, OTHER):
        get(client, url)
        assert get(client, url)["X-Cache"] == "HIT"
    rename(scene["article"], "Renamed Through Redis", changed)
    after = get(client, ARTICLE)
    assert after["X-Cache"] == "MISS"
    assert b"Renamed Through Redis" in after.content
    assert get(client, ARTICLE)["X-Cache"] == "HIT"
    assert get(client, OTHER)["X-Cache"] == "HIT"


def test_inside_the_purging_transaction_the_path_is_neither_served_nor_stored(scene, shared_redis):
    url = "http://testserver/x/ "
    page = store.CachedPage(200, (), b"old", '"e"', 0)
    seen, _ = store.lookup("/x/", url)
    assert store.save("/x/", url, seen, page) is True
    assert store.lookup("/x/", url)[1] == page
    with transaction.atomic():
        assert tokens.rotate_now({"/x/"}) is True  # what batch.schedule does in a change
        store.write_shared_tokens(tokens.new_tokens({"/x/"}), pending=True)
        assert store.lookup("/x/", url) == (None, None)
        store.purge_paths({"/x/"})  # what the commit callback sends
    seen, found = store.lookup("/x/", url)
    assert found is None
    assert seen.token == tokens.current("/x/")
    assert store.save("/x/", url, seen, page) is True


def test_a_publish_during_a_redis_outage_is_not_undone_by_a_restart_from_a_snapshot(
    client, scene, shared_redis, changed, caplog
):
    get(client, ARTICLE)
    assert get(client, ARTICLE)["X-Cache"] == "HIT"
    epoch_before = trust._memo["shared"][0]
    shared_redis.snapshot_and_stop()
    rename(scene["article"], "Published While Redis Was Down", changed)
    assert "Redis missed a purge" in caplog.text
    assert tokens.current(trust.EPOCH_PATH) != epoch_before
    shared_redis.start()  # from the snapshot: the old page and the old token are back
    # Now be another worker, idle through all this: it read the epoch a moment ago, saw no
    # failure, and its pooled connection is the one the restart cut. Only the reconnect
    # (astermind_site.cache.CountedConnection) tells it Redis may not be the one it knew.
    resilient._down_until.clear()
    trust._memo["shared"] = (epoch_before, time.monotonic(), resilient.generation())
    after = get(client, ARTICLE)
    assert after["X-Cache"] == "MISS"
    assert b"Published While Redis Was Down" in after.content
    assert get(client, ARTICLE)["X-Cache"] == "HIT"


def test_a_purge_only_one_process_could_not_send_counts_within_the_trust_time(
    client, scene, shared_redis, settings
):
    """Redis reachable here but not from the purging process (a partial network split): the
    purge renewed the epoch in the database, which this process reads again within
    PAGE_CACHE_TRUST_SECONDS."""
    settings.PAGE_CACHE_TRUST_SECONDS = 0.3
    get(client, ARTICLE)
    assert get(client, ARTICLE)["X-Cache"] == "HIT"
    tokens.rotate({path(ARTICLE)})  # the other process's purge, in the database
    tokens.rotate({trust.EPOCH_PATH})  # and its renewal of the epoch, Redis being away for it
    time.sleep(0.35)
    assert get(client, ARTICLE)["X-Cache"] == "MISS"


def test_with_the_shared_tokens_switched_off_every_hit_reads_the_token_row(
    client, scene, shared_redis, settings
):
    settings.PAGE_CACHE_SHARED_TOKENS = False
    get(client, ARTICLE)
    with CaptureQueriesContext(connection) as ctx:
        assert get(client, ARTICLE)["X-Cache"] == "HIT"
    assert ["pagecache_purgetoken" in q["sql"] for q in ctx.captured_queries] == [True]


def database_down(execute, sql, params, many, context):
    raise OperationalError("connection refused: the database server is down")


def test_a_hit_serves_through_a_database_outage_longer_than_the_trust_time(
    client, scene, shared_redis, settings
):
    """The integration suite's outage (tests/integration/test_faults.py) in one process: the
    epoch cannot be re-read, and no purge can commit meanwhile, so the one read before holds."""
    settings.PAGE_CACHE_TRUST_SECONDS = 0.1
    stored = get(client, ARTICLE)
    assert get(client, ARTICLE)["X-Cache"] == "HIT"
    time.sleep(0.15)
    with connection.execute_wrapper(database_down):
        during = client.get(path(ARTICLE))
    assert during.status_code == 200 and during["X-Cache"] == "HIT"
    assert during.content == stored.content


def test_a_process_that_never_read_the_epoch_takes_the_copy_in_redis(client, scene, shared_redis):
    stored = get(client, ARTICLE)
    assert get(client, ARTICLE)["X-Cache"] == "HIT"
    trust.forget()  # a worker started after the database went away
    with connection.execute_wrapper(database_down):
        during = client.get(path(ARTICLE))
    assert during.status_code == 200 and during["X-Cache"] == "HIT"
    assert during.content == stored.content


def test_a_renewed_epoch_mirrors_into_redis_so_an_outage_never_revives_old_pages(
    client, scene, shared_redis
):
    get(client, ARTICLE)
    assert get(client, ARTICLE)["X-Cache"] == "HIT"  # stored under the first epoch
    article = scene["article"]
    type(article).objects.filter(pk=article.pk).update(title="Changed Behind Redis")
    tokens.rotate({trust.EPOCH_PATH})  # Redis missed that change's purge: the epoch moves
    trust.forget()
    after = get(client, ARTICLE)
    assert after["X-Cache"] == "MISS" and b"Changed Behind Redis" in after.content
    trust.forget()  # another worker, started after the database went away
    with connection.execute_wrapper(database_down):
        during = client.get(path(ARTICLE))
    assert during["X-Cache"] == "HIT"
    assert during.content == after.content  # the new epoch's copy, never the first one

"""REDIS_URL set but Redis unreachable (a closed port, a real refused connection): pages
serve, consent still records with a per-process rate limit, /healthz says cache down."""

import socket
import uuid

import pytest
import redis
from django.core.cache import caches

from astermind_site import cache as resilient
from astermind_site.cache import ResilientRedisCache
from astermind_site.settings.base import cache_settings
from consent.models import ConsentRecord

CLOSED = "redis://127.0.0.1:6390/0"
LIVE = "redis://127.0.0.1:6379/0"


def port_open(port):
    with socket.socket() as sock:
        sock.settimeout(0.3)
        return sock.connect_ex(("127.0.0.1", port)) == 0


@pytest.fixture
def redis_down(settings):
    assert not port_open(6390), "port 6390 must be closed for this test"
    settings.CACHES = cache_settings(CLOSED)
    resilient._down_until.clear()
    yield caches["default"]
    resilient._down_until.clear()


def test_the_cache_api_keeps_working_in_process_memory(redis_down):
    assert isinstance(redis_down, ResilientRedisCache)
    assert redis_down.add("claim", 1, timeout=30) is True
    assert redis_down.add("claim", 1, timeout=30) is False  # a claim still means something
    assert redis_down.incr("claim") == 2
    redis_down.set("k", {"v": 1})
    assert redis_down.get("k") == {"v": 1}
    redis_down.delete("k")
    assert redis_down.get("k", "gone") == "gone"
    assert redis_down.is_down
    with pytest.raises(redis.exceptions.ConnectionError):
        redis_down.ping()


def test_pages_still_serve(client, home, redis_down):
    assert client.get("/").status_code == 200
    assert client.get("/cookies/").status_code == 200


def test_consent_still_records_and_the_rate_limit_counts_per_process(
    client, home, redis_down, settings
):
    settings.CONSENT_RATE_LIMIT = 3
    answers = []
    for _ in range(4):
        client.cookies.clear()  # four visitors behind one address
        answers.append(
            client.post(
                "/cookies/accept/",
                {"next": "/"},
                HTTP_ACCEPT="application/json",
                REMOTE_ADDR="192.0.2.10",
            ).status_code
        )
    assert answers == [200, 200, 200, 429]
    assert ConsentRecord.objects.count() == 3


def test_healthz_says_the_cache_is_down_and_what_that_means(client, db, redis_down):
    response = client.get("/healthz")
    assert response.status_code == 503
    text = response.content.decode()
    assert text.startswith("down: cache\n")
    assert "database: ok" in text and "storage: ok" in text
    assert "rate limit" in text and "per process" in text
    assert client.get("/healthz", HTTP_ACCEPT="application/json").json()["status"] == "down"


def live_redis():
    try:
        return redis.Redis.from_url(LIVE, socket_connect_timeout=0.5).ping()
    except redis.exceptions.RedisError:
        return False


@pytest.mark.skipif(not live_redis(), reason="no Redis at 127.0.0.1:6379")
def test_with_redis_up_values_are_shared_and_recovery_needs_no_restart(settings, client, db):
    prefix = f"astermind-test-{uuid.uuid4().hex}"
    settings.CACHES = {"default": {**cache_settings(LIVE)["default"], "KEY_PREFIX": prefix}}
    resilient._down_until.clear()
    cache = caches["default"]
    try:
        cache.set("shared", "in redis", 30)
        other = redis.Redis.from_url(LIVE)
        assert other.exists(cache.make_key("shared")) == 1
        assert client.get("/healthz").status_code == 200

        # An outage was noticed; once the retry interval has passed Redis is used again.
        cache.mark_down(ConnectionError("simulated earlier outage"))
        assert cache.get("shared") is None  # served from process memory meanwhile
        resilient._down_until[cache._location] = 0.0
        assert cache.get("shared") == "in redis"
    finally:
        cache.clear()
        resilient._down_until.clear()

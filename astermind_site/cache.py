"""django-redis that keeps serving from this process's memory while Redis is unreachable.

With plain django-redis an unreachable Redis turns every page into a 500 (Wagtail looks up
its site root paths in the cache). DJANGO_REDIS_IGNORE_EXCEPTIONS would hide the error but
make `add` answer "no", which reads as "already claimed" to the consent dedupe and rate
limit, so no choice would be recorded. Here every cache call falls back to a local-memory
cache instead: pages serve, counters and claims still work (per process, so the consent
rate limit counts per worker), and /healthz reports the cache as down. After a failure
Redis is left alone for RETRY_SECONDS, so an outage costs one refused connection per
process per interval, not one per cache call.

``generation()`` counts what this process has seen of Redis that could mean it is talking to
another Redis than before: every new connection (redis-py reconnects by itself after a
restart, without an error reaching us) and every failure. The page cache trusts the purge
tokens it keeps in Redis only while that number stays the same (pagecache/trust.py).
"""

import logging
import threading
import time

from django.core.cache.backends.locmem import LocMemCache
from django_redis.cache import RedisCache
from django_redis.exceptions import ConnectionInterrupted
from redis.connection import Connection
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import ReadOnlyError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

RETRY_SECONDS = 5.0
OUTAGE_ERRORS = (
    ConnectionInterrupted,
    RedisConnectionError,
    RedisTimeoutError,
    ReadOnlyError,
    OSError,
)
# Django's cache API: every one of these has the same signature on LocMemCache.
FALLBACK_METHODS = (
    "add",
    "get",
    "set",
    "touch",
    "delete",
    "get_many",
    "set_many",
    "delete_many",
    "has_key",
    "incr",
    "decr",
    "clear",
)

_down_until = {}  # location -> monotonic time before which Redis is not tried
_lock = threading.Lock()
_generation = [0]


def generation():
    """How many Redis connections this process has opened and failures it has seen."""
    return _generation[0]


def _bump_generation():
    with _lock:
        _generation[0] += 1


class CountedConnection(Connection):
    """redis-py's TCP connection, counted each time it (re)connects: the only sign a process
    gets that Redis was restarted (perhaps from an old snapshot) while it was not looking."""

    def on_connect_check_health(self, *args, **kwargs):
        _bump_generation()
        super().on_connect_check_health(*args, **kwargs)


class ResilientRedisCache(RedisCache):
    def __init__(self, server, params):
        options = dict(params.get("OPTIONS", {}))
        options["IGNORE_EXCEPTIONS"] = False  # failures are ours to handle, not to swallow
        location = server if isinstance(server, str) else ",".join(server)
        if location.startswith("redis://"):  # TLS and sockets keep redis-py's own class
            pool = dict(options.get("CONNECTION_POOL_KWARGS", {}))
            pool.setdefault("connection_class", CountedConnection)
            options["CONNECTION_POOL_KWARGS"] = pool
        super().__init__(server, {**params, "OPTIONS": options})
        self._location = server if isinstance(server, str) else ",".join(server)
        self.fallback = LocMemCache(
            f"redis-fallback:{self._location}",
            {
                "TIMEOUT": params.get("TIMEOUT", 300),
                "KEY_PREFIX": params.get("KEY_PREFIX", ""),
                "VERSION": params.get("VERSION", 1),
                "OPTIONS": {"MAX_ENTRIES": 5000},
            },
        )

    @property
    def is_down(self):
        return time.monotonic() < _down_until.get(self._location, 0.0)

    def generation(self):
        return generation()

    def mark_down(self, error):
        _bump_generation()
        with _lock:
            first = not self.is_down
            _down_until[self._location] = time.monotonic() + RETRY_SECONDS
        if first:
            logger.error("Redis unreachable (%s); caching in process memory for now", error)

    def ping(self):
        """Ask Redis itself, bypassing the fallback: raises when it is unreachable."""
        try:
            self.client.get_client(write=True).ping()
        except OUTAGE_ERRORS as error:
            self.mark_down(error)
            raise
        _down_until.pop(self._location, None)

    def _call(self, name, *args, **kwargs):
        if not self.is_down:
            try:
                return getattr(super(), name)(*args, **kwargs)
            except OUTAGE_ERRORS as error:
                self.mark_down(error)
        return getattr(self.fallback, name)(*args, **kwargs)

    def delete_pattern(self, *args, **kwargs):
        if not self.is_down:
            try:
                return super().delete_pattern(*args, **kwargs)
            except OUTAGE_ERRORS as error:
                self.mark_down(error)
        # Local memory cannot match patterns; emptying it is the safe over-approximation.
        self.fallback.clear()
        return 0


def _delegate(name):
    def method(self, *args, **kwargs):
        return self._call(name, *args, **kwargs)

    method.__name__ = name
    method.__doc__ = f"{name} on Redis, or on process memory while Redis is down."
    return method


for _name in FALLBACK_METHODS:
    setattr(ResilientRedisCache, _name, _delegate(_name))

"""When Redis itself may say which cached pages still count, so a hit makes no query.

The database is the authority on purge tokens (tokens.py). Reading it on every hit is one
round trip per request, the largest part of what a hit cost (docs/performance.md). A Redis
that every process shares and that received every purge knows the same tokens, so while
that holds, a hit reads the page and the path's token from Redis alone. What breaks it:

- a purge that could not reach Redis (Redis down, or unreachable from the purging process);
- Redis coming back from a restart with an old snapshot, holding tokens from before;
- Redis emptied or evicting keys (a token missing from Redis is simply read from the
  database and added; nothing is ever served on a missing token).

So every key the shared mode writes carries an *epoch*, kept in the database beside the
tokens (the ``PurgeToken`` row of ``EPOCH_PATH``, which no URL path can be). A purge whose
write to Redis failed replaces the epoch, inside the change's own transaction when it can:
every page and token in Redis under the old epoch no longer counts. Each process keeps the
epoch it last read, and reads it again from the database when:

- Redis may be another Redis than before: this process opened a new connection or saw a
  failure since (``astermind_site.cache.generation``; a restart forces a reconnect, so a
  restart from a snapshot is always noticed before anything it holds is served);
- this process itself replaced the epoch;
- ``PAGE_CACHE_TRUST_SECONDS`` (1 s) have passed: the bound on the one case no process can
  see coming, Redis reachable by the readers but not by one purging process (a partial
  network split). Then the purge counts everywhere within that time, not at once.

A purge made inside a transaction first marks each path's token in Redis *pending* (no page
is served or stored for it) and replaces it on commit, so from the moment the change commits
no process serves the old copy, though Redis learns the new token only after the commit. A
transaction that rolls back leaves its paths unserved from the cache until the pending mark
expires (``PAGE_CACHE_PENDING_SECONDS``) or the next purge.

While the database cannot be read no purge can commit (a purge is a write to it), so a
lookup may go on serving under the epoch it cannot re-read (``epoch_without_database``): the
one this process last read on the same Redis connection, or, in a process that has read none,
the copy Redis keeps of it (``MIRROR_KEY``, written by every process that reads a new epoch).
Nothing is stored then. What this trusts is what the per-path mirror trusts in the other
mode (store.py): a renewal made in the last ``PAGE_CACHE_TRUST_SECONDS`` before the outage,
or a Redis restored from an old snapshot during it, is not seen until the database is back.

Without Redis (each process's own memory), with ``PAGE_CACHE_SHARED_TOKENS`` off, or while
the resilient cache has fallen back to process memory, store.py reads the database on every
lookup as before.
"""

import threading
import time

from django.core.cache import caches

from . import tokens
from .conf import settings

EPOCH_PATH = "<page-cache epoch>"
PENDING = "pending:"
MIRROR_KEY = "pagecache:3:epoch"

_lock = threading.Lock()
_memo = {}  # cache alias -> (epoch, monotonic time read, Redis generation then)


def shared(cache):
    """Whether this cache may hold the tokens: a Redis every process shares, reachable now."""
    return (
        settings.PAGE_CACHE_SHARED_TOKENS
        and callable(getattr(cache, "generation", None))
        and not cache.is_down
    )


def current_cache():
    return caches[settings.PAGE_CACHE_ALIAS]


def epoch(cache, fresh=False):
    """The epoch Redis's keys count under; from the database when it may have changed.
    Raises DatabaseError when it had to be read and could not be."""
    alias = settings.PAGE_CACHE_ALIAS
    generation = cache.generation()
    known = _memo.get(alias)
    if (
        not fresh
        and known is not None
        and known[2] == generation
        and time.monotonic() - known[1] < settings.PAGE_CACHE_TRUST_SECONDS
    ):
        return known[0]
    value = tokens.current(EPOCH_PATH)
    with _lock:
        _memo[alias] = (value, time.monotonic(), generation)
    if known is None or known[0] != value or known[2] != generation:
        _mirror(cache, value)
    return value


def _mirror(cache, value):
    try:
        cache.set(MIRROR_KEY, value, None)
    except Exception:  # only an outage's fallback reads it; the lookup goes on
        pass


def epoch_without_database(cache):
    """The epoch to serve under while the database cannot be read, or None (module
    docstring): this process's own on an unchanged connection, else Redis's copy."""
    known = _memo.get(settings.PAGE_CACHE_ALIAS)
    if known is not None and known[2] == cache.generation():
        return known[0]
    try:
        return cache.get(MIRROR_KEY)
    except Exception:
        return None


def forget():
    with _lock:
        _memo.clear()


def renew_epoch():
    """Redis missed a purge: nothing it holds counts any more, in any process. Raises
    DatabaseError (then nothing can be done: the purge was not recorded either)."""
    tokens.rotate({EPOCH_PATH})
    forget()


def is_pending(token):
    return token.startswith(PENDING)

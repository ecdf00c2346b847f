"""Where cached pages live, and how a purge by path reaches every variant of it.

A purge names a path (``/core-concepts/``) but the cache holds one entry per full URL:
``?page=2``, ``?tag=…`` and each host and scheme the page was fetched under. Django's cache
API cannot list keys, so each path has a *token* (tokens.py: kept in the database, mirrored
in the cache) and every entry keeps the token it was stored under: a purge gives the path a
new token, and every entry stored under an old one no longer counts (it is replaced by the
next render, or expires by itself).

With a shared Redis (trust.py) a lookup reads the entry and the path's token from Redis in
one round trip and asks the database nothing, as long as Redis can be trusted to have seen
every purge; keys then live under the current epoch (``shared_*_key``). Otherwise:

A lookup reads the entry and the token's mirror from the cache in one round trip, then the
token from the database (after the entry, so a lookup that starts after a purge committed
always sees the purge). While the database is unreachable the mirror decides instead; a
mirror that differs from the database (a purge that could not reach the cache, a cache
restored from an old snapshot) is set right by the next lookup of its path.

The token seen when a request starts is read again before its response is stored. If a
purge happened while the page was rendering (the render may have read the old rows), the
response is not stored, so a purge cannot be undone by a request that was already running.

Every cache error is logged and treated as a miss: a cache outage makes pages slower, never
broken.
"""

import logging
from dataclasses import dataclass

from django.core.cache import caches
from django.db import DatabaseError

from . import tokens, trust
from .conf import settings

logger = logging.getLogger(__name__)

KEY_PREFIX = "pagecache:3"  # entries are (token, page) pairs; tokens come from the database


@dataclass(frozen=True)
class CachedPage:
    status: int
    headers: tuple  # (name, value) pairs, only settings.PAGE_CACHE_STORED_HEADERS
    content: bytes
    etag: str
    stored_at: int  # Unix time, sent as Last-Modified


@dataclass(frozen=True)
class Seen:
    """The token a shared-mode lookup saw, and the epoch it was under."""

    epoch: str
    token: str


def token_key(path):
    return f"{KEY_PREFIX}:path:{tokens.digest(path)}"


def entry_key(url):
    return f"{KEY_PREFIX}:page:{tokens.digest(url)}"


def shared_token_key(epoch, path):
    return f"{KEY_PREFIX}:{epoch}:path:{tokens.digest(path)}"


def shared_entry_key(epoch, url):
    return f"{KEY_PREFIX}:{epoch}:page:{tokens.digest(url)}"


def _cache():
    return caches[settings.PAGE_CACHE_ALIAS]


def _entry_token(entry):
    if isinstance(entry, tuple) and len(entry) == 2:
        return entry[0]
    return None


class _Untrusted(Exception):
    """Redis could not be trusted for this lookup: the database decides instead."""


def _shared_token(cache, epoch, path, found):
    """The path's token in Redis under this epoch; read from the database and added when
    Redis has none (never set, evicted, emptied by a restart). ``add`` never overwrites, so
    a purge's token written meanwhile wins."""
    token = found.get(shared_token_key(epoch, path))
    if token is None:
        token = tokens.current(path)
        cache.add(shared_token_key(epoch, path), token, None)
    return token


def _lookup_shared(cache, path, url):
    for _attempt in range(2):
        generation = cache.generation()
        try:
            epoch, readable = trust.epoch(cache), True
        except DatabaseError:
            epoch, readable = trust.epoch_without_database(cache), False
            if epoch is None:
                raise
        keys = shared_token_key(epoch, path), shared_entry_key(epoch, url)
        found = cache.get_many(keys)
        if not trust.shared(cache):
            raise _Untrusted  # Redis failed during the read: process memory answered
        if cache.generation() != generation:
            continue  # a new connection: perhaps a restarted Redis; read the epoch again
        if readable:
            token = _shared_token(cache, epoch, path, found)
        else:
            token = found.get(keys[0])  # no database to fill a missing token from
            if token is None:
                return None, None
        if trust.is_pending(token):
            return None, None  # a purge is committing: neither serve nor store
        entry = found.get(keys[1])
        page = entry[1] if entry is not None and _entry_token(entry) == token else None
        return (Seen(epoch, token) if readable else None), page
    raise _Untrusted


def lookup(path, url):
    """(token seen for the path, CachedPage or None); the token is None when the database
    could not be read, and nothing rendered then may be stored."""
    cache = _cache()
    if trust.shared(cache):
        try:
            return _lookup_shared(cache, path, url)
        except (_Untrusted, DatabaseError):
            pass
        except Exception:
            logger.warning("Page cache unavailable for lookup of %s", path, exc_info=True)
    keys = token_key(path), entry_key(url)
    try:
        found = _cache().get_many(keys)
    except Exception:
        logger.warning("Page cache unavailable for lookup of %s", path, exc_info=True)
        found = None
    entry = (found or {}).get(keys[1])
    mirror = (found or {}).get(keys[0], tokens.NEVER_PURGED)
    try:
        token = tokens.current(path)
    except DatabaseError:
        hit = entry is not None and _entry_token(entry) == mirror
        return None, entry[1] if hit else None
    if found is not None and mirror != token:
        _repair_mirror(path, token)
    return token, entry[1] if entry is not None and _entry_token(entry) == token else None


def _repair_mirror(path, token):
    """Bring the mirror back in line with the database after a purge that could not reach
    the cache (or a cache restored from an old snapshot). Should a purge land meanwhile, the
    mirror gets a token no entry has: unknown, so nothing is served from it."""
    try:
        cache = _cache()
        cache.set(token_key(path), token, None)
        try:
            raced = tokens.current(path) != token
        except DatabaseError:
            raced = True
        if raced:
            cache.set(token_key(path), tokens.new_tokens([path])[path], None)
    except Exception:
        logger.warning("Page cache mirror not repaired for %s", path, exc_info=True)


def _save_shared(path, url, seen, page):
    cache = _cache()
    if not trust.shared(cache):
        return False
    generation = cache.generation()
    try:
        if trust.epoch(cache) != seen.epoch:
            return False
        found = cache.get_many([shared_token_key(seen.epoch, path)])
        if _shared_token(cache, seen.epoch, path, found) != seen.token:
            return False
        if cache.generation() != generation or not trust.shared(cache):
            return False
        entry = (seen.token, page)
        cache.set(shared_entry_key(seen.epoch, url), entry, settings.PAGE_CACHE_TIMEOUT)
        return True
    except DatabaseError:
        return False
    except Exception:
        logger.warning("Page cache unavailable for storing %s", path, exc_info=True)
        return False


def save(path, url, seen_token, page):
    """Store the page unless the path was purged since `seen_token` was read; True if stored."""
    if seen_token is None:
        return False
    if isinstance(seen_token, Seen):
        return _save_shared(path, url, seen_token, page)
    try:
        if tokens.current(path) != seen_token:
            return False
    except DatabaseError:
        return False
    try:
        _cache().set(entry_key(url), (seen_token, page), settings.PAGE_CACHE_TIMEOUT)
        return True
    except Exception:
        logger.warning("Page cache unavailable for storing %s", path, exc_info=True)
        return False


def purge_paths(paths):
    """Make every cached variant of these paths unreachable, in every process.

    The database is written first: it is what every lookup checks. The cache's mirror
    follows, for lookups made while the database is down."""
    paths = set(paths)
    if not paths:
        return
    try:
        fresh = tokens.rotate(paths)
    except DatabaseError:
        logger.error("Page cache purge not recorded for %d paths", len(paths), exc_info=True)
        fresh = tokens.new_tokens(paths)
    try:
        _cache().set_many({token_key(p): t for p, t in fresh.items()}, None)
    except Exception:
        logger.warning("Page cache mirror not updated for %d paths", len(paths), exc_info=True)
    write_shared_tokens(fresh)


def write_shared_tokens(fresh, pending=False):
    """Give Redis the paths' new tokens under the current epoch (marked pending, for a while,
    inside the change's transaction). When Redis cannot take them, the epoch is replaced:
    nothing Redis holds counts any more (trust.py)."""
    cache = _cache()
    if not (settings.PAGE_CACHE_SHARED_TOKENS and callable(getattr(cache, "generation", None))):
        return
    if not fresh:
        return
    try:
        epoch = trust.epoch(cache, fresh=True)
    except DatabaseError:
        logger.error("Page cache epoch unreadable; purge not sent to Redis", exc_info=True)
        return
    prefix, timeout = ("", None)
    if pending:
        prefix, timeout = trust.PENDING, settings.PAGE_CACHE_PENDING_SECONDS
    reached = False
    if trust.shared(cache):
        try:
            cache.set_many(
                {shared_token_key(epoch, p): prefix + t for p, t in fresh.items()}, timeout
            )
            reached = trust.shared(cache)  # the resilient cache falls back to memory silently
        except Exception:
            logger.warning("Page cache: purge not written to Redis", exc_info=True)
    if not reached:
        logger.error("Page cache: Redis missed a purge of %d paths; epoch renewed", len(fresh))
        try:
            trust.renew_epoch()
        except DatabaseError:
            logger.error("Page cache epoch not renewed", exc_info=True)

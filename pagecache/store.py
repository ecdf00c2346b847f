"""Where cached pages live, and how a purge by path reaches every variant of it.

A purge names a path (``/core-concepts/``) but the cache holds one entry per full URL:
``?page=2``, ``?tag=…`` and each host and scheme the page was fetched under. Django's cache
API cannot list keys, so each path has a *token* (tokens.py: kept in the database, mirrored
in the cache) and every entry keeps the token it was stored under: a purge gives the path a
new token, and every entry stored under an old one no longer counts (it is replaced by the
next render, or expires by itself).

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

from . import tokens
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


def token_key(path):
    return f"{KEY_PREFIX}:path:{tokens.digest(path)}"


def entry_key(url):
    return f"{KEY_PREFIX}:page:{tokens.digest(url)}"


def _cache():
    return caches[settings.PAGE_CACHE_ALIAS]


def _entry_token(entry):
    if isinstance(entry, tuple) and len(entry) == 2:
        return entry[0]
    return None


def lookup(path, url):
    """(token seen for the path, CachedPage or None); the token is None when the database
    could not be read, and nothing rendered then may be stored."""
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


def save(path, url, seen_token, page):
    """Store the page unless the path was purged since `seen_token` was read; True if stored."""
    if seen_token is None:
        return False
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

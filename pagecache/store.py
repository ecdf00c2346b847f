"""Where cached pages live, and how a purge by path reaches every variant of it.

A purge names a path (``/core-concepts/``) but the cache holds one entry per full URL:
``?page=2``, ``?tag=…``, ``?sort=…`` and each host and scheme the page was fetched under.
Django's cache API cannot list keys (locmem has no scan, Redis's is slow), so each path gets
a random *token* and every entry keeps the token it was stored under: a purge gives the path
a new token, and every entry stored under the old one no longer counts (it is replaced by the
next render, or expires by itself). A lookup reads the token and the entry in one round trip.

The token seen when a request starts is checked again before its response is stored. If a
purge happened while the page was rendering (the render may have read the old rows), the
response is not stored, so a purge cannot be undone by a request that was already running.

Every cache error is logged and treated as a miss: a cache outage makes pages slower, never
broken.
"""

import hashlib
import logging
import uuid
from dataclasses import dataclass

from django.core.cache import caches

from .conf import settings

logger = logging.getLogger(__name__)

KEY_PREFIX = "pagecache:2"  # entries are (token, page) pairs


@dataclass(frozen=True)
class CachedPage:
    status: int
    headers: tuple  # (name, value) pairs, only settings.PAGE_CACHE_STORED_HEADERS
    content: bytes
    etag: str
    stored_at: int  # Unix time, sent as Last-Modified


def _digest(text):
    return hashlib.md5(text.encode(), usedforsecurity=False).hexdigest()


def token_key(path):
    return f"{KEY_PREFIX}:path:{_digest(path)}"


def entry_key(url):
    return f"{KEY_PREFIX}:page:{_digest(url)}"


def _cache():
    return caches[settings.PAGE_CACHE_ALIAS]


def lookup(path, url):
    """(token seen for the path, CachedPage or None)."""
    try:
        keys = token_key(path), entry_key(url)
        found = _cache().get_many(keys)
        token, entry = found.get(keys[0]), found.get(keys[1])
        if token is None:
            return None, None
        if isinstance(entry, tuple) and len(entry) == 2 and entry[0] == token:
            return token, entry[1]
        return token, None
    except Exception:
        logger.warning("Page cache unavailable for lookup of %s", path, exc_info=True)
        return None, None


def save(path, url, seen_token, page):
    """Store the page unless the path was purged since `seen_token` was read; True if stored."""
    timeout = settings.PAGE_CACHE_TIMEOUT
    try:
        cache = _cache()
        key = token_key(path)
        token = cache.get(key)
        if token != seen_token:
            return False
        if token is None:
            token = uuid.uuid4().hex
            if not cache.add(key, token, timeout):
                return False  # another request or a purge got there first
        else:
            cache.touch(key, timeout)
        cache.set(entry_key(url), (token, page), timeout)
        return True
    except Exception:
        logger.warning("Page cache unavailable for storing %s", path, exc_info=True)
        return False


def purge_paths(paths):
    """Make every cached variant of these paths unreachable."""
    fresh = {token_key(path): uuid.uuid4().hex for path in paths}
    if not fresh:
        return
    try:
        _cache().set_many(fresh, settings.PAGE_CACHE_TIMEOUT)
    except Exception:
        logger.error("Page cache purge failed for %d paths", len(fresh), exc_info=True)

"""The *links token*: a random token in the shared cache that names the state of the site's
pages for values derived from many of them (the home page's newest ids, models/latest.py;
the search vocabulary, suggest.py).

Every save or delete of a page, image or document, and every tag change, replaces it
(signals.py), so a value kept under it is never read after such a change, in any process.
A token that is missing (evicted, or a fresh cache) is replaced by a new random one, so a
lost token can cost a miss but never serve a stale value. Tokens are replaced at once and
again when the transaction commits: a request that read the data before the commit stored
its value under the token the commit retires. While the shared cache is down nothing is read
or stored under it: a token replaced in one process's fallback memory would not reach the
others. For the same reason nothing is kept without Redis at all (``RENDER_CACHE_ENABLED``).
Values also expire after RENDER_CACHE_SECONDS, which bounds what an invalidation lost during
a cache outage can leave behind.

The article's rendered body, tables and further reading used to be kept here too, under a
token of their own; they are now kept per site version (pagecache/versioned.py, through
templatetags/article_tags.py), which the database decides, so they are kept with Redis or
without and every process sees a change at once.
"""

import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import transaction

RENDER_CACHE_SECONDS = 6 * 60 * 60
LINKS = "links"
TOKEN_KEY = "articles:render-token:{}"


def usable_cache():
    """The shared cache, or None while it is down (ResilientRedisCache says so) or when
    there is none to share (RENDER_CACHE_ENABLED is off without REDIS_URL)."""
    if not settings.RENDER_CACHE_ENABLED or getattr(cache, "is_down", False):
        return None
    return cache


def replace_token(kind):
    """Retire every value that depends on `kind`, now and once the change commits."""

    def replace():
        shared = usable_cache()
        if shared is not None:
            shared.set(TOKEN_KEY.format(kind), uuid.uuid4().hex, None)

    replace()
    transaction.on_commit(replace)


def current_tokens(shared, kinds):
    keys = {kind: TOKEN_KEY.format(kind) for kind in kinds}
    found = shared.get_many(list(keys.values())) if keys else {}
    tokens = {}
    for kind, key in keys.items():
        token = found.get(key)
        if token is None:
            shared.add(key, uuid.uuid4().hex, None)
            token = shared.get(key) or uuid.uuid4().hex  # a cache that keeps nothing: miss
        tokens[kind] = token
    return tokens

"""Purge tokens: which cached copies of a path still count, decided by the database.

Every cached page is stored with the token its path had when the render began (store.py).
A purge gives each path a new random token, written to ``PurgeToken`` in the database:

- inside the transaction that changed the content when the purge is scheduled there
  (batch.py), so the new content and the new token become visible together, and again by
  the backend when the purge is sent on commit (backends.py);
- every process reads the token from the database on every lookup (one primary-key
  probe; with a shared Redis, from Redis under the conditions trust.py sets out), so a
  purge made by another gunicorn worker, a management command, a shell or cron is in
  force at once in all of them, whether or not they share a cache server;
- a purge made while Redis was down is not lost: copies Redis kept from before carry the
  old token and no longer count when Redis comes back.

A path never purged has no row; its token is ``""``.

The cache keeps a *mirror* of each path's token, consulted only while the database is
unreachable, so cached pages keep serving through a database outage. The mirror is set by
every purge that can reach the cache; a purge that reached the database but not the cache
(both outages in turn) can leave one stale copy served until the database is back.
"""

import hashlib
import logging
import uuid
from urllib.parse import urlsplit

from django.db import DatabaseError, transaction

from .models import PurgeToken

logger = logging.getLogger(__name__)

NEVER_PURGED = ""
# No URL path has angle brackets: the token of everything kept once per site version
# (versioned.py). Every purge renews it beside the paths it names, because whatever a visitor
# can see change somewhere may be in a value computed for the whole site.
SITE_VERSION = "<site version>"


def digest(path):
    return hashlib.md5(path.encode(), usedforsecurity=False).hexdigest()


def url_paths(urls):
    """Purges go by path: the same page under another host name or query string goes too."""
    return {urlsplit(url).path or "/" for url in urls}


def purged_paths(urls):
    """The paths a purge of these URLs renews: theirs and, with any, the site version."""
    paths = url_paths(urls)
    return paths | {SITE_VERSION} if paths else paths


def current(path):
    """The path's token in the database; raises DatabaseError when it cannot be read."""
    rows = PurgeToken.objects.filter(path_digest=digest(path)).values_list("token", flat=True)
    found = list(rows[:1])
    return found[0] if found else NEVER_PURGED


def new_tokens(paths):
    return {path: uuid.uuid4().hex for path in paths}


def rotate(paths):
    """Give every path a new token in the database: {path: token}. Raises DatabaseError."""
    fresh = new_tokens(paths)
    if fresh:
        # In one order everywhere, so two purges of overlapping paths never deadlock.
        rows = sorted(
            (PurgeToken(path_digest=digest(p), token=t) for p, t in fresh.items()),
            key=lambda row: row.path_digest,
        )
        with transaction.atomic():
            PurgeToken.objects.bulk_create(
                rows,
                update_conflicts=True,
                unique_fields=["path_digest"],
                update_fields=["token", "purged_at"],
            )
    return fresh


def rotate_now(paths):
    """Rotate inside the current transaction (if any), so the purge commits with the change
    that caused it; the purge sent on commit rotates again. Failures are logged: the purge
    on commit still runs. True when the tokens were written."""
    try:
        rotate(paths)
    except DatabaseError:
        logger.error("Page cache: purge tokens not written for %d paths", len(paths), exc_info=True)
        return False
    return True

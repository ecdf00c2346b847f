"""One purge per change: the URLs of one transaction go out as one ``PurgeBatch`` on commit.

purge.py works out which URLs a change shows; this module decides when they are sent. Every
receiver in signals.py hands its URLs to ``schedule``; inside a transaction they join the
batch of the outermost transaction, and that batch is sent once, by the first of its commit
callbacks to run (``transaction.on_commit``), through Wagtail's ``PurgeBatch`` to every
backend in ``WAGTAILFRONTENDCACHE``: the app's page cache (backends.py) and each proxy
(astermind_site/frontend_cache.py, which owns how a purge reaches Varnish). So a page publish,
or an organisation edit that republishes its N models, is one round for the page cache and
one for Varnish, not one per signal. Outside a transaction the change has already been
committed, and its URLs go at once.

- **Rollback sends nothing.** The batch lives only as long as a commit callback that will
  send it: each ``schedule`` call registers a callback (a ``_Part`` holding that call's URLs)
  and the batch keeps only weak references to its parts. A rolled-back transaction drops its
  callbacks, so its parts and its batch are gone, and the next change starts a new batch.
  A savepoint that rolls back drops the parts registered inside it; the URLs of the parts
  still alive are what is sent. (CPython frees a dropped part at once; an interpreter that
  frees it later only purges some URLs too many, never too few.)
- **No stale render is stored.** Each call also gives its paths new purge tokens at once,
  inside the transaction (tokens.py), so the change and its tokens commit together even if
  the process dies before its callbacks run; a path already given one by a live part of the
  same batch is not written again. The page-cache backend rotates them again when the batch
  arrives, after the commit, so a render that read the old rows is never stored.
- **Nested atomic blocks** are one transaction: one batch. ``Page.save`` and Wagtail's admin
  views open their own atomic blocks; wrap a script's changes in ``transaction.atomic()``
  (the admin's own requests are: astermind_site/middleware/admin_transaction.py) for one
  purge per change rather than one per statement.
"""

import weakref

from asgiref.local import Local
from django.conf import settings
from django.db import transaction
from wagtail.contrib.frontend_cache.utils import PurgeBatch

from . import store, tokens

# The batch being collected, per thread (as Django keeps its connections) and database.
_collecting = Local()


class _Part:
    """One ``schedule`` call's URLs, registered as a commit callback of its transaction."""

    __slots__ = ("batch", "urls", "rotated", "__weakref__")

    def __init__(self, batch, urls, rotated):
        self.batch, self.urls, self.rotated = batch, urls, rotated

    def __call__(self):
        self.batch.send()


class _TransactionBatch:
    def __init__(self):
        self.parts = weakref.WeakSet()  # only the parts a commit can still run
        self.sent = False

    def add(self, urls, rotated):
        part = _Part(self, frozenset(urls), frozenset(rotated))
        self.parts.add(part)
        return part

    def rotated_paths(self):
        return set().union(*(part.rotated for part in list(self.parts)))

    def send(self):
        if self.sent:
            return
        self.sent = True
        send_now(set().union(*(part.urls for part in list(self.parts))))


def send_now(urls):
    """One PurgeBatch to every backend; nothing when there is nothing to purge."""
    if urls:
        PurgeBatch(sorted(urls)).purge()


def _open_batch(using):
    batches = getattr(_collecting, "batches", None)
    if batches is None:
        batches = _collecting.batches = {}
    ref = batches.get(using)
    batch = ref() if ref is not None else None
    if batch is None or batch.sent:
        batch = _TransactionBatch()
        batches[using] = weakref.ref(batch)
    return batch


def schedule(find_urls, *args, using=None):
    """Work out the URLs a change shows now, and purge them once, with the rest of its
    transaction, on commit; nothing at all with nowhere to purge."""
    if not getattr(settings, "WAGTAILFRONTENDCACHE", None):
        return
    urls = set(find_urls(*args))
    if not urls:
        return
    connection = transaction.get_connection(using)
    if not connection.in_atomic_block:
        send_now(urls)
        return
    batch = _open_batch(connection.alias)
    # The site version on every change, not once per batch: a value kept between two changes
    # of one transaction (read inside it) must not outlive the second (versioned.py).
    fresh = (tokens.purged_paths(urls) - batch.rotated_paths()) | {tokens.SITE_VERSION}
    if fresh and not tokens.rotate_now(fresh):
        fresh = set()  # not written: a later change in this transaction tries again
    if fresh:
        # Redis's tokens too, marked pending until the batch arrives on commit (trust.py).
        store.write_shared_tokens(tokens.new_tokens(fresh), pending=True)
    transaction.on_commit(batch.add(urls, fresh), using=connection.alias)


def renew_site_version(using=None):
    """What is kept per site version goes (versioned.py), for a change that purges nothing
    by itself (a page saved live by code instead of published): now, inside the change's
    transaction, and again on its commit, as a purge renews it."""
    connection = transaction.get_connection(using)
    if not connection.in_atomic_block:
        store.purge_paths({tokens.SITE_VERSION})
        return
    if tokens.rotate_now({tokens.SITE_VERSION}):
        store.write_shared_tokens(tokens.new_tokens({tokens.SITE_VERSION}), pending=True)
    transaction.on_commit(lambda: store.purge_paths({tokens.SITE_VERSION}), using=connection.alias)

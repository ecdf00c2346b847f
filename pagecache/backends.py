"""The page cache as a Wagtail frontend-cache backend.

Listed in ``WAGTAILFRONTENDCACHE`` beside the reverse proxies, it makes every purge (the one
batch per change that batch.py sends, or a purge of Wagtail's redirects app) reach the app's
cache and the proxies through one path: ``PurgeBatch``.
"""

from wagtail.contrib.frontend_cache.backends.base import BaseBackend

from . import store, tokens


class PageCacheBackend(BaseBackend):
    def purge(self, url):
        self.purge_batch([url])

    def purge_batch(self, urls):
        store.purge_paths(tokens.purged_paths(urls))

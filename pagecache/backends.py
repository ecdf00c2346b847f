"""The page cache as a Wagtail frontend-cache backend.

Listed in ``WAGTAILFRONTENDCACHE`` beside the reverse proxies, it makes every purge, whether
Wagtail's own on publish or ours from signals.py, reach the app's cache and the proxies through
one path: ``PurgeBatch``.
"""

from urllib.parse import urlsplit

from wagtail.contrib.frontend_cache.backends.base import BaseBackend

from . import store


class PageCacheBackend(BaseBackend):
    def purge(self, url):
        self.purge_batch([url])

    def purge_batch(self, urls):
        # By path: the same page fetched under another host name or query string goes too.
        store.purge_paths({urlsplit(url).path or "/" for url in urls})

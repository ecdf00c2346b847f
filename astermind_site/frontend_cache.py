"""Wagtail frontend-cache backend for our Varnish: PURGE with the shared token.

Wagtail's HTTPBackend sends PURGE with no way to add a header, and waits for an answer
without a time limit (a hung proxy would hold up a publish). This one names the same URL
(the path on the proxy, `Host` from the page's own URL), adds `X-Purge-Token`
(astermind_site/purge_token.py) and gives up after a few seconds. A refused or failed purge
is logged on Wagtail's frontend-cache logger, as Wagtail's own backends do. The page cache's
own backend (pagecache/backends.py) sits beside this one in WAGTAILFRONTENDCACHE.
"""

import logging
from urllib.error import HTTPError, URLError
from urllib.parse import urlsplit, urlunsplit
from urllib.request import Request, urlopen

from wagtail import __version__ as wagtail_version
from wagtail.contrib.frontend_cache.backends.base import BaseBackend

from .purge_token import HEADER

logger = logging.getLogger("wagtail.frontendcache")

DEFAULT_TIMEOUT = 5


class VarnishBackend(BaseBackend):
    def __init__(self, params):
        params = dict(params)
        location = urlsplit(params.pop("LOCATION"))
        self.scheme, self.netloc = location.scheme, location.netloc
        self.token = params.pop("PURGE_TOKEN", "")
        self.timeout = params.pop("TIMEOUT", DEFAULT_TIMEOUT)
        super().__init__(params)

    def purge_request(self, url):
        page = urlsplit(url)
        headers = {"User-Agent": f"Wagtail-frontendcache/{wagtail_version}"}
        if page.hostname:  # else urllib names the proxy itself
            headers["Host"] = page.hostname + (f":{page.port}" if page.port else "")
        if self.token:
            headers[HEADER] = self.token
        target = urlunsplit((self.scheme, self.netloc, page.path or "/", page.query, ""))
        return Request(target, headers=headers, method="PURGE")

    def purge(self, url):
        try:
            # The scheme and address are the operator's VARNISH_PURGE_URLS, not a visitor's.
            with urlopen(self.purge_request(url), timeout=self.timeout):  # noqa: S310
                pass
        except HTTPError as error:
            logger.error("Couldn't purge '%s' from Varnish: HTTP %d", url, error.code)
        except (URLError, OSError) as error:
            logger.error("Couldn't purge '%s' from Varnish: %s", url, error)

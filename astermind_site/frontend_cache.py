"""Wagtail frontend-cache backend for our Varnish: PURGE with the shared token, through the queue.

Wagtail's HTTPBackend sends PURGE with no way to add a header, and waits for an answer
without a time limit (a hung proxy would hold up a publish). This one names the same URL
(the path on the proxy, `Host` from the page's own URL), adds `X-Purge-Token`
(astermind_site/purge_token.py) and gives up after a few seconds.

It does not send anything while the editor waits: each PurgeBatch becomes one queued task
(`send_purges`, run by the worker, background.py), so a slow or unreachable proxy never slows
a publish. What Varnish did not take is tried again with a growing delay, a bounded number of
times (VARNISH_PURGE_* in conf.py); every failure is logged on Wagtail's frontend-cache logger,
as Wagtail's own backends do, and so is giving up. The queued task names the proxy by its
address only: the token is read from the settings when it is sent, never stored in the queue.

The app's own page cache is not purged here: its backend (pagecache/backends.py) sits beside
this one in WAGTAILFRONTENDCACHE and purges at once, in the request, because a stale page must
never be stored by the app.
"""

import logging
from urllib.error import HTTPError, URLError
from urllib.parse import urlsplit, urlunsplit
from urllib.request import Request, urlopen

from django_tasks import task
from wagtail import __version__ as wagtail_version
from wagtail.contrib.frontend_cache.backends.base import BaseBackend

from .background import BACKEND, PURGE_PRIORITY, enqueue_after, enqueue_or_log, retry_delay
from .conf import settings
from .purge_token import HEADER

logger = logging.getLogger("wagtail.frontendcache")

DEFAULT_TIMEOUT = 5


class Unreachable(Exception):
    """The proxy did not answer at all: the rest of a batch would fail the same way."""


class VarnishBackend(BaseBackend):
    def __init__(self, params):
        params = dict(params)
        self.location = params.pop("LOCATION")
        location = urlsplit(self.location)
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
        self.purge_batch([url])

    def purge_batch(self, urls):
        """Queue the batch for the worker; nothing is sent from here."""
        urls = sorted(set(urls))
        if urls:
            enqueue_or_log(send_purges, self.location, urls)

    def send(self, url):
        """PURGE one URL now. False if Varnish refused it; Unreachable if it did not answer."""
        try:
            # The scheme and address are the operator's VARNISH_PURGE_URLS, not a visitor's.
            with urlopen(self.purge_request(url), timeout=self.timeout):  # noqa: S310
                return True
        except HTTPError as error:
            logger.warning("Couldn't purge '%s' from Varnish: HTTP %d", url, error.code)
            return False
        except (URLError, OSError) as error:
            reason = getattr(error, "reason", error)
            logger.warning("Couldn't purge '%s' from Varnish: %s", url, reason)
            raise Unreachable(str(reason)) from error


def configured_proxy(location):
    """The Varnish backend configured for `location` now, or None if it was removed."""
    for config in getattr(settings, "WAGTAILFRONTENDCACHE", {}).values():
        if config.get("BACKEND") == f"{__name__}.VarnishBackend":
            if config.get("LOCATION") == location:
                return VarnishBackend(config)
    return None


def send_batch(proxy, urls):
    """PURGE each URL; return the ones still to purge: those refused, and once the proxy did
    not answer, all the rest (untried: a down proxy would time out on each)."""
    failed = []
    for index, url in enumerate(urls):
        try:
            if not proxy.send(url):
                failed.append(url)
        except Unreachable:
            return failed + urls[index:]
    return failed


@task(priority=PURGE_PRIORITY, backend=BACKEND)
def send_purges(location, urls, attempt=1):
    """The worker's half of VarnishBackend.purge_batch: send, and queue a retry of what failed."""
    proxy = configured_proxy(location)
    if proxy is None:
        logger.error("Not purging %d URLs: %s left VARNISH_PURGE_URLS", len(urls), location)
        return 0
    failed = send_batch(proxy, urls)
    if not failed:
        return len(urls)
    attempts = settings.VARNISH_PURGE_ATTEMPTS
    if attempt >= attempts:
        logger.error(
            "Gave up purging %d URLs from Varnish at %s after %d attempts (first: '%s')",
            len(failed), location, attempt, failed[0],
        )  # fmt: skip
        return len(urls) - len(failed)
    delay = retry_delay(
        attempt, settings.VARNISH_PURGE_RETRY_DELAY, settings.VARNISH_PURGE_RETRY_MAX_DELAY
    )
    logger.warning(
        "Purging %d URLs from Varnish at %s failed (attempt %d of %d); next try in %gs",
        len(failed), location, attempt, attempts, delay,
    )  # fmt: skip
    enqueue_after(send_purges, delay, location, failed, attempt + 1)
    return len(urls) - len(failed)

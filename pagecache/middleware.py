"""Two middlewares around the whole stack, like Django's own cache middleware pair.

``StorePageMiddleware`` sits near the top of MIDDLEWARE (after WhiteNoise) so it sees the
response exactly as it leaves the app: any cookie set by the session, CSRF or consent
middleware, and any ``Vary: Cookie``. Only then can it know that a response is safe to share.
It sets the caching headers, ETag and Last-Modified, stores shareable pages as they are sent
(compressed for a visitor who takes gzip, with their Content-Security-Policy: both middlewares
sit inside it, so a hit costs neither) and answers revalidations with 304.

``ServeCachedPageMiddleware`` comes after what a hit still needs and before what a shared
page never does (sessions, CSRF, users, messages, redirects), so a hit skips that work. On
its way out a hit passes the consent housekeeping, which expires a visitor's stray cookies on
that visitor's response (the store middleware then marks it private), and the security
headers. On the way in the only database read is the path's purge token (one primary-key
probe, store.py), none at all with a shared Redis that holds the tokens (trust.py), and
cached pages keep serving while the database is down.

A hit is presented as a fresh response from the origin (no Age header): every change to the
content purges it, so it is as current as a render would be, and browsers and proxies get
the full max-age / s-maxage from the moment they receive it.
"""

import time

from django.http import HttpResponse
from django.utils.cache import get_conditional_response, set_response_etag
from django.utils.http import http_date, parse_http_date_safe

from astermind_site.accept_encoding import accepts_gzip

from . import rules, store
from .conf import settings

HIT, MISS, BYPASS = "HIT", "MISS", "BYPASS"


class _State:
    """What the serving middleware learned on the way in, for the storing one on the way out."""

    def __init__(self, url, token):
        self.url = url
        self.token = token
        self.hit = False


def cache_url(request):
    """The full URL, and whether the visitor takes gzip: pages are kept as they are sent,
    compressed or not, so each encoding is its own entry."""
    encoding = "gzip" if accepts_gzip(request.headers.get("Accept-Encoding", "")) else ""
    return f"{request.scheme}://{request.get_host()}{request.get_full_path()} {encoding}"


def _cached_response(request, page):
    response = HttpResponse(b"" if request.method == "HEAD" else page.content, status=page.status)
    for name, value in page.headers:
        response[name] = value
    response["Content-Length"] = str(len(page.content))
    response["ETag"] = page.etag
    response["Last-Modified"] = http_date(page.stored_at)
    return response


def _conditional(request, response):
    """A 304 when the visitor's copy is still current, else the response itself."""
    not_modified = get_conditional_response(
        request,
        etag=response.get("ETag"),
        last_modified=parse_http_date_safe(response.get("Last-Modified", "")),
        response=response,
    )
    if not_modified is not response:
        not_modified["X-Cache"] = response["X-Cache"]
    return not_modified


class ServeCachedPageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not (settings.PAGE_CACHE_ENABLED and rules.is_cacheable_request(request)):
            return self.get_response(request)
        url = cache_url(request)
        token, page = store.lookup(request.path, url)
        request._page_cache = state = _State(url, token)
        if page is None:
            return self.get_response(request)
        state.hit = True
        response = _cached_response(request, page)
        rules.mark_public(response)
        response["X-Cache"] = HIT
        return _conditional(request, response)


class StorePageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        state = getattr(request, "_page_cache", None)
        if state is not None and state.hit:
            if response.cookies:  # consent housekeeping expired this visitor's stray cookies
                rules.mark_private(response)
            return response
        if rules.is_cacheable_request(request) and rules.is_shareable_response(response):
            # Whatever the view's own headers said. Asked only when the app's cache is on
            # (the uncached benchmark keeps its query count); with it off, Wagtail's own
            # never-cache headers on a restricted page are what keeps proxies out.
            if state is not None and rules.is_restricted(request):
                rules.mark_private(response, store=False)
                response["X-Cache"] = BYPASS
                return response
        else:
            if not rules.declares_itself_public(response):
                rules.mark_private(response)
            response["X-Cache"] = BYPASS
            return response
        rules.mark_public(response)
        response["X-Cache"] = MISS
        if not response.has_header("ETag"):
            set_response_etag(response)
        if not response.has_header("Last-Modified"):
            response["Last-Modified"] = http_date(time.time())
        if state is not None and request.method == "GET" and response.has_header("ETag"):
            store.save(request.path, state.url, state.token, _page_to_keep(response))
        return _conditional(request, response)


def _page_to_keep(response):
    kept = {name.lower() for name in settings.PAGE_CACHE_STORED_HEADERS}
    return store.CachedPage(
        status=response.status_code,
        headers=tuple((k, v) for k, v in response.items() if k.lower() in kept),
        content=response.content,
        etag=response["ETag"],
        stored_at=parse_http_date_safe(response["Last-Modified"]) or int(time.time()),
    )

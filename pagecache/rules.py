"""What may be cached, and the headers that tell browsers and proxies so.

A page is the same for every anonymous visitor (consent state lives in the browser, see
consent/templatetags/consent_tags.py), so a response may be shared when nothing about it is
personal: an anonymous GET or HEAD of a public path that answered 200 without setting a
cookie or varying on one. Everything else says ``private`` so no shared cache keeps it.

Two rules hold whatever the view said: a request whose query string names a parameter its
route does not read (``PAGE_CACHE_QUERY_PARAMS``) is never stored, and neither is a page
under a view restriction (password, login, groups) on itself or an ancestor: the
``before_serve_page`` hook in wagtail_hooks.py notes which page a request served.

A page's language is in its path (``/de/…``), never in a header or cookie
(astermind_site/middleware/locale.py), so the path alone keys a language's copy and no
response varies on ``Accept-Language``.
"""

from django.conf import settings as django_settings
from django.urls import Resolver404, resolve
from django.utils.cache import cc_delim_re, patch_cache_control
from django.utils.translation import get_language_from_path

from .conf import settings

CACHEABLE_METHODS = ("GET", "HEAD")
# Cache-Control directives with which a view has already said "do not share this".
PERSONAL_DIRECTIVES = {"private", "no-store", "no-cache"}


def is_cacheable_request(request):
    if request.method not in CACHEABLE_METHODS:
        return False
    # A session cookie means a signed-in editor (userbar, previews): never shared.
    if django_settings.SESSION_COOKIE_NAME in request.COOKIES:
        return False
    if without_language_prefix(request.path).startswith(
        tuple(settings.PAGE_CACHE_EXCLUDED_PATH_PREFIXES)
    ):
        return False
    bypass = settings.PAGE_CACHE_BYPASS_QUERY_PARAMS
    if any(request.GET.get(name, "").strip() for name in bypass):
        return False
    return not request.GET or uses_only_known_params(request)


def without_language_prefix(path):
    """``/de/cookies/`` → ``/cookies/``: an excluded path is excluded in every language."""
    if get_language_from_path(path):
        return "/" + path.lstrip("/").partition("/")[2]
    return path


def uses_only_known_params(request):
    """True when every query parameter is one the route reads (resolved only for requests
    that have a query string)."""
    try:
        route = resolve(request.path_info).view_name
    except Resolver404:
        return False
    known = settings.PAGE_CACHE_QUERY_PARAMS.get(route, ())
    return set(request.GET).issubset(known)


def note_served_page(request, page):
    """Called for every Wagtail page served: which page the response shows."""
    request._page_cache_page = page


def is_restricted(request):
    """True when the response shows a page under a view restriction (one query, made only
    for a response about to be shared)."""
    page = getattr(request, "_page_cache_page", None)
    return page is not None and page.get_view_restrictions().exists()


def _directives(response):
    return {
        part.split("=", 1)[0].strip().lower()
        for part in cc_delim_re.split(response.get("Cache-Control", ""))
        if part.strip()
    }


def _varies_on_more_than_cookie_and_encoding(response):
    varies = {v.strip().lower() for v in cc_delim_re.split(response.get("Vary", "")) if v.strip()}
    return bool(varies - {"accept-encoding", "cookie"})


def is_shareable_response(response):
    """True when the response holds nothing personal and may be kept for everyone.

    ``Vary: Cookie`` alone is allowed: the session middleware adds it whenever a template
    asks who the visitor is (the userbar does, on every page), and for a request without a
    session cookie the answer is "anonymous" for everyone. A page that used a CSRF token is
    personal, though: the CSRF middleware then always sets (or renews) the token cookie.
    """
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not _varies_on_more_than_cookie_and_encoding(response)
        and not (_directives(response) & PERSONAL_DIRECTIVES)
    )


def mark_public(response):
    patch_cache_control(
        response,
        public=True,
        max_age=settings.PAGE_CACHE_MAX_AGE,
        s_maxage=settings.PAGE_CACHE_S_MAXAGE,
    )


def declares_itself_public(response):
    """A view that said `public` itself (media files) and sets no cookie keeps its headers:
    the app does not store it, but a proxy or browser may."""
    return "public" in _directives(response) and not response.cookies


def mark_private(response, store=True):
    """Keep a personal or unshareable response out of every shared cache.

    A view's own ``no-store`` stays; otherwise the browser may keep it but must revalidate.
    ``store=False`` replaces whatever the view said with ``private, no-store``.
    """
    if not store:
        del response["Cache-Control"]
        patch_cache_control(response, private=True, no_store=True)
    elif "no-store" in _directives(response):
        patch_cache_control(response, private=True)
    else:
        patch_cache_control(response, private=True, no_cache=True)

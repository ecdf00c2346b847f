"""The choice endpoints' CSRF check: Django's token, or proof from the browser that the POST
came from our own pages.

CSRF without a token in cached pages
------------------------------------
The banner is part of every page, and pages must be byte-identical for every visitor so they
can be cached, so the banner form cannot carry a per-visitor CSRF token. The choice endpoints
therefore accept a POST when *either* Django's normal CSRF check passes (the /cookies/ page
form carries a token) *or* the browser proves the request is same-origin: ``Sec-Fetch-Site:
same-origin`` and/or an ``Origin`` equal to ours, falling back to a same-origin ``Referer``
for old browsers that send neither. A cross-site form can forge none of these, and a request
that carries none of them is refused with 403. See `check_same_origin`.
"""

from urllib.parse import urlsplit

from django.middleware.csrf import CsrfViewMiddleware
from django.utils.translation import gettext

from .conf import settings


def _own_origin(request):
    return f"{request.scheme}://{request.get_host()}"


def _trusted(origin, request):
    return origin == _own_origin(request) or origin in getattr(settings, "CSRF_TRUSTED_ORIGINS", [])


def check_same_origin(request):
    """None when the POST may proceed, otherwise the reason it may not."""
    if getattr(request, "_dont_enforce_csrf_checks", False):
        return None  # Django's test client, exactly as CsrfViewMiddleware treats it
    if request.headers.get("X-CSRFToken") or request.POST.get("csrfmiddlewaretoken"):
        middleware = CsrfViewMiddleware(lambda r: None)
        middleware.process_request(request)
        if middleware.process_view(request, None, (), {}) is None:
            return None
        return gettext("The form's security token was not valid. Reload the page and try again.")

    fetch_site = request.headers.get("Sec-Fetch-Site")
    origin = request.headers.get("Origin")
    if fetch_site is not None and fetch_site != "same-origin":
        return gettext("Cookie choices can only be sent from this site.")
    if origin is not None:
        return (
            None if _trusted(origin, request) else gettext("Cross-site cookie choices are refused.")
        )
    if fetch_site == "same-origin":
        return None
    referer = request.headers.get("Referer")
    if referer:
        parts = urlsplit(referer)
        if _trusted(f"{parts.scheme}://{parts.netloc}", request):
            return None
        return gettext("Cross-site cookie choices are refused.")
    return gettext("This request is missing its CSRF token, so the choice was not saved.")

"""/favicon.ico: browsers and crawlers ask for it at the root, whatever the page links."""

from functools import lru_cache

from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.http import Http404, HttpResponse
from django.views.decorators.http import require_safe

# A day: long enough that a browser asks rarely, short enough that a new icon shows soon.
# The page cache may shorten it to its own max-age (patch_cache_control keeps the lower).
FAVICON_MAX_AGE = 86400


@lru_cache(maxsize=1)
def favicon_bytes():
    """The committed static/favicon.ico, or the collected copy where only that exists."""
    path = finders.find("favicon.ico")
    if path:
        with open(path, "rb") as handle:
            return handle.read()
    if staticfiles_storage.exists("favicon.ico"):
        with staticfiles_storage.open("favicon.ico") as handle:
            return handle.read()
    return None


@require_safe
def favicon(request):
    data = favicon_bytes()
    if data is None:
        raise Http404("No favicon has been collected.")
    response = HttpResponse(data, content_type="image/x-icon")
    response["Cache-Control"] = f"public, max-age={FAVICON_MAX_AGE}"
    return response

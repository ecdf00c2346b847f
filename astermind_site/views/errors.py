"""When the database or the media bucket is away: a friendly 503 with Retry-After, never a 500.

Django calls handler500 inside the `except` that caught the error, wherever it was raised
(a view, a template, a middleware), so this one place sees every database outage, and every
object-storage one (media_storage.OUTAGE_ERRORS: a rendition or document read, an upload). The
page is a static template rendered without the request: no context processor, no query.
"""

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.template import loader
from django.utils.cache import add_never_cache_headers
from django.views import defaults

from ..media_storage import OUTAGE_ERRORS as STORAGE_ERRORS
from ..negotiation import wants_json

RETRY_AFTER_SECONDS = 30
MESSAGE = "The site is briefly unavailable. Please try again in a minute."
DATABASE_ERRORS = (OperationalError, InterfaceError)


def database_error(error):
    """The database error behind `error` (itself, its cause or its context), if any."""
    return error_behind(error, DATABASE_ERRORS)


def storage_error(error):
    """The object-storage error (unreachable, refused) behind `error`, if any."""
    return error_behind(error, STORAGE_ERRORS)


def error_behind(error, kinds):
    seen = set()
    while error is not None and id(error) not in seen:
        if isinstance(error, kinds):
            return error
        seen.add(id(error))
        error = error.__cause__ or error.__context__
    return None


def service_unavailable(request):
    if wants_json(request):
        response = JsonResponse({"error": MESSAGE, "retryAfter": RETRY_AFTER_SECONDS}, status=503)
    else:
        response = HttpResponse(loader.render_to_string("503.html"), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    add_never_cache_headers(response)
    return response


def server_error(request):
    error = sys.exc_info()[1]
    if database_error(error) is not None or storage_error(error) is not None:
        return service_unavailable(request)
    return defaults.server_error(request)

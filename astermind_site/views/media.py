"""Uploaded images and their renditions, served by the app itself.

Django's `static()` helper serves MEDIA_ROOT only with DEBUG on, so under `make serve` and
in the browser suites every article image was a 404. A one-host deployment has nothing
else that knows MEDIA_ROOT, so the app serves it when settings.SERVE_MEDIA is on (the
default); Varnish in front keeps the files like any other response. Behind object storage or
a web server that serves /media/ itself, set SERVE_MEDIA=false.

Django's `serve` keeps the path inside MEDIA_ROOT, lists no directories and answers
If-Modified-Since with 304. Renditions are named by their filter and a hash, so a changed
image gets a new name and a day of caching is safe.
"""

from django.conf import settings
from django.views.decorators.http import require_safe
from django.views.static import serve

MEDIA_MAX_AGE = 86400


@require_safe
def media_file(request, path):
    response = serve(request, path, document_root=settings.MEDIA_ROOT)
    response["Cache-Control"] = f"public, max-age={MEDIA_MAX_AGE}"
    return response

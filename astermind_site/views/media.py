"""Image renditions, served by the app itself; nothing else under MEDIA_ROOT.

Django's `static()` helper serves MEDIA_ROOT only with DEBUG on, so under `make serve` and
in the browser suites every article image was a 404. A one-host deployment has nothing
else that knows MEDIA_ROOT, so the app serves it when settings.SERVE_MEDIA is on (the
default); Varnish in front keeps the files like any other response. Behind object storage or
a web server that serves /media/ itself, set SERVE_MEDIA=false (and serve only `images/`).

Only renditions are public files. MEDIA_ROOT also holds every uploaded document
(`documents/`, which may sit in a collection restricted to signed-in users: those go through
Wagtail's document view, astermind_site/views/documents.py, which checks the collection's
privacy) and the original uploads (`original_images/`, full size, with whatever metadata the
camera wrote). Neither is served here.

Django's `serve` keeps the path inside MEDIA_ROOT, lists no directories and answers
If-Modified-Since with 304. Renditions are named by their filter and a hash, so a changed
image gets a new name and a day of caching is safe.
"""

import posixpath

from django.conf import settings
from django.http import Http404
from django.views.decorators.http import require_safe
from django.views.static import serve

MEDIA_MAX_AGE = 86400
# Where Wagtail writes renditions (AbstractRendition.get_upload_to).
RENDITIONS_FOLDER = "images"


def is_rendition_path(path):
    """True for a file inside the renditions folder, judged after `..` is resolved, so
    `images/../documents/x.pdf` is the document it names, not a rendition."""
    folder, _, rest = posixpath.normpath(path).lstrip("/").partition("/")
    return folder == RENDITIONS_FOLDER and bool(rest)


@require_safe
def media_file(request, path):
    if not is_rendition_path(path):
        raise Http404("Only image renditions are served from media.")
    response = serve(request, path, document_root=settings.MEDIA_ROOT)
    response["Cache-Control"] = f"public, max-age={MEDIA_MAX_AGE}"
    return response

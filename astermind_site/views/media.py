"""Image renditions, served by the app itself from the media storage; nothing else in it.

Django's `static()` helper serves MEDIA_ROOT only with DEBUG on, so under `make serve` and
in the browser suites every article image was a 404. A one-host deployment has nothing
else that knows MEDIA_ROOT, so the app serves it when settings.SERVE_MEDIA is on (the
default); Varnish in front keeps the files like any other response. With object storage
(astermind_site/media_storage.py) the bucket is private and its file URLs name this route, so
the app reads renditions from the bucket and serves them the same way: any server serves a
rendition another server made. Only when a web server in front serves /media/ itself, set
SERVE_MEDIA=false (and serve only `images/`).

Only renditions are public files. The storage also holds every uploaded document
(`documents/`, which may sit in a collection restricted to signed-in users: those go through
Wagtail's document view, astermind_site/views/documents.py, which checks the collection's
privacy) and the original uploads (`original_images/`, full size, with whatever metadata the
camera wrote). Neither is served here.

On the local disk Django's `serve` keeps the path inside MEDIA_ROOT, lists no directories and
answers If-Modified-Since with 304; from a bucket the file is read whole and answered with an
ETag (S3Storage keeps names inside its prefix too). Renditions are named by their filter and a
hash, so a changed image gets a new name and a day of caching is safe.
"""

import mimetypes
import posixpath

from django.conf import settings
from django.core.files.storage import FileSystemStorage, storages
from django.http import Http404, HttpResponse
from django.utils.cache import get_conditional_response, set_response_etag
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
    if isinstance(storages["default"], FileSystemStorage):
        response = serve(request, path, document_root=settings.MEDIA_ROOT)
    else:
        response = from_storage(request, posixpath.normpath(path).lstrip("/"))
    response["Cache-Control"] = f"public, max-age={MEDIA_MAX_AGE}"
    return response


def from_storage(request, name):
    """The rendition `name` read whole from a storage without local paths (a bucket), with
    an ETag so a copy the browser or Varnish holds is answered with 304. Read before the
    answer starts, so a bucket that is away is a 503 (views/errors.py), not a cut-off image."""
    try:
        with storages["default"].open(name, "rb") as handle:
            data = handle.read()
    except FileNotFoundError as missing:
        raise Http404("No such rendition.") from missing
    content_type, _encoding = mimetypes.guess_type(name)
    response = HttpResponse(data, content_type=content_type or "application/octet-stream")
    set_response_etag(response)
    return get_conditional_response(request, etag=response["ETag"], response=response)

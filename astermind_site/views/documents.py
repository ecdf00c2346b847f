"""Documents, only through Wagtail's document view, with headers that keep private ones
out of every shared cache.

Wagtail's view (`wagtail.documents.views.serve`) checks the document's collection view
restrictions (login, groups or password) and streams the file itself when
WAGTAILDOCS_SERVE_METHOD is "serve_view" (settings/base.py), so no file URL that skips
the check ever reaches a page; the media route (views/media.py) refuses `documents/`.
Wagtail sets no Cache-Control on the file or on its login redirect, so this wrapper
does: a document in a restricted collection, and every answer about one (the redirect to
the login, the password form), is `private, no-store`; a public document is
`public, no-cache`, so a cache in front asks again each time (an ETag makes that cheap) and
a collection made private later is never answered from an old copy. Varnish passes
/documents/ anyway (deploy/varnish/default.vcl).
"""

from functools import wraps

from wagtail.documents import get_document_model
from wagtail.documents.views import serve as wagtail_serve

PRIVATE = "private, no-store"
PUBLIC = "public, no-cache"


def is_restricted(document_id):
    """True when the document's collection, or one above it, has a view restriction.
    A document that is not there (any more) counts as restricted: nothing is shared."""
    document = (
        get_document_model().objects.filter(pk=document_id).select_related("collection").first()
    )
    return document is None or document.collection.get_view_restrictions().exists()


def serve_document(request, document_id, document_filename):
    response = wagtail_serve.serve(request, document_id, document_filename)
    response["Cache-Control"] = PRIVATE if is_restricted(document_id) else PUBLIC
    return response


def private_answer(view):
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        response["Cache-Control"] = PRIVATE
        return response

    return wrapped


authenticate_with_password = private_answer(wagtail_serve.authenticate_with_password)

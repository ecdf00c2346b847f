"""The log's public URLs: the latest checkpoint, each checkpoint by size and the public key,
as plain text anyone (an auditor, a regulator, a monitoring job) can fetch and keep.

A checkpoint by size never changes once signed, so it is cacheable for a year; the latest
changes every few minutes, so it is cached briefly. Nothing here varies by visitor. The paths
sit under /cookies/, which the page cache never stores (pagecache/conf.py), so these headers
are the ones browsers and proxies see: the page cache's hour would hide a new checkpoint."""

from django.core.exceptions import ImproperlyConfigured
from django.http import Http404, HttpResponse
from django.views.decorators.http import require_safe

from ..models import ConsentCheckpoint
from .checkpoints import latest_checkpoint
from .keys import published_verifier_key

LATEST_MAX_AGE = 60
KEY_MAX_AGE = 3600
IMMUTABLE = "public, max-age=31536000, immutable"


def _text(body, cache_control):
    response = HttpResponse(body, content_type="text/plain; charset=utf-8")
    response["Cache-Control"] = cache_control
    response["Access-Control-Allow-Origin"] = "*"  # public evidence, readable by any verifier
    return response


@require_safe
def latest(request):
    checkpoint = latest_checkpoint()
    if checkpoint is None:
        raise Http404("No checkpoint has been signed yet.")
    return _text(checkpoint.note, f"public, max-age={LATEST_MAX_AGE}")


@require_safe
def by_size(request, size):
    checkpoint = ConsentCheckpoint.objects.filter(tree_size=size).first()
    if checkpoint is None:
        raise Http404("No checkpoint of that size.")
    return _text(checkpoint.note, IMMUTABLE)


@require_safe
def public_key(request):
    try:
        key = published_verifier_key()
    except ImproperlyConfigured:
        response = _text("The consent log has no signing key configured.\n", "no-store")
        response.status_code = 503
        return response
    return _text(key + "\n", f"public, max-age={KEY_MAX_AGE}")

"""Which pages show a fact, and telling a frontend cache to forget them when it changes.

Article HTML is rendered per request from the live registry rows, so the site itself never
serves a stale table. A CDN or proxy in front of it (WAGTAILFRONTENDCACHE) would, so
publishing, unpublishing or deleting a model purges every live page that shows it.
"""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from wagtail.contrib.frontend_cache.utils import PurgeBatch
from wagtail.models import Page, ReferenceIndex


def frontend_cache_configured():
    return bool(
        getattr(settings, "WAGTAILFRONTENDCACHE", None)
        or getattr(settings, "WAGTAILFRONTENDCACHE_LOCATION", None)
    )


def pages_showing(models):
    """Live pages whose content refers to any of the given registry objects."""
    models = [m for m in models if m is not None and m.pk is not None]
    if not models:
        return Page.objects.none()
    page_type = ContentType.objects.get_for_model(Page)
    page_ids = (
        ReferenceIndex.get_references_to_in_bulk(models)
        .filter(base_content_type=page_type)
        .values_list("object_id", flat=True)
    )
    return Page.objects.live().filter(pk__in=[int(pk) for pk in page_ids]).specific()


def purge_pages_showing(models):
    """Purge those pages (and their table exports) once the change is committed."""
    if not frontend_cache_configured():
        return
    # Found now, not at commit time: a deleted model's references are gone by then.
    pages = list(pages_showing(models))
    if not pages:
        return

    def purge():
        batch = PurgeBatch()
        batch.add_pages(pages)
        batch.purge()

    transaction.on_commit(purge)

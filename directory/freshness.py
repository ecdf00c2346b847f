"""Which live pages show a fact: the one reference-index lookup the site uses.

Purging those pages when a fact changes is the page cache's job (pagecache/signals.py), so
every purge, of the app's cache and of any proxy, goes through one path.
"""

from django.contrib.contenttypes.models import ContentType
from wagtail.models import Page, ReferenceIndex


def pages_showing(objects):
    """Live pages whose content refers to any of the given objects."""
    objects = [obj for obj in objects if obj is not None and obj.pk is not None]
    if not objects:
        return Page.objects.none()
    page_type = ContentType.objects.get_for_model(Page)
    page_ids = (
        ReferenceIndex.get_references_to_in_bulk(objects)
        .filter(base_content_type=page_type)
        .values_list("object_id", flat=True)
    )
    return Page.objects.live().filter(pk__in=[int(pk) for pk in page_ids]).specific()

"""Receivers for page, media and tag changes; ``connect()`` runs in ArticlesConfig.ready().

Pages render from the live rows; these receivers retire the values kept under the links
token (render_cache.py). Purging whole pages from the page cache and any proxy, and renewing
the site version the article's rendered fragments are kept under, is pagecache/signals.py's
job. A published page or a saved image also queues the renditions it
shows for the worker (tasks.py), in the same transaction.
"""

from django.apps import apps
from django.db.models.signals import post_delete, post_save, pre_save
from taggit.models import Tag
from wagtail.documents.models import AbstractDocument
from wagtail.images.models import AbstractImage
from wagtail.models import get_page_models
from wagtail.signals import page_published, post_page_move

from pagecache.signals import DRAFT_ONLY_FIELDS

from .render_cache import LINKS, replace_token
from .tags import tag_display_name
from .tasks import make_image_renditions, make_page_renditions


def _retire_rendered_links(sender, update_fields=None, **kwargs):
    """Every save or delete of a page, image or document retires rendered links to it (a
    draft saved on a page changes nothing a visitor sees); of a tag, the related reading that
    was chosen by shared tags."""
    if update_fields is None or not set(update_fields) <= DRAFT_ONLY_FIELDS:
        replace_token(LINKS)


def _retire_rendered_links_on_move(sender, **kwargs):
    replace_token(LINKS)


def _tag_name_in_house_style(sender, instance, **kwargs):
    """Every tag saved, from the admin, the demo loader or code, is named in one style
    (tags.py); its slug, set once by taggit, is not touched."""
    instance.name = tag_display_name(instance.name)


def _queue_page_renditions(sender, instance, **kwargs):
    make_page_renditions.enqueue(instance.pk)


def _queue_image_renditions(sender, instance, raw=False, created=False, **kwargs):
    # A new image is shown nowhere yet: the page that first shows it queues its renditions.
    if not (raw or created):
        make_image_renditions.enqueue(instance.pk)


def _connect(signal, receiver, senders):
    for sender in senders:
        signal.connect(receiver, sender=sender, dispatch_uid=f"articles.{receiver.__name__}")


def connect():
    """Per sender, so a save of anything else (a consent record, a log entry) calls none."""
    pages = get_page_models()
    images = [m for m in apps.get_models() if issubclass(m, AbstractImage)]
    media = [m for m in apps.get_models() if issubclass(m, (AbstractImage, AbstractDocument))]
    for signal in (post_save, post_delete):
        _connect(signal, _retire_rendered_links, [*pages, *media, Tag])
    _connect(post_page_move, _retire_rendered_links_on_move, pages)
    _connect(pre_save, _tag_name_in_house_style, [Tag])
    _connect(page_published, _queue_page_renditions, pages)
    _connect(post_save, _queue_image_renditions, images)

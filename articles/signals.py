"""Receivers for registry and tag changes; connected in ArticlesConfig.ready().

Pages render from the live rows; these receivers retire the rendered fragments that show
them (render_cache.py). Purging whole pages from the page cache and any proxy is
pagecache/signals.py's job.
"""

from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save
from django.dispatch import receiver
from taggit.models import Tag
from wagtail.documents.models import AbstractDocument
from wagtail.images.models import AbstractImage
from wagtail.models import Page
from wagtail.signals import post_page_move

from directory.models import FoundationModel, FoundationModelSource, Modality, Organisation

from .render_cache import FACTS, LINKS, replace_token
from .tags import tag_display_name

FACT_MODELS = (FoundationModel, Organisation, Modality, FoundationModelSource)
# Saving a draft touches only these columns of a page: what visitors see is unchanged.
DRAFT_ONLY_FIELDS = {
    "latest_revision",
    "latest_revision_created_at",
    "has_unpublished_changes",
    "draft_title",
    "locked",
    "locked_at",
    "locked_by",
}


@receiver(post_save)
@receiver(post_delete)
def _retire_rendered_fragments(sender, instance, update_fields=None, **kwargs):
    """Every save or delete of a fact retires rendered tables; of a page, image or document,
    rendered links to it (a draft saved on a page changes nothing a visitor sees); of a tag,
    the related reading that was chosen by shared tags."""
    if isinstance(instance, FACT_MODELS):
        replace_token(FACTS)
    elif isinstance(instance, Tag):
        replace_token(LINKS)
    elif isinstance(instance, (Page, AbstractImage, AbstractDocument)):
        if update_fields is None or not set(update_fields) <= DRAFT_ONLY_FIELDS:
            replace_token(LINKS)


@receiver(m2m_changed, sender=FoundationModel.modalities.through)
def _retire_rendered_tables_on_modalities(sender, action, **kwargs):
    if action.startswith("post_"):
        replace_token(FACTS)


@receiver(post_page_move)
def _retire_rendered_links_on_move(sender, **kwargs):
    replace_token(LINKS)


@receiver(pre_save, sender=Tag)
def _tag_name_in_house_style(sender, instance, **kwargs):
    """Every tag saved, from the admin, the demo loader or code, is named in one style
    (tags.py); its slug, set once by taggit, is not touched."""
    instance.name = tag_display_name(instance.name)

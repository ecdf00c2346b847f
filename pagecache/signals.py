"""Purge on every change a visitor could see; connected in PageCacheConfig.ready().

Pages: publish, unpublish (deleting a live page unpublishes it first, in Wagtail's own
pre_delete), move, and any other save of a live page's row, whose URL and tags are read from
the database *before* the save so a changed slug or a removed tag is purged too.
Snippets: models and organisations have drafts, so only publish, unpublish and delete count;
authors, modalities, tags and images have none, so every save counts. Site settings and the
consent registry reach the header, footer or banner of every page, so they purge everything.
View restrictions on pages and collections: every save and delete, since each can hide a
page (or document) that the caches still hold, or show one they hold a refusal for.
"""

from cookie_consent.models import Cookie, CookieGroup
from django.db.models.signals import post_delete, post_save, pre_delete, pre_save
from django.dispatch import receiver
from taggit.models import Tag
from wagtail.images import get_image_model
from wagtail.models import CollectionViewRestriction, Page, PageViewRestriction, Site
from wagtail.signals import (
    page_published,
    page_unpublished,
    post_page_move,
    pre_page_move,
    published,
    unpublished,
)

from articles.models import Author, SiteSettings
from consent.models import AnalyticsSettings, ConsentTextSettings, CookieDetails
from directory.models import FoundationModel, Modality, Organisation

from .purge import (
    content_urls_to_purge,
    everything,
    page_urls_to_purge,
    restriction_urls_to_purge,
    schedule,
    urls_before_save,
)

WITH_DRAFTS = (FoundationModel, Organisation)
WITHOUT_DRAFTS = (Author, Modality, Tag, get_image_model())
# Shown in the header, footer or banner of every page.
COOKIE_REGISTRY = (CookieGroup, Cookie, CookieDetails)
# Settings rows are created with their defaults on first use, which changes nothing visible.
SETTINGS = (SiteSettings, Site, ConsentTextSettings, AnalyticsSettings)
SITE_WIDE = COOKIE_REGISTRY + SETTINGS
VIEW_RESTRICTIONS = (PageViewRestriction, CollectionViewRestriction)


@receiver(page_published)
@receiver(page_unpublished)
@receiver(pre_page_move)  # the old URLs and listings, while the tree still has them
@receiver(post_page_move)  # the new ones
def page_changed(sender, instance, **kwargs):
    schedule(page_urls_to_purge, instance)


@receiver(pre_save)
def live_row_about_to_change(sender, instance, raw=False, update_fields=None, **kwargs):
    # Draft saves only touch a few bookkeeping fields (update_fields); the live row is as was.
    if raw or update_fields is not None or instance.pk is None:
        return
    if isinstance(instance, (Page, Tag, Author)):
        schedule(urls_before_save, instance)


@receiver(published)
@receiver(unpublished)
def snippet_published(sender, instance, **kwargs):
    if sender in WITH_DRAFTS:
        schedule(content_urls_to_purge, instance)


@receiver(post_save)
def content_saved(sender, instance, raw=False, created=False, **kwargs):
    if raw:
        return
    if sender in WITHOUT_DRAFTS:
        schedule(content_urls_to_purge, instance)
    elif sender in VIEW_RESTRICTIONS:
        schedule(restriction_urls_to_purge, instance)
    elif sender in COOKIE_REGISTRY or (sender in SETTINGS and not created):
        schedule(everything)


@receiver(pre_delete)
def content_deleting(sender, instance, **kwargs):
    # Before the delete: afterwards the reference index no longer knows who showed it.
    if sender in WITH_DRAFTS or sender in WITHOUT_DRAFTS:
        schedule(content_urls_to_purge, instance)
    elif sender in VIEW_RESTRICTIONS:  # while its page or collection is still there
        schedule(restriction_urls_to_purge, instance)


@receiver(post_delete)
def site_wide_deleted(sender, instance, **kwargs):
    if sender in SITE_WIDE:
        schedule(everything)

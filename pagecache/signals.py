"""Purge on every change a visitor could see; ``connect()`` runs in PageCacheConfig.ready().

This module is the one owner of page purges: each receiver works out what its change shows
(purge.py) and hands it to batch.py, which sends one ``PurgeBatch`` per transaction.

Pages: publish, unpublish (deleting a live page unpublishes it first, in Wagtail's own
pre_delete), move, and any other save of a live page's row, whose URL and tags are read from
the database *before* the save so a changed slug or a removed tag is purged too.
Snippets: models and organisations have drafts, so only publish, unpublish and delete count;
authors, modalities, tags and images have none, so every save counts. Site settings and the
consent registry reach the header, footer or banner of every page, so they purge everything.
View restrictions on pages and collections: every save and delete, since each can hide a
page (or document) that the caches still hold, or show one they hold a refusal for.
Every purge also renews the site version (tokens.SITE_VERSION, versioned.py); so does any
other save or delete of a page, an image, a document, a view restriction or a fact (a model,
a developer, a modality, a source; a model's modalities changed), which may purge nothing
(a page created live by code, a source saved by a script) yet change what the site version
keeps: the article's rendered body shows the facts of its tables and its links' documents.

Every receiver is connected per sender, as Wagtail's contrib apps do, so a save of anything
else (a consent record, a log entry, a revision) calls none of them.

**Wagtail's own purge on publish is disconnected.** ``wagtail.contrib.frontend_cache``
connects ``page_published`` and ``page_unpublished`` for every page type to a handler that
purges the page's own URL at once: inside the publishing transaction (before the commit, so a
proxy may fetch and keep the old page again), in a batch of its own, and without the
listings, feeds and tags that show the page. ``page_changed`` below purges that URL too, in
the transaction's one batch, after the commit. Routing through Wagtail's handler instead would
mean keeping a second purge per publish that cannot wait for the commit, so ``connect()``
takes it off. The app stays installed: its backends, ``PurgeBatch`` and the redirects app's
purge of a redirect's old path are still used.
"""

from cookie_consent.models import Cookie, CookieGroup
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save
from taggit.models import Tag
from wagtail.contrib.frontend_cache import signal_handlers as wagtail_frontend_cache
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import CollectionViewRestriction, PageViewRestriction, Site, get_page_models
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
from directory.models import FoundationModel, FoundationModelSource, Modality, Organisation

from .batch import renew_site_version, schedule
from .purge import (
    content_urls_to_purge,
    everything,
    page_urls_to_purge,
    restriction_urls_to_purge,
    urls_before_save,
)

WITH_DRAFTS = (FoundationModel, Organisation)
WITHOUT_DRAFTS = (Author, Modality, Tag)  # and the image model: image_model()
# Shown in the header, footer or banner of every page.
COOKIE_REGISTRY = (CookieGroup, Cookie, CookieDetails)
# Settings rows are created with their defaults on first use, which changes nothing visible.
SETTINGS = (SiteSettings, Site, ConsentTextSettings, AnalyticsSettings)
SITE_WIDE = COOKIE_REGISTRY + SETTINGS
VIEW_RESTRICTIONS = (PageViewRestriction, CollectionViewRestriction)
# Rows whose every change (beyond a draft) renews the site version, whether it purges or not.
FACT_ROWS = (*WITH_DRAFTS, Modality, FoundationModelSource)


def page_changed(sender, instance, **kwargs):
    schedule(page_urls_to_purge, instance)


def row_about_to_change(sender, instance, raw=False, update_fields=None, **kwargs):
    """A live page, a tag or an author: what it shows now, before a new slug or new tags."""
    # Draft saves only touch a few bookkeeping fields (update_fields); the live row is as was.
    if raw or update_fields is not None or instance.pk is None:
        return
    schedule(urls_before_save, instance)


def snippet_published(sender, instance, **kwargs):
    schedule(content_urls_to_purge, instance)


def content_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        schedule(content_urls_to_purge, instance)


def content_deleting(sender, instance, **kwargs):
    # Before the delete: afterwards the reference index no longer knows who showed it.
    schedule(content_urls_to_purge, instance)


def restriction_changed(sender, instance, raw=False, **kwargs):
    # On delete too: before it, while its page or collection is still there.
    if not raw:
        schedule(restriction_urls_to_purge, instance)


def site_wide_saved(sender, instance, raw=False, created=False, **kwargs):
    if raw or (created and sender in SETTINGS):
        return
    schedule(everything)


def site_wide_deleted(sender, instance, **kwargs):
    schedule(everything)


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


def row_saved(sender, instance, raw=False, update_fields=None, **kwargs):
    """Any other save of a page or image, or a view restriction: a page created live by
    code, without a publish, purges nothing, yet the site version's navigation, listings
    and pictures must not outlive it (versioned.py)."""
    if raw or (update_fields is not None and set(update_fields) <= DRAFT_ONLY_FIELDS):
        return
    renew_site_version()


def row_deleted(sender, instance, **kwargs):
    renew_site_version()


def relation_changed(sender, action, **kwargs):
    """A model's modalities set by code (a publish saves them with the model anyway)."""
    if action.startswith("post_"):
        renew_site_version()


def _connect(signal, receiver, senders):
    for sender in senders:
        signal.connect(receiver, sender=sender, dispatch_uid=f"pagecache.{receiver.__name__}")


def connect():
    pages = get_page_models()
    for model in pages:
        page_published.disconnect(wagtail_frontend_cache.page_published_signal_handler, model)
        page_unpublished.disconnect(wagtail_frontend_cache.page_unpublished_signal_handler, model)
    # pre_page_move: the old URLs and listings, while the tree still has them; post: the new.
    for signal in (page_published, page_unpublished, pre_page_move, post_page_move):
        _connect(signal, page_changed, pages)
    _connect(pre_save, row_about_to_change, [*pages, Tag, Author])
    _connect(published, snippet_published, WITH_DRAFTS)
    _connect(unpublished, snippet_published, WITH_DRAFTS)
    without_drafts = (*WITHOUT_DRAFTS, get_image_model())
    _connect(post_save, content_saved, without_drafts)
    _connect(pre_delete, content_deleting, (*WITH_DRAFTS, *without_drafts))
    _connect(post_save, restriction_changed, VIEW_RESTRICTIONS)
    _connect(pre_delete, restriction_changed, VIEW_RESTRICTIONS)
    _connect(post_save, site_wide_saved, SITE_WIDE)
    _connect(post_delete, site_wide_deleted, SITE_WIDE)
    versioned_rows = (*pages, get_image_model(), get_document_model(), *VIEW_RESTRICTIONS)
    versioned_rows += FACT_ROWS
    _connect(post_save, row_saved, versioned_rows)
    _connect(post_delete, row_deleted, versioned_rows)
    _connect(m2m_changed, relation_changed, [FoundationModel.modalities.through])

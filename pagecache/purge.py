"""Which URLs show a piece of content: what each change purges.

URLs are worked out when the change happens (a deleted author's references are gone by
commit time); batch.py sends those of one transaction as one ``PurgeBatch`` on commit
(purging earlier would let a request re-cache the old rows before the new ones are visible).

Listings exist once per language (``/feed.xml`` and ``/de/feed.xml``): a page's listings are
those of its own language, reversed with that language active; a change seen in every
language (a tag, an author, a fact, the site's header) purges every language's copy.
"""

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from taggit.models import Tag
from wagtail.contrib.frontend_cache.utils import PurgeBatch
from wagtail.documents import get_document_model
from wagtail.models import Page, PageViewRestriction, Site

from articles.models import ArticlePage, Author, SectionPage
from articles.related import articles_sharing_tags
from articles.sitemaps import sitemap_paths
from directory import freshness
from directory.models import FoundationModel, Modality, Organisation
from directory.purge import directory_paths

# Listings every site has, by URL name: they list every article.
SITE_LISTINGS = ("feed",)


def site_listing_paths():
    """The feed and the sitemap: its index and each of its sitemaps (articles/sitemaps.py)."""
    return [reverse(name) for name in SITE_LISTINGS] + sitemap_paths()


def live_pages_referring_to(objects):
    """Live pages whose content refers to any of the objects (Wagtail's reference index)."""
    return list(freshness.pages_showing(objects))


def pages_showing(instance):
    """Live pages on which a snippet (or tag, image…) appears."""
    if isinstance(instance, Tag):
        return list(ArticlePage.objects.live().filter(tags=instance))
    if isinstance(instance, (Organisation, Modality)):
        # Shown only through the models' table rows, which the reference index records.
        return live_pages_referring_to(instance.foundation_models.all())
    return live_pages_referring_to([instance])


def _root_urls():
    return sorted({site.root_url for site in Site.objects.all()})


def in_every_language(paths_of, *args):
    """The paths ``paths_of(*args)`` gives with each site language active, together."""
    paths = set()
    for code, _ in settings.LANGUAGES:
        with translation.override(code):
            paths.update(paths_of(*args))
    return paths


def page_language(page):
    return page.locale.language_code if page.locale_id else settings.LANGUAGE_CODE


def _tag_paths(slug):
    return {reverse("tag", args=[slug]), reverse("tag_feed", args=[slug])}


def tag_paths(slug):
    return in_every_language(_tag_paths, slug)


def tag_urls(slug):
    return {root + path for root in _root_urls() for path in tag_paths(slug)}


def author_paths(slug):
    return in_every_language(lambda s: {reverse("author", args=[s])}, slug)


def author_urls(slug):
    return {root + path for root in _root_urls() for path in author_paths(slug)}


def section_feed_path(page):
    """The feed of a section page; None for other pages."""
    if page.specific_class is None or not issubclass(page.specific_class, SectionPage):
        return None
    return reverse("section_feed", args=[page.slug])


def listing_urls(page, batch):
    """Where the page is listed: its ancestors (section, home) and the section's feed, its
    tags' pages and feeds, its author's page, the related reading of articles sharing a
    tag with it, the site feed and the sitemap: each in the page's own language."""
    with translation.override(page_language(page)):
        return _listing_urls(page, batch)


def _listing_urls(page, batch):
    parts = page.get_url_parts(batch)
    if parts is None:
        return set()
    root = parts[1]
    urls = {root + path for path in site_listing_paths()}
    ancestors = page.get_ancestors().live().filter(depth__gt=1)
    for ancestor in ancestors:
        urls.add(ancestor.get_full_url(batch))
        feed = section_feed_path(ancestor)
        if feed:
            urls.add(root + feed)
    tags = getattr(page, "tags", None)
    if tags is not None:
        urls.update(root + path for tag in tags.all() for path in _tag_paths(tag.slug))
        urls.update(a.get_full_url(batch) for a in articles_sharing_tags(page))
    author = getattr(page, "author", None)
    if author is not None:
        urls.add(root + reverse("author", args=[author.slug]))
    return {url for url in urls if url}


def api_paths(pages):
    """The pages API's listing (every filter and page of it: purges go by path) and each
    page's own entry (articles/api_pages.py)."""
    listing = reverse("wagtailapi:pages:listing")
    return {listing} | {reverse("wagtailapi:pages:detail", args=[p.pk]) for p in pages}


def _page_urls(pages, listed=()):
    batch = PurgeBatch()
    batch.add_pages(pages)
    if pages:
        batch.add_urls(root + path for root in _root_urls() for path in api_paths(pages))
    for page in listed:
        batch.add_urls(listing_urls(page, batch))
    return batch.urls


def is_in_navigation(page):
    """The site root and its children appear in the header of every page."""
    parent_path = page.url_path.rstrip("/").rpartition("/")[0] + "/"
    root_paths = {root_path for _, root_path, *_ in Site.get_site_root_paths()}
    return page.url_path in root_paths or parent_path in root_paths


def everything(also=()):
    """Every cacheable URL: for changes that reach the header or footer of every page."""
    pages = [*Page.objects.live().filter(depth__gt=1).specific(), *also]
    urls = set(_page_urls(pages))
    models = list(FoundationModel.objects.all())
    tags = list(Tag.objects.values_list("slug", flat=True))
    authors = list(Author.objects.values_list("slug", flat=True))

    def paths_in_active_language():
        paths = {path for model in models for path in directory_paths(model)}
        paths.update(path for slug in tags for path in _tag_paths(slug))
        paths.update(reverse("author", args=[slug]) for slug in authors)
        paths.update(reverse(name) for name in (*SITE_LISTINGS, "search"))
        return paths

    paths = in_every_language(paths_in_active_language)
    for page in pages:
        if isinstance(page, SectionPage):
            with translation.override(page_language(page)):
                paths.add(section_feed_path(page))
    for root in _root_urls():
        urls.update(root + path for path in sitemap_paths())  # once per site
        urls.update(root + path for path in paths)
    return urls


def page_urls_to_purge(page):
    """A page, its descendants and the pages linking to it, plus the listings that show it."""
    page = page.specific
    if is_in_navigation(page):
        return everything(also=[page])
    affected = [page, *page.get_descendants().live().specific(), *live_pages_referring_to([page])]
    return _page_urls(affected, listed=[page])


def restriction_urls_to_purge(restriction):
    """A view restriction added, changed or removed hides or shows content to visitors.

    On a page: that page and every page under it, each with what publishing it purges
    (its listings, the pages linking to it). On a collection: its documents (and those of
    the collections under it), and the pages that link to them."""
    if isinstance(restriction, PageViewRestriction):
        page = restriction.page.specific
        descendants = list(page.get_descendants().live().specific())
        return set(page_urls_to_purge(page)) | set(_page_urls(descendants, listed=descendants))
    collections = [restriction.collection, *restriction.collection.get_descendants()]
    documents = list(get_document_model().objects.filter(collection__in=collections))
    pages = live_pages_referring_to(documents)
    urls = set(_page_urls(pages, listed=pages))
    urls.update(root + doc.url for root in _root_urls() for doc in documents if doc.url)
    return urls


def content_urls_to_purge(instance):
    """The pages showing a snippet, tag or image, and the listings of those pages."""
    pages = pages_showing(instance)
    urls = set(_page_urls(pages, listed=pages))
    if isinstance(instance, Tag):
        urls.update(tag_urls(instance.slug))
    if isinstance(instance, Author):
        urls.update(author_urls(instance.slug))
    # The model directory lists every published model, developer and modality (in every
    # language: its labels differ, its facts do not).
    directory = in_every_language(directory_paths, instance)
    urls.update(root + path for root in _root_urls() for path in directory)
    return urls


def urls_before_save(instance):
    """What a live page, a tag or an author shows *now*, read before a save changes its slug
    or tags: the old address would otherwise keep serving its cached copy."""
    if isinstance(instance, (Tag, Author)):
        urls_of = tag_urls if isinstance(instance, Tag) else author_urls
        rows = type(instance).objects.filter(pk=instance.pk)
        old_slug = rows.values_list("slug", flat=True).first()
        return urls_of(old_slug) if old_slug and old_slug != instance.slug else set()
    before = Page.objects.live().filter(pk=instance.pk).first()
    return page_urls_to_purge(before) if before is not None else set()

"""sitemap.xml: Wagtail's pages of the request's site, and the author and model pages beside them.

``/sitemap.xml`` is a sitemap index (Django's, through Wagtail's view) naming one sitemap per
kind, ``/sitemap-pages.xml``, ``/sitemap-authors.xml`` and ``/sitemap-models.xml``, each in
pages of SITEMAP_PAGE_SIZE (``?p=2`` onwards), so no request renders 10,000 locations at once
and each answer takes the same few queries however large the site grows. A purge of the
sitemap purges the index and the three paths (every ``?p=`` page goes with its path).

Every location is absolute from the site's public address (site_url.py), like the pages'
own, never from the request's Host header (which Django's plain Sitemap would use).

One sitemap serves every language: the pages under the site's home page and under each of
its translations, each page with ``xhtml:link`` alternates naming all its live translations
(itself included) and an ``x-default`` (the default language's), so the pairs hold both
ways, as the pages' own ``hreflang`` links do (astermind_site/languages.py).
"""

from collections import defaultdict
from dataclasses import replace
from functools import reduce
from operator import or_
from urllib.parse import urlsplit

from django.conf import settings
from django.db.models import Max, Q
from django.db.models.functions import Coalesce
from django.http import Http404
from django.urls import reverse
from wagtail.contrib.sitemaps import Sitemap as PageSitemap
from wagtail.contrib.sitemaps import views as wagtail_sitemap_views
from wagtail.models import Page

from astermind_site.languages import bcp47
from astermind_site.site_url import absolute_url
from directory.models import FoundationModel

from .models import ArticlePage, Author
from .sitemap_locations import PageLocations

# What a page's location and last change are made of (LocalizedPageSitemap.items).
PAGE_FIELDS = ("url_path", "translation_key", "last_published_at", "latest_revision_created_at")
# Locations per sitemap page: far under the protocol's 50,000, so a page renders quickly.
SITEMAP_PAGE_SIZE = 1000


def authors_with_articles():
    """Authors of at least one live, public article, with when their latest one was published."""
    published = ArticlePage.objects.live().public()
    return (
        Author.objects.filter(articles__in=published.values("pk"))
        .annotate(lastmod=Max("articles__last_published_at"))
        .order_by("slug")
    )


class LocalizedPageSitemap(PageSitemap):
    """The site's pages in every language, each with its translations as alternates."""

    limit = SITEMAP_PAGE_SIZE

    def pages(self):
        roots = self.get_wagtail_site().root_page.get_translations(inclusive=True)
        under_a_root = reduce(or_, (Q(path__startswith=root.path) for root in roots))
        return Page.objects.live().public().filter(under_a_root)

    def get_latest_lastmod(self):
        # Django's default loads every item (every specific page) to take the latest date
        # for the index; one aggregate does it whatever the number of pages.
        latest = Coalesce("last_published_at", "latest_revision_created_at")
        return self.pages().aggregate(latest=Max(latest))["latest"]

    def items(self):
        # Plain rows, not pages: a location is worked out from the url_path
        # (sitemap_locations.py) and lastmod from two columns, as Wagtail's
        # Page.get_sitemap_urls does; no page type here overrides either
        # (tests/articles/test_sitemap_pages.py checks that stays so).
        return self.pages().order_by("path").values(*PAGE_FIELDS)

    def alternates(self, pages, locate):
        """{translation_key: [{lang_code, location}]}, the default language first."""
        keys = {page["translation_key"] for page in pages}
        found = defaultdict(list)
        translations = (
            Page.objects.live()
            .public()
            .filter(translation_key__in=keys)
            .order_by("path")
            .values_list("translation_key", "url_path", "locale__language_code")
        )
        for translation_key, url_path, language_code in translations:
            location = locate(url_path)
            if location:
                entry = {"lang_code": bcp47(language_code), "location": location}
                found[translation_key].append(entry)
        default = bcp47(settings.LANGUAGE_CODE)
        for entries in found.values():
            entries.sort(key=lambda entry: (entry["lang_code"] != default, entry["lang_code"]))
            if entries[0]["lang_code"] == default:
                entries.append({"lang_code": "x-default", "location": entries[0]["location"]})
        return found

    def _urls(self, page, protocol, domain):
        locate = PageLocations(self.request)
        pages = list(self.paginator.page(page).object_list)
        alternates = self.alternates(pages, locate)
        urls, last_mods = [], set()
        for item in pages:
            lastmod = item["last_published_at"] or item["latest_revision_created_at"]
            others = alternates.get(item["translation_key"], [])
            url_info = {
                "location": locate(item["url_path"]),
                "lastmod": lastmod,
                # Every key the template reads, as Django's own sitemaps give them: a
                # missing key costs the template a failed lookup, three a location.
                "changefreq": None,
                "priority": None,
                "alternates": others if len(others) > 2 else [],  # not just itself + x-default
            }
            urls.append(url_info)
            last_mods.add(lastmod)
        if last_mods and None not in last_mods:
            self.latest_lastmod = max(last_mods)
        return urls


class PathSitemap(PageSitemap):
    """Objects that are not Wagtail pages, each at an absolute address with a last change."""

    limit = SITEMAP_PAGE_SIZE

    # Abstract on purpose: each subclass (authors, foundation models) says where its items
    # live and when they last changed; one that forgets should fail loudly, not list nothing.
    def path(self, item):
        raise NotImplementedError

    def lastmod(self, item):
        raise NotImplementedError

    def _urls(self, page, protocol, domain):
        urls = []
        for item in self.paginator.page(page).object_list:
            location = absolute_url(self.path(item), self.request)
            urls.append({"item": item, "location": location, "lastmod": self.lastmod(item)})
        lastmods = [url["lastmod"] for url in urls]
        if lastmods and None not in lastmods:
            self.latest_lastmod = max(lastmods)
        return urls


class AuthorSitemap(PathSitemap):
    def items(self):
        return authors_with_articles()

    def path(self, item):
        return reverse("author", args=[item.slug])

    def get_latest_lastmod(self):
        articles = ArticlePage.objects.live().public().filter(author__isnull=False)
        return articles.aggregate(latest=Max("last_published_at"))["latest"]

    def lastmod(self, item):
        return item.lastmod


class ModelSitemap(PathSitemap):
    """The directory's model pages (directory/urls.py): every published model has one."""

    def items(self):
        return (
            FoundationModel.objects.published().only("slug", "last_published_at").order_by("slug")
        )

    def path(self, item):
        return reverse("directory:detail", args=[item.slug])

    def get_latest_lastmod(self):
        published = FoundationModel.objects.published()
        return published.aggregate(latest=Max("last_published_at"))["latest"]

    def lastmod(self, item):
        return item.last_published_at


SITEMAPS = {"pages": LocalizedPageSitemap, "authors": AuthorSitemap, "models": ModelSitemap}


def sitemap_paths():
    """The index and every section's path: what a purge of the sitemap purges."""
    return [reverse("sitemap")] + [reverse("sitemap_section", args=[name]) for name in SITEMAPS]


def sitemap_index(request):
    response = wagtail_sitemap_views.index(
        request, sitemaps=SITEMAPS, sitemap_url_name="sitemap_section"
    )
    # Django builds each location from the request's host; ours come from the site's address.
    response.context_data["sitemaps"] = [
        replace(item, location=absolute_url(_path_and_query(item.location), request))
        for item in response.context_data["sitemaps"]
    ]
    return response


def _path_and_query(url):
    parts = urlsplit(url)
    return f"{parts.path}?{parts.query}" if parts.query else parts.path


def sitemap(request, section):
    if section not in SITEMAPS:
        raise Http404("No such sitemap")
    return wagtail_sitemap_views.sitemap(request, sitemaps=SITEMAPS, section=section)

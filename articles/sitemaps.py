"""sitemap.xml: Wagtail's pages of the request's site, and the author and model pages beside them.

Every location is absolute from the site's public address (site_url.py), like the pages'
own, never from the request's Host header (which Django's plain Sitemap would use).
"""

from django.db.models import Max
from django.urls import reverse
from wagtail.contrib.sitemaps import Sitemap as PageSitemap
from wagtail.contrib.sitemaps import views as wagtail_sitemap_views

from astermind_site.site_url import absolute_url
from directory.models import FoundationModel

from .models import ArticlePage, Author


def authors_with_articles():
    """Authors of at least one live, public article, with when their latest one was published."""
    published = ArticlePage.objects.live().public()
    return (
        Author.objects.filter(articles__in=published.values("pk"))
        .annotate(lastmod=Max("articles__last_published_at"))
        .order_by("slug")
    )


class PathSitemap(PageSitemap):
    """Objects that are not Wagtail pages, each at an absolute address with a last change."""

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

    def lastmod(self, item):
        return item.last_published_at


def sitemap(request):
    return wagtail_sitemap_views.sitemap(
        request, sitemaps={"pages": PageSitemap, "authors": AuthorSitemap, "models": ModelSitemap}
    )

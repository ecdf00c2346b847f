"""sitemap.xml: Wagtail's pages of the request's site, and the author pages beside them.

Every location is absolute from the site's public address (site_url.py), like the pages'
own, never from the request's Host header (which Django's plain Sitemap would use).
"""

from django.db.models import Max
from django.urls import reverse
from wagtail.contrib.sitemaps import Sitemap as PageSitemap
from wagtail.contrib.sitemaps import views as wagtail_sitemap_views

from astermind_site.site_url import absolute_url

from .models import ArticlePage, Author


def authors_with_articles():
    """Authors of at least one live, public article, with when their latest one was published."""
    published = ArticlePage.objects.live().public()
    return (
        Author.objects.filter(articles__in=published.values("pk"))
        .annotate(lastmod=Max("articles__last_published_at"))
        .order_by("slug")
    )


class AuthorSitemap(PageSitemap):
    def items(self):
        return authors_with_articles()

    def _urls(self, page, protocol, domain):
        urls = []
        for author in self.paginator.page(page).object_list:
            path = reverse("author", args=[author.slug])
            location = absolute_url(path, self.request)
            urls.append({"item": author, "location": location, "lastmod": author.lastmod})
        lastmods = [url["lastmod"] for url in urls]
        if lastmods and None not in lastmods:
            self.latest_lastmod = max(lastmods)
        return urls


def sitemap(request):
    return wagtail_sitemap_views.sitemap(
        request, sitemaps={"pages": PageSitemap, "authors": AuthorSitemap}
    )

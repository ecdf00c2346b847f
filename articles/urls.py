"""The reading site's own routes: search, tag and author listings, feeds, what crawlers read.

Included from astermind_site/urls.py ahead of Wagtail's catch-all page route, without a
namespace, so the names (search, tag, author, feed, section_feed, tag_feed, sitemap,
sitemap_section, robots_txt) stay as templates use them. ``urlpatterns`` exist once per
language (inside ``i18n_patterns``: ``/de/search/``); ``crawler_urlpatterns`` once per site
(one sitemap index lists every language).
"""

from django.urls import path

from . import feeds, views
from .sitemaps import sitemap, sitemap_index

urlpatterns = [
    path("search/", views.search, name="search"),
    path("tags/<str:slug>/", views.tag_listing, name="tag"),
    path("tags/<str:slug>/feed.xml", feeds.TagFeed(), name="tag_feed"),
    path("authors/<str:slug>/", views.author_page, name="author"),
    path("feed.xml", feeds.ArticleFeed(), name="feed"),
    path("feeds/sections/<str:slug>.xml", feeds.SectionFeed(), name="section_feed"),
]

crawler_urlpatterns = [
    path("sitemap.xml", sitemap_index, name="sitemap"),
    path("sitemap-<slug:section>.xml", sitemap, name="sitemap_section"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
]

"""The reading site's own routes: search, tag listings, the feed and what crawlers read.

Included from astermind_site/urls.py ahead of Wagtail's catch-all page route, without a
namespace, so the names (search, tag, feed, sitemap, robots_txt) stay as templates use them.
"""

from django.urls import path
from wagtail.contrib.sitemaps.views import sitemap

from . import views

urlpatterns = [
    path("search/", views.search, name="search"),
    path("tags/<str:slug>/", views.tag_listing, name="tag"),
    path("feed.xml", views.LatestArticlesFeed(), name="feed"),
    path("sitemap.xml", sitemap, name="sitemap"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
]

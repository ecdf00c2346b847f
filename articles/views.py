"""Listings, search, feed and robots.txt for the reading site."""

import re

from django.contrib.syndication.views import Feed
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from taggit.models import Tag
from wagtail.models import Site

from astermind_site.site_url import absolute_url

from .models import ArticlePage, live_articles, paginate

MAX_QUERY_LENGTH = 200
FEED_LENGTH = 20


def clean_query(raw):
    """The query as the visitor sees it again: whitespace folded, length capped."""
    return " ".join((raw or "").replace("\x00", "").split())[:MAX_QUERY_LENGTH]


def search_terms(query):
    """Only words reach the backend: quotes and operators would be full-text syntax that
    SQLite's FTS5 rejects with an error, and NUL bytes PostgreSQL rejects outright."""
    return " ".join(re.sub(r"[^\w\s]|_", " ", query).split())


def search(request):
    query = clean_query(request.GET.get("q"))
    results = None
    terms = search_terms(query)
    if terms:
        matches = ArticlePage.objects.live().public().specific().search(terms)
        results = paginate(matches, request.GET.get("page"))
    return render(
        request,
        "articles/search.html",
        {"query": query, "results": results, "page_title": "Search"},
    )


def tag_listing(request, slug):
    tag = Tag.objects.filter(slug=slug[:100]).first()
    if tag is None:
        raise Http404("No such tag")
    articles = live_articles().filter(tags=tag)
    return render(
        request,
        "articles/tag.html",
        {"tag": tag, "articles": paginate(articles, request.GET.get("page"))},
    )


def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /search/",
        f"Sitemap: {absolute_url(reverse('sitemap'), request)}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")


class LatestArticlesFeed(Feed):
    feed_type = Atom1Feed
    title = "AsterMind Learn: latest articles"
    subtitle = "New explanations of AI from AsterMind Learn."

    def __call__(self, request, *args, **kwargs):
        self.request = request
        return super().__call__(request, *args, **kwargs)

    def feed_url(self):
        return absolute_url(reverse("feed"), self.request)

    def link(self):
        site = Site.find_for_request(self.request)
        return site.root_url if site else "/"

    def items(self):
        return live_articles()[:FEED_LENGTH]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.plain_standfirst()

    def item_link(self, item):
        return item.get_full_url(self.request)

    def item_pubdate(self, item):
        return item.first_published_at

    def item_updateddate(self, item):
        return item.last_published_at

    def item_author_name(self, item):
        return item.author.name if item.author else None

    def item_categories(self, item):
        return [t.name for t in item.tags.all()]

"""Listings, search, author pages and robots.txt for the reading site (feeds: feeds.py)."""

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import pgettext

from astermind_site.site_url import absolute_url

from .lookups import author_for, tag_for
from .models import live_articles, page_of_listing
from .search import clean_query, search_articles
from .suggest import did_you_mean


def search(request):
    query = clean_query(request.GET.get("q"))
    results = search_articles(query, request.GET.get("page"))
    found_nothing = results is not None and not results.paginator.count
    return render(
        request,
        "articles/search.html",
        {
            "query": query,
            "results": results,
            "suggestion": did_you_mean(query) if found_nothing else None,
            "page_title": pgettext("noun", "Search"),
        },
    )


def article_listing(request, template_name, articles, kind, key, **context):
    """A page of articles (the `page` parameter; nonsense falls back) with its context; the
    listing's length is kept per site version under its kind and key (a tag's or author's
    id: they exist, so their number is bounded)."""
    context["articles"] = page_of_listing(request, articles, kind, [key])
    return render(request, template_name, context)


def tag_listing(request, slug):
    tag = tag_for(slug)
    articles = live_articles().filter(tags=tag)
    return article_listing(request, "articles/tag.html", articles, "tag", tag.pk, tag=tag)


def author_page(request, slug):
    author = author_for(slug)
    articles = live_articles().filter(author=author)
    return article_listing(
        request, "articles/author.html", articles, "author", author.pk, author=author
    )


def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /search/",
        f"Sitemap: {absolute_url(reverse('sitemap'), request)}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")

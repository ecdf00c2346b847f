"""SQL query bounds for every public page type; they must not grow with the article count."""

import io
from datetime import date, timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.models import HomeFeaturedArticle, SiteSettings
from tests.factories import ArticlePageFactory, SectionPageFactory

# The bounds measured for each page (see docs/performance.md); a change that adds queries
# per article or per block breaks the 5-versus-50 comparison below first. The article's
# bound is for an uncached warm request (its parts kept per site version). Since issue 19 a
# Wagtail page reads what is the same for a whole site version (its route, the navigation,
# settings, translations, pictures, the home page's listing: pagecache/versioned.py) under
# the site-version token, one primary-key query here (a Redis read in production). The
# article's and the home page's parts, and that they have no view restriction, are kept
# too (article_page.html, home_page.html, models/routing.py), so that query is all they
# make. Other pages read the token when they first need a kept value.
MAX_QUERIES = {
    "home": 1,
    "section": 8,
    "article": 1,
    "tag": 6,
    "search": 6,
    "feed": 3,
    "sitemap index": 12,
    "sitemap of pages": 6,
}
SEED_URL = "/core-concepts/what-is-a-foundation-model/"


def add_articles(section, count, start=0):
    # Site settings are created on first use; create them now so that is not counted.
    SiteSettings.for_site(section.get_site())
    articles = []
    for i in range(start, start + count):
        article = ArticlePageFactory(
            parent=section,
            title=f"Counted article {i}",
            slug=f"counted-{i}",
            first_published=date(2026, 1, 1) + timedelta(days=i),
            further_reading=[("link", {"url": "https://example.org/", "title": "Ex", "note": ""})],
        )
        article.tags.add("fundamentals", f"topic-{i}")
        article.save()
        articles.append(article)
    return articles


def page_urls(section, article):
    return {
        "home": "/",
        "section": section.url,
        "article": article.url,
        "tag": "/tags/fundamentals/",
        "search": "/search/?q=counted",
        "feed": "/feed.xml",
        "sitemap index": "/sitemap.xml",
        "sitemap of pages": "/sitemap-pages.xml",
    }


def count_queries(client, url):
    # One warm-up request fills process-wide caches (site root paths, content types) that
    # every later request shares; the bound is about the steady state.
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


@pytest.mark.django_db
def test_query_counts_do_not_grow_from_5_to_50_articles(client, home, section):
    few = add_articles(section, 5)
    HomeFeaturedArticle.objects.create(home=home, article=few[0], sort_order=0)
    # The article links to another article, so further reading takes its own query.
    few[1].further_reading = [("article", {"page": few[2], "note": "next"})]
    few[1].save()
    with_5 = {name: count_queries(client, url) for name, url in page_urls(section, few[1]).items()}
    add_articles(section, 45, start=5)
    with_50 = {name: count_queries(client, url) for name, url in page_urls(section, few[1]).items()}
    assert with_50 == with_5
    for name, count in with_50.items():
        assert count <= MAX_QUERIES[name], f"{name}: {count} queries"


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(MAX_QUERIES))
def test_each_page_type_stays_under_its_bound(
    client, home, section, name, django_assert_max_num_queries
):
    articles = add_articles(section, 12)
    url = page_urls(section, articles[3])[name]
    client.get(url)
    with django_assert_max_num_queries(MAX_QUERIES[name]):
        assert client.get(url).status_code == 200


@pytest.mark.django_db
def test_the_seed_article_with_both_tables_stays_under_the_article_bound(
    client, django_assert_max_num_queries
):
    call_command("load_demo_content", stdout=io.StringIO())
    client.get(SEED_URL)
    with django_assert_max_num_queries(MAX_QUERIES["article"]):
        assert client.get(SEED_URL).status_code == 200


@pytest.mark.django_db
def test_the_home_page_takes_the_same_queries_with_one_section_or_four(client, home, section):
    """Each section's newest articles come in one query for all sections (window function),
    not one (and its tags, restrictions and intro) per section."""
    add_articles(section, 4)
    one_section = count_queries(client, "/")
    for n in range(3):
        more = SectionPageFactory(parent=home, title=f"More {n}", slug=f"more-{n}")
        add_articles(more, 4, start=10 * (n + 1))
    html = client.get("/").content.decode()
    assert count_queries(client, "/") == one_section
    # Each section shows its own three newest, newest first.
    for n in range(3):
        shown = [f"Counted article {10 * (n + 1) + i}" for i in (3, 2, 1)]
        positions = [html.index(title) for title in shown]
        assert positions == sorted(positions)
        assert f"Counted article {10 * (n + 1)}<" not in html

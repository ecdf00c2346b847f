"""What visitors get: listings, search, feed, sitemap, robots, structured data, bad input."""

import json
import re
import xml.etree.ElementTree as ET
from datetime import date, timedelta

import pytest
from django.core.management import call_command
from taggit.models import Tag

from articles.models import HomeFeaturedArticle
from tests.factories import ArticlePageFactory
from tests.sitemaps import sitemap_locations

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def articles(section):
    made = []
    for i in range(12):
        article = ArticlePageFactory(
            parent=section,
            title=f"Article number {i}",
            slug=f"article-{i}",
            first_published=date(2026, 1, 1) + timedelta(days=i),
            standfirst=f"Standfirst {i} about transformers" if i % 2 else f"Standfirst {i}",
        )
        article.tags.add("fundamentals" if i % 3 == 0 else "techniques")
        article.save_revision().publish()
        made.append(article)
    return made


def json_ld_blocks(html):
    """Every JSON-LD object on the page (a script may hold one object or a list)."""
    found = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    objects = []
    for block in found:
        data = json.loads(block)
        objects.extend(data if isinstance(data, list) else [data])
    return objects


def test_home_shows_featured_then_latest(client, home, articles):
    HomeFeaturedArticle.objects.create(home=home, article=articles[0], sort_order=0)
    html = client.get("/").content.decode()
    assert html.index("Article number 0") < html.index('id="latest-heading"')
    latest = html[html.index('id="latest-heading"') :]
    assert latest.index("Article number 11") < latest.index("Article number 10")
    assert "Article number 0" not in latest


def test_section_lists_newest_first_paginated_and_filters_by_tag(client, section, articles):
    page1 = client.get(section.url).content.decode()
    assert "Article number 11" in page1 and "Article number 1<" not in page1
    assert 'rel="next"' in page1
    page2 = client.get(section.url, {"page": 2}).content.decode()
    assert "Article number 0" in page2
    tagged = client.get(section.url, {"tag": "fundamentals"}).content.decode()
    assert "Article number 9" in tagged and "Article number 10" not in tagged


def test_article_page_has_breadcrumbs_toc_meta_and_json_ld(client, section, articles):
    article = articles[3]
    response = client.get(article.url)
    html = response.content.decode()
    assert response.status_code == 200
    assert '<nav class="breadcrumbs" aria-label="Breadcrumb">' in html
    assert '<a href="#first-part">First part</a>' in html
    assert f'<link rel="canonical" href="http://localhost{article.url}">' in html
    assert 'property="og:type" content="article"' in html
    assert 'name="twitter:card"' in html
    assert "min read" in html
    article_ld, crumbs_ld = json_ld_blocks(html)
    assert article_ld["@type"] == "Article" and article_ld["headline"] == article.title
    assert article_ld["keywords"] == ["Fundamentals"]
    assert [item["name"] for item in crumbs_ld["itemListElement"]] == [
        "AsterMind Learn",
        "Core Concepts",
        article.title,
    ]


def test_json_ld_cannot_be_broken_out_of(client, section):
    article = ArticlePageFactory(parent=section, title="</script><script>alert(1)</script>")
    html = client.get(article.url).content.decode()
    assert "<script>alert(1)" not in html
    assert json_ld_blocks(html)[0]["headline"] == article.title


def test_tag_page_and_unknown_tag(client, articles):
    response = client.get("/tags/techniques/")
    assert response.status_code == 200
    assert "Article number 1" in response.content.decode()
    assert client.get("/tags/no-such-tag/").status_code == 404
    assert client.get("/tags/" + "x" * 3000 + "/").status_code == 404


def test_search_finds_standfirst_and_is_noindex(client, articles):
    response = client.get("/search/", {"q": "transformers"})
    html = response.content.decode()
    assert response.status_code == 200
    assert '<meta name="robots" content="noindex">' in html
    assert "Article number 1" in html
    assert "Article number 2<" not in html


@pytest.mark.parametrize(
    "params, status",
    [
        ({"q": ""}, 200),
        ({"q": "x" * 5000}, 200),
        ({"q": "modèle de fondation 基础模型 🤖"}, 200),
        ({"q": "'; DROP TABLE wagtailcore_page; --"}, 200),
        ({"q": '" OR 1=1 --', "page": "-3"}, 200),
        ({"q": "article", "page": "99999999999999999999"}, 200),
        ({"q": "article", "page": "abc"}, 200),
        ({"q": "a & b | !c :*"}, 200),
        ({"q": "\x00"}, 400),
    ],
)
def test_search_survives_bad_input(client, articles, params, status):
    response = client.get("/search/", params)
    assert response.status_code == status


@pytest.mark.parametrize("page", ["-1", "0", "abc", "1e9", "9" * 5000, "2.5"])
def test_listings_survive_bad_page_numbers(client, section, articles, page):
    assert client.get(section.url, {"page": page}).status_code == 200
    assert client.get("/tags/fundamentals/", {"page": page}).status_code == 200


def test_feed_is_valid_atom_of_latest_articles(client, articles):
    response = client.get("/feed.xml")
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)
    titles = [e.findtext(f"{ATOM}title") for e in feed.findall(f"{ATOM}entry")]
    assert titles[0] == "Article number 11"
    assert len(titles) == 12


def test_sitemap_lists_every_live_page_and_each_answers(client, articles):
    locs = sitemap_locations(client)
    # Home, section, the articles, and the page of each article's author.
    assert len(locs) == 1 + 1 + 12 + 12
    for loc in locs:
        path = re.sub(r"^https?://[^/]+", "", loc)
        assert client.get(path).status_code == 200, path


def test_robots_points_to_sitemap(client, home):
    body = client.get("/robots.txt").content.decode()
    # From the site's public address (SITE_BASE_URL), not the request's Host header.
    assert f"Sitemap: {home.get_site().root_url}/sitemap.xml" in body
    assert "Disallow: /admin/" in body


def test_friendly_404(client, home):
    response = client.get("/no/such/page/")
    assert response.status_code == 404
    assert "We could not find that page" in response.content.decode()


def test_unpublished_article_drops_out_of_listings(client, section, articles):
    articles[11].unpublish()
    assert "Article number 11" not in client.get(section.url).content.decode()
    assert client.get(articles[11].url or "/core-concepts/article-11/").status_code == 404
    assert Tag.objects.filter(slug="fundamentals").exists()


def test_ensure_dev_admin_generates_a_password_once(db, settings, capsys, monkeypatch):
    monkeypatch.delenv("DJANGO_SUPERUSER_PASSWORD", raising=False)
    settings.DEBUG = True
    call_command("ensure_dev_admin")
    first = capsys.readouterr().out
    assert "password:" in first
    call_command("ensure_dev_admin")
    assert "already exists" in capsys.readouterr().out


def test_social_image_falls_back_to_site_default(client, section, settings, tmp_path):
    from wagtail_factories import ImageFactory

    from articles.models import SiteSettings

    settings.MEDIA_ROOT = tmp_path
    article = ArticlePageFactory(parent=section, title="Pictured", slug="pictured")
    html = client.get(article.url).content.decode()
    assert 'property="og:image"' not in html

    site_settings = SiteSettings.for_site(section.get_site())
    site_settings.default_social_image = ImageFactory(title="AsterMind card")
    site_settings.save()
    html = client.get(article.url).content.decode()
    # Absolute from the site's public address (SITE_BASE_URL), like the canonical link.
    root = re.escape(section.get_site().root_url)
    assert re.search(rf'<meta property="og:image" content="{root}/media/images/[^"]+">', html)
    assert '<meta property="og:image:alt" content="AsterMind card">' in html


def test_search_uses_postgres_full_text_on_postgresql(db):
    from django.db import connection
    from wagtail.search.backends import get_search_backend

    backend = get_search_backend()
    if connection.vendor == "postgresql":
        from wagtail.search.backends.database.postgres.postgres import PostgresSearchBackend

        # Wagtail's PostgreSQL backend, with a text search configuration per language
        # (articles/search_backend.py).
        assert isinstance(backend, PostgresSearchBackend)
        assert type(backend).__module__ == "articles.search_backend"
    else:
        assert connection.vendor in type(backend).__module__

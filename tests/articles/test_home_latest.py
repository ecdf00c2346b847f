"""The home page's newest articles per section, kept per site version in the shared cache
(articles/models/latest.py, latest_by_section): a publish shows at once, and so does an
article made private or unpublished."""

import re
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from tests.factories import ArticlePageFactory, SectionPageFactory


@pytest.fixture
def shared_cache(settings):
    settings.RENDER_CACHE_ENABLED = True  # the test's one local-memory cache stands for Redis


def titles(client):
    html = client.get("/").content.decode()
    return re.findall(r'class="card-title"><a href="[^"]+">([^<]+)</a>', html)


def publish(section, title, day):
    article = ArticlePageFactory(
        parent=section, title=title, slug=title.lower().replace(" ", "-"),
        first_published=date(2026, 1, day),
    )  # fmt: skip
    article.save_revision().publish()
    return article


@pytest.mark.django_db
def test_the_kept_list_follows_publishing_privacy_and_unpublishing(client, section, shared_cache):
    first, second, third = (publish(section, f"Article {n}", n) for n in (1, 2, 3))
    assert titles(client) == ["Article 3", "Article 2", "Article 1"]
    with CaptureQueriesContext(connection) as ctx:
        assert titles(client) == ["Article 3", "Article 2", "Article 1"]
    assert not any("LIMIT 3" in q["sql"] for q in ctx.captured_queries)  # from the kept ids
    publish(section, "Article 4", 4)
    assert titles(client) == ["Article 4", "Article 3", "Article 2"]
    PageViewRestriction.objects.create(page=second, restriction_type="password", password="x")
    assert "Article 2" not in titles(client)  # no publish: the kept ids are checked again
    third.unpublish()
    assert titles(client) == ["Article 4", "Article 1"]


@pytest.mark.django_db
def test_without_the_shared_cache_each_section_shows_its_own_newest(
    client, home, section, settings
):
    """The query itself (no kept ids): a UNION of per-section LIMIT subqueries on
    PostgreSQL, an OR of them on SQLite; both give each section its own three, newest first,
    ties by the later page, drafts and private pages left out."""
    settings.RENDER_CACHE_ENABLED = False
    other = SectionPageFactory(parent=home, title="Applications", slug="applications")
    for day in (1, 2, 3, 4):
        publish(section, f"Core {day}", day)
        publish(other, f"Apps {day}", 10 + day)
    publish(other, "Apps tie", 14)  # same day as Apps 4, created later: shown first
    ArticlePageFactory(parent=section, title="Core draft", slug="core-draft", live=False,
                       first_published=date(2026, 1, 28))  # fmt: skip
    hidden = publish(section, "Core private", 27)
    PageViewRestriction.objects.create(page=hidden, restriction_type="password", password="x")
    shown = titles(client)
    assert shown == ["Core 4", "Core 3", "Core 2", "Apps tie", "Apps 4", "Apps 3"]

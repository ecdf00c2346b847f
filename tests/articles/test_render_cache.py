"""The article's rendered body and tables are kept per revision and facts: a warm request
reads nothing from the fact registry, and every edit, publish and fact change shows at once."""

import json
import uuid

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.render_cache import FACTS, TOKEN_KEY, code_digest
from directory.models import Modality
from tests.factories import ArticlePageFactory
from tests.table_factories import FoundationModelFactory, SourceFactory, model_table, publish

REGISTRY_TABLE = '"articles_foundationmodel"'
# A port nothing listens on: Redis configured but down.
REDIS_DOWN = {
    "default": {
        "BACKEND": "astermind_site.cache.ResilientRedisCache",
        "LOCATION": "redis://127.0.0.1:9/0",
        "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 0.5, "SOCKET_TIMEOUT": 0.5},
    }
}


def paragraph(text):
    return {"type": "paragraph", "value": f"<p>{text}</p>", "id": str(uuid.uuid4())}


@pytest.fixture
def shown(db):
    model = FoundationModelFactory(name="Orca 3", slug="orca-3", max_parameters_billions=70)
    SourceFactory(model=model, title="The Orca 3 paper")
    return model


@pytest.fixture
def reading(section):
    return publish(ArticlePageFactory(parent=section, title="Old neighbour", slug="neighbour"))


@pytest.fixture
def article(section, shown, reading):
    page = ArticlePageFactory(
        parent=section,
        slug="cached",
        body=json.dumps([paragraph("Old words."), model_table([shown], block_id="facts")]),
        further_reading=json.dumps(
            [{"type": "article", "value": {"page": reading.pk, "note": ""}, "id": "fr"}]
        ),
    )
    return publish(page)


def fetch(client, page):
    """The page's HTML and the queries that read the fact registry to build it."""
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(page.url)
    assert response.status_code == 200
    registry = [q for q in ctx.captured_queries if REGISTRY_TABLE in q["sql"]]
    return response.content.decode(), registry


def republished(client, article, instance, **changes):
    """Render the article, change ``instance`` and publish it, then fetch the article again."""
    fetch(client, article)
    for field, value in changes.items():
        setattr(instance, field, value)
    publish(instance)
    return fetch(client, article)


def test_a_warm_request_reads_no_facts_and_serves_the_same_html(client, article):
    first, first_registry = fetch(client, article)
    second, second_registry = fetch(client, article)
    assert first_registry, "the first render reads the registry"
    assert second_registry == []
    assert second == first
    assert "Orca 3" in second and "Old neighbour" in second


def test_every_visitor_gets_the_same_html(client, article):
    client.get(article.url)
    other = client.__class__()
    other.cookies["cookie_consent"] = "analytics=-1|personalisation=-1"
    assert other.get(article.url).content == client.get(article.url).content


def test_a_published_edit_shows_at_once_and_a_draft_does_not(client, article):
    assert "Old words." in fetch(client, article)[0]
    article.body = json.dumps([paragraph("Draft words.")])
    article.save_revision()
    html = fetch(client, article)[0]
    assert "Old words." in html and "Draft words." not in html
    article.body = json.dumps([paragraph("New words."), model_table([], block_id="facts")])
    publish(article)
    html = fetch(client, article)[0]
    assert "New words." in html and "Old words." not in html


def test_publishing_a_changed_model_refreshes_the_table(client, article, shown):
    html, registry = republished(client, article, shown, name="Orca 4")
    assert registry and "Orca 4" in html and "Orca 3<" not in html


def test_unpublishing_or_deleting_a_model_drops_its_row(client, article, shown):
    fetch(client, article)
    shown.unpublish()
    assert "No published models to compare yet." in fetch(client, article)[0]
    publish(shown)
    assert 'data-model="orca-3"' in fetch(client, article)[0]
    shown.delete()
    assert 'data-model="orca-3"' not in fetch(client, article)[0]


def test_renaming_the_developer_refreshes_the_table(client, article, shown):
    assert "Pod Labs" in republished(client, article, shown.developer, name="Pod Labs")[0]


def test_renaming_a_modality_or_changing_a_source_refreshes_the_table(client, article, shown):
    fetch(client, article)
    text = Modality.objects.get(slug="text")
    text.name = "prose"
    text.save()
    assert "prose" in fetch(client, article)[0]
    source = shown.sources.get()
    source.title = "The Orca 3 report"
    source.save()
    html = fetch(client, article)[0]
    assert "The Orca 3 report" in html and "The Orca 3 paper" not in html


def test_a_retitled_further_reading_page_shows_its_new_title(client, article, reading):
    html = republished(client, article, reading, title="New neighbour")[0]
    assert "New neighbour" in html and "Old neighbour" not in html


def test_a_lost_or_replaced_token_is_a_miss_never_a_stale_hit(client, article):
    fetch(client, article)
    cache.set(TOKEN_KEY.format(FACTS), "replaced-by-another-server", None)
    assert fetch(client, article)[1], "a new token means a fresh render"
    cache.delete(TOKEN_KEY.format(FACTS))
    assert fetch(client, article)[1]


def test_with_redis_down_the_article_renders_fresh_and_never_500s(client, article, shown, settings):
    settings.CACHES = REDIS_DOWN
    for _ in range(2):
        html, registry = fetch(client, article)
        assert registry and "Orca 3" in html
    shown.name = "Orca 5"
    publish(shown)
    assert "Orca 5" in fetch(client, article)[0]


def test_a_changed_template_gives_new_keys(settings, tmp_path):
    template = tmp_path / "templates" / "articles" / "article_page.html"
    template.parent.mkdir(parents=True)
    template.write_text("one layout")
    settings.BASE_DIR = tmp_path
    try:
        code_digest.cache_clear()
        before = code_digest()
        template.write_text("another layout")
        code_digest.cache_clear()
        assert code_digest() != before
    finally:
        code_digest.cache_clear()

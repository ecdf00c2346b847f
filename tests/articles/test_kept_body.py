"""The article's rendered body, tables, further reading, related list, meta tags and JSON-LD
are kept per page, site version and language (pagecache/versioned.py, article_page.html): a
warm uncached request reads nothing from the fact registry and renders only the shell, and
every edit, publish and fact change shows on the next request, in every process, with each
process's own memory (the test settings) or a shared Redis. Previews, drafts and pages under
a view restriction never read or keep any of it."""

import json
import uuid

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from directory.models import Modality
from pagecache import tokens, versioned
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


def test_a_site_version_renewed_by_another_process_is_a_fresh_render(client, article):
    """Another worker's change reaches this one only through the database's token."""
    fetch(client, article)
    assert fetch(client, article)[1] == []
    tokens.rotate({tokens.SITE_VERSION})
    assert fetch(client, article)[1], "a new site version means a fresh render"


def test_a_new_deploy_renders_afresh(client, article, monkeypatch):
    fetch(client, article)
    monkeypatch.setattr(versioned, "code_version", lambda: "another-build")
    assert fetch(client, article)[1]


def test_with_redis_down_a_fact_change_still_shows_and_nothing_500s(
    client, article, shown, settings
):
    """The cache falls back to the process's memory; what is kept there is kept under the
    database's site version, which the change renews."""
    settings.CACHES = REDIS_DOWN
    html, registry = fetch(client, article)
    assert registry and "Orca 3" in html
    assert "Orca 3" in fetch(client, article)[0]
    shown.name = "Orca 5"
    publish(shown)
    assert "Orca 5" in fetch(client, article)[0]


def test_modalities_set_by_code_show_on_the_next_request(client, article, shown):
    """No publish, so no purge: the site version is renewed by the change itself."""
    assert "audio" not in fetch(client, article)[0]
    shown.modalities.add(Modality.objects.get(slug="audio"))
    shown.save()  # the live row, saved by a script: no publish, so no purge
    assert "audio" in fetch(client, article)[0]


@pytest.fixture
def recorded(monkeypatch):
    """Every name read or stored per site version, those inside a page's bundle included."""
    names = {"read": [], "stored": []}
    get_many, set_many = versioned.SiteVersion.get_many, versioned.SiteVersion.set_many

    def reading(self, wanted):
        names["read"].extend(n for n in wanted if n not in self.found)  # from the cache
        found = get_many(self, wanted)
        for name, value in found.items():
            if name.startswith("kept:page:"):
                names["read"].extend(value)
        return found

    def storing(self, values):
        for name, value in values.items():
            names["stored"].append(name)
            if name.startswith("kept:page:"):
                names["stored"].extend(value)
        return set_many(self, values)

    monkeypatch.setattr(versioned.SiteVersion, "get_many", reading)
    monkeypatch.setattr(versioned.SiteVersion, "set_many", storing)
    return names


def kept(names):
    return [name for name in names if name.startswith("kept:")]


def test_a_warm_article_reads_its_kept_parts_in_one_round_trip(client, article, recorded):
    fetch(client, article)
    stored = kept(recorded["stored"])
    assert {name.split(":")[1] for name in stored} >= {"page", "article", "footer"}
    assert sum(name.startswith("kept:page:") for name in stored) == 1
    recorded["read"].clear()
    with CaptureQueriesContext(connection) as ctx:
        fetch(client, article)
    reads = [name for name in recorded["read"] if name.startswith("kept:page:")]
    assert len(reads) == 1, "one bundle read for the page's content, head, meta and footer"
    assert kept(recorded["stored"]) == stored, "a warm request stores nothing"
    # The token only (no Redis here): that the page has no view restriction is kept too;
    # no tag, settings or image row.
    assert len(ctx.captured_queries) == 1, [q["sql"] for q in ctx.captured_queries]


def test_a_restricted_article_keeps_nothing(client, article, superuser):
    PageViewRestriction.objects.create(page=article, restriction_type="login")
    assert client.get(article.url).status_code == 302  # to the login page
    reader = Client()
    reader.force_login(superuser)
    for _ in range(2):
        html, registry = fetch(reader, article)
        assert registry and "Orca 3" in html and "Old words." in html  # rendered, not read
    # Not stored either: no cache entry holds any of its rendered HTML (local memory keeps
    # pickles; routing keeps the page's row, as for every page, before restrictions are read).
    rendered = (b'class="article-body"', b'data-model="orca-3"', b"application/ld+json")
    assert not [k for k, v in cache._cache.items() if any(part in v for part in rendered)]
    # Lifted: kept again from the next request.
    PageViewRestriction.objects.filter(page=article).delete()
    fetch(client, article)
    assert fetch(client, article)[1] == []


def test_a_preview_neither_reads_nor_keeps_and_shows_the_draft(client, article, recorded):
    fetch(client, article)
    article.body = json.dumps([paragraph("Draft words.")])
    article.save_revision()  # a draft: the live page and the site version are unchanged
    recorded["stored"].clear()
    recorded["read"].clear()
    preview = article.get_latest_revision_as_object().make_preview_request()
    html = preview.content.decode()
    assert "Draft words." in html and "Old words." not in html
    assert kept(recorded["stored"]) == [] and kept(recorded["read"]) == []
    assert "Old words." in fetch(client, article)[0]


def test_a_query_string_keeps_the_fragments_by_page_never_by_query(client, article, recorded):
    for query in ("?utm_source=a", "?utm_source=b"):
        response = client.get(article.url + query)
        assert response.status_code == 200 and "Orca 3" in response.content.decode()
    stored = kept(recorded["stored"])
    assert not any(name.startswith(("kept:page:", "kept:article:content:")) for name in stored)
    assert len([n for n in stored if n.startswith("kept:article:body:")]) == 1


def test_an_editors_render_keeps_nothing_of_the_editor(client, article, superuser):
    editor = Client()
    editor.force_login(superuser)
    assert editor.get(article.url).status_code == 200  # the first render: it keeps the parts
    html = client.get(article.url).content.decode()
    assert superuser.username not in html and "wagtail-userbar" not in html
    assert "csrfmiddlewaretoken" not in html
    assert html == Client().get(article.url).content.decode()


def test_a_restriction_added_above_a_kept_public_article_holds_at_once(client, article, section):
    """That the article has no restriction is kept; one on its section renews the version."""
    fetch(client, article)
    with CaptureQueriesContext(connection) as ctx:
        fetch(client, article)
    assert not any("pageviewrestriction" in q["sql"] for q in ctx.captured_queries)
    PageViewRestriction.objects.create(page=section, restriction_type="password", password="x")
    response = client.get(article.url)
    assert response.status_code == 200 and "Old words." not in response.content.decode()
    assert 'name="password"' in response.content.decode()  # Wagtail's password form

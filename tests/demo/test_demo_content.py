"""`manage.py load_demo_content`: idempotent, complete, and every page it makes is served."""

from io import StringIO
from urllib.parse import urlparse

import pytest
from django.core.management import call_command
from taggit.models import Tag
from wagtail.models import Page, Revision, Site

from articles.models import (
    ArticlePage,
    ArticleTag,
    Author,
    HomeFeaturedArticle,
    HomePage,
    SectionPage,
    SiteSettings,
)
from demo.loader import load_demo_data
from demo.sync import WELCOME_TITLE
from demo.sync_translations import TRANSLATIONS_DIR
from directory.models import FoundationModel, Organisation
from tests.sitemaps import sitemap_locations

DEMO = load_demo_data()
SEED_SLUG = "what-is-a-foundation-model"
SEED_URL = f"/core-concepts/{SEED_SLUG}/"


def load(*args):
    out = StringIO()
    call_command("load_demo_content", *args, stdout=out)
    return out.getvalue()


def revisions_of(page):
    return Revision.page_revisions.filter(object_id=str(page.pk)).count()


def counts():
    return {
        "pages": Page.objects.count(),
        "articles": ArticlePage.objects.count(),
        "sections": SectionPage.objects.count(),
        "homes": HomePage.objects.count(),
        "authors": Author.objects.count(),
        "tags": Tag.objects.count(),
        "tagged items": ArticleTag.objects.count(),
        "featured": HomeFeaturedArticle.objects.count(),
        "revisions": Revision.page_revisions.count(),
        "sites": Site.objects.count(),
        "settings": SiteSettings.objects.count(),
    }


@pytest.fixture
def loaded(db):
    load()


def test_first_load_builds_the_whole_tree(loaded):
    home = HomePage.objects.get(slug="home")
    assert home.live and home.title == "AsterMind Learn" and home.intro
    sections = SectionPage.objects.child_of(home).live()
    assert {s.slug for s in sections} == {s["slug"] for s in DEMO.sections}
    assert "core-concepts" in {s.slug for s in sections} and sections.count() >= 2
    articles = ArticlePage.objects.live().filter(locale__language_code="en-gb")
    assert articles.count() == len(DEMO.articles) >= 5
    # Different publication dates, so "latest" listings have an order to show.
    assert len({a.first_published for a in articles}) == articles.count()
    assert all(a.last_reviewed and a.author.slug == "astermind-team" for a in articles)


def test_loading_twice_creates_nothing_new(db):
    load()
    first = counts()
    output = load()
    assert counts() == first
    assert "0 created, 0 updated" in output
    # Refreshing content that already matches the demo data changes nothing either.
    assert "0 created, 0 updated" in load("--refresh")
    assert counts() == first
    # One revision per English page, published by the first load; the second load added
    # none. The German pages are wagtail-localize's (tests/i18n/test_demo_translations.py).
    pages = Page.objects.type(HomePage, SectionPage, ArticlePage).specific()
    for page in pages.filter(locale__language_code="en-gb"):
        assert revisions_of(page) == 1, page.slug
        assert page.live and not page.has_unpublished_changes, page.slug


def test_reload_keeps_what_editors_changed(loaded):
    seed = ArticlePage.objects.get(slug=SEED_SLUG)
    seed.standfirst = "Edited by hand."
    seed.save_revision().publish()
    claude = FoundationModel.objects.get(slug="claude-3")
    claude.licence = "Edited by hand"
    claude.save_revision().publish()
    revisions_before = revisions_of(seed)

    output = load()

    seed = ArticlePage.objects.get(pk=seed.pk)
    claude.refresh_from_db()
    assert seed.standfirst == "Edited by hand."
    assert claude.licence == "Edited by hand"
    assert revisions_of(seed) == revisions_before
    assert "0 created, 0 updated, 0 deleted" in output


def test_refresh_restores_changed_content_with_one_new_revision(loaded):
    seed = ArticlePage.objects.get(slug=SEED_SLUG)
    other = ArticlePage.objects.get(slug="on-device-learning")
    seed.standfirst = "Edited by hand."
    seed.tags.set(["edited"])
    seed.save_revision().publish()
    revisions_before = revisions_of(seed)

    output = load("--refresh")

    seed = ArticlePage.objects.get(pk=seed.pk)
    assert seed.standfirst != "Edited by hand."
    assert sorted(t.name for t in seed.tags.all()) == ["Fundamentals"]
    assert revisions_of(seed) == revisions_before + 1
    assert revisions_of(other) == 1
    # The seed and its German translation, synced again from the restored English source
    # (demo/sync_translations.py); no other page.
    assert "2 updated" in output and SEED_URL.rstrip("/") in output
    assert "/startseite/grundbegriffe/was-ist-ein-foundation-model/ (de)" in output


def test_seed_article_is_live_with_its_facts_author_tag_and_section(loaded, client):
    response = client.get(SEED_URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert "What Is a Foundation Model?" in html
    for fact in [
        # Key foundation models: model, developer, modalities, parameters, release date.
        "GPT-4", "OpenAI", "Text, images", "14 March 2023",
        "Claude 3", "Anthropic", "Undisclosed",
        "Gemini 1.0", "Google DeepMind", "Text, images, audio, video",
        "Llama 3", "Meta", "8B–70B", "18 April 2024",
        "Mistral AI", "8x22B",
        "PaLM 2", "~340B (estimated)",
        # The caption's date is the oldest check date among the six (PaLM 2's count was
        # last checked on 1 November 2026, the others on 6 December 2026).
        "Key foundation models as of <time datetime=\"2026-11-01\">1 November 2026</time>",
        # Foundation vs task-specific: one fact per aspect.
        "Broad, diverse", "Narrow, domain-specific", "Very high (millions of dollars)",
        "Fixed to one task", "Single task, specialized", "Spam classifier, sentiment model",
        # The seed's context.
        "Stanford", "2021",
    ]:  # fmt: skip
        assert fact in html, fact
    assert "AsterMind Team" in html
    assert 'href="/tags/fundamentals/"' in html
    assert 'href="/core-concepts/"' in html and "Core Concepts" in html


def test_seed_article_follows_the_seed_structure(loaded):
    seed = ArticlePage.objects.get(slug=SEED_SLUG)
    assert seed.get_parent().slug == "core-concepts"
    toc = seed.table_of_contents
    assert [(e["heading"], [c["heading"] for c in e["children"]]) for e in toc] == [
        ("How foundation models work", ["Pre-training phase", "Adaptation phase"]),
        ("Key foundation models", []),
        ("Why foundation models matter", []),
        ("Foundation models vs task-specific models", []),
        ("Challenges", []),
        ("Foundation models in the AsterMind ecosystem", []),
    ]
    assert [t.name for t in seed.tags.all()] == ["Fundamentals"]


def test_seed_links_to_the_other_articles_as_further_reading(loaded):
    seed = ArticlePage.objects.get(slug=SEED_SLUG)
    linked = {b.value["page"].slug for b in seed.further_reading if b.block_type == "article"}
    others = {a["slug"] for a in DEMO.articles} - {SEED_SLUG}
    assert linked == others
    assert all(b.value["note"] for b in seed.further_reading)


def test_seed_is_featured_on_the_home_page(loaded, client):
    home = HomePage.objects.get(slug="home")
    featured = HomeFeaturedArticle.objects.filter(home=home)
    assert [f.article.slug for f in featured] == [SEED_SLUG]
    response = client.get("/")
    assert response.status_code == 200
    assert SEED_URL in response.content.decode()


def test_every_page_in_the_sitemap_answers_200(loaded, client):
    locations = sitemap_locations(client)
    paths = {urlparse(location).path for location in locations}
    # Home, every section, every article, every author's page and every model's page, and
    # the pages the demo ships in German (one translation file each).
    german = len(list((TRANSLATIONS_DIR / "de").glob("*.po")))
    pages = 1 + len(DEMO.sections) + len(DEMO.articles) + len(DEMO.authors) + german
    assert len(paths) == pages + len(DEMO.foundation_models)
    assert {"/", "/core-concepts/", SEED_URL, "/models/palm-2/"} <= paths
    for path in sorted(paths):
        assert client.get(path).status_code == 200, path


def test_wagtail_welcome_page_is_gone_and_home_is_the_default_site_root(db):
    assert Page.objects.filter(title=WELCOME_TITLE).exists()  # from Wagtail's migration
    load()
    assert not Page.objects.filter(title=WELCOME_TITLE).exists()
    site = Site.objects.get(is_default_site=True)
    assert site.root_page.specific_class is HomePage and site.root_page.slug == "home"
    # The home page and its German translation (wagtail-localize's), nothing else.
    children = Page.get_first_root_node().get_children()
    assert [(p.slug, p.locale.language_code) for p in children] == [
        ("home", "en-gb"),
        ("startseite", "de"),
    ]
    assert children[1].translation_key == site.root_page.translation_key


def test_default_site_is_created_when_missing(db):
    Site.objects.all().delete()
    load()
    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port) == ("localhost", 80)
    assert site.root_page.slug == "home"


def test_site_settings_are_set_for_the_default_site(loaded, client):
    settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    assert settings.site_name == "AsterMind Learn"
    assert "AsterMind" in settings.footer_text
    assert "explains AI in plain words" in client.get("/").content.decode()


def test_seed_tables_are_table_blocks_fed_by_the_registry(loaded):
    seed = ArticlePage.objects.get(slug=SEED_SLUG)
    tables = {b.block_type: b.value for b in seed.body if b.block_type.endswith("_table")}
    registry = {m["slug"] for m in DEMO.foundation_models}
    shown = [m.slug for m in tables["model_table"]["models"]]
    assert len(shown) == 6 and set(shown) <= registry
    concept = tables["concept_table"]
    assert list(concept["column_headings"]) == ["Foundation model", "Task-specific model"]
    assert [row["aspect"] for row in concept["rows"]][:2] == ["Training data", "Training cost"]


def test_registry_entries_are_published_once_with_their_facts(db):
    load()
    load()
    models = {m.slug: m for m in FoundationModel.objects.all()}
    assert set(models) == {m["slug"] for m in DEMO.foundation_models}
    assert len(models) >= 30
    checked = {m["slug"]: m["checked"] or DEMO.facts_checked for m in DEMO.foundation_models}
    assert all(m.live and m.as_of == checked[m.slug] for m in models.values())
    # Every model has a release date, and a count or the word that it is undisclosed.
    assert all(m.release_date for m in models.values())
    assert all(
        m.max_parameters_billions or m.parameter_status == "undisclosed" for m in models.values()
    )
    assert all(m.revisions.count() == 1 for m in models.values())
    assert Organisation.objects.filter(live=True).count() == len(DEMO.organisations)
    palm = models["palm-2"]
    assert palm.parameter_status == "estimated" and palm.sources.filter(fact="parameters")
    assert palm.as_of.isoformat() == "2026-11-01"
    # The count's source was read on 1 November, the release date's on 6 December.
    assert {(s.fact, s.accessed.isoformat()) for s in palm.sources.all()} == {
        ("parameters", "2026-11-01"),
        ("release_date", "2026-12-06"),
    }
    assert models["gpt-4"].parameter_status == "undisclosed"
    assert models["gpt-4"].release_date.isoformat() == "2023-03-14"
    assert [m.slug for m in models["gemini-1-0"].modalities.all()] == [
        "text",
        "images",
        "audio",
        "video",
    ]
    mixtral = models["mixtral-8x22b"]
    assert mixtral.parameter_notation == "8x22B" and mixtral.open_weights


def test_refresh_republishes_a_changed_fact(loaded):
    claude = FoundationModel.objects.get(slug="claude-3")
    claude.licence = "Edited by hand"
    claude.save_revision().publish()
    output = load("--refresh")
    claude.refresh_from_db()
    assert claude.licence == "Proprietary"
    assert "updated foundation model Claude 3" in output

"""The demo's German pages are wagtail-localize translations of the English ones, written by
us, and a reload neither duplicates nor re-publishes them."""

from io import StringIO

import pytest
from django.core.management import call_command
from wagtail.models import Locale, Revision
from wagtail_localize.models import StringTranslation, Translation, TranslationSource

from articles.models import ArticlePage, HomePage, SectionPage

pytestmark = pytest.mark.django_db

GERMAN_PATHS = {
    "/de/": "AsterMind Learn",
    "/de/grundbegriffe/": "Grundbegriffe",
    "/de/techniken/": "Techniken",
    "/de/edge-ki/": "Edge-KI",
    "/de/grundbegriffe/was-ist-ein-foundation-model/": "Was ist ein Foundation Model?",
}


def load(*args):
    out = StringIO()
    call_command("load_demo_content", *args, stdout=out)
    return out.getvalue()


def german_revisions():
    pages = ArticlePage.objects.filter(locale__language_code="de")
    ids = [str(pk) for pk in [*pages.values_list("pk", flat=True)]]
    return Revision.page_revisions.filter(object_id__in=ids).count()


def test_demo_german_pages_are_wagtail_localize_translations(client):
    load()
    german = Locale.objects.get(language_code="de")
    seed = ArticlePage.objects.get(slug="what-is-a-foundation-model")
    translated = seed.get_translation(german)
    assert translated.slug == "was-ist-ein-foundation-model"
    source = TranslationSource.objects.get(object_id=seed.translation_key, locale=seed.locale)
    translation = Translation.objects.get(source=source, target_locale=german)
    assert translation.get_status_display() == "Up to date"
    assert StringTranslation.objects.filter(
        locale=german, translation_type="manual", data="Vortraining"
    ).exists()
    home = HomePage.objects.get(slug="home")
    assert home.get_translation(german).slug == "startseite"
    assert SectionPage.objects.filter(locale=german).count() == 3
    for path, title in GERMAN_PATHS.items():
        response = client.get(path)
        assert response.status_code == 200, path
        assert f"<title>{title} · AsterMind Learn</title>" in response.text, path
    article = client.get("/de/grundbegriffe/was-ist-ein-foundation-model/").text
    for german_text in [
        "Wie Foundation Models funktionieren",
        'Stand: <time datetime="2026-11-01">1. November 2026</time>',
        "~340\u00a0Mrd. (geschätzt)",
        "8\u00a0Mrd.–70\u00a0Mrd.",
        "14. März 2023",
        "Nicht offengelegt",
        "Merkmal",
        "Spamfilter, Stimmungsanalyse",
        "GPT-4: Parameterzahl",
    ]:
        assert german_text in article, german_text


def test_reloading_keeps_the_german_pages_as_they_are():
    load()
    revisions = german_revisions()
    pages = ArticlePage.objects.filter(locale__language_code="de").count()
    assert "0 created, 0 updated" in load()
    assert "0 created, 0 updated" in load("--refresh")
    assert german_revisions() == revisions
    assert ArticlePage.objects.filter(locale__language_code="de").count() == pages == 1


def test_refresh_restores_an_edited_german_string():
    load()
    german = Locale.objects.get(language_code="de")
    seed = ArticlePage.objects.get(slug="what-is-a-foundation-model", locale__language_code="en-gb")
    StringTranslation.objects.filter(locale=german, data="Vortraining").update(
        data="Vortraining (bearbeitet)"
    )
    assert "0 created, 0 updated" in load()  # without --refresh, editors' work stays
    output = load("--refresh")
    assert "updated page /startseite/grundbegriffe/was-ist-ein-foundation-model/ (de)" in output
    translated = seed.get_translation(german)
    headings = [e["heading"] for e in translated.table_of_contents]
    assert "Wie Foundation Models funktionieren" in headings
    assert StringTranslation.objects.filter(locale=german, data="Vortraining").exists()


def test_german_home_leads_with_the_german_article(client):
    load()
    german = Locale.objects.get(language_code="de")
    home = HomePage.objects.get(slug="home")
    german_home = client.get("/de/").text
    featured = list(home.get_translation(german).featured_articles.values_list("article_id"))
    assert 'class="lead-story"' in german_home, featured
    lead = german_home[german_home.index('class="lead-story"') :].split("</section>")[0]
    assert 'href="/de/grundbegriffe/was-ist-ein-foundation-model/"' in lead
    assert "Was ist ein Foundation Model?" in lead

"""The site's footer text in German: the catalogue's translation of the text as stored
(articles/models/settings.py, the demo's German in demo/locale), left out without one."""

from pathlib import Path

import pytest
from wagtail.models import Site

import demo
from articles.models import SiteSettings
from demo.loader import read_site

pytestmark = pytest.mark.django_db

# The demo's footer, exactly as `load_demo_content` stores it.
DEMO_FOOTER = read_site(Path(demo.__file__).parent / "site.toml")[3]["footer_text"]
ENGLISH = (
    "<p><b>AsterMind Learn</b> explains AI in plain words. Articles are reviewed by the "
    "AsterMind Team and may be reused with attribution.</p>"
)
GERMAN = (
    "<p><b>AsterMind Learn</b> erklärt KI in einfachen Worten. Die Artikel prüft das "
    "AsterMind-Team; sie dürfen mit Quellenangabe weiterverwendet werden.</p>"
)


def set_footer(text):
    site_settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    site_settings.footer_text = text
    site_settings.save()


def footer_of(html):
    start = html.index('<div class="footer-text">')
    return html[start : html.index("</div>", start) + len("</div>")]


def test_the_demo_footer_is_the_catalogues_msgid():
    assert DEMO_FOOTER == ENGLISH


def test_german_home_and_article_show_the_german_footer(
    client, german_home, german_article, home, article
):
    set_footer(DEMO_FOOTER)
    for page in (german_home, german_article):
        html = client.get(page.url).text
        assert footer_of(html) == f'<div class="footer-text">{GERMAN}</div>'
        assert "explains AI in plain words" not in html
    for page in (home, article):
        assert footer_of(client.get(page.url).text) == f'<div class="footer-text">{ENGLISH}</div>'


def test_the_footer_keeps_its_german_once_an_editor_saves_it_unchanged(client, german_home):
    """Draftail stores each paragraph with a random data-block-key."""
    set_footer(ENGLISH.replace("<p>", '<p data-block-key="x7k2q">'))
    html = client.get(german_home.url).text
    assert footer_of(html) == f'<div class="footer-text">{GERMAN}</div>'


def test_a_footer_without_a_translation_is_left_out_in_german(client, german_home, home):
    set_footer("<p>Written in Europe.</p>")
    assert 'class="footer-text"' not in client.get(german_home.url).text
    english = client.get(home.url).text
    assert footer_of(english) == '<div class="footer-text"><p>Written in Europe.</p></div>'

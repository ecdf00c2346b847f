"""The sitemap of pages (articles/sitemaps.py) reads plain rows and works each location out
from the page's url_path (articles/sitemap_locations.py): what it lists must stay what
Wagtail's own ``get_full_url`` and ``get_sitemap_urls`` say, in a few queries however many
pages there are."""

import xml.etree.ElementTree as ET

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.timezone import localtime
from wagtail.models import Page, Site, get_page_models

from articles.sitemap_locations import PageLocations
from tests.factories import ArticlePageFactory, HomePageFactory, SectionPageFactory
from tests.i18n.conftest import translate
from tests.sitemaps import SITEMAP

XHTML = "{http://www.w3.org/1999/xhtml}"
# The queries of one page of the sitemap (site, restrictions, count, the page's rows, their
# translations and the purge token): the same at 5 or 50 articles, 6 at 10,000 too.
SITEMAP_PAGE_QUERIES = 6


@pytest.fixture
def two_languages(home, section):
    """English pages, some translated into German, one with a non-ASCII slug."""
    articles = [
        ArticlePageFactory(parent=section, title=f"Article {i}", slug=f"article-{i}")
        for i in range(3)
    ]
    articles.append(ArticlePageFactory(parent=section, title="Über Modelle", slug="über-modelle"))
    german_home = translate(home, title="Startseite")
    german_section = translate(section, title="Grundbegriffe", slug="grundbegriffe")
    german_article = translate(articles[0], title="Artikel", slug="artikel-null")
    return {"articles": articles, "german": [german_home, german_section, german_article]}


def test_no_page_type_changes_how_its_address_or_sitemap_entry_is_made():
    """The sitemap takes url_path and the two date columns as Wagtail's Page does; a page
    type that changed those would need the sitemap changed with it."""
    for model in get_page_models():
        for name in ("get_url_parts", "get_full_url", "get_sitemap_urls"):
            assert getattr(model, name) is getattr(Page, name), f"{model.__name__}.{name}"


@pytest.mark.django_db
def test_every_location_is_wagtails_own(rf, home, two_languages):
    # A second site with its own host, a third sharing the first one's pages (Wagtail picks
    # between them by the request), and a page under no site at all.
    other_home = HomePageFactory(parent=Page.get_first_root_node(), slug="other-home")
    Site.objects.create(hostname="other.example", port=8080, root_page=other_home)
    Site.objects.create(hostname="alias.example", port=8081, root_page=home)
    SectionPageFactory(parent=other_home, title="Elsewhere", slug="elsewhere")
    request = rf.get("/sitemap-pages.xml")
    locate = PageLocations(request)
    pages = list(Page.objects.all())
    assert len(pages) > 10
    for page in pages:
        assert locate(page.url_path) == page.get_full_url(request), page.url_path
    assert "%C3%BCber-modelle" in locate(two_languages["articles"][3].url_path)
    assert locate("/") is None


def lastmod_of(url):
    element = url.find(f"{SITEMAP}lastmod")
    return None if element is None else element.text


def day(moment):
    return None if moment is None else localtime(moment).date().isoformat()


@pytest.mark.django_db
def test_the_sitemap_lists_what_wagtail_says_with_alternates_both_ways(
    rf, client, home, two_languages
):
    root = client.get("/sitemap-pages.xml")
    assert root.status_code == 200
    urls = list(ET.fromstring(root.content).iter(f"{SITEMAP}url"))
    request = rf.get("/sitemap-pages.xml")
    roots = [home, two_languages["german"][0]]
    under = Page.objects.live().filter(path__startswith=roots[0].path) | Page.objects.live().filter(
        path__startswith=roots[1].path
    )
    pages = [page.specific for page in under.order_by("path")]
    expected = [entry for page in pages for entry in page.get_sitemap_urls(request)]
    listed = [(url.find(f"{SITEMAP}loc").text, lastmod_of(url)) for url in urls]
    assert listed == [(e["location"], day(e["lastmod"])) for e in expected]
    assert len(listed) == 9 and any(lastmod for _, lastmod in listed)
    alternates = {
        url.find(f"{SITEMAP}loc").text: {
            link.get("hreflang"): link.get("href") for link in url.iter(f"{XHTML}link")
        }
        for url in urls
    }
    english, german = two_languages["articles"][0], two_languages["german"][2]
    pair = {
        "en-GB": english.get_full_url(request),
        "de": german.get_full_url(request),
        "x-default": english.get_full_url(request),
    }
    assert pair["de"] == "http://localhost/de/grundbegriffe/artikel-null/"
    assert alternates[pair["en-GB"]] == pair
    assert alternates[pair["de"]] == pair
    assert alternates[two_languages["articles"][1].get_full_url(request)] == {}


def sitemap_page_queries(client):
    client.get("/sitemap-pages.xml")
    with CaptureQueriesContext(connection) as ctx:
        assert client.get("/sitemap-pages.xml").status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.django_db
def test_a_sitemap_page_takes_the_same_few_queries_at_5_or_50_articles(client, two_languages):
    section = two_languages["articles"][0].get_parent()
    few = sitemap_page_queries(client)
    for i in range(46):
        page = ArticlePageFactory(parent=section, title=f"More {i}", slug=f"more-{i}")
        if i % 5 == 0:
            translate(page, title=f"Mehr {i}", slug=f"mehr-{i}")
    assert sitemap_page_queries(client) == few
    assert few <= SITEMAP_PAGE_QUERIES

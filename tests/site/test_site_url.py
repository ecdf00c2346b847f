"""SITE_BASE_URL: the Wagtail Site address the first time, and every absolute URL after."""

import re

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management.sql import emit_post_migrate_signal
from wagtail.models import Site

from astermind_site.site_url import configure_default_site, parse_base_url
from tests.factories import ArticlePageFactory
from tests.sitemaps import sitemap_addresses, sitemap_locations

DEV_BASE = "http://127.0.0.1:8000"


@pytest.mark.parametrize(
    ("url", "address"),
    [
        ("http://127.0.0.1:8000", ("127.0.0.1", 8000)),
        ("https://learn.example.com", ("learn.example.com", 443)),
        ("https://learn.example.com/", ("learn.example.com", 443)),
        ("http://localhost", ("localhost", 80)),
    ],
)
def test_base_url_gives_hostname_and_port(url, address):
    assert parse_base_url(url) == address


@pytest.mark.parametrize(
    "url",
    ["", "learn.example.com", "ftp://x.example", "https://x.example/blog", "https://x.example:80"],
)
def test_a_base_url_that_cannot_be_a_site_address_is_refused(url):
    with pytest.raises(ImproperlyConfigured):
        parse_base_url(url)


def test_migrate_gives_the_placeholder_site_the_base_url_address_once(db, settings):
    settings.SITE_BASE_URL = DEV_BASE
    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port) == ("localhost", 80)  # Wagtail's placeholder

    emit_post_migrate_signal(verbosity=0, interactive=False, db="default")
    site.refresh_from_db()
    assert site.root_url == DEV_BASE

    # An editor moves the site; a later migrate with another base URL leaves it alone.
    Site.objects.filter(pk=site.pk).update(hostname="learn.example.org", port=443)
    settings.SITE_BASE_URL = "https://elsewhere.example"
    emit_post_migrate_signal(verbosity=0, interactive=False, db="default")
    site.refresh_from_db()
    assert site.root_url == "https://learn.example.org"
    assert configure_default_site() is None


def test_dev_page_canonical_og_sitemap_and_feed_use_the_base_url(client, section, settings):
    settings.SITE_BASE_URL = DEV_BASE
    configure_default_site()
    article = ArticlePageFactory(parent=section, title="Anchored", slug="anchored")

    # The request's own Host must not leak into absolute links.
    html = client.get(article.url, HTTP_HOST="127.0.0.1").content.decode()
    canonical = re.search(r'<link rel="canonical" href="([^"]+)">', html).group(1)
    assert canonical == f"{DEV_BASE}/core-concepts/anchored/"
    assert f'<meta property="og:url" content="{canonical}">' in html

    index = sitemap_addresses(client, HTTP_HOST="127.0.0.1")
    assert index == [f"{DEV_BASE}/sitemap-{kind}.xml" for kind in ("pages", "authors", "models")]
    locations = sitemap_locations(client, HTTP_HOST="127.0.0.1")
    assert canonical in locations
    assert all(url.startswith(f"{DEV_BASE}/") for url in locations), locations

    feed = client.get("/feed.xml", HTTP_HOST="127.0.0.1").content.decode()
    links = re.findall(r'href="([^"]+)"', feed)
    assert canonical in links
    assert all(url == DEV_BASE or url.startswith(f"{DEV_BASE}/") for url in links), links

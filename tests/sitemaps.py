"""Read the whole sitemap as a crawler does: the index at /sitemap.xml, then each sitemap it
names (with its ?p= pages). Shared by the tests that check what the sitemap lists."""

import xml.etree.ElementTree as ET
from urllib.parse import urlsplit

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def _path(url):
    parts = urlsplit(url)
    return f"{parts.path}?{parts.query}" if parts.query else parts.path


def sitemap_addresses(client, **headers):
    """The index's locations: one sitemap per kind and page."""
    response = client.get("/sitemap.xml", **headers)
    assert response.status_code == 200
    index = ET.fromstring(response.content)
    assert index.tag == f"{SITEMAP}sitemapindex"
    return [loc.text for loc in index.iter(f"{SITEMAP}loc")]


def sitemap_entries(client, **headers):
    """Every <url> element of every sitemap the index names, in order."""
    entries = []
    for address in sitemap_addresses(client, **headers):
        response = client.get(_path(address), **headers)
        assert response.status_code == 200, address
        entries.extend(ET.fromstring(response.content).iter(f"{SITEMAP}url"))
    return entries


def sitemap_locations(client, **headers):
    return [url.find(f"{SITEMAP}loc").text for url in sitemap_entries(client, **headers)]

"""Every model name leads to its model page: the directory, article tables, compare, the
sitemap and the header's navigation."""

import json
import re

import pytest
from django.template.loader import render_to_string

from directory.tables import preview_table
from tests.factories import ArticlePageFactory
from tests.sitemaps import SITEMAP, sitemap_entries, sitemap_locations
from tests.table_factories import FoundationModelFactory, model_table, publish

pytestmark = pytest.mark.django_db


def row_header_links(html):
    """{slug of the row: href of the link in its row header}, for each table row."""
    rows = re.findall(r'<tr data-model="([^"]+)">\s*<th scope="row"[^>]*>(.*?)</th>', html, re.S)
    return {slug: re.findall(r'<a href="([^"#]+)">', header) for slug, header in rows}


def test_directory_rows_link_to_their_model_pages(client, models):
    html = client.get("/models/").content.decode()
    assert row_header_links(html) == {
        "large": ["/models/large/"],
        "secret": ["/models/secret/"],
        "small": ["/models/small/"],
    }


def test_article_tables_link_each_model_to_its_page(client, models, section):
    article = ArticlePageFactory(
        parent=section,
        slug="with-table",
        body=json.dumps([model_table([models["small"], models["large"]])]),
    )
    html = client.get(article.url).content.decode()
    assert row_header_links(html) == {"small": ["/models/small/"], "large": ["/models/large/"]}
    # The links lead somewhere: each model page answers.
    for slug in ("small", "large"):
        assert client.get(f"/models/{slug}/").status_code == 200


def test_a_preview_of_an_unpublished_model_does_not_link_to_its_missing_page(client, models):
    draft = FoundationModelFactory(name="Unseen", slug="unseen", live=False)
    html = render_to_string(
        "directory/includes/model_table.html", {"table": preview_table(draft), "table_id": "p"}
    )
    assert "Unseen" in html
    assert client.get("/models/unseen/").status_code == 404
    assert row_header_links(html) == {"unseen": []}


def test_compare_links_each_model_to_its_page(client, models):
    html = client.get("/models/compare/?m=large&m=small").content.decode()
    head = re.search(r"<thead>(.*?)</thead>", html, re.S).group(1)
    assert re.findall(r'<a href="(/models/[^"/]+/)">', head) == ["/models/large/", "/models/small/"]


def test_sitemap_lists_every_published_model_page_and_no_draft(client, models):
    published = publish(models["small"])
    entries = sitemap_entries(client)
    locs = [url.find(f"{SITEMAP}loc").text for url in entries]
    model_locs = sorted(loc for loc in locs if "/models/" in loc)
    assert model_locs == [
        "http://localhost/models/large/",
        "http://localhost/models/secret/",
        "http://localhost/models/small/",
    ]
    entries = {url.find(f"{SITEMAP}loc").text: url.find(f"{SITEMAP}lastmod") for url in entries}
    # A page's last change is when the model was last published.
    lastmod = entries["http://localhost/models/small/"]
    assert lastmod.text[:10] == published.last_published_at.date().isoformat()


def test_unpublished_model_leaves_the_sitemap(client, models):
    models["small"].unpublish()
    locs = sitemap_locations(client)
    assert "http://localhost/models/small/" not in locs
    assert "http://localhost/models/large/" in locs


def nav_links(html):
    nav = re.search(r'<nav aria-label="Main">(.*?)</nav>', html, re.S).group(1)
    return re.findall(r'<a href="([^"]+)"( aria-current="[a-z]+")?>([^<]+)</a>', nav)


def test_header_navigation_leads_to_the_directory_from_every_page(client, models, home):
    assert ("/models/", "", "Models") in nav_links(client.get("/").content.decode())
    on_index = nav_links(client.get("/models/").content.decode())
    assert ("/models/", ' aria-current="page"', "Models") in on_index
    # Within the directory the link says "you are in here", not "this is the page".
    on_model = nav_links(client.get("/models/small/").content.decode())
    assert ("/models/", ' aria-current="true"', "Models") in on_model

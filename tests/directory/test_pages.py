"""The directory's pages: what they list, filter, link and tell search engines."""

import json
import re

import pytest

from tests.factories import ArticlePageFactory
from tests.table_factories import model_table

pytestmark = pytest.mark.django_db


def listed_slugs(response):
    return re.findall(r'<tr data-model="([^"]+)"', response.content.decode())


def json_ld(response):
    blocks = re.findall(
        r'<script type="application/ld\+json">(.*?)</script>', response.content.decode(), re.S
    )
    return [json.loads(block) for block in blocks]


def test_lists_every_published_model_and_no_draft(client, models):
    response = client.get("/models/")
    assert response.status_code == 200
    assert sorted(listed_slugs(response)) == ["large", "secret", "small"]
    assert "Draft" not in response.content.decode()


@pytest.mark.parametrize(
    "query, expected",
    [
        ("developer=alpha", ["small"]),
        ("developer=beta", ["large", "secret"]),
        ("modality=images", ["large"]),
        ("open_weights=yes", ["small"]),
        ("open_weights=no", ["large", "secret"]),
        ("year=2024", ["large", "secret", "small"]),
        ("year=2023", []),
        ("min_params=10", ["large"]),
        ("max_params=10", ["small"]),
        ("min_params=5&max_params=500", ["large", "small"]),
        ("developer=beta&modality=text", ["large", "secret"]),
    ],
)
def test_filters(client, models, query, expected):
    response = client.get(f"/models/?{query}")
    assert response.status_code == 200
    assert sorted(listed_slugs(response)) == expected


def test_server_side_sort_works_without_javascript(client, models):
    response = client.get("/models/?sort=parameters&order=desc")
    # Undisclosed counts sort last in both directions.
    assert listed_slugs(response) == ["large", "small", "secret"]
    ascending = client.get("/models/?sort=parameters&order=asc")
    assert listed_slugs(ascending) == ["small", "large", "secret"]


def test_downloads_carry_the_filters_shown(client, models):
    page = client.get("/models/?developer=alpha").content.decode()
    assert 'href="/models/download.csv?developer=alpha"' in page
    csv_text = client.get("/models/download.csv?developer=alpha").content.decode()
    assert "Small" in csv_text and "Large" not in csv_text


def test_dataset_json_ld(client, models):
    (dataset,) = [d for d in json_ld(client.get("/models/")) if d.get("@type") == "Dataset"]
    assert dataset["license"].startswith("https://")
    assert dataset["dateModified"] == "2025-06-01"
    formats = {d["encodingFormat"]: d["contentUrl"] for d in dataset["distribution"]}
    assert formats["text/csv"].endswith("/models/download.csv")
    assert formats["application/json"].endswith("/models/download.json")


def test_model_page_shows_facts_sources_and_articles(client, models, section):
    large = models["large"]
    ArticlePageFactory(parent=section, title="Shown here", body=json.dumps([model_table([large])]))
    hidden = ArticlePageFactory(
        parent=section, title="Not yet out", body=json.dumps([model_table([large])])
    )
    hidden.unpublish()
    response = client.get("/models/large/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "405B" in page and "Beta Lab" in page
    assert 'href="https://example.org/large"' in page and "Large model card" in page
    assert '<time datetime="2025-06-01">1 June 2025</time>' in page
    assert "Shown here" in page
    assert "Not yet out" not in page


def test_compare_shows_models_side_by_side_in_the_order_asked(client, models):
    response = client.get("/models/compare/?m=large&m=small")
    assert response.status_code == 200
    page = response.content.decode()
    assert page.index("/models/large/") < page.index("/models/small/")
    assert "405B" in page and "8B" in page
    # The picker is pre-filled, so the shared URL's comparison can be changed without script.
    assert '<option value="large" selected>' in page


def test_compare_without_models_offers_the_picker(client, models):
    response = client.get("/models/compare/")
    assert response.status_code == 200
    page = response.content.decode()
    assert page.count('name="m"') == 4
    assert '<option value="draft"' not in page


def test_unpublishing_removes_a_model_everywhere(client, models):
    models["large"].unpublish()
    assert "large" not in listed_slugs(client.get("/models/"))
    assert client.get("/models/large/").status_code == 404
    assert client.get("/models/compare/?m=large&m=small").status_code == 404
    assert "Large" not in client.get("/models/download.csv").content.decode()
    assert '"large"' not in client.get("/models/download.json").content.decode()
    assert '<option value="large"' not in client.get("/models/compare/").content.decode()


@pytest.mark.parametrize(
    "url",
    ["/models/", "/models/small/", "/models/compare/?m=small&m=large", "/models/changes.xml",
     "/models/download.csv", "/models/download.json"],
)  # fmt: skip
def test_public_responses_set_no_cookie_and_are_the_same_for_everyone(client, models, url):
    first = client.get(url)
    other = client.get(url, HTTP_COOKIE="cookie_consent=analytics=1")
    assert first.status_code == 200
    assert not first.cookies
    assert "csrfmiddlewaretoken" not in first.content.decode()
    assert first.content == other.content


def test_footer_links_to_the_directory(client, home):
    assert 'href="/models/">Model directory</a>' in client.get("/").content.decode()

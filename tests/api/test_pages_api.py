"""/api/v2/pages/: live public pages only, article bodies as structured JSON, filters, and
bad input answered 400 with a JSON message."""

import pytest
from django.test import override_settings
from wagtail.models import PageViewRestriction

from tests.factories import ArticlePageFactory

URL = "/api/v2/pages/"


def titles(response):
    assert response.status_code == 200, response.content
    return sorted(item["title"] for item in response.json()["items"])


def detail(client, page, **params):
    return client.get(f"{URL}{page.pk}/", params)


def test_listing_shows_live_public_pages_only(client, site_content):
    shown = titles(client.get(URL))
    assert "Tables explained" in shown and "Prompting" in shown
    assert "Members only" not in shown  # under a password restriction
    assert "Unpublished" not in shown


def test_restricted_and_draft_pages_have_no_detail(client, site_content):
    assert detail(client, site_content["secret"]).status_code == 404
    assert detail(client, site_content["draft"]).status_code == 404


def test_a_page_under_a_restricted_section_is_hidden_too(client, site_content):
    PageViewRestriction.objects.create(
        page=site_content["practice"], restriction_type=PageViewRestriction.LOGIN
    )
    assert detail(client, site_content["other"]).status_code == 404
    assert "Prompting" not in titles(client.get(URL))


def test_a_visitor_who_knows_the_password_still_gets_only_public_pages(client, site_content):
    """The answer is shared by every visitor (and cached), so a session that passed the
    restriction does not widen it."""
    secret = site_content["secret"]
    restriction = secret.get_view_restrictions().get()
    response = client.post(
        f"/_util/authenticate_with_password/{restriction.pk}/{secret.pk}/",
        {"password": "letmein", "return_url": secret.url},
    )
    assert response.status_code == 302
    assert client.get(secret.url).status_code == 200
    assert detail(client, secret).status_code == 404
    assert "Members only" not in titles(client.get(URL))


def test_detail_gives_the_model_table_with_facts_sources_and_check_dates(client, site_content):
    response = detail(client, site_content["tables"])
    assert response.status_code == 200
    data = response.json()
    assert data["author"] == {"name": "Ada Writer", "slug": "ada"}
    assert data["tags"] == [{"name": "Edge AI", "slug": "edge-ai"}]
    table = data["body"][0]
    assert table["type"] == "model_table"
    value = table["value"]
    assert [c["key"] for c in value["columns"]] == ["name", "developer", "parameters"]
    assert value["as_of"] == "2025-05-02"
    [row] = value["rows"]
    assert row["model"]["slug"] == "gpt"
    assert row["checked"] == "2025-05-02"
    cells = {cell["column"]: cell for cell in row["cells"]}
    assert cells["developer"]["value"] == {"name": "OpenAI", "slug": "openai"}
    assert cells["parameters"]["value"]["largest_billions"] == 1800
    assert cells["parameters"]["sources"] == [
        {
            "fact": "parameters",
            "title": "An estimate",
            "url": "https://example.org/e",
            "accessed": "2025-06-01",
        }
    ]
    assert [s["title"] for s in cells["developer"]["sources"]] == ["Maker"]
    assert cells["name"]["sources"] == []


def test_detail_gives_the_concept_grid_as_rows_and_cells(client, site_content):
    grid = detail(client, site_content["tables"]).json()["body"][1]
    assert grid["type"] == "concept_table"
    assert grid["value"]["columns"] == ["Foundation model", "Task-specific model"]
    assert grid["value"]["rows"][0] == {
        "aspect": "Training data",
        "cells": ["<p>Broad</p>", "<p>Narrow</p>"],
    }


@override_settings(WAGTAILAPI_BASE_URL="https://learn.example.org")
def test_detail_urls_are_absolute_on_the_configured_base(client, site_content):
    meta = detail(client, site_content["tables"]).json()["meta"]
    assert meta["detail_url"] == f"https://learn.example.org{URL}{site_content['tables'].pk}/"


def test_filters_by_section_tag_and_author(client, site_content):
    assert titles(client.get(URL, {"section": "core-concepts"})) == ["Tables explained"]
    assert titles(client.get(URL, {"section": "in-practice"})) == ["Prompting"]
    assert titles(client.get(URL, {"tag": "edge-ai"})) == ["Tables explained"]
    assert titles(client.get(URL, {"author": "bo"})) == ["Prompting"]
    assert titles(client.get(URL, {"author": "ada", "tag": "prompts"})) == []
    assert titles(client.get(URL, {"section": "nowhere"})) == []
    children = client.get(URL, {"child_of": site_content["basics"].pk})
    assert titles(children) == ["Tables explained"]


def test_search_finds_public_articles_only(client, site_content):
    assert titles(client.get(URL, {"search": "Tables"})) == ["Tables explained"]
    assert titles(client.get(URL, {"search": "Members"})) == []


@pytest.mark.parametrize("endpoint", [URL, "/api/v2/images/", "/api/v2/documents/"])
@pytest.mark.parametrize("query", ['"', '"Tables', "Tables OR", "(*", "NEAR("])
def test_search_syntax_is_read_as_words(client, site_content, endpoint, query):
    """A lone quote reached SQLite's FTS5 as an unterminated string (the fuzzer found
    ``?fields="&search="``): a 503. Only the words are searched now."""
    response = client.get(endpoint, {"search": query})
    assert response.status_code == 200, response.content


@pytest.mark.parametrize("unknown", [{"section": "nowhere"}, {"tag": "no-such-tag"}])
def test_a_search_inside_a_filter_that_matches_nothing_finds_nothing(client, site_content, unknown):
    """An unknown section or tag leaves nothing to rank (``pk IN ()``); PostgreSQL's ranking
    query (articles/search_backend.py) raised EmptyResultSet and answered 500 (the fuzzer
    found ``?section=…&search=p``)."""
    response = client.get(URL, {**unknown, "search": "Tables", "offset": "3"})
    assert response.status_code == 200, response.content
    assert response.json()["meta"]["total_count"] == 0
    assert titles(client.get(URL, {**unknown, "search": "Tables"})) == []


def test_a_quoted_word_finds_what_the_word_finds(client, site_content):
    assert titles(client.get(URL, {"search": '"Tables'})) == ["Tables explained"]


@pytest.mark.parametrize(
    "params",
    [
        {"unknown": "1"},
        {"fields": "nonsense"},
        {"limit": "-1"},
        {"limit": "1000000000"},
        {"limit": "ten"},
        {"offset": "10000000000000000000000"},
        {"order": "nonsense"},
        {"order": "random", "offset": "1"},
        {"search": "x" * 201},
        {"tag": "not a slug"},
        {"section": "a/b"},
        {"child_of": "abc"},
        {"child_of": "999999"},
        {"type": "nope.Nope"},
        {"tag": "\x00"},
        {"search": "\x00"},
    ],
)
def test_bad_input_is_a_400_with_a_json_message(client, site_content, params):
    response = client.get(URL, params)
    assert response.status_code == 400, response.content
    assert response["Content-Type"] == "application/json"
    assert response.json()["message"]


def test_detail_rejects_unknown_parameters(client, site_content):
    response = detail(client, site_content["tables"], junk="1")
    assert response.status_code == 400
    assert "junk" in response.json()["message"]


def test_unknown_ids_are_a_json_404(client, site_content):
    for pk in (0, 999999, 10**12):
        response = client.get(f"{URL}{pk}/")
        assert response.status_code == 404
        assert response.json()["message"]


def test_listing_query_count_does_not_grow_with_articles(
    client, site_content, django_assert_max_num_queries
):
    client.get(URL)  # warm Wagtail's site-root cache
    for n in range(15):
        ArticlePageFactory(parent=site_content["practice"], slug=f"more-{n}")
    # 9: one of them finds the site root's translations, whose trees are listed too.
    with django_assert_max_num_queries(9):
        response = client.get(URL, {"limit": 20})
    assert response.status_code == 200
    assert len(response.json()["items"]) == 20

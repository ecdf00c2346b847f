"""/api/v2/foundation-models/: published facts, column-registry values, 400 for bad input."""

import pytest

from directory.columns import COLUMNS
from tests.table_factories import FoundationModelFactory, OrganisationFactory, SourceFactory

URL = "/api/v2/foundation-models/"


@pytest.fixture
def registry(db):
    openai = OrganisationFactory(name="OpenAI", slug="openai")
    meta = OrganisationFactory(name="Meta", slug="meta")
    return {
        "gpt": FoundationModelFactory(
            name="GPT-4/5", developer=openai, modalities=["text", "images", "audio"]
        ),
        "llama": FoundationModelFactory(
            name="LLaMA 3", developer=meta, modalities=["text"], open_weights=True
        ),
        "draft": FoundationModelFactory(name="Secret", developer=openai, live=False),
    }


def names(response):
    assert response.status_code == 200, response.content
    return [item["name"] for item in response.json()["items"]]


def test_lists_published_models_with_column_values(client, registry):
    response = client.get(URL)
    data = response.json()
    assert data["meta"]["total_count"] == 2
    assert names(response) == ["GPT-4/5", "LLaMA 3"]
    gpt = data["items"][0]
    assert set(COLUMNS) <= set(gpt)
    assert gpt["modalities"] == ["text", "images", "audio"]
    assert gpt["developer"] == {"name": "OpenAI", "slug": "openai"}
    assert gpt["parameters"]["largest_billions"] == 70
    assert gpt["meta"]["detail_url"].endswith(f"{URL}{registry['gpt'].pk}/")


def test_each_model_carries_its_sources(client, registry):
    SourceFactory(model=registry["gpt"], title="GPT card", url="https://example.org/gpt")
    items = client.get(URL).json()["items"]
    assert [item["sources"] for item in items] == [
        [
            {
                "fact": "parameters",
                "title": "GPT card",
                "url": "https://example.org/gpt",
                "accessed": "2025-06-01",
            }
        ],
        [],
    ]


def test_detail_serves_published_models_only(client, registry):
    assert client.get(f"{URL}{registry['llama'].pk}/").json()["name"] == "LLaMA 3"
    assert client.get(f"{URL}{registry['draft'].pk}/").status_code == 404
    assert client.get(f"{URL}999999/").status_code == 404


def test_filters_by_developer_modality_and_open_weights(client, registry):
    assert names(client.get(URL, {"developer": "openai"})) == ["GPT-4/5"]
    assert names(client.get(URL, {"modality": "images"})) == ["GPT-4/5"]
    assert names(client.get(URL, {"modality": "text"})) == ["GPT-4/5", "LLaMA 3"]
    assert names(client.get(URL, {"developer": "meta", "modality": "images"})) == []
    assert names(client.get(URL, {"developer": "nobody"})) == []
    assert names(client.get(URL, {"open_weights": "true"})) == ["LLaMA 3"]
    assert names(client.get(URL, {"order": "-name"})) == ["LLaMA 3", "GPT-4/5"]


@pytest.mark.parametrize(
    "params",
    [
        {"developer": "<script>"},
        {"modality": "x" * 500},
        {"open_weights": "maybe"},
        {"order": "live"},
        {"order": "-"},
        {"colour": "blue"},
        {"limit": "-1"},
        {"offset": "abc"},
        {"offset": "9" * 30},  # beyond any database integer
        {"limit": "100000"},
    ],
)
def test_bad_filters_are_400_with_a_message(client, registry, params):
    response = client.get(URL, params)
    assert response.status_code == 400
    assert response.json()["message"]


def test_a_nul_byte_in_a_filter_is_400_before_the_api_reads_it(client, registry):
    # The site-wide NUL guard answers first (PostgreSQL text cannot hold NUL).
    assert client.get(URL, {"developer": "a\x00b"}).status_code == 400


def test_unpublishing_removes_a_model_from_the_api(client, registry):
    registry["gpt"].unpublish()
    assert names(client.get(URL)) == ["LLaMA 3"]

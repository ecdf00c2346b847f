"""Only query parameters a route reads make a cache entry (PAGE_CACHE_QUERY_PARAMS): a
made-up query string is rendered for its visitor and never stored, so it cannot fill the
cache (or a proxy: it is marked private)."""

import pickle

import pytest
from django.core.cache import caches

from pagecache.store import KEY_PREFIX, CachedPage
from tests.table_factories import FoundationModelFactory

pytestmark = pytest.mark.usefixtures("page_cache")


def stored_pages():
    """Stored pages in the local-memory cache the tests use (the site version's kept values,
    pagecache/versioned.py, share the key shape but hold no CachedPage)."""
    entries = caches["default"]._cache
    return sum(
        f"{KEY_PREFIX}:page:" in key and isinstance(pickle.loads(value)[1], CachedPage)
        for key, value in entries.items()
    )


@pytest.fixture
def directory(db):
    FoundationModelFactory(name="PaLM 2", max_parameters_billions=340)


def test_unknown_parameters_never_make_an_entry(client, directory):
    assert client.get("/models/")["X-Cache"] == "MISS"
    baseline = stored_pages()
    for n in range(20):
        response = client.get("/models/", {"junk": n})
        assert response.status_code == 200
        assert response["X-Cache"] == "BYPASS"
        assert "private" in response["Cache-Control"]
    assert client.get("/models/", {"junk": 1})["X-Cache"] == "BYPASS"
    assert stored_pages() == baseline
    assert client.get("/models/")["X-Cache"] == "HIT"


def test_a_known_parameter_beside_an_unknown_one_is_not_stored(client, directory):
    for _ in range(2):
        response = client.get("/models/", {"sort": "name", "utm_source": "newsletter"})
        assert response.status_code == 200 and response["X-Cache"] == "BYPASS"


@pytest.mark.parametrize(
    "url, query",
    [
        ("/models/", {"sort": "parameters", "order": "desc"}),
        ("/models/", {"open_weights": "yes", "year": "2023"}),
        ("/models/download.csv", {"min_params": "1"}),
        ("/models/compare/", {"m": "palm-2"}),
        ("/core-concepts/", {"page": "1"}),
        ("/core-concepts/", {"tag": "fundamentals"}),
        ("/tags/fundamentals/", {"page": "1"}),
    ],
)
def test_parameters_a_route_reads_are_cached_apart(client, directory, article, url, query):
    first = client.get(url, query)
    assert first.status_code == 200
    assert first["X-Cache"] == "MISS"
    assert client.get(url, query)["X-Cache"] == "HIT"
    assert client.get(url)["X-Cache"] == "MISS"  # the bare URL is an entry of its own


def test_a_wagtail_page_with_a_parameter_no_page_reads_is_rendered_not_stored(client, article):
    for _ in range(2):
        response = client.get(article.url, {"ref": "mastodon"})
        assert response.status_code == 200 and response["X-Cache"] == "BYPASS"
    assert client.get(article.url)["X-Cache"] == "MISS"


def test_each_page_of_the_directory_is_an_entry_of_its_own(client, db):
    for i in range(51):  # two pages (directory/paging.py: 50 a page)
        FoundationModelFactory(name=f"Model {i:02d}", slug=f"model-{i}")
    assert client.get("/models/", {"page": 2})["X-Cache"] == "MISS"
    before = stored_pages()
    second = client.get("/models/", {"page": 2})
    assert second["X-Cache"] == "HIT" and b'data-model="model-50"' in second.content
    assert b'data-model="model-50"' not in client.get("/models/").content
    assert stored_pages() == before + 1  # the first page
    assert client.get("/models/", {"page": 3}).status_code == 404
    assert stored_pages() == before + 1  # a page that is not there is never kept

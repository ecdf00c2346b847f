"""Publishing a fact reaches every article showing it, and a frontend cache is told."""

import json

import pytest
from django.core.cache import cache
from wagtail.contrib.frontend_cache.backends.base import BaseBackend

from directory.freshness import pages_showing
from tests.factories import ArticlePageFactory
from tests.table_factories import FoundationModelFactory, model_table, publish

PURGED = []


class RecordingBackend(BaseBackend):
    """A frontend cache that remembers what it was asked to forget."""

    def purge(self, url):
        PURGED.append(url)


@pytest.fixture(autouse=True)
def clean_state():
    cache.clear()
    PURGED.clear()
    yield
    PURGED.clear()


@pytest.fixture
def frontend_cache(settings):
    settings.WAGTAILFRONTENDCACHE = {
        "recorder": {"BACKEND": "tests.articles.test_tables_freshness.RecordingBackend"}
    }


@pytest.fixture
def scene(section):
    shown = FoundationModelFactory(name="PaLM 2", max_parameters_billions=340)
    other = FoundationModelFactory(name="Elsewhere")
    block = model_table([shown], block_id="facts")
    first = ArticlePageFactory(parent=section, slug="first", body=json.dumps([block]))
    second = ArticlePageFactory(parent=section, slug="second", body=json.dumps([block]))
    unrelated = ArticlePageFactory(
        parent=section, slug="unrelated", body=json.dumps([model_table([other])])
    )
    return shown, first, second, unrelated


def test_reference_index_finds_the_live_pages_showing_a_model(scene):
    shown, first, second, unrelated = scene
    assert {p.slug for p in pages_showing([shown])} == {"first", "second"}
    second.unpublish()
    assert {p.slug for p in pages_showing([shown])} == {"first"}


def test_publishing_a_change_shows_on_every_article_at_once(client, scene):
    shown, first, second, _ = scene
    assert "340B" in client.get(first.url).content.decode()
    shown.max_parameters_billions = 540
    publish(shown)
    for page in (first, second):
        html = client.get(page.url).content.decode()
        assert "540B" in html and "340B" not in html


def test_publishing_purges_articles_and_their_downloads(
    scene, frontend_cache, django_capture_on_commit_callbacks
):
    shown, first, second, unrelated = scene
    with django_capture_on_commit_callbacks(execute=True):
        publish(shown)
    assert "http://localhost/core-concepts/first/" in PURGED
    assert "http://localhost/core-concepts/second/" in PURGED
    assert "http://localhost/core-concepts/first/tables/facts/csv/" in PURGED
    assert "http://localhost/core-concepts/first/tables/facts/json/" in PURGED
    assert not [url for url in PURGED if "unrelated" in url]


def test_unpublishing_and_deleting_purge_too(
    scene, frontend_cache, django_capture_on_commit_callbacks
):
    shown, first, *_ = scene
    with django_capture_on_commit_callbacks(execute=True):
        shown.unpublish()
    assert "http://localhost/core-concepts/first/" in PURGED
    PURGED.clear()
    with django_capture_on_commit_callbacks(execute=True):
        shown.delete()
    assert "http://localhost/core-concepts/first/" in PURGED


def test_nothing_is_purged_without_a_frontend_cache(
    scene, settings, django_capture_on_commit_callbacks
):
    # The base settings always list the page cache (pagecache/); "none" is an empty setting.
    settings.WAGTAILFRONTENDCACHE = {}
    shown, *_ = scene
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        publish(shown)
    assert PURGED == [] and not any("purge" in repr(c) for c in callbacks)

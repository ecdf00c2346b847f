"""The page cache switched on, with a recording proxy beside it in WAGTAILFRONTENDCACHE;
a small site to purge (`scene`) and `changed()`, which yields what one change purged."""

import json

import pytest
from django.db import connection

from tests.factories import ArticlePageFactory, AuthorFactory
from tests.table_factories import FoundationModelFactory, model_table

from .recorder import PURGED

API_PATH = "/api/v2/pages/"


@pytest.fixture
def page_cache(settings):
    settings.PAGE_CACHE_ENABLED = True
    settings.WAGTAILFRONTENDCACHE = {
        "pagecache": {"BACKEND": "pagecache.backends.PageCacheBackend"},
        "proxy": {"BACKEND": "tests.pagecache.recorder.RecordingBackend"},
    }
    PURGED.clear()
    yield PURGED
    PURGED.clear()


@pytest.fixture
def article(section):
    article = ArticlePageFactory(
        parent=section, title="What Is a Foundation Model?", slug="foundation-models"
    )
    article.tags.add("fundamentals")
    article.save_revision().publish()
    commit_what_came_before()
    return article


@pytest.fixture
def scene(home, section):
    model = FoundationModelFactory(name="PaLM 2", max_parameters_billions=340)
    article = ArticlePageFactory(
        parent=section,
        title="What Is a Foundation Model?",
        slug="foundation-models",
        author=AuthorFactory(name="Ada Lovelace", slug="ada-lovelace"),
        body=json.dumps([model_table([model], block_id="facts")]),
    )
    article.tags.add("fundamentals")
    article.save_revision().publish()
    other = ArticlePageFactory(
        parent=section,
        title="Another Article",
        slug="other",
        author=AuthorFactory(name="Alan Turing", slug="alan-turing"),
    )
    other.tags.add("techniques")
    other.save_revision().publish()
    commit_what_came_before()
    return {"article": article, "model": model, "section": section, "other": other}


def commit_what_came_before():
    """The test runs in one transaction that never commits: run the commit callbacks left by
    what came before (fixtures, earlier changes), each once, as their commits would have, so
    the purges they collected are sent and the next change's batch holds only its own URLs
    (pagecache/batch.py: one batch per transaction)."""
    start = getattr(connection, "_test_commit_callbacks_run", 0)
    for _, callback, _ in connection.run_on_commit[start:]:
        callback()
    connection._test_commit_callbacks_run = len(connection.run_on_commit)


@pytest.fixture(autouse=True)
def _callbacks_run_so_far():
    connection._test_commit_callbacks_run = 0
    yield
    connection._test_commit_callbacks_run = 0


@pytest.fixture
def changed(page_cache, django_capture_on_commit_callbacks):
    """``with changed() as purged:`` runs the commit callbacks and yields the purged URLs."""

    class Change:
        def __enter__(self):
            commit_what_came_before()
            page_cache.clear()
            self.capture = django_capture_on_commit_callbacks(execute=True)
            self.capture.__enter__()
            return self

        def __exit__(self, *exc):
            self.capture.__exit__(*exc)
            connection._test_commit_callbacks_run = len(connection.run_on_commit)
            # The pages API's addresses (purged with every page it shows) apart, so the
            # site's own pages can be compared exactly; tests/api/ checks what they serve.
            self.api_urls = {url for url in page_cache if API_PATH in url}
            self.urls = set(page_cache) - self.api_urls

    return Change

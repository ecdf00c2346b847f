"""The page cache switched on, with a recording proxy beside it in WAGTAILFRONTENDCACHE."""

import pytest

from tests.factories import ArticlePageFactory

from .recorder import PURGED


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
    return article

import pytest
from django.core.cache import caches

from tests.factories import SectionPageFactory, make_site_tree


@pytest.fixture(autouse=True)
def fresh_caches():
    """Every test starts with empty caches: the database rolls back between tests, caches
    do not, and Wagtail's site root paths or the consent config would point at gone rows."""
    for cache in caches.all():
        cache.clear()
    yield
    for cache in caches.all():
        cache.clear()


@pytest.fixture
def home(db):
    return make_site_tree()


@pytest.fixture
def section(home):
    return SectionPageFactory(parent=home, title="Core Concepts", slug="core-concepts")

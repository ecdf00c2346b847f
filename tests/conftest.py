import pytest

from tests.factories import SectionPageFactory, make_site_tree


@pytest.fixture
def home(db):
    return make_site_tree()


@pytest.fixture
def section(home):
    return SectionPageFactory(parent=home, title="Core Concepts", slug="core-concepts")

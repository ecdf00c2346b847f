import pytest
from wagtail.models import Locale

from tests.factories import ArticlePageFactory


def translate(page, language_code="de", **fields):
    """Wagtail's own copy into another locale, with German fields, published."""
    locale = Locale.objects.get(language_code=language_code)
    translated = page.copy_for_translation(locale)
    for name, value in fields.items():
        setattr(translated, name, value)
    translated.save_revision().publish()
    translated.refresh_from_db()
    return translated.specific


@pytest.fixture
def article(section):
    return ArticlePageFactory(
        parent=section, title="What Is a Foundation Model?", slug="what-is-a-foundation-model"
    )


@pytest.fixture
def german_home(home):
    return translate(home, title="Startseite", intro="KI, verständlich erklärt.")


@pytest.fixture
def german_section(german_home, section):
    return translate(section, title="Grundbegriffe", slug="grundbegriffe")


@pytest.fixture
def german_article(german_section, article):
    return translate(
        article, title="Was ist ein Foundation Model?", slug="was-ist-ein-foundation-model"
    )

"""Two things an abandoned first try at a new article used to leave unclear: which page holds
the slug the retry wants, and that autosave keeps a draft ("Draft saved", not "Saved")."""

import re
from pathlib import Path

import pytest
import wagtail
from django.conf import settings

from articles.models import ArticlePage
from tests.factories import ArticlePageFactory

from .test_article_editor import add_url, article_data, edit_url

WAGTAIL_INDICATOR = (
    Path(wagtail.__file__).parent / "admin/templates/wagtailadmin/shared/autosave/indicator.html"
)
OUR_INDICATOR = Path(settings.BASE_DIR) / "templates/wagtailadmin/shared/autosave/indicator.html"


@pytest.mark.django_db
def test_a_slug_held_by_an_abandoned_draft_names_and_links_it(admin_client, section):
    draft = ArticlePageFactory(parent=section, title="First try", slug="new-article", live=False)
    response = admin_client.post(add_url(section), article_data(title="Second try"))
    assert response.status_code == 200
    html = response.content.decode()
    assert (
        "The slug “new-article” is already used by the unpublished draft “First try”. "
        f'<a href="{edit_url(draft)}">Open that draft</a> to finish or delete it, '
        "or choose another slug."
    ) in html
    assert "already in use within the parent page" not in html
    assert ArticlePage.objects.filter(slug="new-article").count() == 1


@pytest.mark.django_db
def test_a_slug_held_by_a_live_page_says_page(admin_client, section):
    live = ArticlePageFactory(parent=section, title="Live <b>one</b>", slug="new-article")
    response = admin_client.post(add_url(section), article_data())
    assert response.status_code == 200
    html = response.content.decode()
    assert (
        "The slug “new-article” is already used by the page “Live &lt;b&gt;one&lt;/b&gt;”. "
        f'<a href="{edit_url(live)}">Open that page</a>'
    ) in html


@pytest.mark.django_db
def test_the_autosave_indicator_says_draft_saved(admin_client, section):
    html = admin_client.get(add_url(section)).content.decode()
    indicator = html[html.index('id="w-autosave-indicator"') :]
    saved = indicator[indicator.index("w-autosave-indicator__state--saved") :]
    assert re.search(r'__text">\s*Draft saved\s*</span>', saved)
    assert not re.search(r'__text">\s*Saved\s*</span>', html)


def test_the_override_differs_from_wagtails_indicator_only_in_that_word():
    """If Wagtail changes its indicator, this fails, so the copy is brought up to date."""

    def markup(path):
        text = path.read_text()
        text = re.sub(r"\{% comment %\}.*?\{% endcomment %\}", "", text, flags=re.S)
        return " ".join(text.split())

    ours = markup(OUR_INDICATOR).replace("'Draft saved'", "'Saved'")
    assert ours == markup(WAGTAIL_INDICATOR)

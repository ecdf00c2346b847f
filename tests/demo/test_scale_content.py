"""generate_scale_content (bench and development only): bulk pages that are real pages."""

import io

import pytest
from django.core.management import CommandError, call_command
from wagtail.models import Page

from articles.models import ArticlePage
from directory.models import FoundationModel
from tests.factories import ArticlePageFactory, SectionPageFactory


@pytest.mark.django_db
def test_bulk_articles_are_a_valid_tree_live_tagged_and_routable(client, home, section):
    other = SectionPageFactory(parent=home, title="Techniques", slug="techniques")
    ArticlePageFactory(parent=section, title="Made the usual way", slug="usual")
    call_command("generate_scale_content", articles=7, models=3, stdout=io.StringIO())
    assert [len(problems) for problems in Page.find_problems()] == [0, 0, 0, 0, 0]
    generated = ArticlePage.objects.filter(title__contains=" at scale ")
    assert generated.count() == 7
    section.refresh_from_db()
    other.refresh_from_db()
    assert (section.numchild, other.numchild) == (1 + 4, 3)  # round-robin, the first first
    for article in generated:
        assert article.live and article.tags.exists()
        response = client.get(article.url)
        assert response.status_code == 200, article.url
        assert article.title in response.content.decode()
    # A page added the usual way afterwards takes the next place in the tree.
    later = section.add_child(instance=ArticlePage(title="Later", slug="later", standfirst="x"))
    assert later.path > max(a.path for a in generated if a.path.startswith(section.path))
    assert client.get(later.url).status_code == 200
    models = FoundationModel.objects.published().filter(slug__startswith="scale-model-")
    assert models.count() == 3
    assert client.get(f"/models/{models[0].slug}/").status_code == 200


@pytest.mark.django_db
def test_it_needs_a_section_and_refuses_the_production_settings(home, settings):
    with pytest.raises(CommandError, match="load_demo_content"):
        call_command("generate_scale_content", articles=1, models=0, stdout=io.StringIO())
    settings.SETTINGS_MODULE = "astermind_site.settings.production"
    with pytest.raises(CommandError, match="bench and development"):
        call_command("generate_scale_content", articles=1, models=0, stdout=io.StringIO())

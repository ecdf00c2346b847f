"""Tag names in one style (articles/tags.py): first letter a capital, the rest as typed;
a name differing from an existing tag only in case reuses it; slugs stay lower-case."""

import importlib

import pytest
from django.apps import apps
from taggit.models import Tag

from articles.tags import tag_display_name
from demo.loader import load_demo_data
from tests.factories import ArticlePageFactory

sentence_case_migration = importlib.import_module(
    "articles.migrations.0007_tag_names_in_sentence_case"
)


@pytest.mark.parametrize(
    ("typed", "shown"),
    [
        ("fundamentals", "Fundamentals"),
        ("edge  AI", "Edge AI"),
        ("LLMs", "LLMs"),
        ("  retrieval augmented generation ", "Retrieval augmented generation"),
        ("", ""),
    ],
)
def test_the_rule(typed, shown):
    assert tag_display_name(typed) == shown


@pytest.mark.django_db
def test_a_new_tag_is_saved_in_the_house_style_with_a_lower_case_slug(section):
    article = ArticlePageFactory(parent=section)
    article.tags.add("edge AI")
    article.save()
    tag = Tag.objects.get()
    assert (tag.name, tag.slug) == ("Edge AI", "edge-ai")


@pytest.mark.django_db
def test_a_name_differing_only_in_case_reuses_the_tag(section):
    first = ArticlePageFactory(parent=section, slug="first")
    first.tags.add("Edge AI")
    first.save()
    second = ArticlePageFactory(parent=section, slug="second")
    second.tags.add("EDGE ai")
    second.save()
    assert list(Tag.objects.values_list("name", flat=True)) == ["Edge AI"]
    assert [t.name for t in second.tags.all()] == ["Edge AI"]


@pytest.mark.django_db
def test_the_tag_page_and_article_show_the_styled_name(client, section):
    article = ArticlePageFactory(parent=section, slug="styled")
    article.tags.add("fundamentals")
    article.save_revision().publish()
    html = client.get(article.url).content.decode()
    assert '<a href="/tags/fundamentals/">Fundamentals</a>' in html
    assert (
        "<h1>Articles tagged “Fundamentals”</h1>"
        in client.get("/tags/fundamentals/").content.decode()
    )


@pytest.mark.django_db
def test_the_migration_styles_old_names_and_merges_case_twins(section):
    """Tags saved before the rule (written with .update(), which skips it)."""
    first = ArticlePageFactory(parent=section, slug="first")
    first.tags.add("fundamentals-old")
    first.save()
    second = ArticlePageFactory(parent=section, slug="second")
    second.tags.add("twin-b")
    second.save()
    Tag.objects.filter(name="Fundamentals-old").update(name="fundamentals")
    kept = Tag.objects.get(name="fundamentals")
    Tag.objects.filter(name="Twin-b").update(name="Fundamentals")
    # The first article carries both twins; the second only the younger one.
    first.tags.add(Tag.objects.get(name="Fundamentals"))
    first.save()

    sentence_case_migration.names_in_sentence_case(apps, None)

    assert list(Tag.objects.values_list("pk", "name")) == [(kept.pk, "Fundamentals")]
    assert [t.pk for t in first.tags.all()] == [kept.pk]
    assert [t.pk for t in second.tags.all()] == [kept.pk]


@pytest.mark.django_db
def test_demo_tags_are_written_in_the_house_style():
    for article in load_demo_data().articles:
        assert article["tags"] == [tag_display_name(tag) for tag in article["tags"]]

"""The article editor: what an editor sets is on the Content tab, and no article goes live
(or to moderation) without an author, while a draft may still lack one."""

import re

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield
from wagtail_factories import ImageFactory

from articles.forms import AUTHOR_NEEDED
from articles.models import ArticlePage
from tests.factories import ArticlePageFactory, AuthorFactory

NOT_CREATED = "The page could not be created due to validation errors."
NOT_SAVED = "The page could not be saved due to validation errors."


def article_data(slug="new-article", **extra):
    return nested_form_data(
        {
            "title": "A New Article",
            "slug": slug,
            "standfirst": "What the reader learns, in a sentence.",
            "first_published": "2026-11-01",
            "tags": "fundamentals",
            "body": streamfield([("paragraph", rich_text("<p>Body text.</p>"))]),
            "further_reading": streamfield([]),
            **extra,
        }
    )


def add_url(section):
    return reverse("wagtailadmin_pages:add", args=["articles", "articlepage", section.pk])


def edit_url(page):
    return reverse("wagtailadmin_pages:edit", args=[page.pk])


def messages_of(response):
    return [str(message).strip() for message in get_messages(response.wsgi_request)]


def tab(html, name):
    """The HTML of one tab of the page editor (from its section to the next tab's)."""
    start = html.index(f'id="tab-{name}"')
    following = re.search(r'id="tab-(?!' + name + r'")[a-z-]+"', html[start:])
    return html[start : start + following.start()] if following else html[start:]


@pytest.mark.django_db
def test_byline_tags_dates_and_lead_image_are_on_the_content_tab(admin_client, section):
    article = ArticlePageFactory(parent=section)
    html = admin_client.get(edit_url(article)).content.decode()
    content, promote = tab(html, "content"), tab(html, "promote")
    for field in ("author", "tags", "first_published", "last_reviewed", "lead_image"):
        assert f'id="id_{field}"' in content, field
        assert f'id="id_{field}"' not in promote, field
    assert "Byline, tags and dates" in content
    # Promote keeps what is about search results and sharing.
    assert 'id="id_social_image"' in promote and 'id="id_seo_title"' in promote
    # The author field is marked required: a publish needs it.
    assert re.search(r'<label[^>]*for="id_author"[^>]*>\s*Author\s*<span[^>]*>\*</span>', content)


@pytest.mark.django_db
def test_publishing_a_new_article_without_an_author_is_refused(admin_client, section):
    response = admin_client.post(add_url(section), {**article_data(), "action-publish": "1"})
    assert response.status_code == 200
    assert NOT_CREATED in messages_of(response)
    assert AUTHOR_NEEDED in response.content.decode()
    assert not ArticlePage.objects.filter(slug="new-article").exists()


@pytest.mark.django_db
def test_a_draft_may_lack_an_author_but_cannot_be_published_until_it_has_one(admin_client, section):
    response = admin_client.post(add_url(section), article_data())
    assert response.status_code == 302
    draft = ArticlePage.objects.get(slug="new-article")
    assert not draft.live and draft.author is None

    response = admin_client.post(edit_url(draft), {**article_data(), "action-publish": "1"})
    assert response.status_code == 200
    assert NOT_SAVED in messages_of(response)
    assert AUTHOR_NEEDED in response.content.decode()
    draft.refresh_from_db()
    assert not draft.live

    author = AuthorFactory(name="AsterMind Team")
    response = admin_client.post(
        edit_url(draft), {**article_data(author=author.pk), "action-publish": "1"}
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.live and draft.author == author


@pytest.mark.django_db
def test_an_editor_cannot_send_an_article_without_an_author_to_moderation(editor_client, section):
    # Wagtail's Editors may not publish; they submit to the default moderation workflow.
    data = {**article_data(), "action-submit": "1"}
    response = editor_client.post(add_url(section), data)
    assert response.status_code == 200
    assert NOT_CREATED in messages_of(response)
    assert AUTHOR_NEEDED in response.content.decode()

    author = AuthorFactory(name="AsterMind Team")
    response = editor_client.post(add_url(section), {**data, "author": author.pk})
    assert response.status_code == 302
    submitted = ArticlePage.objects.get(slug="new-article")
    assert not submitted.live
    assert submitted.current_workflow_state is not None
    # And an editor's draft without an author is still saved.
    response = editor_client.post(add_url(section), article_data(slug="editor-draft"))
    assert response.status_code == 302
    assert ArticlePage.objects.get(slug="editor-draft").author is None


@pytest.mark.django_db
def test_a_lead_image_smaller_than_the_largest_rendition_is_refused(
    admin_client, section, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    author = AuthorFactory(name="AsterMind Team")
    small = ImageFactory(title="Small", file__width=800, file__height=450)
    large = ImageFactory(title="Large", file__width=1200, file__height=675)
    data = {**article_data(author=author.pk), "action-publish": "1"}

    response = admin_client.post(add_url(section), {**data, "lead_image": small.pk})
    assert response.status_code == 200
    assert "This image is 800×450 pixels; a lead image needs at least 1200×675" in (
        response.content.decode()
    )
    assert not ArticlePage.objects.filter(slug="new-article").exists()

    response = admin_client.post(add_url(section), {**data, "lead_image": large.pk})
    assert response.status_code == 302
    assert ArticlePage.objects.get(slug="new-article").lead_image == large

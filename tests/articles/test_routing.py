"""Routing fetches each page of a URL once, as its own type, and keeps Wagtail's rules:
view restrictions on any ancestor (or an alias's source), 404s, breadcrumbs, sub-routes."""

import pytest
from django.test import RequestFactory
from wagtail.models import Page, PageViewRestriction

from articles.models import ArticlePage
from tests.factories import ArticlePageFactory, SectionPageFactory

BODY = '[{"type": "paragraph", "value": "<p>Only for the right readers.</p>", "id": "p"}]'


@pytest.fixture
def article(section):
    return ArticlePageFactory(parent=section, title="Routed", slug="routed", body=BODY)


def restrict(page):
    return PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.PASSWORD, password="letmein"
    )


@pytest.mark.django_db
@pytest.mark.parametrize("restricted", ["home", "section", "article"])
def test_a_restriction_on_the_page_or_any_ancestor_hides_the_article(
    client, home, section, article, restricted
):
    assert "Only for the right readers." in client.get(article.url).content.decode()
    restrict({"home": home, "section": section, "article": article}[restricted])
    response = client.get(article.url)
    assert "Only for the right readers." not in response.content.decode()
    assert 'name="password"' in response.content.decode()


@pytest.mark.django_db
def test_an_alias_follows_its_source_pages_restriction(client, home, article):
    other = SectionPageFactory(parent=home, title="Elsewhere", slug="elsewhere")
    alias = article.create_alias(parent=other, update_slug="routed-alias")
    assert "Only for the right readers." in client.get(alias.url).content.decode()
    restrict(article)
    assert "Only for the right readers." not in client.get(alias.url).content.decode()
    assert {r.page_id for r in alias.get_view_restrictions()} == {article.pk}


@pytest.mark.django_db
def test_routing_gives_the_specific_page_with_its_trail_and_breadcrumbs(
    client, home, section, article
):
    result = Page.route_for_request(RequestFactory().get(article.url), article.url)
    page = result[0]
    assert isinstance(page, ArticlePage)
    assert [p.pk for p in page.route_trail] == [home.pk, section.pk]
    html = client.get(article.url).content.decode()
    assert f'<a href="{section.url}">Core Concepts</a>' in html


@pytest.mark.django_db
def test_unknown_slugs_and_sub_routes(client, section, article):
    assert client.get("/no-such-section/").status_code == 404
    assert client.get(f"{section.url}no-such-article/").status_code == 404
    assert client.get(f"{article.url}tables/none/csv/").status_code == 404
    assert client.get(f"{article.url}no-such-route/").status_code == 404

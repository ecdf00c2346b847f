"""A view restriction hides a page from anonymous visitors: every change to one purges what
publishing would, and a restricted page is never stored, whatever its headers say."""

import json

import pytest
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.http import HttpResponse
from wagtail import hooks
from wagtail.documents import get_document_model
from wagtail.models import Collection, CollectionViewRestriction, PageViewRestriction

from tests.table_factories import model_table

from .test_purging import (
    ARTICLE,
    ARTICLE_AND_LISTINGS,
    LISTINGS,
    OTHER,
    ROOT,
    assert_untouched,
    path,
    warm,
)

pytestmark = pytest.mark.usefixtures("page_cache")

SECTION = f"{ROOT}/core-concepts/"


def restrict(page, kind):
    restriction = PageViewRestriction.objects.create(
        page=page, restriction_type=kind, password="letmein" if kind == "password" else ""
    )
    if kind == "groups":
        restriction.groups.add(Group.objects.create(name="Subscribers"))
    return restriction


@pytest.mark.parametrize("kind", ["password", "login", "groups"])
def test_making_a_page_private_purges_it_and_its_listings(client, scene, changed, kind):
    warm(client, ARTICLE_AND_LISTINGS | {OTHER})
    with changed() as change:
        restrict(scene["article"], kind)
    assert change.urls == ARTICLE_AND_LISTINGS
    refused = client.get(path(ARTICLE))
    assert refused.status_code == (200 if kind == "password" else 302)  # the form, or a login
    assert b"What Is a Foundation Model?</h1>" not in refused.content
    assert refused["X-Cache"] == "BYPASS"
    assert "private" in refused["Cache-Control"]
    assert client.get(path(SECTION))["X-Cache"] == "MISS"
    assert_untouched(client)


@pytest.mark.parametrize("change_kind", ["edit", "delete"])
def test_changing_or_removing_a_restriction_purges_the_same_set(
    client, scene, changed, change_kind
):
    restriction = restrict(scene["article"], "password")
    warm(client, LISTINGS | {OTHER})  # the article and its downloads ask for a password
    with changed() as change:
        if change_kind == "delete":
            restriction.delete()
        else:
            restriction.restriction_type = PageViewRestriction.LOGIN
            restriction.save()
    assert change.urls == ARTICLE_AND_LISTINGS
    assert client.get(path(SECTION))["X-Cache"] == "MISS"
    assert_untouched(client)


def test_restricting_a_section_purges_every_page_under_it(client, scene, changed):
    warm(client, {ARTICLE, OTHER})
    with changed() as change:
        restrict(scene["section"], "login")
    assert {ARTICLE, OTHER, SECTION, f"{ROOT}/"} <= change.urls
    for url in (ARTICLE, OTHER):
        assert client.get(path(url)).status_code == 302, url


def test_restricting_a_collection_purges_its_documents_and_the_pages_linking_them(
    client, scene, changed
):
    private = Collection.get_first_root_node().add_child(name="Board papers")
    document = get_document_model().objects.create(
        title="Minutes",
        collection=private.add_child(name="2026"),  # restrictions reach nested collections
        file=ContentFile(b"%PDF-1.4 minutes", name="minutes.pdf"),
    )
    article = scene["article"]
    article.body = json.dumps([
        model_table([scene["model"]], block_id="facts"),
        {"type": "paragraph", "value": f'<p><a linktype="document" id="{document.pk}">x</a></p>'},
    ])  # fmt: skip
    article.save_revision().publish()
    warm(client, ARTICLE_AND_LISTINGS | {OTHER})
    with changed() as change:
        CollectionViewRestriction.objects.create(
            collection=private, restriction_type=CollectionViewRestriction.LOGIN
        )
    assert change.urls == ARTICLE_AND_LISTINGS | {ROOT + document.url}
    assert client.get(path(ARTICLE))["X-Cache"] == "MISS"
    assert client.get(document.url).status_code == 302  # Wagtail's view asks for a login
    assert_untouched(client)


def test_a_restricted_page_is_never_stored_even_when_its_response_says_public(client, scene):
    """A before_serve_page hook runs before Wagtail's restriction check (an on_serve_page
    hook), so a hook that answers for a page can hand out a restricted page as public."""
    restrict(scene["article"], "login")

    def answers_for_the_page(page, request, serve_args, serve_kwargs):
        response = HttpResponse(f"<h1>{page.title}</h1>")
        response["Cache-Control"] = "public, max-age=3600"
        return response

    with hooks.register_temporarily("before_serve_page", answers_for_the_page):
        first, second = client.get(path(ARTICLE)), client.get(path(ARTICLE))
    assert first.status_code == second.status_code == 200
    assert first["X-Cache"] == second["X-Cache"] == "BYPASS"
    assert {p.strip() for p in second["Cache-Control"].split(",")} == {"private", "no-store"}
    # The same hook on a page without a restriction is shared: the rule is the restriction.
    with hooks.register_temporarily("before_serve_page", answers_for_the_page):
        client.get(path(OTHER))
        assert client.get(path(OTHER))["X-Cache"] == "HIT"

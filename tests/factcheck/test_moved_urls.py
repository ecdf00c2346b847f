"""Bookmarks from before the registry moved to ``directory`` still reach the same screens."""

import pytest

from tests.table_factories import FoundationModelFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


def test_old_listing_and_edit_addresses_redirect_permanently(admin_client):
    palm = FoundationModelFactory(name="PaLM 2")
    cases = {
        "/admin/snippets/articles/foundationmodel/": "/admin/snippets/directory/foundationmodel/",
        f"/admin/snippets/articles/foundationmodel/edit/{palm.pk}/": (
            f"/admin/snippets/directory/foundationmodel/edit/{palm.pk}/"
        ),
        f"/admin/snippets/articles/foundationmodel/history/{palm.pk}/": (
            f"/admin/snippets/directory/foundationmodel/history/{palm.pk}/"
        ),
        "/admin/snippets/articles/organisation/add/": "/admin/snippets/directory/organisation/add/",
        "/admin/snippets/articles/modality/": "/admin/snippets/directory/modality/",
    }
    for old, new in cases.items():
        response = admin_client.get(old)
        assert (response.status_code, response["Location"]) == (301, new), old
        assert admin_client.get(new).status_code == 200, new


def test_the_query_string_comes_along(admin_client):
    response = admin_client.get(
        "/admin/snippets/articles/foundationmodel/", {"ordering": "as_of", "q": "palm"}
    )
    assert response.status_code == 301
    assert response["Location"] == (
        "/admin/snippets/directory/foundationmodel/?ordering=as_of&q=palm"
    )


def test_a_signed_out_visitor_is_asked_to_sign_in_first(client):
    google = OrganisationFactory(name="Google")
    old = f"/admin/snippets/articles/organisation/edit/{google.pk}/"
    response = client.get(old)
    assert response.status_code == 302
    assert response["Location"] == f"/admin/login/?next={old}"


def test_snippets_that_stayed_in_articles_are_not_redirected(admin_client):
    assert admin_client.get("/admin/snippets/articles/author/").status_code == 200
    assert admin_client.get("/admin/snippets/articles/nosuchmodel/").status_code == 404

"""/api/v2/images/ and /api/v2/documents/: nothing from a restricted collection, nor from a
collection under one, whoever asks."""

import pytest
from django.core.files.base import ContentFile
from wagtail.documents import get_document_model
from wagtail.models import Collection, CollectionViewRestriction
from wagtail_factories import ImageFactory

Document = get_document_model()


@pytest.fixture
def documents(db):
    root = Collection.get_first_root_node()
    private = root.add_child(name="Board papers")
    inner = private.add_child(name="Minutes")
    CollectionViewRestriction.objects.create(
        collection=private, restriction_type=CollectionViewRestriction.PASSWORD, password="x"
    )
    made = {}
    for name, collection in (("public", root), ("private", private), ("inner", inner)):
        doc = Document(title=f"{name} paper", collection=collection)
        doc.file.save(f"{name}.txt", ContentFile(b"words"), save=True)
        made[name] = doc
    return made


def test_documents_listing_leaves_out_restricted_collections(client, documents):
    response = client.get("/api/v2/documents/")
    assert response.status_code == 200
    assert [d["title"] for d in response.json()["items"]] == ["public paper"]


def test_restricted_documents_have_no_detail(client, documents):
    assert client.get(f"/api/v2/documents/{documents['public'].pk}/").status_code == 200
    assert client.get(f"/api/v2/documents/{documents['private'].pk}/").status_code == 404
    assert client.get(f"/api/v2/documents/{documents['inner'].pk}/").status_code == 404


def test_images_listing_and_detail_leave_out_restricted_collections(client, documents):
    private = Collection.objects.get(name="Minutes")  # under the restricted "Board papers"
    shown = ImageFactory(title="Diagram")
    hidden = ImageFactory(title="Org chart", collection=private)
    response = client.get("/api/v2/images/")
    assert response.status_code == 200
    assert [i["title"] for i in response.json()["items"]] == ["Diagram"]
    assert client.get(f"/api/v2/images/{shown.pk}/").status_code == 200
    assert client.get(f"/api/v2/images/{hidden.pk}/").status_code == 404
    assert client.get("/api/v2/images/", {"limit": "-1"}).status_code == 400

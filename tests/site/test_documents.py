"""Documents only through Wagtail's document view, which checks collection privacy
(astermind_site/views/documents.py); never as a file under /media/."""

import pytest
from django.core.files.base import ContentFile
from wagtail.documents import get_document_model
from wagtail.models import Collection, CollectionViewRestriction

SECRET = b"board minutes: the restructuring plan\n"
OPEN = b"glossary of terms\n"


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def collection(name, restriction=None, password=""):
    made = Collection.get_first_root_node().add_child(name=name)
    if restriction:
        CollectionViewRestriction.objects.create(
            collection=made, restriction_type=restriction, password=password
        )
    return made


def document(title, content, in_collection):
    doc = get_document_model()(title=title, collection=in_collection)
    doc.file.save(f"{title.lower().replace(' ', '-')}.txt", ContentFile(content), save=False)
    doc.save()
    return doc


@pytest.fixture
def private_doc(db, media_root):
    return document("Board minutes", SECRET, collection("Board", CollectionViewRestriction.LOGIN))


@pytest.fixture
def public_doc(db, media_root):
    return document("Glossary", OPEN, collection("Handouts"))


def body(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_links_name_the_document_view_never_the_file(private_doc):
    assert private_doc.url == f"/documents/{private_doc.pk}/{private_doc.filename}"
    assert private_doc.file.name.startswith("documents/")


def test_the_file_itself_is_never_served_from_media(client, private_doc, public_doc):
    for doc in (private_doc, public_doc):
        for path in (f"/media/{doc.file.name}", f"/media/images/../{doc.file.name}"):
            response = client.get(path)
            assert response.status_code == 404, path
            assert SECRET not in body(response) and OPEN not in body(response)


def test_an_anonymous_visitor_is_sent_to_the_login_and_nothing_is_kept(client, private_doc):
    response = client.get(private_doc.url)
    assert response.status_code == 302
    assert response["Location"] == f"/_util/login/?next={private_doc.url}"
    assert response["Cache-Control"] == "private, no-store"
    assert SECRET not in response.content


def test_a_signed_in_reader_gets_it_privately(signed_in, make_user, private_doc):
    response = signed_in(make_user("reader")).get(private_doc.url)
    assert response.status_code == 200
    assert body(response) == SECRET
    assert response["Cache-Control"] == "private, no-store"


def test_a_password_collection_asks_privately(client, db, media_root):
    doc = document("Draft", SECRET, collection("Drafts", CollectionViewRestriction.PASSWORD, "pw"))
    form = client.get(doc.url)
    assert form.status_code == 200
    assert SECRET not in form.content
    assert form["Cache-Control"] == "private, no-store"
    restriction = CollectionViewRestriction.objects.get(collection=doc.collection)
    passed = client.post(
        f"/documents/authenticate_with_password/{restriction.pk}/",
        {"password": "pw", "return_url": doc.url},
    )
    assert passed.status_code == 302 and passed["Location"] == doc.url
    assert passed["Cache-Control"] == "private, no-store"
    assert body(client.get(doc.url)) == SECRET


def test_a_restriction_above_the_collection_counts_too(client, db, media_root):
    parent = collection("Staff only", CollectionViewRestriction.LOGIN)
    doc = document("Rota", SECRET, parent.add_child(name="Rotas"))
    assert client.get(doc.url).status_code == 302


def test_a_public_document_is_served_and_revalidated_by_caches(client, public_doc):
    response = client.get(public_doc.url)
    assert response.status_code == 200
    assert body(response) == OPEN
    assert response["Cache-Control"] == "public, no-cache"
    again = client.get(public_doc.url, headers={"If-None-Match": response["ETag"]})
    assert again.status_code == 304


def test_a_wrong_filename_or_id_is_a_404(client, public_doc):
    assert client.get(f"/documents/{public_doc.pk}/other.txt").status_code == 404
    assert client.get(f"/documents/{public_doc.pk + 99}/{public_doc.filename}").status_code == 404

"""Uploaded files through the real servers and Varnish: a document in a collection
restricted to signed-in users is never handed to an anonymous visitor, by the media URL,
the document URL or a copy Varnish kept; original images are not files anyone can fetch."""

import json
import re
import secrets

import pytest

from .client import Visitor
from .services import manage

pytestmark = pytest.mark.integration

ARTICLE = "/core-concepts/what-is-a-foundation-model/"

# Run by `manage.py shell` on the servers' settings: two collections, one restricted to
# signed-in users, a document in each; prints their URLs and file names as JSON.
CREATE_DOCUMENTS = """
import json, sys
from django.core.files.base import ContentFile
from wagtail.documents import get_document_model
from wagtail.models import Collection, CollectionViewRestriction
root = Collection.get_first_root_node()
out = {}
for key, text, restricted in json.loads(sys.argv[-1]):
    collection = root.add_child(name=key)
    if restricted:
        CollectionViewRestriction.objects.create(
            collection=collection, restriction_type=CollectionViewRestriction.LOGIN
        )
    doc = get_document_model()(title=key, collection=collection)
    doc.file.save(key + ".txt", ContentFile(text.encode()), save=False)
    doc.save()
    out[key] = {"url": doc.url, "file": doc.file.name, "collection": collection.pk}
print(json.dumps(out))
"""


def create_documents(stack, *specs):
    code = CREATE_DOCUMENTS.replace("sys.argv[-1]", repr(json.dumps(specs)))
    return json.loads(manage(stack.env, "shell", "-c", code).strip().splitlines()[-1])


@pytest.fixture(scope="module")
def documents(stack):
    tag = secrets.token_hex(4)
    secret, public = f"board minutes {tag}", f"glossary {tag}"
    made = create_documents(
        stack, [f"board-{tag}", secret, True], [f"handout-{tag}", public, False]
    )
    return {
        "private": (made[f"board-{tag}"], secret.encode()),
        "public": (made[f"handout-{tag}"], public.encode()),
    }


def test_a_private_document_never_reaches_an_anonymous_visitor(documents, varnish, app_a):
    doc, secret = documents["private"]
    for port in (varnish, app_a):
        for _ in range(2):  # the second time, a copy Varnish might have kept would show
            visitor = Visitor(port)
            by_file = visitor.get(f"/media/{doc['file']}")
            assert by_file.status == 404
            assert secret not in by_file.body
            by_view = visitor.get(doc["url"])
            assert by_view.status == 302
            assert by_view.header("Location") == f"/_util/login/?next={doc['url']}"
            assert by_view.header("Cache-Control") == "private, no-store"
            assert secret not in by_view.body
    assert Visitor(varnish).get(doc["url"]).header("X-Cache") == "PASS"


def test_a_signed_in_reader_gets_it_and_no_copy_is_kept(documents, editor, varnish):
    doc, secret = documents["private"]
    mine = editor.get(doc["url"], port=varnish)
    assert mine.status == 200
    assert mine.body == secret
    assert mine.header("Cache-Control") == "private, no-store"
    assert mine.header("X-Cache") == "PASS"
    after = Visitor(varnish).get(doc["url"])
    assert after.status == 302 and secret not in after.body


def test_a_public_document_is_served_until_its_collection_is_restricted(
    stack, documents, varnish, sql
):
    doc, text = documents["public"]
    reader = Visitor(varnish)
    for _ in range(2):
        served = reader.get(doc["url"])
        assert served.status == 200
        assert served.body == text
        assert served.header("Cache-Control") == "public, no-cache"
        assert served.header("X-Cache") == "PASS"
    sql(
        "INSERT INTO wagtailcore_collectionviewrestriction (collection_id, restriction_type,"
        " password) VALUES (%s, 'login', '')",
        doc["collection"],
    )
    now_private = reader.get(doc["url"])
    assert now_private.status == 302
    assert text not in now_private.body


def test_original_images_are_not_files_but_renditions_are(stack, varnish, sql):
    (original,) = sql("SELECT file FROM wagtailimages_image ORDER BY id LIMIT 1")
    for _ in range(2):
        assert Visitor(varnish).get(f"/media/{original[0]}").status == 404
    page = Visitor(varnish).get(ARTICLE)
    renditions = re.findall(r'src="(/media/images/[^"]+)"', page.text)
    assert renditions, "the demo article shows no image"
    first = Visitor(varnish).get(renditions[0])
    assert first.status == 200
    assert first.header("Content-Type").startswith("image/")
    assert Visitor(varnish).get(renditions[0]).header("X-Cache") == "HIT"

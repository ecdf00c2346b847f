"""Media in one S3-compatible bucket (moto's server) shared by two app servers that each have
their own MEDIA_ROOT, as two machines would: an image uploaded through server A is served by
server B and through Varnish, a rendition B makes is served by A, a private document uploaded
through A stays private on B and through Varnish, and nothing in the bucket answers a
request without a signature."""

import io
import re
import secrets

import pytest
from PIL import Image

from .admin import upload_through_admin
from .client import Visitor
from .services import manage
from .stack import EDITOR, MEDIA_BUCKET

pytestmark = pytest.mark.integration

ARTICLE = "/core-concepts/what-is-a-foundation-model/"


def png(width=320, height=200):
    """A PNG no one has uploaded before (a random colour)."""
    colour = tuple(secrets.token_bytes(3))
    out = io.BytesIO()
    Image.new("RGB", (width, height), colour).save(out, "PNG")
    return out.getvalue()


def in_bucket(stack, key):
    return stack.s3.client().get_object(Bucket=MEDIA_BUCKET, Key=key)["Body"].read()


def rendition_urls(html, stem):
    """The /media/images/ URLs of renditions of the original named `stem`, as the page has them."""
    return sorted(set(re.findall(rf"/media/images/{re.escape(stem)}\.[\w.-]+", html)))


@pytest.fixture(scope="module")
def uploader(stack):
    """An editor signed in to the admin on server A, for this module's uploads."""
    visitor = Visitor(stack.apps[0].port)
    visitor.login(EDITOR, stack.editor_password)
    return visitor


@pytest.fixture(scope="module")
def uploaded_image(stack, uploader):
    title = f"Uploaded on A {secrets.token_hex(4)}"
    filename = f"upload-{secrets.token_hex(4)}.png"
    content = png()
    saved = upload_through_admin(uploader, "images", filename, content, title=title)
    assert saved.status == 302, saved.text[:800]
    query = "SELECT id, file FROM wagtailimages_image WHERE title = %s"
    ((image_id, name),) = stack.pg.sql(stack.database, query, (title,))
    return {"id": image_id, "file": name, "title": title, "content": content}


def test_an_upload_through_a_is_stored_in_the_bucket_and_nowhere_public(stack, uploaded_image):
    name = uploaded_image["file"]
    assert name.startswith("original_images/upload-")
    assert in_bucket(stack, name) == uploaded_image["content"]
    status, answer = stack.s3.unsigned_get(MEDIA_BUCKET, name)
    assert status == 403
    assert uploaded_image["content"] not in answer
    for port in (stack.apps[1].port, stack.varnish.port):
        assert Visitor(port).get(f"/media/{name}").status == 404


def test_a_rendition_made_on_a_is_served_by_b_and_kept_by_varnish(
    stack, editor, uploaded_image, app_a, app_b, varnish
):
    stem = uploaded_image["file"].removeprefix("original_images/").rsplit(".", 1)[0]
    edit_page = editor.get(f"/admin/images/{uploaded_image['id']}/", port=app_a)
    assert edit_page.status == 200
    (url,) = [u for u in rendition_urls(edit_page.text, stem) if ".max-800x600." in u]
    stored = in_bucket(stack, url.removeprefix("/media/"))
    assert stored[:8] == b"\x89PNG\r\n\x1a\n"

    on_b = Visitor(app_b).get(url)
    assert on_b.status == 200
    assert on_b.body == stored
    assert on_b.header("Content-Type") == "image/png"
    assert on_b.header("Cache-Control") == "public, max-age=86400"

    reader = Visitor(varnish)
    first, second = reader.get(url), reader.get(url)
    assert first.status == second.status == 200
    assert first.body == second.body == stored
    assert second.header("X-Cache") == "HIT"
    # The rendition is private in the bucket too: only the app hands it out.
    assert stack.s3.unsigned_get(MEDIA_BUCKET, url.removeprefix("/media/"))[0] == 403


def test_a_rendition_made_on_b_from_as_upload_is_served_by_a(
    stack, editor, uploaded_image, app_a, app_b
):
    """B reads A's original from the bucket to make a thumbnail A never made."""
    stem = uploaded_image["file"].removeprefix("original_images/").rsplit(".", 1)[0]
    listing = editor.get(f"/admin/images/?q={uploaded_image['title'].split()[-1]}", port=app_b)
    assert listing.status == 200
    (thumbnail,) = [u for u in rendition_urls(listing.text, stem) if ".max-165x165." in u]
    on_a = Visitor(app_a).get(thumbnail)
    assert on_a.status == 200
    assert on_a.body == in_bucket(stack, thumbnail.removeprefix("/media/"))
    assert Image.open(io.BytesIO(on_a.body)).size == (165, 103)


# Run by `manage.py shell` on the servers' settings: a collection only signed-in users may
# see; prints its id.
RESTRICTED_COLLECTION = """
from wagtail.models import Collection, CollectionViewRestriction
made = Collection.get_first_root_node().add_child(name=NAME)
CollectionViewRestriction.objects.create(
    collection=made, restriction_type=CollectionViewRestriction.LOGIN
)
print(made.pk)
"""


@pytest.fixture(scope="module")
def private_document(stack, uploader):
    tag = secrets.token_hex(4)
    code = RESTRICTED_COLLECTION.replace("NAME", repr(f"Board {tag}"))
    collection = int(manage(stack.env, "shell", "-c", code).strip().splitlines()[-1])
    secret = f"board minutes {tag}\n".encode()
    saved = upload_through_admin(
        uploader, "documents", f"minutes-{tag}.txt", secret, title=f"Minutes {tag}",
        collection=collection,
    )  # fmt: skip
    assert saved.status == 302, saved.text[:800]
    query = "SELECT id, file FROM wagtaildocs_document WHERE title = %s"
    ((doc_id, name),) = stack.pg.sql(stack.database, query, (f"Minutes {tag}",))
    filename = name.rsplit("/", 1)[-1]
    return {"url": f"/documents/{doc_id}/{filename}", "file": name, "secret": secret}


def test_a_private_document_uploaded_through_a_stays_private(
    stack, private_document, app_b, varnish
):
    doc, secret = private_document, private_document["secret"]
    assert in_bucket(stack, doc["file"]) == secret  # it is there, in the shared bucket
    status, answer = stack.s3.unsigned_get(MEDIA_BUCKET, doc["file"])
    assert status == 403
    assert secret not in answer
    for port in (app_b, varnish):
        for _ in range(2):  # the second time, a copy Varnish might have kept would show
            visitor = Visitor(port)
            assert visitor.get(f"/media/{doc['file']}").status == 404
            by_view = visitor.get(doc["url"])
            assert by_view.status == 302
            assert by_view.header("Location") == f"/_util/login/?next={doc['url']}"
            assert by_view.header("Cache-Control") == "private, no-store"
            assert secret not in by_view.body
    assert Visitor(varnish).get(doc["url"]).header("X-Cache") == "PASS"


def test_a_signed_in_reader_gets_it_from_b_and_no_copy_is_kept(
    private_document, editor, app_b, varnish
):
    doc = private_document
    from_b = editor.get(doc["url"], port=app_b)
    assert from_b.status == 200
    assert from_b.body == doc["secret"]
    assert from_b.header("Cache-Control") == "private, no-store"
    through_varnish = editor.get(doc["url"], port=varnish)
    assert through_varnish.status == 200
    assert through_varnish.header("X-Cache") == "PASS"
    after = Visitor(varnish).get(doc["url"])
    assert after.status == 302
    assert doc["secret"] not in after.body


def test_pages_name_the_app_never_the_bucket(stack, app_a, app_b):
    page_a, page_b = Visitor(app_a).get(ARTICLE), Visitor(app_b).get(ARTICLE)
    assert page_a.status == page_b.status == 200
    assert page_a.body == page_b.body
    assert re.search(r'src="/media/images/[^"]+"', page_a.text)
    assert stack.s3.endpoint.removeprefix("http://") not in page_a.text
    assert "X-Amz-" not in page_a.text


def test_both_servers_check_the_bucket_and_never_wrote_to_their_disks(stack):
    for app in stack.apps:
        health = Visitor(app.port).get("/healthz", headers={"Accept": "application/json"})
        assert health.status == 200
        assert health.json()["checks"]["storage"] == "ok"
    written = [
        str(path)
        for root in [stack.media_root(app) for app in stack.apps] + [stack.workdir / "media"]
        if root.exists()
        for path in root.rglob("*")
        if path.is_file()
    ]
    assert written == []

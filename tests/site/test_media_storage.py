"""Media in an S3-compatible bucket (astermind_site/media_storage.py), against a real S3 API:
moto's standalone server on 127.0.0.1 (tests/servers.py), no mocked boto.

What issue 17 made true on the local disk stays true here: renditions are served by the app
(from the bucket, with a day's public caching), original uploads and documents never are
files anyone can fetch, documents go only through Wagtail's view with its privacy check,
and nothing in the bucket answers a request that carries no signature."""

import re
import secrets

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from wagtail.documents import get_document_model
from wagtail.models import Collection, CollectionViewRestriction
from wagtail_factories import ImageFactory

from astermind_site.media_storage import PrivateBucketStorage
from astermind_site.settings.storage import media_storage
from astermind_site.views import healthz
from tests.servers import S3Server

SECRET = b"board minutes: the restructuring plan\n"
OPEN = b"glossary of terms\n"


@pytest.fixture(scope="module")
def s3_server(tmp_path_factory):
    server = S3Server(tmp_path_factory.mktemp("moto") / "moto.log").start()
    yield server
    server.stop()


def use_bucket(settings, monkeypatch, server, bucket):
    """Settings as MEDIA_STORAGE_URL would make them, with the server's keys in the
    environment where boto3 looks for them."""
    for name, value in server.credentials().items():
        monkeypatch.setenv(name, value)
    storage = media_storage({"MEDIA_STORAGE_URL": server.storage_url(bucket)})
    settings.STORAGES = {**settings.STORAGES, "default": storage}


@pytest.fixture
def bucket(s3_server, settings, monkeypatch, tmp_path):
    name = s3_server.create_bucket(f"media-{secrets.token_hex(6)}")
    # Nothing may land here: with a bucket configured the local disk is not used.
    settings.MEDIA_ROOT = tmp_path / "media"
    use_bucket(settings, monkeypatch, s3_server, name)
    return name


def keys(server, bucket):
    listing = server.client().list_objects_v2(Bucket=bucket)
    return sorted(entry["Key"] for entry in listing.get("Contents", ()))


def stored(server, bucket, key):
    return server.client().get_object(Bucket=bucket, Key=key)["Body"].read()


def body(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.fixture
def image(db, bucket):
    return ImageFactory(title="Square", file__width=64, file__height=64)


@pytest.fixture
def rendition(image):
    return image.get_rendition("width-32")


def test_the_storage_is_the_private_bucket(bucket):
    storage = storages["default"]
    assert isinstance(storage, PrivateBucketStorage)
    assert storage.bucket_name == bucket
    assert storage.default_acl is None
    assert storage.file_overwrite is False
    # A bucket that is away costs seconds, not boto3's minutes.
    assert storage.client_config.connect_timeout == 3
    assert storage.client_config.read_timeout == 10
    assert storage.client_config.retries == {"total_max_attempts": 2, "mode": "standard"}


def test_a_public_acl_setting_cannot_make_uploads_public(s3_server, bucket, db, settings):
    """django-storages would send AWS_DEFAULT_ACL with every upload; the class ignores it."""
    settings.AWS_DEFAULT_ACL = "public-read"
    settings.AWS_S3_FILE_OVERWRITE = True
    storage = storages["default"]
    assert (storage.default_acl, storage.file_overwrite) == (None, False)
    name = storage.save("documents/minutes.txt", ContentFile(SECRET))
    status, answer = s3_server.unsigned_get(bucket, name)
    assert status == 403
    assert SECRET not in answer


def test_uploads_and_renditions_go_to_the_bucket_not_the_disk(
    s3_server, bucket, rendition, settings
):
    image = rendition.image
    assert image.file.name.startswith("original_images/")
    assert rendition.file.name.startswith("images/")
    assert keys(s3_server, bucket) == sorted([image.file.name, rendition.file.name])
    assert stored(s3_server, bucket, image.file.name)[:3] == b"\xff\xd8\xff"  # a JPEG
    assert not settings.MEDIA_ROOT.exists()


def test_file_urls_name_the_app_never_the_bucket(s3_server, image, rendition):
    assert image.file.url == f"/media/{image.file.name}"
    assert rendition.url == f"/media/{rendition.file.name}"
    assert re.fullmatch(r"/media/images/[\w.-]+", rendition.url)


def test_a_rendition_is_served_by_the_app_from_the_bucket(client, s3_server, bucket, rendition):
    response = client.get(rendition.url)
    assert response.status_code == 200
    assert response["Cache-Control"] == "public, max-age=86400"
    assert response["Content-Type"] == "image/jpeg"
    assert body(response) == stored(s3_server, bucket, rendition.file.name)
    again = client.get(rendition.url, headers={"If-None-Match": response["ETag"]})
    assert again.status_code == 304
    assert client.head(rendition.url).status_code == 200


def test_originals_missing_files_and_other_folders_are_404(client, image):
    for path in (
        f"/media/{image.file.name}",
        f"/media/images/../{image.file.name}",
        "/media/images/nothing-here.png",
        "/media/images/",
        "/media/health_check_storage_test/x.txt",
        "/media/images/%2e%2e/%2e%2e/manage.py",
        "/media/images/%00.png",
        "/media/images/a%20b%3Fc.png",
    ):
        assert client.get(path).status_code == 404, path


def test_nothing_in_the_bucket_answers_without_a_signature(s3_server, bucket, rendition):
    """The bucket stays private: a guessed object address is refused (S3's 403), for the
    original, the rendition and a document alike."""
    doc = document("Board minutes", SECRET, collection("Board", restricted=True))
    for key in (rendition.image.file.name, rendition.file.name, doc.file.name):
        status, answer = s3_server.unsigned_get(bucket, key)
        assert status == 403, key
        assert SECRET not in answer
    # The server does hold it: with the site's keys the object is there.
    assert stored(s3_server, bucket, doc.file.name) == SECRET


def collection(name, restricted=False):
    made = Collection.get_first_root_node().add_child(name=name)
    if restricted:
        CollectionViewRestriction.objects.create(
            collection=made, restriction_type=CollectionViewRestriction.LOGIN
        )
    return made


def document(title, content, in_collection, filename=None):
    doc = get_document_model()(title=title, collection=in_collection)
    name = filename or f"{title.lower().replace(' ', '-')}.txt"
    doc.file.save(name, ContentFile(content), save=False)
    doc.save()
    return doc


def test_a_restricted_document_only_through_the_view_after_sign_in(
    client, signed_in, make_user, db, bucket
):
    doc = document("Board minutes", SECRET, collection("Board", restricted=True))
    assert doc.url == f"/documents/{doc.pk}/{doc.filename}"
    anonymous = client.get(doc.url)
    assert anonymous.status_code == 302
    assert anonymous["Location"] == f"/_util/login/?next={doc.url}"
    assert anonymous["Cache-Control"] == "private, no-store"
    assert client.get(f"/media/{doc.file.name}").status_code == 404
    reader = signed_in(make_user("reader")).get(doc.url)
    assert reader.status_code == 200
    assert body(reader) == SECRET
    assert reader["Cache-Control"] == "private, no-store"


def test_a_public_document_is_streamed_from_the_bucket(client, db, bucket):
    doc = document("Glossary", OPEN, collection("Handouts"))
    response = client.get(doc.url)
    assert response.status_code == 200
    assert response.streaming
    assert body(response) == OPEN
    assert response["Content-Length"] == str(len(OPEN))
    assert response["Cache-Control"] == "public, no-cache"
    assert client.get(f"/media/{doc.file.name}").status_code == 404


def test_two_uploads_with_one_name_both_keep_their_file(s3_server, db, bucket):
    handouts = collection("Handouts")
    first = document("First", b"first text\n", handouts, filename="minutes.txt")
    second = document("Second", b"second text\n", handouts, filename="minutes.txt")
    assert first.file.name == "documents/minutes.txt"
    assert second.file.name != first.file.name
    assert re.fullmatch(r"documents/minutes_\w{7}\.txt", second.file.name)
    assert stored(s3_server, bucket, first.file.name) == b"first text\n"
    assert stored(s3_server, bucket, second.file.name) == b"second text\n"


def test_healthz_checks_the_bucket(client, db, s3_server, bucket, monkeypatch):
    monkeypatch.setattr(healthz._LastProbe, "at", None)
    monkeypatch.setattr(healthz._LastProbe, "error", None)
    response = client.get("/healthz", HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    assert response.json()["checks"]["storage"] == "ok"
    # The probe cleans up after itself.
    assert [k for k in keys(s3_server, bucket) if k.startswith("health_check")] == []


@pytest.fixture
def stopped_server(tmp_path, settings, monkeypatch):
    """A bucket with a rendition in it, on a server that is then stopped."""
    server = S3Server(tmp_path / "moto.log").start()
    try:
        use_bucket(settings, monkeypatch, server, server.create_bucket("going-away"))
        settings.MEDIA_ROOT = tmp_path / "media"
        rendition = ImageFactory(file__width=64, file__height=64).get_rendition("width-32")
    finally:
        server.stop()
    return rendition


def test_a_bucket_that_is_away_is_a_503_never_a_500(client, db, stopped_server, monkeypatch):
    monkeypatch.setattr(healthz._LastProbe, "at", None)
    monkeypatch.setattr(healthz._LastProbe, "error", None)
    client.raise_request_exception = False
    response = client.get(stopped_server.url)
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "no-store" in response["Cache-Control"]
    assert client.get("/healthz").content.decode().splitlines()[0] == "down: storage"

"""Which storage holds media (astermind_site/settings/storage.py): the local disk unless
MEDIA_STORAGE_URL or AWS_STORAGE_BUCKET_NAME names a bucket, and a value that cannot be right
stops the start with a message that names it."""

import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from astermind_site.settings.storage import media_storage

ROOT = Path(__file__).resolve().parents[2]
BACKEND = "astermind_site.media_storage.PrivateBucketStorage"


def test_nothing_set_is_the_local_disk():
    assert media_storage({}) == {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    blank = {"MEDIA_STORAGE_URL": "  ", "AWS_STORAGE_BUCKET_NAME": ""}
    assert media_storage(blank)["BACKEND"] == "django.core.files.storage.FileSystemStorage"


def test_only_keys_set_is_still_the_local_disk():
    """AWS keys alone may be there for something else; a bucket name turns storage on."""
    keys = {"AWS_ACCESS_KEY_ID": "AKIAEXAMPLE", "AWS_SECRET_ACCESS_KEY": "secret"}
    assert media_storage(keys) == {"BACKEND": "django.core.files.storage.FileSystemStorage"}


@pytest.mark.parametrize(
    ("url", "options"),
    [
        ("s3://learn-media", {"bucket_name": "learn-media"}),
        (
            "s3://learn-media?region=eu-west-2",
            {"bucket_name": "learn-media", "region_name": "eu-west-2"},
        ),
        (
            "s3://media.example.org/site/uploads/?endpoint_url=https://minio.internal:9000"
            "&region=us-east-1&addressing_style=path",
            {
                "bucket_name": "media.example.org",
                "location": "site/uploads",
                "endpoint_url": "https://minio.internal:9000",
                "region_name": "us-east-1",
                "addressing_style": "path",
            },
        ),
        (
            "s3://learn?endpoint_url=https%3A%2F%2Fabc123.r2.cloudflarestorage.com%2F&region=auto",
            {
                "bucket_name": "learn",
                "endpoint_url": "https://abc123.r2.cloudflarestorage.com",
                "region_name": "auto",
            },
        ),
        (
            "  s3://learn?endpoint_url=http://127.0.0.1:9000  ",
            {"bucket_name": "learn", "endpoint_url": "http://127.0.0.1:9000"},
        ),
    ],
)
def test_media_storage_url(url, options):
    assert media_storage({"MEDIA_STORAGE_URL": url}) == {"BACKEND": BACKEND, "OPTIONS": options}


def test_the_aws_variables():
    environ = {
        "AWS_STORAGE_BUCKET_NAME": "learn-media",
        "AWS_S3_ENDPOINT_URL": "https://minio.internal:9000/",
        "AWS_S3_REGION_NAME": "eu-central-1",
        "AWS_LOCATION": "/astermind/",
        "AWS_S3_ADDRESSING_STYLE": "virtual",
        "AWS_ACCESS_KEY_ID": "AKIAEXAMPLE",
    }
    assert media_storage(environ) == {
        "BACKEND": BACKEND,
        "OPTIONS": {
            "bucket_name": "learn-media",
            "endpoint_url": "https://minio.internal:9000",
            "region_name": "eu-central-1",
            "location": "astermind",
            "addressing_style": "virtual",
        },
    }


@pytest.mark.parametrize(
    ("environ", "message"),
    [
        ({"MEDIA_STORAGE_URL": "gs://learn"}, "must start with s3:// "),
        ({"MEDIA_STORAGE_URL": "gs://learn"}, "; it starts with gs://."),
        ({"MEDIA_STORAGE_URL": "learn-media"}, "; it has no scheme."),
        ({"MEDIA_STORAGE_URL": "s3://"}, "names no bucket"),
        ({"MEDIA_STORAGE_URL": "s3://Learn_Media"}, "'Learn_Media' is not a bucket name"),
        ({"MEDIA_STORAGE_URL": "s3://LearnMedia"}, "'LearnMedia' is not a bucket name"),
        ({"MEDIA_STORAGE_URL": "s3://ab"}, "'ab' is not a bucket name"),
        ({"MEDIA_STORAGE_URL": "s3://a..b"}, "'a..b' is not a bucket name"),
        ({"MEDIA_STORAGE_URL": "s3://key:secret@learn"}, "must not carry keys"),
        ({"MEDIA_STORAGE_URL": "s3://learn:9000"}, "the port belongs to the server"),
        ({"MEDIA_STORAGE_URL": "s3://learn:"}, "the port belongs to the server"),
        ({"MEDIA_STORAGE_URL": "s3://learn:x"}, "is not a URL"),
        ({"MEDIA_STORAGE_URL": "s3://learn#top"}, "#fragment"),
        ({"MEDIA_STORAGE_URL": "s3://learn/a/../b"}, "'a/../b' is not a usable key prefix"),
        ({"MEDIA_STORAGE_URL": "s3://learn?endpoint=http://x"}, "unknown parameter 'endpoint'"),
        ({"MEDIA_STORAGE_URL": "s3://learn?region=a&region=b"}, "gives 'region' more than once"),
        ({"MEDIA_STORAGE_URL": "s3://learn?region=EU West"}, "'EU West' is not a region name"),
        ({"MEDIA_STORAGE_URL": "s3://learn?addressing_style=dns"}, "one of path, virtual"),
        ({"MEDIA_STORAGE_URL": "s3://learn?endpoint_url=minio:9000"}, "http(s)://HOST[:PORT]"),
        ({"MEDIA_STORAGE_URL": "s3://learn?endpoint_url=ftp://minio"}, "http(s)://HOST[:PORT]"),
        ({"MEDIA_STORAGE_URL": "s3://learn?endpoint_url="}, "http(s)://HOST[:PORT]"),
        ({"MEDIA_STORAGE_URL": "s3://learn?endpoint_url=http://m:x"}, "is not a URL"),
        (
            {"MEDIA_STORAGE_URL": "s3://learn?endpoint_url=https://minio/learn"},
            "without a path, query or keys",
        ),
        (
            {"MEDIA_STORAGE_URL": "s3://learn", "AWS_STORAGE_BUCKET_NAME": "other"},
            "MEDIA_STORAGE_URL and AWS_STORAGE_BUCKET_NAME are both set",
        ),
        (
            {"MEDIA_STORAGE_URL": "s3://learn", "AWS_S3_ENDPOINT_URL": "http://minio"},
            "MEDIA_STORAGE_URL and AWS_S3_ENDPOINT_URL are both set",
        ),
        (
            {"AWS_S3_ENDPOINT_URL": "http://minio:9000", "AWS_S3_REGION_NAME": "auto"},
            "AWS_S3_ENDPOINT_URL, AWS_S3_REGION_NAME set without AWS_STORAGE_BUCKET_NAME",
        ),
        ({"AWS_STORAGE_BUCKET_NAME": "no_underscores"}, "AWS_STORAGE_BUCKET_NAME: 'no_und"),
        (
            {"AWS_STORAGE_BUCKET_NAME": "learn", "AWS_S3_ENDPOINT_URL": "minio"},
            "AWS_S3_ENDPOINT_URL must be the server's address",
        ),
        (
            {"AWS_STORAGE_BUCKET_NAME": "learn", "AWS_LOCATION": "a//b"},
            "AWS_LOCATION: 'a//b' is not a usable key prefix",
        ),
    ],
)
def test_a_wrong_value_is_refused_with_its_name(environ, message):
    with pytest.raises(ImproperlyConfigured) as refused:
        media_storage(environ)
    assert message in str(refused.value)


def test_a_wrong_url_stops_the_start_with_a_clear_message(tmp_path):
    """What an operator sees: `manage.py check` (as `make serve` runs first) fails at once
    and says which variable is wrong, rather than the first upload failing with a 500."""
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env={
            "PATH": "/usr/bin:/bin",
            "DJANGO_SETTINGS_MODULE": "astermind_site.settings.dev",
            "MEDIA_STORAGE_URL": "s3://media?endpoint_url=localhost:9000",
            "CONSENT_LOG_SIGNING_KEY": "dGVzdC1vbmx5LWNvbnNlbnQtbG9nLWtleS0zMmJ5dGU=",
        },
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1
    assert result.stderr.rstrip().splitlines()[-1] == (
        "django.core.exceptions.ImproperlyConfigured: MEDIA_STORAGE_URL endpoint_url must be "
        "the server's address, http(s)://HOST[:PORT] (got 'localhost:9000')."
    )


def test_the_test_settings_keep_media_on_disk_whatever_the_environment(settings):
    assert settings.STORAGES["default"] == {
        "BACKEND": "django.core.files.storage.FileSystemStorage"
    }

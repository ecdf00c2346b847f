"""Where files live: uploaded media on the local disk or in S3-compatible object storage,
static files collected for WhiteNoise.

Part of the base settings (base.py star-imports it). The local disk (MEDIA_ROOT) is the
default, so `make run` needs nothing. With more than one app server every server must see
the same uploads, so media then go to one bucket, described either by

    MEDIA_STORAGE_URL=s3://BUCKET[/PREFIX]?endpoint_url=https://HOST[:PORT]&region=REGION

(`endpoint_url`, `region` and `addressing_style` optional: without an endpoint it is Amazon
S3 itself) or by the names django-storages documents, AWS_STORAGE_BUCKET_NAME with
AWS_S3_ENDPOINT_URL, AWS_S3_REGION_NAME, AWS_LOCATION and AWS_S3_ADDRESSING_STYLE. The keys
are never part of either: boto3 reads AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY (or an
instance role) itself. A value that cannot be right stops the start with ImproperlyConfigured
naming the variable, instead of a 500 at the first upload.

What is public is decided in the storage class (astermind_site/media_storage.py): nothing in
the bucket is; the app serves renditions (views/media.py) and documents (views/documents.py).
"""

import os
import re
from pathlib import Path
from urllib.parse import parse_qsl, unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured

_PROJECT_DIR = Path(__file__).resolve().parents[2]

LOCAL_MEDIA = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
OBJECT_STORAGE_BACKEND = "astermind_site.media_storage.PrivateBucketStorage"

# What MEDIA_STORAGE_URL's query may hold, and the django-storages option each one sets.
URL_OPTIONS = {
    "endpoint_url": "endpoint_url",
    "region": "region_name",
    "addressing_style": "addressing_style",
}
# The AWS_* variables (django-storages' own setting names) read when MEDIA_STORAGE_URL is not
# set, and the option each one sets. AWS_STORAGE_BUCKET_NAME is the one that turns it on.
AWS_OPTIONS = {
    "AWS_STORAGE_BUCKET_NAME": "bucket_name",
    "AWS_S3_ENDPOINT_URL": "endpoint_url",
    "AWS_S3_REGION_NAME": "region_name",
    "AWS_LOCATION": "location",
    "AWS_S3_ADDRESSING_STYLE": "addressing_style",
}
# Amazon's bucket naming rules, which MinIO and R2 share: 3-63 lowercase letters, digits,
# dots and hyphens, starting and ending with a letter or digit.
BUCKET_NAME = re.compile(r"[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]")
REGION = re.compile(r"[a-z0-9][a-z0-9-]{0,40}")  # eu-west-2, auto (R2), us-east-1
ADDRESSING_STYLES = ("path", "virtual")


def media_storage(environ):
    """STORAGES["default"] for this environment: the local disk, or the bucket that
    MEDIA_STORAGE_URL or the AWS_* variables name. ImproperlyConfigured when they are wrong."""
    url = environ.get("MEDIA_STORAGE_URL", "").strip()
    aws = {name: environ.get(name, "").strip() for name in AWS_OPTIONS}
    if url:
        both = [name for name, value in aws.items() if value]
        if both:
            raise ImproperlyConfigured(
                f"MEDIA_STORAGE_URL and {', '.join(both)} are both set: describe the bucket "
                "once, in MEDIA_STORAGE_URL or in the AWS_* variables."
            )
        return {"BACKEND": OBJECT_STORAGE_BACKEND, "OPTIONS": parse_media_storage_url(url)}
    if aws["AWS_STORAGE_BUCKET_NAME"]:
        return {"BACKEND": OBJECT_STORAGE_BACKEND, "OPTIONS": aws_options(aws)}
    stray = [name for name, value in aws.items() if value]
    if stray:
        raise ImproperlyConfigured(
            f"{', '.join(stray)} set without AWS_STORAGE_BUCKET_NAME: name the bucket too "
            "(or unset them to keep media on the local disk, MEDIA_ROOT)."
        )
    return dict(LOCAL_MEDIA)


def parse_media_storage_url(url):
    """django-storages S3 options from s3://BUCKET[/PREFIX]?endpoint_url=...&region=...."""
    name = "MEDIA_STORAGE_URL"
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as error:
        raise ImproperlyConfigured(f"{name} is not a URL ({error}).") from error
    if parts.scheme != "s3":
        found = f"it starts with {parts.scheme}://" if parts.scheme else "it has no scheme"
        raise ImproperlyConfigured(
            f"{name} must start with s3:// (any S3-compatible store: Amazon S3, MinIO, R2); "
            f"{found}."
        )
    if parts.username is not None or parts.password is not None:
        raise ImproperlyConfigured(
            f"{name} must not carry keys: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY "
            "(or give the machine a role) and keep them out of URLs that get logged."
        )
    if port is not None or parts.netloc.endswith(":"):
        raise ImproperlyConfigured(
            f"{name}: the port belongs to the server, not the bucket: "
            "s3://BUCKET?endpoint_url=http://HOST:PORT"
        )
    if parts.fragment:
        raise ImproperlyConfigured(f"{name} has a #fragment, which means nothing here.")
    # The bucket as written (netloc, not hostname, which would lower-case it).
    options = {"bucket_name": check_bucket(parts.netloc, name)}
    location = check_location(unquote(parts.path), name)
    if location:
        options["location"] = location
    seen = set()
    for key, value in parse_qsl(parts.query, keep_blank_values=True, strict_parsing=False):
        if key not in URL_OPTIONS:
            raise ImproperlyConfigured(
                f"{name} has an unknown parameter {key!r}; it takes {', '.join(URL_OPTIONS)}."
            )
        if key in seen:
            raise ImproperlyConfigured(f"{name} gives {key!r} more than once.")
        seen.add(key)
        options[URL_OPTIONS[key]] = check_option(URL_OPTIONS[key], value, f"{name} {key}")
    return options


def aws_options(values):
    """django-storages S3 options from the AWS_* variables that are set."""
    options = {}
    for variable, option in AWS_OPTIONS.items():
        value = values.get(variable, "")
        if not value:
            continue
        if option == "bucket_name":
            options[option] = check_bucket(value, variable)
        elif option == "location":
            options[option] = check_location(value, variable)
        else:
            options[option] = check_option(option, value, variable)
    return {key: value for key, value in options.items() if value}


def check_bucket(bucket, name):
    if not bucket:
        raise ImproperlyConfigured(f"{name} names no bucket: s3://BUCKET?...")
    if not BUCKET_NAME.fullmatch(bucket) or ".." in bucket:
        raise ImproperlyConfigured(
            f"{name}: {bucket!r} is not a bucket name (3-63 lowercase letters, digits, "
            "dots and hyphens, starting and ending with a letter or digit)."
        )
    return bucket


def check_location(path, name):
    """The key prefix every file gets ('' for none); no empty, '.' or '..' parts."""
    path = path.strip("/")
    if not path:
        return ""
    if any(part in ("", ".", "..") for part in path.split("/")):
        raise ImproperlyConfigured(f"{name}: {path!r} is not a usable key prefix.")
    return path


def check_option(option, value, name):
    value = value.strip()
    if option == "endpoint_url":
        return check_endpoint(value, name)
    if option == "region_name":
        if not REGION.fullmatch(value):
            raise ImproperlyConfigured(
                f"{name}: {value!r} is not a region name (e.g. eu-west-2, or auto for R2)."
            )
        return value
    if value not in ADDRESSING_STYLES:
        raise ImproperlyConfigured(f"{name} must be one of {', '.join(ADDRESSING_STYLES)}.")
    return value


def check_endpoint(value, name):
    """http(s)://host[:port] of the S3 API; nothing after the host."""
    try:
        parts = urlsplit(value)
        parts.port  # noqa: B018  (raises for a port that is not a number)
    except ValueError as error:
        raise ImproperlyConfigured(f"{name}: {value!r} is not a URL ({error}).") from error
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ImproperlyConfigured(
            f"{name} must be the server's address, http(s)://HOST[:PORT] (got {value!r})."
        )
    if parts.path not in ("", "/") or parts.query or parts.fragment or parts.username:
        raise ImproperlyConfigured(
            f"{name} must be only http(s)://HOST[:PORT], without a path, query or keys "
            f"(got {value!r}); the bucket goes in the s3:// part."
        )
    return f"{parts.scheme}://{parts.netloc}"


STORAGES = {
    "default": media_storage(os.environ),
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
MEDIA_URL = "/media/"
# On the local disk, uploads go here; with object storage nothing is written here.
MEDIA_ROOT = os.environ.get("MEDIA_ROOT") or _PROJECT_DIR / "media"
# The app serves image renditions (images/) itself, from whichever storage holds them,
# unless something else does; documents and original uploads are never served as files
# (astermind_site/views/media.py).
SERVE_MEDIA = os.environ.get("SERVE_MEDIA", "true").lower() not in ("0", "false", "no")

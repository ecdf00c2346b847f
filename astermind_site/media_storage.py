"""Uploaded media in a private S3-compatible bucket (django-storages' S3Storage), with every
file URL naming the app's own /media/ route instead of the bucket.

Chosen by settings/storage.py when MEDIA_STORAGE_URL or AWS_STORAGE_BUCKET_NAME is set. The
bucket holds original uploads (full size, camera metadata and all), documents (some in
collections restricted to signed-in readers) and image renditions, and none of it is
public: objects are written without an ACL, so they keep the bucket's private default, and no
URL to the bucket ever reaches a page. That is why `url()` is overridden: S3Storage would
hand out a pre-signed bucket URL, different at every render and dead after an hour, so page
HTML would differ per render (no shared cache could keep it) and anyone holding a link to an
original or a document could fetch it for that hour without the app's checks.

Instead renditions are served by the app at /media/images/... (views/media.py reads them from
this storage; a day's public Cache-Control, so Varnish keeps them) and documents only by
Wagtail's document view (views/documents.py streams them after its privacy check). Originals
are never served.

Two uploads with the same name must not replace each other (S3Storage overwrites by default;
Django's file storage adds a suffix), so `file_overwrite` is off. A store that is away costs a
request a few seconds at most (boto3's defaults are a minute per try, five tries), then the
answer is a 503 (views/errors.py).
"""

from urllib.parse import urljoin

from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError
from django.conf import settings
from django.utils.encoding import filepath_to_uri
from storages.backends.s3 import S3Storage
from storages.utils import clean_name

# What reading from a bucket raises when the store is away or refuses us (unreachable,
# timed out, wrong keys): the views answer 503 for these, never a 500 (a missing file is
# FileNotFoundError, a 404).
OUTAGE_ERRORS = (BotoCoreError, ClientError)
# Well inside gunicorn's worker timeout (GUNICORN_TIMEOUT, 30 s): two tries of at most
# 3 s to connect and 10 s between bytes.
TIMEOUTS = Config(
    connect_timeout=3, read_timeout=10, retries={"total_max_attempts": 2, "mode": "standard"}
)


class PrivateBucketStorage(S3Storage):
    # Class attributes outrank django-storages' global AWS_* settings, so no AWS_DEFAULT_ACL
    # or AWS_S3_FILE_OVERWRITE setting can make files public or overwritable.
    default_acl = None
    file_overwrite = False

    def __init__(self, **options):
        super().__init__(**options)
        self.client_config = self.client_config.merge(TIMEOUTS)

    def url(self, name, parameters=None, expire=None, http_method=None):
        """/media/<name>: the app's route, the same for every render and every server."""
        return urljoin(settings.MEDIA_URL, filepath_to_uri(clean_name(name)))

"""Test settings: fast hashing, locmem cache, plain static files, media in a scratch folder."""

import tempfile

from .base import *  # noqa: F403
from .base import INSTALLED_APPS, STORAGES

DEBUG = False
SECRET_KEY = "test-only-key-7d2a"  # noqa: S105
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# One process: its memory is the cache every request shares.
SHARED_CACHE = True
RENDER_CACHE_ENABLED = True
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Wagtail's own placeholder site address: the test tree keeps it (see site_url.py).
SITE_BASE_URL = "http://localhost"
WAGTAILADMIN_BASE_URL = "http://testserver"
WHITENOISE_USE_FINDERS = True
# Off so page tests measure real renders (query counts); tests/pagecache turns it on.
PAGE_CACHE_ENABLED = False
# Demo loads and uploads write images; keep them out of the working tree.
MEDIA_ROOT = tempfile.mkdtemp(prefix="astermind-test-media-")
# A fixed Ed25519 seed (base64) that signs the consent log's checkpoints in tests only.
CONSENT_LOG_SIGNING_KEY = "dGVzdC1vbmx5LWNvbnNlbnQtbG9nLWtleS0zMmJ5dGU="  # noqa: S105
# The demo site (demo/: its data files, their loader and `load_demo_content`) is development
# data: only these settings install it; production's never do.
INSTALLED_APPS = [*INSTALLED_APPS, "demo"]

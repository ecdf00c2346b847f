"""Local development: debug on, a fixed key that is only ever used on a laptop.

SITE_BASE_URL (base.py) defaults to http://127.0.0.1:8000, where `make run` serves; the
Makefile passes http://HOST:PORT when those are changed, so links match the server.
"""

from urllib.parse import urlsplit

from .base import *  # noqa: F403
from .base import BASE_DIR, CONSENT_LOG_SIGNING_KEY, INSTALLED_APPS, SITE_BASE_URL

DEBUG = True
SECRET_KEY = "dev-only-key-not-for-production-3f9c1b7e"  # noqa: S105
# The host `make run HOST=...` serves on is allowed too.
ALLOWED_HOSTS = [
    "127.0.0.1",
    "localhost",
    "[::1]",
    "testserver",
    urlsplit(SITE_BASE_URL).hostname or "127.0.0.1",
]
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
WHITENOISE_USE_FINDERS = True
# `make run` creates this key (git-ignored) before migrating; production sets its own.
CONSENT_LOG_SIGNING_KEY = CONSENT_LOG_SIGNING_KEY or str(BASE_DIR / ".consent-log-signing-key")
# The demo site (demo/: its data files, their loader and `load_demo_content`) is development
# data: only these settings install it; production's never do.
INSTALLED_APPS = [*INSTALLED_APPS, "demo"]

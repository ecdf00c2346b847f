"""Production: refuses to start without a secret key and allowed hosts."""

import os

from django.core.exceptions import ImproperlyConfigured

from astermind_site.purge_token import InvalidPurgeToken, check_token

from .base import *  # noqa: F403
from .base import VARNISH_PURGE_TOKEN, database_settings


def required_env(name):
    value = os.environ.get(name, "").strip()
    if not value:
        raise ImproperlyConfigured(f"{name} must be set in production.")
    return value


DEBUG = False
SECRET_KEY = required_env("DJANGO_SECRET_KEY")
ALLOWED_HOSTS = [h.strip() for h in required_env("ALLOWED_HOSTS").split(",") if h.strip()]
CSRF_TRUSTED_ORIGINS = [f"https://{h}" for h in ALLOWED_HOSTS if not h.startswith(".")]


def default_base_url(hosts):
    """https://<first allowed host> when SITE_BASE_URL is not set (not for wildcards)."""
    named = [h for h in hosts if h != "*" and not h.startswith(".")]
    return f"https://{named[0]}" if named else "http://127.0.0.1:8000"


SITE_BASE_URL = os.environ.get("SITE_BASE_URL", default_base_url(ALLOWED_HOSTS)).rstrip("/")
WAGTAILADMIN_BASE_URL = SITE_BASE_URL
WAGTAILAPI_BASE_URL = SITE_BASE_URL

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = os.environ.get("SECURE_SSL_REDIRECT", "true").lower() == "true"
# A plain-HTTP load-balancer probe must get the real answer, not a redirect.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
X_FRAME_OPTIONS = "DENY"

# A proxy that takes PURGE takes it only with the shared token (astermind_site/purge_token.py).
if os.environ.get("VARNISH_PURGE_URLS", "").strip():
    try:
        check_token(VARNISH_PURGE_TOKEN)
    except InvalidPurgeToken as error:
        raise ImproperlyConfigured(str(error)) from error

# Consent: the choice cookies only travel over HTTPS in production.
COOKIE_CONSENT_SECURE = True

# Keep database connections between requests (a new PostgreSQL connection per request was
# half the cost of an uncached page); each is health-checked before reuse.
DATABASES = database_settings("60")


def parse_admins(value):
    """ADMINS="Ada <ada@example.com>, ops@example.com" -> [(name, email), ...]"""
    admins = []
    for entry in filter(None, (part.strip() for part in value.split(","))):
        name, _, email = entry.rpartition("<")
        email = email.rstrip(">").strip()
        admins.append((name.strip() or email, email))
    return admins


# Who is mailed on a 500 (Django's mail_admins), through the SMTP server below.
ADMINS = parse_admins(os.environ.get("ADMINS", ""))
SERVER_EMAIL = os.environ.get("SERVER_EMAIL", "root@localhost")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", SERVER_EMAIL)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = os.environ.get("EMAIL_USE_TLS", "false").lower() == "true"

# One JSON line on stderr per request error (5xx, with request id, path, status and the
# exception) and per warning from our code; gunicorn writes the access log to stdout.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "astermind_site.logs.RequestIdFilter"}},
    "formatters": {"json": {"()": "astermind_site.logs.JsonFormatter"}},
    "handlers": {
        "stderr": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stderr",
            "formatter": "json",
            "filters": ["request_id"],
        },
        "mail_admins": {
            "class": "django.utils.log.AdminEmailHandler",
            "level": "ERROR",
        },
    },
    "root": {"handlers": ["stderr"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
    "loggers": {
        # 4xx are warnings here and would drown the errors: only 5xx are logged.
        "django.request": {
            "handlers": ["stderr", "mail_admins"],
            "level": "ERROR",
            "propagate": False,
        },
        "django.security": {"handlers": ["stderr"], "level": "WARNING", "propagate": False},
        "django": {"handlers": ["stderr"], "level": "WARNING", "propagate": False},
    },
}

"""Settings shared by every environment. No secrets live here."""

import os
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent.parent

INSTALLED_APPS = [
    "articles",
    "consent",
    "pagecache",
    "wagtail.contrib.forms",
    "wagtail.contrib.frontend_cache",
    "wagtail.contrib.redirects",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail.api.v2",
    "wagtail",
    "modelcluster",
    "taggit",
    "rest_framework",
    "cookie_consent",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.postgres",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Inside compression, outside everything that may set a cookie (pagecache/middleware.py).
    "pagecache.middleware.StorePageMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "astermind_site.urls"
WSGI_APPLICATION = "astermind_site.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "0")),
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"


def cache_settings(redis_url):
    """Redis when REDIS_URL is set, process-local memory otherwise."""
    if redis_url:
        return {
            "default": {
                "BACKEND": "django_redis.cache.RedisCache",
                "LOCATION": redis_url,
                "KEY_PREFIX": "astermind",
            }
        }
    return {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}


CACHES = cache_settings(os.environ.get("REDIS_URL"))

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
MEDIA_URL = "/media/"
MEDIA_ROOT = BASE_DIR / "media"

# Bodies larger than this are refused with a 400 before any view sees them.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

WAGTAIL_SITE_NAME = "AsterMind Learn"
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAILSEARCH_BACKENDS = {
    "default": {"BACKEND": "wagtail.search.backends.database"},
}
WAGTAILDOCS_EXTENSIONS = ["csv", "pdf", "txt"]
WAGTAILAPI_BASE_URL = WAGTAILADMIN_BASE_URL

REST_FRAMEWORK = {
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
}

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
LOGIN_URL = "wagtailadmin_login"

# Consent ---------------------------------------------------------------------------------
# Owned by the consent app. Its defaults live in consent/conf.py; only overrides go here.
# A choice is asked again after this many days (about six months).
CONSENT_CHOICE_MAX_AGE_DAYS = int(os.environ.get("CONSENT_CHOICE_MAX_AGE_DAYS", "182"))
# prune_consent_records deletes records older than this (about thirteen months).
CONSENT_RECORD_RETENTION_DAYS = int(os.environ.get("CONSENT_RECORD_RETENTION_DAYS", "396"))
# Key for the hash of a visitor's truncated IP. Empty means "derive it from SECRET_KEY",
# which production already takes from the environment; set it to rotate the hash on its own.
CONSENT_IP_HASH_SECRET = os.environ.get("CONSENT_IP_HASH_SECRET", "")
# Consent submissions allowed per client per window; 0 switches the limit off (the bench).
CONSENT_RATE_LIMIT = int(os.environ.get("CONSENT_RATE_LIMIT", "30"))
CONSENT_RATE_LIMIT_WINDOW = int(os.environ.get("CONSENT_RATE_LIMIT_WINDOW", "60"))
# How many reverse proxies in front of us append to X-Forwarded-For (0: use REMOTE_ADDR).
CONSENT_TRUSTED_PROXY_COUNT = int(os.environ.get("CONSENT_TRUSTED_PROXY_COUNT", "0"))

# django-cookie-consent: our ConsentRecord is the audit trail, so its LogItem stays off, and
# its client cookie lives exactly as long as a choice does.
COOKIE_CONSENT_LOG_ENABLED = False
COOKIE_CONSENT_MAX_AGE = CONSENT_CHOICE_MAX_AGE_DAYS * 24 * 60 * 60
COOKIE_CONSENT_SUCCESS_URL = "/cookies/"
COOKIE_CONSENT_SECURE = os.environ.get("COOKIE_CONSENT_SECURE", "false").lower() == "true"

MIDDLEWARE.append("consent.middleware.ConsentMiddleware")
# End of Consent ---------------------------------------------------------------------------

# Page cache ------------------------------------------------------------------------------
# Owned by the pagecache app (issue 9); PAGE_CACHE_* defaults live in pagecache/conf.py.
# PAGE_CACHE_ENABLED=false stops the app storing and serving pages from its own cache (the
# benchmark's uncached run); responses still carry Cache-Control and ETag for a proxy.
PAGE_CACHE_ENABLED = os.environ.get("PAGE_CACHE_ENABLED", "true").lower() == "true"


def frontend_cache_settings(purge_urls):
    """Every purge reaches the app's page cache and each proxy in VARNISH_PURGE_URLS
    (comma-separated base URLs that accept PURGE, e.g. http://127.0.0.1:6081)."""
    backends = {"pagecache": {"BACKEND": "pagecache.backends.PageCacheBackend"}}
    for number, location in enumerate(u.strip() for u in purge_urls.split(",") if u.strip()):
        backends[f"proxy{number}"] = {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": location,
        }
    return backends


WAGTAILFRONTENDCACHE = frontend_cache_settings(os.environ.get("VARNISH_PURGE_URLS", ""))
# Last, so a cached page still passes out through every other middleware (see its docstring).
MIDDLEWARE.append("pagecache.middleware.ServeCachedPageMiddleware")
# End of Page cache -----------------------------------------------------------------------

"""Settings shared by every environment. No secrets live here."""

import os
from pathlib import Path

from wagtail.embeds import oembed_providers

from .database import app_role, database_settings, owner_credentials

BASE_DIR = Path(__file__).resolve().parent.parent.parent

INSTALLED_APPS = [
    "astermind_site",
    "articles",
    "consent",
    "directory",
    "factcheck",
    # The task queue and its worker (settings/tasks.py, astermind_site/background.py).
    "django_tasks",
    "django_tasks_db",
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.contrib.forms",
    "wagtail.contrib.frontend_cache",
    # After frontend_cache: its ready() takes off Wagtail's own purge on publish
    # (pagecache/signals.py), so it must run once that one has connected it.
    "pagecache",
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
    "corsheaders",
    "cookie_consent",
    "axes",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.postgres",
    "csp",
]

MIDDLEWARE = [
    "astermind_site.middleware.request_id.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "astermind_site.middleware.body_limit.RequestBodyLimitMiddleware",
    "astermind_site.middleware.hostile_input.HostileInputMiddleware",
    # Outside the page cache, so the CORS headers (and Vary: Origin) are added per request
    # and never stored with an API response; only /api/ paths (CORS_URLS_REGEX).
    "corsheaders.middleware.CorsMiddleware",
    # Outside everything that may set a cookie (pagecache/middleware.py).
    "pagecache.middleware.StorePageMiddleware",
    # Inside the store, so cached pages are kept compressed and with their policy, and a
    # hit skips this work.
    "astermind_site.middleware.compression.PublicGZipMiddleware",
    "astermind_site.middleware.csp.SiteCSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Expires a visitor's stray optional cookies, on cached pages too.
    "consent.middleware.ConsentMiddleware",
    # A page-cache hit is answered here; what follows is never needed by a shared page.
    "pagecache.middleware.ServeCachedPageMiddleware",
    # The language comes from the URL prefix only (never Accept-Language or a cookie), so a
    # cached page needs no Vary on them; a hit above is keyed by its path, prefix included.
    "astermind_site.middleware.locale.PathOnlyLocaleMiddleware",
    # The request's Wagtail site from one cache read instead of a query (a hit skips it).
    "astermind_site.site_lookup.SiteLookupMiddleware",
    # The site version every value kept once per publish is read under (pagecache/versioned.py).
    "pagecache.versioned.SiteVersionMiddleware",
    "astermind_site.site_lookup.SiteRootPageMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last with a response hook, as axes asks: it turns a sign-in lockout into our lockout page.
    "axes.middleware.AxesMiddleware",
    # Last of all: it calls the view (one transaction per admin change), skipping any
    # process_view after it.
    "astermind_site.middleware.admin_transaction.AdminChangeTransactionMiddleware",
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


DATABASES = database_settings("0")
# Migrations run as the tables' owner when MIGRATE_DATABASE_URL names one; the site serves as
# DATABASE_URL's role, which then owns nothing (settings/database.py, astermind_site/dbroles.py).
DATABASE_OWNER = owner_credentials(DATABASES["default"])
DATABASE_APP_ROLE = app_role(DATABASES["default"], DATABASE_OWNER)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"


def cache_settings(redis_url):
    """Redis when REDIS_URL is set, process-local memory otherwise. While Redis is away the
    Redis backend carries on in process memory (astermind_site/cache.py): no 500s."""
    if redis_url:
        return {
            "default": {
                "BACKEND": "astermind_site.cache.ResilientRedisCache",
                "LOCATION": redis_url,
                "KEY_PREFIX": "astermind",
                "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 0.5, "SOCKET_TIMEOUT": 1},
            }
        }
    return {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}


CACHES = cache_settings(os.environ.get("REDIS_URL"))
# Values kept under the links token (articles/render_cache.py: the home page's newest ids,
# the search vocabulary) are kept only in a cache every process shares: in one process's
# memory, a change made by another (a second worker, a command) could not retire them.
# (The article's rendered parts are kept per site version instead: pagecache/versioned.py.)
SHARED_CACHE = bool(os.environ.get("REDIS_URL"))
RENDER_CACHE_ENABLED = SHARED_CACHE

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

TIME_ZONE = "UTC"
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = os.environ.get("STATIC_ROOT") or BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
# STORAGES, MEDIA_URL, MEDIA_ROOT and SERVE_MEDIA are in storage.py (imported below): the
# local disk, or object storage when MEDIA_STORAGE_URL or AWS_STORAGE_BUCKET_NAME names a bucket.

# /healthz writes a file to MEDIA storage at most this often per process (seconds); between
# those probes it answers the last outcome (astermind_site/views/healthz.py).
HEALTHZ_STORAGE_PROBE_INTERVAL = float(os.environ.get("HEALTHZ_STORAGE_PROBE_INTERVAL", "5"))

# Bodies larger than this are refused with a 400 before any view sees them.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
# A declared body over these is refused with 413 before anything reads it
# (RequestBodyLimitMiddleware); the admin takes image and document uploads.
ADMIN_PATH_PREFIXES = ["/admin/"]
MAX_REQUEST_BODY_BYTES = DATA_UPLOAD_MAX_MEMORY_SIZE
ADMIN_MAX_REQUEST_BODY_BYTES = 64 * 1024 * 1024
# Compression next to secrets leaks them (BREACH): never for the admin.
GZIP_EXCLUDED_PATH_PREFIXES = ADMIN_PATH_PREFIXES

WAGTAIL_SITE_NAME = "AsterMind Learn"
# The public address of the site, no trailing slash. It gives the Wagtail Site its
# hostname and port the first time (after `migrate`, or by the demo loader), and with it
# every absolute URL: canonical links, Open Graph, sitemap, feed, admin emails, the API.
# The default is where `make run` serves, so absolute links on a dev page work.
SITE_BASE_URL = os.environ.get("SITE_BASE_URL", "http://127.0.0.1:8000").rstrip("/")
WAGTAILADMIN_BASE_URL = SITE_BASE_URL
# Wagtail's database backend; on PostgreSQL each language's pages are indexed and searched
# with that language's text search configuration (articles/search_backend.py).
WAGTAILSEARCH_BACKENDS = {
    "default": {
        "BACKEND": "articles.search_backend",
        "SEARCH_CONFIGS": {"en-gb": "english", "de": "german"},
    },
}
WAGTAILDOCS_EXTENSIONS = ["csv", "pdf", "txt"]
# Documents are streamed by Wagtail's document view, which checks collection privacy, and
# links name that view, never a storage URL that would skip the check (views/documents.py).
WAGTAILDOCS_SERVE_METHOD = "serve_view"
# No Gravatar: it would send a hash of each editor's email to a third party (and the admin's
# policy blocks it, leaving a broken image). Wagtail draws its own default avatar instead.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAILAPI_BASE_URL = WAGTAILADMIN_BASE_URL
# Video embeds (articles/blocks/embed.py): the providers editors may embed, found through
# Wagtail's oEmbed finder for exactly these providers (the CSP's frame-src names the same set,
# articles/embeds/providers.py). Comma-separated keys of providers.PROVIDERS.
ARTICLE_EMBED_PROVIDERS = tuple(
    key.strip()
    for key in os.environ.get("ARTICLE_EMBED_PROVIDERS", "youtube,vimeo").split(",")
    if key.strip()
)
WAGTAILEMBEDS_FINDERS = [
    {
        "class": "wagtail.embeds.finders.oembed",
        "providers": [
            getattr(oembed_providers, key)
            for key in ARTICLE_EMBED_PROVIDERS
            if key in ("youtube", "vimeo")
        ],
    }
]
# "edge ai" typed by an editor reuses the tag "Edge AI" (tag names: articles/tags.py).
TAGGIT_CASE_INSENSITIVE = True

REST_FRAMEWORK = {
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
}
# Sites (full origins, comma-separated: "https://app.example.org") whose pages may read the
# API from the browser; empty means none. django-cors-headers (a kept library, rather than
# a middleware of our own) answers preflights and adds the headers for these only.
API_CORS_ALLOWED_ORIGINS = [
    origin.strip().rstrip("/")
    for origin in os.environ.get("API_CORS_ALLOWED_ORIGINS", "").split(",")
    if origin.strip()
]
CORS_ALLOWED_ORIGINS = API_CORS_ALLOWED_ORIGINS
CORS_URLS_REGEX = r"^/api/"
CORS_ALLOW_METHODS = ("GET", "HEAD", "OPTIONS")
CORS_ALLOW_HEADERS = ("accept", "if-none-match", "if-modified-since")
CORS_EXPOSE_HEADERS = ("ETag", "Last-Modified")
CORS_ALLOW_CREDENTIALS = False

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
LOGIN_URL = "wagtailadmin_login"

from .consent import *  # noqa: E402,F403 (consent.py)
from .headers import *  # noqa: E402,F403 (headers.py)
from .i18n import *  # noqa: E402,F403 (i18n.py: languages, locales, catalogues)
from .login_throttle import *  # noqa: E402,F403 (login_throttle.py)
from .storage import *  # noqa: E402,F403 (storage.py)
from .tasks import *  # noqa: E402,F403 (tasks.py)

# Page cache ------------------------------------------------------------------------------
# Owned by the pagecache app (issue 9); PAGE_CACHE_* defaults live in pagecache/conf.py.
# PAGE_CACHE_ENABLED=false stops the app storing and serving pages from its own cache (the
# benchmark's uncached run); responses still carry Cache-Control and ETag for a proxy.
PAGE_CACHE_ENABLED = os.environ.get("PAGE_CACHE_ENABLED", "true").lower() == "true"


# The shared secret each PURGE carries to Varnish, which checks it (VCL include written by
# `manage.py varnish_purge_vcl`; astermind_site/purge_token.py). Production requires it
# whenever VARNISH_PURGE_URLS is set.
VARNISH_PURGE_TOKEN = os.environ.get("VARNISH_PURGE_TOKEN", "")


def frontend_cache_settings(purge_urls, purge_token=""):
    """Every purge reaches the app's page cache and each proxy in VARNISH_PURGE_URLS
    (comma-separated base URLs that accept PURGE, e.g. http://127.0.0.1:6081)."""
    backends = {"pagecache": {"BACKEND": "pagecache.backends.PageCacheBackend"}}
    for number, location in enumerate(u.strip() for u in purge_urls.split(",") if u.strip()):
        backends[f"proxy{number}"] = {
            "BACKEND": "astermind_site.frontend_cache.VarnishBackend",
            "LOCATION": location,
            "PURGE_TOKEN": purge_token,
        }
    return backends


WAGTAILFRONTENDCACHE = frontend_cache_settings(
    os.environ.get("VARNISH_PURGE_URLS", ""), VARNISH_PURGE_TOKEN
)
# End of Page cache -----------------------------------------------------------------------

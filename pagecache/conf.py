"""The page cache's settings and their defaults (``PAGE_CACHE_*``).

Importing this module puts each default on ``django.conf.settings`` unless the project set
it, so pagecache modules read ``settings`` from here and ``override_settings`` still works.
"""

from appconf import AppConf
from django.conf import settings

__all__ = ["settings"]

# What the pages API reads (articles/api_pages.py): Wagtail's operations and our filters.
PAGES_API_LISTING = (
    "limit",
    "offset",
    "fields",
    "order",
    "type",
    "child_of",
    "descendant_of",
    "ancestor_of",
    "section",
    "tag",
    "author",
    "rich_text_format",
)
PAGES_API_DETAIL = ("fields", "rich_text_format")

# The model directory's filter form (directory/filters.py), read by its page and downloads.
DIRECTORY_FILTERS = (
    "developer",
    "modality",
    "open_weights",
    "year",
    "min_params",
    "max_params",
    "sort",
    "order",
)


class PageCacheConf(AppConf):
    # False stops the app storing and serving pages from its own cache (the benchmark's
    # uncached run); responses still carry Cache-Control and ETag for a proxy in front.
    ENABLED = True
    # The cache alias holding pages: Redis when REDIS_URL is set, so every server shares it.
    ALIAS = "default"
    # Browsers cannot be told to forget a page, so they keep it briefly and then revalidate.
    MAX_AGE = 60
    # Shared caches (Varnish, a CDN) and the app's own cache are purged on every publish,
    # so they may keep a page much longer.
    S_MAXAGE = 3600
    # How long the app's own cache keeps a page.
    TIMEOUT = 3600
    # With a shared Redis, a hit reads the purge token from Redis instead of the database
    # (trust.py), re-reading the database's epoch at least this often: the bound on how long
    # a purge that one process could not send to a Redis the others still reach goes unseen.
    SHARED_TOKENS = True
    TRUST_SECONDS = 1.0
    # A path purged inside a transaction is neither served nor stored from Redis until the
    # purge on commit, or for this long if the transaction never commits.
    PENDING_SECONDS = 300
    # Paths that are never cached: the admin, previews, downloads that check permissions,
    # media files (served with their own headers), the API endpoints that are not purged
    # item by item (only /api/v2/pages/ is: purge.py), consent endpoints (per visitor), the
    # health probe.
    EXCLUDED_PATH_PREFIXES = (
        "/admin/",
        "/documents/",
        "/media/",
        "/api/v2/images/",
        "/api/v2/documents/",
        "/api/v2/foundation-models/",
        "/api/v2/openapi",
        "/cookies/",
        "/de/cookies/",  # the consent endpoints in German (consent/urls.py under i18n_patterns)
        "/analytics/",
        "/healthz",
    )
    # A non-empty value for any of these makes a request uncacheable: search results (the
    # site's ?q=, the API's ?search=).
    BYPASS_QUERY_PARAMS = ("q", "search")
    # The query parameters each route reads, by URL name: only these may make a cache entry
    # of their own. A request with any other parameter (``/models/?junk=1``) is rendered but
    # never stored, so made-up query strings cannot fill the cache. Wagtail pages all route
    # through ``wagtail_serve``: section pages read the tag filter and the page number,
    # model-table downloads the sort column and order. A new parameter a view reads goes
    # here too, or its pages are simply never cached.
    QUERY_PARAMS = {
        "wagtail_serve": ("page", "tag", "sort", "order"),
        "search": ("q", "page"),
        "tag": ("page",),
        "author": ("page",),
        # A sitemap's page number (articles/sitemaps.py); every page goes with its path.
        "sitemap_section": ("p",),
        "directory:index": (*DIRECTORY_FILTERS, "page"),
        "directory:csv": DIRECTORY_FILTERS,
        "directory:json": DIRECTORY_FILTERS,
        "directory:compare": ("m",),
        "wagtailapi:pages:listing": PAGES_API_LISTING,
        "wagtailapi:pages:detail": PAGES_API_DETAIL,
    }
    # The only response headers kept with a cached page (stored as sent: compressed when the
    # visitor takes gzip). The policy is kept because computing it reads the site's
    # settings, whose every save purges the cache; everything else
    # (security headers, request ids) is added afresh around the cache on every request.
    STORED_HEADERS = (
        "Content-Type",
        "Content-Language",
        "Content-Disposition",
        "Link",
        "Vary",
        "Content-Encoding",
        "Content-Security-Policy",
        "Reporting-Endpoints",
    )

    class Meta:
        prefix = "page_cache"

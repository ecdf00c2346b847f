"""The baseline bench/serving.py measures a page-cache hit against: the production settings
with the app's page cache off and Django's own per-site cache middleware around everything
(``UpdateCacheMiddleware`` first, ``FetchFromCacheMiddleware`` last, as Django documents),
storing in the same Redis. Used only by the bench (PYTHONPATH=bench)."""

from astermind_site.settings.production import *  # noqa: F403
from astermind_site.settings.production import MIDDLEWARE

PAGE_CACHE_ENABLED = False
MIDDLEWARE = [
    "django.middleware.cache.UpdateCacheMiddleware",
    *MIDDLEWARE,
    "django.middleware.cache.FetchFromCacheMiddleware",
]
CACHE_MIDDLEWARE_SECONDS = 600
CACHE_MIDDLEWARE_KEY_PREFIX = "django-cache-baseline"

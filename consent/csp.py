"""The consent app's part of the Content-Security-Policy, through the site's hook
(astermind_site/csp.py; named by ConsentConfig.csp_sources).

* The hash of the consent boot script, which runs inline before first paint, on every public
  response.
* On pages, the origins of the analytics provider the site's consent settings enable, exactly,
  and nothing when analytics is off. Saving those settings purges every cached page, which
  keeps the stored policy in step (pagecache/signals.py).
"""

from functools import lru_cache
from urllib.parse import urlsplit

from django.core.exceptions import DisallowedHost
from django.db import DatabaseError
from wagtail.models import Site

from astermind_site.csp import is_html, merge, template_hash

from .analytics import analytics_config

BOOT_SCRIPT = "consent/boot.js"

# Google's documented sources for gtag.js (Consent Mode v2): the loader and its beacons.
GA4_SOURCES = {
    "script-src": ["https://www.googletagmanager.com"],
    "connect-src": [
        "https://*.google-analytics.com",
        "https://*.analytics.google.com",
        "https://*.googletagmanager.com",
    ],
    "img-src": ["https://*.google-analytics.com", "https://*.googletagmanager.com"],
}


@lru_cache(maxsize=1)
def boot_script_sources():
    return {"script-src": [template_hash(BOOT_SCRIPT)]}


def origin(url):
    """scheme://host[:port] of an absolute https URL; None for same-origin paths."""
    parts = urlsplit(url or "")
    if parts.scheme != "https" or not parts.netloc:
        return None
    return f"https://{parts.netloc.lower()}"


def analytics_sources(config):
    """CSP sources the enabled analytics provider needs, from its site settings."""
    if not config:
        return {}
    provider = config.get("provider")
    if provider == "ga4":
        return GA4_SOURCES
    url = {
        "plausible": config.get("plausible_script_url"),
        "matomo": config.get("matomo_base"),
        "custom": config.get("custom_script_url"),
    }.get(provider)
    host = origin(url)
    if host is None:
        return {}  # same-origin script: 'self' already covers it
    sources = {"script-src": [host], "connect-src": [host]}
    if provider == "matomo":
        sources["img-src"] = [host]  # its no-JS and fallback tracking pixel
    return sources


def site_analytics_sources(request):
    try:
        return analytics_sources(analytics_config(Site.find_for_request(request)))
    except (DatabaseError, DisallowedHost):
        # The 503 page while the database is away: it runs no analytics anyway.
        return {}


def csp_sources(request, response):
    if not is_html(response):
        return boot_script_sources()
    return merge(boot_script_sources(), site_analytics_sources(request))

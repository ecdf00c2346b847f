"""What the Content-Security-Policy adds to the base policy in settings.

* Hashes of the few inline blocks we ship (the consent boot script, which must run before
  first paint; the styles of the 500 and 503 pages, which cannot rely on static files).
  They are computed from the templates themselves, so editing a template cannot leave a
  stale hash behind. No nonces: page HTML must be identical for every visitor.
* The origins of the analytics provider the site's consent settings enable, exactly, and
  nothing when analytics is off.
* frame-src: exactly the player origins of the enabled video providers
  (articles/embeds/providers.py); consent for each is asked by static/js/embeds.js.
"""

import base64
import hashlib
import re
from functools import lru_cache
from urllib.parse import urlsplit

from django.template import loader

from articles.embeds.providers import frame_origins

INLINE_SCRIPT_TEMPLATES = ("consent/boot.js",)
INLINE_STYLE_PAGES = ("500.html", "503.html")
_STYLE_BLOCK = re.compile(r"<style>(.*?)</style>", re.S)

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


def sha256_source(text):
    digest = hashlib.sha256(text.encode()).digest()
    return f"'sha256-{base64.b64encode(digest).decode()}'"


@lru_cache(maxsize=1)
def inline_hashes():
    scripts = [sha256_source(loader.render_to_string(name)) for name in INLINE_SCRIPT_TEMPLATES]
    styles = []
    for name in INLINE_STYLE_PAGES:
        html = loader.render_to_string(name)
        styles.extend(sha256_source(block) for block in _STYLE_BLOCK.findall(html))
    return {"script-src": scripts, "style-src": styles}


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


def embed_sources():
    """frame-src for the enabled video providers' players, and nothing when none is."""
    origins = frame_origins()
    return {"frame-src": origins} if origins else {}


def merge(*parts):
    merged = {}
    for part in parts:
        for directive, sources in part.items():
            merged.setdefault(directive, [])
            merged[directive] += [s for s in sources if s not in merged[directive]]
    return merged

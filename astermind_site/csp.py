"""What the Content-Security-Policy adds to the base policy in settings, and the one hook
through which an app adds its own part.

* Hashes of the site's own inline blocks: the styles of the 500 and 503 pages, which cannot
  rely on static files. They are computed from the templates themselves, so editing a
  template cannot leave a stale hash behind. No nonces: page HTML must be identical for every
  visitor.
* **The hook.** An app whose public pages need more than the base policy names a callable in
  its AppConfig::

      class ConsentConfig(AppConfig):
          csp_sources = "consent.csp.csp_sources"

  It is called for every public (non-admin) response as ``csp_sources(request, response)``
  and returns ``{directive: [sources]}`` (``{}`` for nothing); ``is_html(response)`` tells it
  whether the response is a page. The callables are collected once, in ``INSTALLED_APPS``
  order, and merged after the site's own hashes (middleware/csp.py), so this package imports
  no app. Today: consent (its boot script's hash and the enabled analytics provider's
  origins, consent/csp.py) and articles (the video players' frame-src, articles/embeds/csp.py).
  A policy that depends on settings rows is safe in the page cache only if saving those rows
  purges every page (pagecache/signals.py does for the analytics settings).
"""

import base64
import hashlib
import re
from functools import lru_cache

from django.apps import apps
from django.template import loader
from django.utils.module_loading import import_string

INLINE_STYLE_PAGES = ("500.html", "503.html")
_STYLE_BLOCK = re.compile(r"<style>(.*?)</style>", re.S)
HOOK = "csp_sources"


def sha256_source(text):
    digest = hashlib.sha256(text.encode()).digest()
    return f"'sha256-{base64.b64encode(digest).decode()}'"


def template_hash(name):
    """The CSP hash source of a template rendered without context (an inline block)."""
    return sha256_source(loader.render_to_string(name))


@lru_cache(maxsize=1)
def inline_hashes():
    styles = []
    for name in INLINE_STYLE_PAGES:
        html = loader.render_to_string(name)
        styles.extend(sha256_source(block) for block in _STYLE_BLOCK.findall(html))
    return {"style-src": styles}


def is_html(response):
    return response.get("Content-Type", "").startswith("text/html")


@lru_cache(maxsize=1)
def app_sources():
    """The apps' ``csp_sources`` callables, in INSTALLED_APPS order."""
    return tuple(
        import_string(getattr(config, HOOK))
        for config in apps.get_app_configs()
        if getattr(config, HOOK, None)
    )


def merge(*parts):
    merged = {}
    for part in parts:
        for directive, sources in part.items():
            merged.setdefault(directive, [])
            merged[directive] += [s for s in sources if s not in merged[directive]]
    return merged

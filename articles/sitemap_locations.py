"""Absolute page addresses from a page's ``url_path`` alone, exactly as ``Page.get_full_url``
gives them, for the sitemap's thousand locations a page (sitemaps.py owns what is listed).

Wagtail's ``get_url_parts`` takes the first site root path the page's ``url_path`` starts
with, reverses ``wagtail_serve`` with the rest of the path under that root's language (the
``/de/`` prefix of ``i18n_patterns``) and joins the result to the site's ``root_url``: a
page object, a ``translation.override`` and a ``reverse()`` per address, most of a second
for a sitemap page at 10,000 articles (docs/performance.md, issue 19). The prefix is the
same for every page under one root, so here Wagtail works it out once per root (for the
root itself), and the rest of the path is quoted as ``reverse()`` quotes it. Anything this
cannot vouch for (a page under two sites, a path the serve pattern would refuse, a site
without trailing slashes) goes to Wagtail itself, so the address is always Wagtail's.
"""

import re
from urllib.parse import quote

from django.utils.http import RFC3986_SUBDELIMS
from wagtail.coreutils import WAGTAIL_APPEND_SLASH
from wagtail.models import Page

# What wagtail_serve accepts after the root (wagtail/urls.py, with trailing slashes).
_SERVE_PATH = re.compile(r"(?:[\w\-]+/)*\Z")
# The characters reverse() leaves unquoted (django/urls/resolvers.py).
_SAFE = RFC3986_SUBDELIMS + "/~:@"


class PageLocations:
    """Callable: ``url_path`` -> the page's absolute address (None where it has none)."""

    def __init__(self, request):
        self.request = request
        # Wagtail's own list (most specific root first), kept on the request as it does.
        self.root_paths = Page()._get_site_root_paths(request)
        self.prefixes = {}

    def __call__(self, url_path):
        possible = [srp for srp in self.root_paths if url_path.startswith(srp.root_path)]
        if not possible:
            return None
        root = possible[0]
        rest = url_path[len(root.root_path) :]
        prefix = self._prefix(root.root_path)
        if (
            prefix is None
            or len({srp.site_id for srp in possible}) > 1
            or not _SERVE_PATH.match(rest)
        ):
            return self.wagtails(url_path)
        return root.root_url + prefix + quote(rest, safe=_SAFE)

    def wagtails(self, url_path):
        """The address as Wagtail works it out (a page object holds nothing else it reads)."""
        return Page(url_path=url_path).get_full_url(self.request)

    def _prefix(self, root_path):
        """The path of the root page itself ("/", "/de/"), or None where it is not simple."""
        if root_path not in self.prefixes:
            parts = Page(url_path=root_path).get_url_parts(self.request)
            simple = WAGTAIL_APPEND_SLASH and parts is not None and parts[2] is not None
            self.prefixes[root_path] = parts[2] if simple else None
        return self.prefixes[root_path]

"""Which Wagtail Site answers a request, without a query per request.

Wagtail's ``Site.find_for_request`` runs ``get_site_for_hostname`` once per request: a
``CASE`` query with the root page joined, about a tenth of an uncached article's time in a
profile (docs/performance.md). The sites table is tiny and changes only when an operator
edits a site, so every site (with its root page) is kept as one cache entry and the choice
is made here with the same rules as Wagtail's query:

1. the site with the request's hostname and port;
2. the default site if it has that hostname;
3. the only site with that hostname, if exactly one;
4. the default site.

The entry lives in the default cache beside Wagtail's own ``wagtail_site_root_paths`` and is
dropped on the same occasions (a site saved or deleted, a site's root page saved or moved:
astermind_site/signals.py). With Redis every process sees the drop at once; with each
process's own memory it reaches other processes after ``SITE_LOOKUP_TIMEOUT`` at most, as
Wagtail's root paths do after theirs. ``SiteLookupMiddleware`` sits after the page cache's
serving middleware, so a cache hit never pays even the cache read.
"""

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError
from django.http.request import split_domain_port
from wagtail.models import Site

from . import kept

CACHE_KEY = "astermind:sites:1"


def all_sites():
    sites = cache.get(CACHE_KEY)
    if sites is None:
        sites = list(Site.objects.select_related("root_page").order_by("pk"))
        cache.set(CACHE_KEY, sites, getattr(settings, "SITE_LOOKUP_TIMEOUT", 300))
    return sites


def forget_sites():
    cache.delete(CACHE_KEY)


def choose_site(sites, hostname, port):
    """Wagtail's choice (wagtail.models.sites.get_site_for_hostname), in Python; None when
    no site fits."""
    default = next((s for s in sites if s.is_default_site), None)
    named = [s for s in sites if s.hostname == hostname]
    exact = next((s for s in named if s.port == port), None)
    if exact is not None:
        return exact
    if default is not None and default.hostname == hostname:
        return default
    if len(named) == 1:
        return named[0]
    return default


def site_for_request(request):
    hostname = split_domain_port(request._get_raw_host())[0]  # as Wagtail: no ALLOWED_HOSTS check
    try:
        port = int(request.get_port())
    except ValueError:
        port = None  # no site has it; the hostname and the default still count
    return choose_site(all_sites(), hostname, port)


class SiteLookupMiddleware:
    """Answers ``Site.find_for_request`` for the rest of the request (Wagtail keeps the site
    it found on ``request._wagtail_site`` and asks nothing more once it is there)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not hasattr(request, "_wagtail_site"):
            try:
                request._wagtail_site = site_for_request(request)
            except DatabaseError:
                # Left to Wagtail: what needs a site meets the outage as it did before
                # (a friendly 503); what does not (/healthz) still answers.
                pass
        return self.get_response(request)


def root_page_as_routed(site):
    """The site's root page as its own type, with its locale (what routing asks for)."""
    model = site.root_page.specific_class
    if model is None:
        return site.root_page
    return model.objects.select_related("locale").get(pk=site.root_page_id)


class SiteRootPageMiddleware:
    """Gives the request's site its root page as routing uses it (its specific type and its
    locale), kept once per site version (pagecache/versioned.py): Wagtail otherwise reads
    the page's specific row, and the active Locale, on every request it routes. Only where
    the site version was read before the view (a Wagtail page: SiteVersionMiddleware).
    Wagtail's site root paths (every page URL is made from them) come with it, in the same
    read, instead of a cache round trip of their own on each request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        site = getattr(request, "_wagtail_site", None)
        if site is not None and getattr(request, "_site_version", None) is not None:
            name = f"root_page:{site.pk}:{site.root_page_id}"
            site.root_page = kept.shell(request, name, lambda: root_page_as_routed(site))
            # Where Wagtail keeps them for the rest of the request (Page._get_site_root_paths).
            root_paths = kept.shell(request, "site_root_paths", Site.get_site_root_paths)
            request._wagtail_cached_site_root_paths = root_paths

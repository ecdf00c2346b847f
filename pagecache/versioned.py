"""Values that are the same for every request of one site version, computed once per version.

The header's sections, the site's settings, a page's translations, an image's ``<picture>``:
a render that the page cache missed used to read each of them again. Here each is kept under
the *site version*, a purge token like a page's (tokens.SITE_VERSION) that every purge renews
whatever it names. Every change a visitor could see purges (signals.py), so a value kept under
the site version counts exactly as long as a cached page would, in every process, with Redis
or without: the token is the database's, read as store.py reads a page's (from a shared
Redis under trust.py's conditions, else one primary-key query), and a value is only served
under the token it was stored with.

The token is read once per request, before the view reads anything (``SiteVersionMiddleware``,
after the page cache, so a hit never pays for it), and whatever the request computes is
stored under the token it read. A purge that commits while the request renders gives the site
a new token, so a value computed from the rows before the change is never served again. A
request that finds no usable token (a purge committing, the database unreadable) computes
everything afresh and stores nothing; previews and unsaved pages are left to their callers.

Once routing has found the page, what its render keeps goes into one entry of its own, the
page's *bundle* (``open_page``: articles/models/routing.py opens it before the page's view,
and writes it once the response is rendered): an article's kept fragments, pictures,
translations and footer cost one round trip instead of one each. A page with a view
restriction keeps nothing at all (``keep_nothing``), nor do requests with a query string
(their own values are still kept one by one, never per query).

Values are pickled into the cache: keep them small (model instances with only the fields
they show, or plain HTML). The consumers own what they keep: articles/templatetags (sections,
pictures, fragments), articles/models/settings.py (site settings), astermind_site/languages.py.
"""

import functools
import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

import django
import wagtail
from django.utils import translation

from . import store, tokens
from .conf import settings

_UNSET = object()
# What a kept value is made by besides the data: our code, templates and catalogues. A
# deploy changes no data, so no purge would retire what the old code made.
CODE_SUFFIXES = {".py", ".html", ".po", ".txt", ".json"}
NOT_CODE = {".venv", ".git", "tests", "bench", "docs", "node_modules", "media", "staticfiles"}


@functools.cache
def code_version():
    """A digest of the project's code, templates, catalogues and static manifest, and the
    Django and Wagtail versions, taken once per process."""
    digest = hashlib.blake2b(digest_size=8)
    digest.update(f"{django.__version__} {wagtail.__version__}".encode())
    files = []
    for folder, subfolders, names in os.walk(settings.BASE_DIR):
        subfolders[:] = [d for d in subfolders if d not in NOT_CODE and not d.startswith(".")]
        files += [Path(folder, n) for n in names if Path(n).suffix in CODE_SUFFIXES]
    manifest = Path(settings.STATIC_ROOT) / "staticfiles.json"
    for path in sorted(files) + ([manifest] if manifest.is_file() else []):
        digest.update(str(path).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def name_prefix():
    return f"{tokens.SITE_VERSION}/{code_version()}/"


@dataclass(frozen=True)
class _Kept:
    """A value as stored (so that None and empty values are kept too)."""

    value: object


class SiteVersion:
    """The site version one request renders under, and the values already read for it."""

    def __init__(self, seen, found=None):
        self.seen = seen  # store.Seen, a database token, or None: nothing may be kept
        self.found = dict(found or {})
        self.bundle_name, self.bundle, self.bundle_grew = None, None, False

    @property
    def usable(self):
        return self.seen is not None

    def _key(self, name):
        if isinstance(self.seen, store.Seen):
            return store.shared_entry_key(self.seen.epoch, name_prefix() + name)
        return store.entry_key(name_prefix() + name)

    @property
    def _token(self):
        return self.seen.token if isinstance(self.seen, store.Seen) else self.seen

    def get_many(self, names):
        """{name: value} of the names kept under this version (one cache round trip)."""
        wanted = [n for n in names if n not in self.found]
        if wanted and self.usable:
            keys = {self._key(name): name for name in wanted}
            try:
                entries = store._cache().get_many(list(keys))
            except Exception:
                entries = {}
            for key, entry in entries.items():
                if isinstance(entry, tuple) and len(entry) == 2 and entry[0] == self._token:
                    self.found[keys[key]] = entry[1]
        return {n: self.found[n].value for n in names if n in self.found}

    def get(self, name, default=None):
        return self.get_many([name]).get(name, default)

    def set_many(self, values):
        if not self.usable or not values:
            return
        kept = {name: _Kept(value) for name, value in values.items()}
        self.found.update(kept)
        entries = {self._key(name): (self._token, box) for name, box in kept.items()}
        try:
            store._cache().set_many(entries, settings.PAGE_CACHE_TIMEOUT)
        except Exception:
            pass  # a cache outage costs a recomputation, never an error

    def cached(self, name, compute, keep=None):
        """The value kept under `name`, or compute() kept there now (only if keep(value)
        says so, when given: a lookup that found nothing need not make an entry). With a
        page's bundle open, in the bundle."""
        if self.bundle is not None:
            if name not in self.bundle:
                value = compute()
                if keep is not None and not keep(value):
                    return value
                self.bundle[name], self.bundle_grew = value, True
            return self.bundle[name]
        value = self.get(name, _UNSET)
        if value is _UNSET:
            value = compute()
            if keep is None or keep(value):
                self.set_many({name: value})
        return value

    def open_bundle(self, name):
        """Read one page's kept values in one round trip; what the render adds joins them."""
        if self.usable:
            self.bundle_name, self.bundle = name, dict(self.get(name) or {})
            self.bundle_grew = False

    def close_bundle(self):
        """Store the bundle if the render added to it (under the token read at the start)."""
        name, bundle, grew = self.bundle_name, self.bundle, self.bundle_grew
        self.bundle_name, self.bundle, self.bundle_grew = None, None, False
        if bundle is not None and grew:
            self.set_many({name: bundle})

    def keep_nothing(self):
        """Nothing more is read or stored for this request; values already read (the shell,
        routing) stay as read."""
        self.seen, self.bundle, self.bundle_grew = None, None, False


def start(request):
    """Read the site version for this request (and the shell of its site and language)."""
    name = shell_name(request)
    seen, entry = store.lookup(tokens.SITE_VERSION, name_prefix() + name)
    found = {name: entry} if isinstance(entry, _Kept) and seen is not None else {}
    request._site_version = SiteVersion(seen, found)
    return request._site_version


def for_request(request):
    """The request's site version; one that keeps nothing outside a request."""
    if request is None:
        return SiteVersion(None)
    version = getattr(request, "_site_version", None)
    return version if version is not None else start(request)


def shell_name(request):
    """The name of the values every page of one site in one language shows (its header and
    footer), read with the token in the same round trip."""
    site = getattr(request, "_wagtail_site", None)
    return f"shell:{getattr(site, 'pk', None)}:{translation.get_language()}"


def shell(request, key, compute):
    """One of the values kept together in the shell of the request's site and language
    (read with the token, so they cost no round trip of their own)."""
    if not keeps(request):
        return compute()
    version = for_request(request)
    name = shell_name(request)
    values = version.get(name) or {}
    if key not in values:
        values = {**values, key: compute()}
        version.set_many({name: values})
    return values[key]


def cached(request, name, compute, keep=None):
    """compute() once per site version (per request where none is usable); previews and
    requests outside a page render always compute."""
    if not keeps(request):
        return compute()
    return for_request(request).cached(name, compute, keep)


def keeps(request):
    """Whether values may be kept for this request at all."""
    return not (request is None or getattr(request, "is_preview", False))


def fragment_name(request, name, values=()):
    """The name of a fragment of HTML kept for `values` (a page's id, …) in the request's
    site and language; {% keep %} and the article's fragments name theirs with it."""
    site = getattr(request, "_wagtail_site", None)
    named = repr(([str(v) for v in values], getattr(site, "pk", None), translation.get_language()))
    return f"kept:{name}:{hashlib.blake2b(named.encode(), digest_size=16).hexdigest()}"


def bundle_name(request, url_path):
    """A page's bundle, named by its URL path in the tree (unique at any one site version),
    so routing can read it with the path's other values before it knows the page."""
    return fragment_name(request, "page", [url_path])


def open_page(request, page):
    """Keep what this page's render keeps in one entry, its bundle (module docstring); a
    request with a query string keeps its values one by one, as before."""
    if keeps(request) and not request.META.get("QUERY_STRING") and page.pk is not None:
        for_request(request).open_bundle(bundle_name(request, page.url_path))


def close_page(request):
    if keeps(request):
        for_request(request).close_bundle()


def prefetch(request, names):
    """Read these names in one round trip now; later reads find them in the request."""
    if keeps(request):
        for_request(request).get_many(names)


def keep_nothing(request):
    """For a page under a view restriction: nothing of its render is read or kept."""
    if request is not None:
        for_request(request).keep_nothing()


def is_wagtail_serve(view_func):
    # Named, not imported: wagtail.views needs the models loaded, and this module is
    # imported while they load (articles/models/settings.py).
    named = (getattr(view_func, "__module__", None), getattr(view_func, "__name__", None))
    return named == ("wagtail.views", "serve")


class SiteVersionMiddleware:
    """Reads the site version before a Wagtail page's view reads anything (module
    docstring); after the page cache (a hit needs none), the language and the request's
    site (the shell's name). Other views read it when they first need a value: what they
    keep is computed after that read, or keyed by what it shows (pictures)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if is_wagtail_serve(view_func) and request.method in ("GET", "HEAD"):
            start(request)

"""Values that are the same for every request of a site version, kept by the app that can.

The site package depends on no app (tests/site/test_site_package_imports.py), yet two of its
values are worth keeping once per site version: the request's root page as routing uses it
(site_lookup.py) and a page's translations (templatetags/language_tags.py). The page cache's
app knows when a site version ends (pagecache/versioned.py) and registers its keeper here
when it is ready; without a keeper each value is computed per request, which is always
correct, only slower.
"""

_keeper = {}


def register(cached, shell):
    """Called by the app that keeps values per site version (pagecache's AppConfig)."""
    _keeper.update(cached=cached, shell=shell)


def cached(request, name, compute):
    keep = _keeper.get("cached")
    return compute() if keep is None else keep(request, name, compute)


def shell(request, name, compute):
    keep = _keeper.get("shell")
    return compute() if keep is None else keep(request, name, compute)

"""Pages of article listings: the paginator's page, with a listing's length kept per site
version where the caller names the listing (sections, tags, authors). The listings' rows
come from pages.py (``live_articles``); search counts its own (search.py)."""

from django.core.paginator import Paginator

from pagecache import versioned

ARTICLES_PER_PAGE = 10


def paginate(object_list, page_number, per_page=ARTICLES_PER_PAGE, count=None):
    """A page of results; nonsense page numbers fall back to the first or last page.
    ``count``, when the caller already knows how many there are, spares the COUNT query."""
    paginator = Paginator(object_list, per_page)
    if count is not None:
        paginator.count = count  # a cached_property: the instance's value is the one read
    return paginator.get_page(page_number)


def page_of_listing(request, articles, name, values=()):
    """A page of a listing (a section, a tag, an author) whose length is kept per site
    version, so only the page's own rows are read. A listing changes length only when an
    article is published, unpublished, moved or restricted, and each of those renews the
    site version (pagecache/versioned.py); at 10,000 articles the count was most of a
    listing's SQL time. ``values`` must come from a bounded set (page ids, known slugs),
    never straight from the query string: each makes an entry."""
    name = versioned.fragment_name(request, f"listing-length:{name}", values)
    count = versioned.cached(request, name, articles.count)
    return paginate(articles, request.GET.get("page"), count=count)

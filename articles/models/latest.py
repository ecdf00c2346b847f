"""The home page's newest articles per section, in a few queries however many there are
(pages.py's HomePage shows them; render_cache.py's links token names the site version the
kept ids belong to)."""

import operator
from functools import reduce

from django.db import connection
from django.db.models import Q

from ..render_cache import LINKS, RENDER_CACHE_SECONDS, current_tokens, usable_cache


def latest_by_section(articles, sections, per_section, cache_key=None):
    """The newest `per_section` live, public articles (of the `articles` queryset, all of
    them) of each section, as {section pk: list},
    in one query (with authors and lead images), one for their tags and one for the view
    restrictions, however many sections and articles there are.

    Each section's newest are a subquery with a LIMIT, which reads the articles index
    ``article_newest`` (first published, pk) backwards and stops at the section's third:
    a handful of rows however many articles there are (a window function ranking every
    article, the first version, made the home page 1.9x slower at 10,000 articles than on
    the demo content; the LIMIT subqueries alone, before the index, sorted each section's
    every article: 143 ms, now 13 ms on the 10,000-article database). With the shared cache the
    chosen ids are kept per site version, `cache_key` naming it (the render cache's links
    token: every publish, unpublish, move or delete of a page replaces it), and a request
    fetches those few articles by primary key. They are checked again for being live and
    public as they are fetched, so a page made private without a publish drops out at once
    (its section then shows one article fewer until the next publish)."""
    sections = list(sections)
    if not sections:
        return {}
    shared = usable_cache() if cache_key else None
    kept = shared.get(cache_key) if shared is not None else None
    private = articles.private_q()  # read once, used by every section
    if kept is not None and set(kept) == {section.pk for section in sections}:
        wanted = Q(pk__in=[pk for ids in kept.values() for pk in ids])
    else:
        kept = None
        newest = [
            articles.live()
            .filter(path__startswith=section.path, depth=section.depth + 1)
            .exclude(private)
            .order_by("-first_published", "-pk")
            .values("pk")[:per_section]
            for section in sections
        ]
        if connection.features.supports_slicing_ordering_in_compound:
            # One IN over a UNION ALL: PostgreSQL fetches the few ids by primary key, where
            # an OR of IN subqueries made it read every article to test each one.
            wanted = Q(pk__in=newest[0].union(*newest[1:], all=True))
        else:  # SQLite allows no LIMIT inside a UNION
            wanted = reduce(operator.or_, (Q(pk__in=ids) for ids in newest))
    articles = (
        articles.live()
        .filter(wanted)
        .exclude(private)
        .select_related("author", "lead_image")
        .prefetch_related("tags")
        .order_by("-first_published", "-pk")
    )
    found = {section.pk: [] for section in sections}
    for article in articles:
        for section in sections:
            if article.path.startswith(section.path):
                found[section.pk].append(article)
    if shared is not None and kept is None:
        ids = {pk: [article.pk for article in listed] for pk, listed in found.items()}
        shared.set(cache_key, ids, RENDER_CACHE_SECONDS)
    return found


def home_latest_key(home):
    """The cache key of the home page's newest articles for the current site version."""
    shared = usable_cache()
    if shared is None:
        return None
    return f"articles:home-latest:{home.pk}:{current_tokens(shared, [LINKS])[LINKS]}"

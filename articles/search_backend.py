"""Wagtail's database search backend, with PostgreSQL's text search configuration chosen by
the language of what is indexed and of who searches.

The stock PostgreSQL backend has one ``SEARCH_CONFIG`` for everything, so German articles
would be stemmed with English rules (or none) and "Modelle" would not find "Modells". Here
``SEARCH_CONFIGS`` maps a language code to a configuration: an object with a ``locale``
(pages, translatable snippets) is indexed with its language's configuration, everything else
with the default language's, and a search runs with the configuration of the active language
(the page's, from its URL: astermind_site/middleware/locale.py). The search view
(articles/search.py) only searches pages in that language, so the two always match.

The match is also written so that PostgreSQL can use the index table's GIN indexes
(indexed_condition): the stock backend tests ``title || body`` against the query, which no
index serves, so every search read all 10,000 entries at scale (docs/performance.md, issue
19). A page of results is one query that ranks the matches' keys and counts them beside the
page (ranked_keys: the paginator needs no count of its own, articles/search.py), then one
that fetches only the page's rows.

On SQLite and other databases this is Wagtail's own database backend, unchanged (its FTS5
index has one tokenizer; German words are found as typed).
"""

import operator
import re
from collections import defaultdict
from functools import reduce

from django.conf import settings
from django.core.exceptions import EmptyResultSet
from django.db import connection, connections
from django.utils import translation
from wagtail.models import Locale
from wagtail.search.backends.database import SearchBackend as database_backend


def _term_matches(term, config):
    """One word found in an index entry's title or body: each side alone can use its GIN
    index, where the stock backend's ``title || body`` has to be computed for every entry."""
    from django.contrib.postgres.search import SearchQuery
    from django.db.models import Q
    from wagtail.search.backends.database.postgres.query import Lexeme

    lexeme = SearchQuery(Lexeme(term), search_type="raw", config=config)
    return Q(index_entries__title=lexeme) | Q(index_entries__body=lexeme)


def indexed_condition(query, config):
    """A Q matching exactly the index entries whose ``title || body`` matches `query`, or
    None for a query it cannot say that of (a phrase, a negation: their words' positions
    and absences are not a matter of one side).

    For words joined by AND and OR this is exact: a word is in the concatenation when it
    is in either side, so each word's test becomes "in the title or in the body", and the
    AND/OR structure stays as it was."""
    from wagtail.search.query import And, Or, PlainText

    if isinstance(query, PlainText):
        terms = [term for term in re.split(r"[\s\-]+", query.query_string) if term]
        if not terms:
            return None
        join = operator.or_ if query.operator == "or" else operator.and_
        return reduce(join, [_term_matches(term, config) for term in terms])
    if isinstance(query, (And, Or)):
        parts = [indexed_condition(sub, config) for sub in query.subqueries]
        if not parts or any(part is None for part in parts):
            return None
        return reduce(operator.and_ if isinstance(query, And) else operator.or_, parts)
    return None


# Each match's key and rank are set aside once (MATERIALIZED), then counted and sorted: a
# window count over the full rows kept every match's title and body vectors (some 4 MB at
# 10,000 articles) and spilled them to disk, and a separate count matched everything again.
RANKED_KEYS_SQL = (
    "WITH matches (pk, rank) AS MATERIALIZED ({}) "
    "SELECT pk, count(*) OVER () FROM matches ORDER BY rank DESC, pk DESC LIMIT %s OFFSET %s"
)


def ranked_keys(matches, rank_expression, start, stop):
    """[(primary key, number of matches)] of the matches ranked start to stop, best first
    (ties newest key first, as the stock search orders them), in one query."""
    ranked = matches.order_by().annotate(rank=rank_expression).values_list("pk", "rank")
    try:
        sql, params = ranked.query.sql_with_params()
    except EmptyResultSet:  # a filter that can match nothing (an unknown section: pk IN ())
        return []
    with connections[matches.db].cursor() as cursor:
        cursor.execute(RANKED_KEYS_SQL.format(sql), [*params, stop - start, start])
        return cursor.fetchall()


def _postgres_backend_class():
    # Imported only on PostgreSQL: the module needs psycopg and refuses other databases.
    from wagtail.search.backends.database.postgres.postgres import (
        PostgresIndex,
        PostgresSearchBackend,
        PostgresSearchQueryCompiler,
        PostgresSearchResults,
    )

    class IndexedQueryCompiler(PostgresSearchQueryCompiler):
        def ranked_page(self, config, start, stop):
            """(the page's objects in rank order, how many match in all) from two queries:
            the ranking with a count beside the page's keys (ranked_keys), then the page's
            rows. None where the stock search must run (a phrase, a negation, chosen
            fields, no ranking). The total is None when the page lies past the last match."""
            condition = indexed_condition(self.query, config) if self.fields is None else None
            if condition is None or not self.order_by_relevance:
                return None
            vectors = self.get_search_vectors(self.build_tsquery(self.query, config=config))
            rank_expression = self._build_rank_expression(vectors, config)
            ranked = ranked_keys(self.queryset.filter(condition), rank_expression, start, stop)
            if not ranked:
                return [], None
            rows = self.queryset.in_bulk([pk for pk, _ in ranked])
            return [rows[pk] for pk, _ in ranked if pk in rows], ranked[0][1]

        def search(self, config, start, stop, score_field=None, backend=None):
            """The stock search, with the match written so that PostgreSQL can use the
            title and body GIN indexes (indexed_condition); ranking and order unchanged."""
            condition = indexed_condition(self.query, config) if self.fields is None else None
            if condition is None:
                return super().search(config, start, stop, score_field, backend)
            search_query = self.build_tsquery(self.query, config=config)
            vectors = self.get_search_vectors(search_query)
            rank_expression = self._build_rank_expression(vectors, config)
            queryset = self.queryset.filter(condition)
            if stop is None or score_field is not None or not self.order_by_relevance:
                return self._apply_ordering_and_scoring(
                    queryset, rank_expression, start, stop, score_field
                )
            # A page of results: rank every match by primary key alone, then fetch whole
            # rows (with what the queryset selects) for that page only. Sorting the full
            # rows of thousands of matches read every article's body for ten of them.
            ranked = queryset.order_by(rank_expression.desc(), "-pk").values("pk")[start:stop]
            page = self.queryset.filter(pk__in=ranked).filter(condition)
            return page.order_by(rank_expression.desc(), "-pk")

    class PagedSearchResults(PostgresSearchResults):
        """Results whose page learns how many match in all from its own ranking query
        (``total_count``), so a paginator needs no separate count (articles/search.py)."""

        total_count = None

        def _do_search(self):
            ranked_page = getattr(self.query_compiler, "ranked_page", None)
            if ranked_page is not None and self.stop is not None and self._score_field is None:
                found = ranked_page(
                    self.query_compiler.get_config(self.backend), self.start, self.stop
                )
                if found is not None:
                    objects, self.total_count = found
                    return objects
            return super()._do_search()

    class LanguageIndex(PostgresIndex):
        def add_items(self, model, objs):
            """Index each language's objects under that language's configuration."""
            codes = dict(Locale.objects.values_list("pk", "language_code"))
            by_language = defaultdict(list)
            for obj in objs:
                locale_id = getattr(obj, "locale_id", None)
                by_language[codes.get(locale_id, settings.LANGUAGE_CODE)].append(obj)
            for language, group in by_language.items():
                with translation.override(language):
                    super().add_items(model, group)

    class LanguageSearchBackend(PostgresSearchBackend):
        index_class = LanguageIndex
        query_compiler_class = IndexedQueryCompiler
        results_class = PagedSearchResults

        def __init__(self, params):
            self.configs = dict(params.get("SEARCH_CONFIGS", {}))
            super().__init__(params)

        @property
        def config(self):
            """The configuration of the active language (the base class reads this both
            when indexing an object and when building a query)."""
            language = translation.get_language() or settings.LANGUAGE_CODE
            return self.configs.get(language, self._default_config)

        @config.setter
        def config(self, value):
            self._default_config = value

    return LanguageSearchBackend


def SearchBackend(params):  # noqa: N802 - the name Wagtail looks up in a backend module
    if connection.vendor == "postgresql":
        return _postgres_backend_class()(params)
    return database_backend(params)

"""Wagtail's database search backend, with PostgreSQL's text search configuration chosen by
the language of what is indexed and of who searches.

The stock PostgreSQL backend has one ``SEARCH_CONFIG`` for everything, so German articles
would be stemmed with English rules (or none) and "Modelle" would not find "Modells". Here
``SEARCH_CONFIGS`` maps a language code to a configuration: an object with a ``locale``
(pages, translatable snippets) is indexed with its language's configuration, everything else
with the default language's, and a search runs with the configuration of the active language
(the page's, from its URL: astermind_site/middleware/locale.py). The search view
(articles/search.py) only searches pages in that language, so the two always match.

On SQLite and other databases this is Wagtail's own database backend, unchanged (its FTS5
index has one tokenizer; German words are found as typed).
"""

from collections import defaultdict

from django.conf import settings
from django.db import connection
from django.utils import translation
from wagtail.models import Locale
from wagtail.search.backends.database import SearchBackend as database_backend


def _postgres_backend_class():
    # Imported only on PostgreSQL: the module needs psycopg and refuses other databases.
    from wagtail.search.backends.database.postgres.postgres import (
        PostgresIndex,
        PostgresSearchBackend,
    )

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

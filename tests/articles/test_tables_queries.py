"""An article's SQL queries must not grow with the number of models in its tables."""

import json

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import ArticlePageFactory
from tests.table_factories import (
    FoundationModelFactory,
    OrganisationFactory,
    SourceFactory,
    concept_table,
    model_table,
)

# What the tables add to an article, however many rows: one query for the models (with their
# developers), one for their modalities, one for their sources.
TABLE_QUERIES = 3
ALL_COLUMNS = ["name", "developer", "modalities", "parameters", "active_parameters",
               "release_date", "open_weights", "licence", "as_of"]  # fmt: skip


def article_with_models(section, count):
    developers = [OrganisationFactory() for _ in range(3)]
    models = []
    for i in range(count):
        model = FoundationModelFactory(
            developer=developers[i % 3],
            modalities=["text", "images"] if i % 2 else ["text"],
            max_parameters_billions=10 + i,
        )
        SourceFactory(model=model)
        models.append(model)
    blocks = [
        model_table(models, columns=ALL_COLUMNS, default_sort="parameters"),
        concept_table(),
    ]
    return ArticlePageFactory(parent=section, slug=f"rows-{count}", body=json.dumps(blocks))


def queries_to_render(client, page):
    cache.clear()
    client.get(page.url)  # the first request fills per-site caches (root paths, settings)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(page.url)
    assert response.status_code == 200
    return len(captured), response


@pytest.fixture
def plain_article_queries(client, section):
    """Queries for an article without tables: the page's own share of the bound."""
    page = ArticlePageFactory(parent=section, slug="no-tables")
    count, _ = queries_to_render(client, page)
    return count


@pytest.mark.parametrize("count", [6, 200])
def test_article_with_tables_stays_under_the_bound(
    client, section, count, plain_article_queries, django_assert_max_num_queries
):
    page = article_with_models(section, count)
    client.get(page.url)
    with django_assert_max_num_queries(plain_article_queries + TABLE_QUERIES):
        response = client.get(page.url)
    # One row header per model, plus the concept table's two aspects.
    assert response.content.decode().count('<th scope="row"') == count + 2


def test_query_count_is_the_same_for_6_and_200_models(client, section):
    small, small_response = queries_to_render(client, article_with_models(section, 6))
    large, large_response = queries_to_render(client, article_with_models(section, 200))
    assert small == large
    assert small_response.content.count(b'<li id="model-table-') == 6
    assert large_response.content.count(b'<li id="model-table-') == 200


def test_table_downloads_do_not_grow_either(client, section):
    counts = []
    for count in (6, 200):
        page = article_with_models(section, count)
        block_id = page.body[0].id
        cache.clear()
        client.get(page.url)  # fill per-site caches first, as in queries_to_render
        with CaptureQueriesContext(connection) as captured:
            assert client.get(f"{page.url}tables/{block_id}/csv/").status_code == 200
        counts.append(len(captured))
    assert counts[0] == counts[1]

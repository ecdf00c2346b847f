"""The directory's SQL per request stays flat however many models the registry holds."""

import json

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from directory.paging import MODELS_PER_PAGE
from tests.factories import ArticlePageFactory
from tests.table_factories import (
    FoundationModelFactory,
    OrganisationFactory,
    SourceFactory,
    model_table,
    publish,
)

pytestmark = pytest.mark.django_db

# Pinned: the page's own queries (site, settings, navigation) plus the directory's.
MAX_QUERIES = {"index": 9, "detail": 13, "compare": 7}


def registry(section, count):
    developers = [OrganisationFactory() for _ in range(3)]
    models = []
    for i in range(count):
        model = FoundationModelFactory(
            slug=f"m-{count}-{i}",
            developer=developers[i % 3],
            modalities=["text", "images"] if i % 2 else ["text"],
            max_parameters_billions=10 + i,
        )
        SourceFactory(model=model)
        SourceFactory(model=model, fact="release_date")
        models.append(model)
    first = models[0]
    for size in (100, 200, 300):  # a history of changes on the model page
        first.max_parameters_billions = size
        publish(first)
    ArticlePageFactory(
        parent=section, slug=f"shows-{count}", body=json.dumps([model_table(models)])
    )
    return models


def queries(client, url):
    cache.clear()
    client.get(url)  # fills per-site caches (root paths, settings) as any visit would
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def urls(models):
    return {
        "index": "/models/",
        "detail": f"/models/{models[0].slug}/",
        "compare": "/models/compare/?" + "&".join(f"m={m.slug}" for m in models[:4]),
    }


def test_query_counts_are_pinned_and_flat(client, section, django_assert_max_num_queries):
    small = {page: queries(client, url) for page, url in urls(registry(section, 6)).items()}
    large_models = registry(section, 200)
    large = {page: queries(client, url) for page, url in urls(large_models).items()}
    assert large == small, (small, large)
    for page, url in urls(large_models).items():
        with django_assert_max_num_queries(MAX_QUERIES[page]):
            assert client.get(url).status_code == 200
    print(small)


def test_the_chart_and_timeline_cost_no_query_of_their_own(client, section):
    """The chart draws the rows the table already fetched, the timeline the history already
    read: with 200 models charted the pages stay within the same pinned counts."""
    models = registry(section, 200)
    url = urls(models)
    count = queries(client, url["index"])
    html = client.get(url["index"]).content.decode()
    assert html.count('<g class="chart-point ') == MODELS_PER_PAGE  # the page's models
    assert count <= MAX_QUERIES["index"]
    assert queries(client, url["detail"]) <= MAX_QUERIES["detail"]
    assert 'data-kind="changed"' in client.get(url["detail"]).content.decode()

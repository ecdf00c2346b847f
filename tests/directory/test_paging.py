"""The directory in pages (directory/paging.py): the database's order is the registry's
order, page links keep the reader's filters and sort, bad page numbers are 404s, and the
downloads still hold every matching model."""

import csv
import io
import re
from datetime import date
from decimal import Decimal

import pytest

from directory.columns import COLUMN_LIST
from directory.dataset import directory_table
from directory.filters import filtered_models
from directory.paging import MODELS_PER_PAGE, page_links
from tests.table_factories import FoundationModelFactory, OrganisationFactory

pytestmark = pytest.mark.django_db
TOTAL = MODELS_PER_PAGE * 2 + 7  # three pages, the last one short
MODALITY_SETS = [["text"], ["text", "images"], [], ["text", "images", "audio"]]


@pytest.fixture
def many(home):
    """Models whose every column has ties, gaps (undisclosed, no release date, no licence) and
    names whose order differs from their creation order."""
    labs = [OrganisationFactory(name=n, slug=n.lower()) for n in ("Gamma", "alpha", "Beta")]
    for i in range(TOTAL):
        undisclosed = i % 9 == 0
        FoundationModelFactory(
            name=f"{'abc'[i % 3]}{(i * 37) % TOTAL:03d}",
            slug=f"paged-{i}",
            developer=labs[i % 3],
            modalities=MODALITY_SETS[i % 4],
            parameter_status="undisclosed" if undisclosed else "disclosed",
            max_parameters_billions=None if undisclosed else Decimal(i % 11 + 1),
            active_parameters_billions=Decimal(i % 5 + 1) if i % 2 else None,
            release_date=None if i % 7 == 0 else date(2020 + i % 5, 1 + i % 12, 1),
            open_weights=i % 3 == 0,
            licence="" if i % 4 == 0 else ["MIT", "apache-2.0", "Llama"][i % 3],
            as_of=date(2025, 1 + i % 6, 1),
        )
    FoundationModelFactory(name="Draft", slug="draft-paged", live=False)


def listed(response):
    return re.findall(r'<tr data-model="([^"]+)"', response.content.decode())


def every_page(client, query):
    slugs, number = [], 1
    while True:
        response = client.get("/models/", {**query, **({"page": number} if number > 1 else {})})
        if response.status_code == 404:
            return slugs, number - 1
        assert response.status_code == 200
        slugs += listed(response)
        number += 1


def test_pages_in_turn_are_the_whole_table_in_the_registrys_order(client, many):
    """For every column both ways, the database's ORDER BY gives what the column registry's
    sort values give in Python (gaps last both ways, ties by name)."""
    models = list(filtered_models({}))
    for sort in [column.key for column in COLUMN_LIST]:
        for order in ("asc", "desc"):
            query = {"sort": sort, "order": order}
            expected = [row.model.slug for row in directory_table(models, query).rows]
            assert every_page(client, query) == (expected, 3), query


def test_a_page_holds_its_share_and_the_count_is_of_all(client, many):
    first, third = client.get("/models/"), client.get("/models/", {"page": 3})
    assert len(listed(first)) == MODELS_PER_PAGE and len(listed(third)) == 7
    assert f"{TOTAL} models." in first.content.decode()
    assert f"Showing {2 * MODELS_PER_PAGE + 1} to {TOTAL}, page 3 of 3." in third.content.decode()
    assert listed(client.get("/models/", {"page": "1"})) == listed(first)


@pytest.mark.parametrize(
    "page", ["0", "4", "-1", "02", "x", "", "1.0", "2 ", "99999999999999999999", "1e1"]
)
def test_a_page_that_is_not_there_is_a_404(client, many, page):
    assert client.get("/models/", {"page": page}).status_code == 404


def test_a_nul_byte_is_refused_before_the_directory_reads_it(client, many):
    assert client.get("/models/", {"page": "2\x00"}).status_code == 400


def test_one_page_has_no_navigation(client, home):
    FoundationModelFactory(name="Only", slug="only")
    response = client.get("/models/", {"page": "1"})
    assert response.status_code == 200
    assert "directory-pagination" not in response.content.decode()
    assert client.get("/models/", {"page": "2"}).status_code == 404


def test_page_links_keep_filters_and_sort_and_nothing_else(client, many):
    query = {"sort": "parameters", "order": "desc", "utm_source": "x", "developer": ""}
    html = client.get("/models/", {**query, "page": 2}).content.decode()
    nav = re.search(r'<nav class="directory-pagination".*?</nav>', html, re.S).group()
    hrefs = re.findall(r'href="([^"]+)"', nav)
    keep = "?sort=parameters&amp;order=desc"
    assert hrefs == [
        keep,  # previous page: the first, with no page number
        keep,
        f"{keep}&amp;page=2",
        f"{keep}&amp;page=3",
        f"{keep}&amp;page=3",  # next
    ]
    assert f'<a rel="prev" href="{keep}">' in nav
    assert f'<a rel="next" href="{keep}&amp;page=3">' in nav
    assert nav.count('aria-current="page"') == 1
    assert re.search(r'aria-current="page"><span class="visually-hidden">Page </span>2<', nav)
    assert re.search(r'<link rel="canonical" href="http://[^/"]+/models/\?page=2">', html)


def test_far_pages_are_left_out_of_the_navigation():
    class Paginator:
        num_pages = 40

    class Page:
        number = 20
        paginator = Paginator

    numbers = [link and link["number"] for link in page_links(Page, "")]
    assert numbers == [1, None, 18, 19, 20, 21, 22, None, 40]
    assert page_links(Page, "")[0]["href"] == "."


def test_downloads_hold_every_model_and_links_carry_no_page(client, many):
    html = client.get("/models/", {"sort": "licence", "page": 2, "junk": 1}).content.decode()
    assert 'href="/models/download.csv?sort=licence"' in html
    rows = list(csv.DictReader(io.StringIO(client.get("/models/download.csv").content.decode())))
    assert len(rows) == TOTAL


def test_the_german_directory_names_its_pages_in_german(client, many):
    html = client.get("/de/models/", {"page": 2}).content.decode()
    shown = f"{TOTAL} Modelle. {MODELS_PER_PAGE + 1} bis {2 * MODELS_PER_PAGE}, Seite 2 von 3."
    assert shown in html
    assert 'aria-label="Seiten des Verzeichnisses"' in html
    assert '<a rel="prev" href=".">Vorherige Seite</a>' in html
    assert '<a rel="next" href="?page=3">Nächste Seite</a>' in html

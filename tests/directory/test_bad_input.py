"""Whatever a visitor types into an address, the directory answers 4xx or a friendly page."""

import pytest

from directory.compare import CompareError, requested_slugs

pytestmark = pytest.mark.django_db

HUGE = "x" * 5000


@pytest.mark.parametrize(
    "url, status",
    [
        ("/models/nothing-here/", 404),
        ("/models/draft/", 404),
        ("/models/%00/", 404),
        ("/models/" + "a" * 500 + "/", 404),
        ("/models/compare/?m=small&m=nothing-here", 404),
        ("/models/compare/?m=small&m=small", 400),
        ("/models/compare/?m=small", 200),
        ("/models/compare/?m=small&m=large&m=secret&m=a&m=b", 400),
        ("/models/compare/?m=small&m=%00", 400),
        ("/models/compare/?m=small&m=draft", 404),
        ("/models/compare/?m=" + HUGE, 414),
        ("/models/?year=abc", 400),
        ("/models/?year=99999999999999999999", 400),
        ("/models/?min_params=lots", 400),
        ("/models/?min_params=NaN", 400),
        ("/models/?max_params=1e999999", 400),
        ("/models/?min_params=500&max_params=5", 400),
        ("/models/?developer=%00", 400),
        ("/models/?modality=nope", 400),
        ("/models/?open_weights=maybe", 400),
        ("/models/?sort=%00&order=sideways", 400),
        ("/models/?developer=" + HUGE, 414),
        ("/models/download.csv?year=abc", 400),
        ("/models/download.json?developer=%00", 400),
        ("/models/download.json?q=" + HUGE, 414),
    ],
)
def test_bad_input_is_refused_kindly(client, models, url, status):
    assert client.get(url).status_code == status


def test_a_bad_filter_is_explained_and_the_good_ones_still_apply(client, models):
    response = client.get("/models/?year=abc&developer=alpha")
    page = response.content.decode()
    assert response.status_code == 400
    assert 'role="alert"' in page and "Enter a whole number." in page
    assert 'data-model="small"' in page and 'data-model="large"' not in page


def test_a_bad_comparison_still_offers_the_picker(client, models):
    page = client.get("/models/compare/?m=small&m=small").content.decode()
    assert "only once" in page and page.count('name="m"') == 4


def test_one_model_is_a_start_not_an_error(client, models):
    page = client.get("/models/compare/?m=small").content.decode()
    assert "at least one more model to compare with Small" in page
    assert '<option value="small" selected>' in page
    assert "<table" not in page


def test_too_many_fields_is_a_client_error(client, models):
    query = "&".join(f"m={i}" for i in range(1100))
    assert client.get("/models/compare/?" + query).status_code == 400


@pytest.mark.parametrize(
    "values, expected",
    [([], []), (["a", "", " b "], ["a", "b"]), (["a", "b", "c", "d"], ["a", "b", "c", "d"])],
)
def test_requested_slugs_accepts(values, expected):
    assert requested_slugs(values) == expected


@pytest.mark.parametrize(
    "values, status",
    [(["a", "a"], 400), (["a", "b", "c", "d", "e"], 400), (["a\x00"], 404), (["a/b"], 404)],
)
def test_requested_slugs_refuses(values, status):
    with pytest.raises(CompareError) as refused:
        requested_slugs(values)
    assert refused.value.status == status

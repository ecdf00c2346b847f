"""The directory's charts and marks: the parameters chart, a model's timeline, the differing
facts on compare and the folded filters."""

import math
import re
from datetime import date

import pytest

from tests.table_factories import FoundationModelFactory, publish

pytestmark = pytest.mark.django_db


def svg(html, css_class):
    match = re.search(rf'<svg class="chart {css_class}".*?</svg>', html, re.S)
    assert match, f"no {css_class} drawn"
    return match.group(0)


def points(chart):
    """{slug: (shape, x, y)} of the chart's points, read from the drawing."""
    found = {}
    for slug, body in re.findall(
        r'<g class="chart-point[^"]*" data-model="([^"]+)">(.*?)</g>', chart
    ):
        if circle := re.search(r'<circle cx="([\d.]+)" cy="([\d.]+)"', body):
            found[slug] = ("circle", float(circle[1]), float(circle[2]))
        elif square := re.search(r'<rect x="([\d.]+)" y="([\d.]+)" width="9"', body):
            found[slug] = ("square", float(square[1]) + 4.5, float(square[2]) + 4.5)
    return found


def gridlines(chart):
    """{label: y} of the horizontal gridlines (the count axis)."""
    return {
        label: float(y)
        for y, label in re.findall(r'<text class="chart-axis-label" x="\d+" y="([\d.]+)" dy="4" '
                                   r'text-anchor="end">([^<]+)</text>', chart)
    }  # fmt: skip


def test_chart_plots_each_model_with_a_count_and_a_date_and_lists_the_rest(client, models):
    html = client.get("/models/").content.decode()
    chart = svg(html, "params-chart")
    drawn = points(chart)
    # Two models have both facts; the undisclosed one is listed beside the chart instead.
    assert sorted(drawn) == ["large", "small"]
    assert drawn["small"][0] == "circle" and drawn["large"][0] == "square"  # open, closed
    left_out = re.search(r'<div class="chart-side">(.*?)</div>', html, re.S).group(1)
    assert re.findall(r'<li data-model="([^"]+)"', left_out) == ["secret"]
    assert "Parameter count undisclosed" in left_out
    assert (
        'role="img"' in chart and 'aria-labelledby="params-chart-title params-chart-desc"' in chart
    )


def test_chart_count_axis_is_logarithmic(client, models):
    chart = svg(client.get("/models/").content.decode(), "params-chart")
    grid = gridlines(chart)
    # 8B and 405B fall between the gridlines 1B and 1T, each ten times the one below.
    assert list(grid) == ["1B", "10B", "100B", "1T"]
    steps = [grid["1B"] - grid["10B"], grid["10B"] - grid["100B"], grid["100B"] - grid["1T"]]
    assert max(steps) - min(steps) < 0.2
    decade = steps[0]
    drawn = points(chart)
    assert drawn["small"][2] == pytest.approx(grid["1B"] - decade * math.log10(8), abs=0.2)
    assert drawn["large"][2] == pytest.approx(grid["1B"] - decade * math.log10(405), abs=0.2)


def test_chart_places_models_by_release_date(client, models):
    models["large"].release_date = date(2023, 4, 18)
    publish(models["large"])
    chart = svg(client.get("/models/").content.decode(), "params-chart")
    drawn = points(chart)
    assert drawn["large"][1] < drawn["small"][1]  # a year earlier, further left
    years = re.findall(r'text-anchor="middle">(\d{4})</text>', chart)
    assert years == ["2023", "2024", "2025"]


def test_chart_follows_the_filters(client, models):
    html = client.get("/models/?open_weights=yes").content.decode()
    assert sorted(points(svg(html, "params-chart"))) == ["small"]
    assert '<div class="chart-side">' in html
    # No model to place: no chart at all, the table still says what there is.
    html = client.get("/models/?developer=beta&min_params=1000").content.decode()
    assert "params-chart" not in html


def test_model_without_release_date_is_listed_not_drawn(client, models):
    FoundationModelFactory(name="Undated", slug="undated", release_date=None)
    html = client.get("/models/").content.decode()
    assert "undated" not in points(svg(html, "params-chart"))
    assert re.search(r'<li data-model="undated"><a href="/models/undated/">Undated</a>', html)
    assert "Release date not known" in html


def test_model_page_draws_its_timeline(client, models):
    large = models["large"]
    publish(large)
    large.max_parameters_billions = 500
    publish(large)
    html = client.get("/models/large/").content.decode()
    timeline = svg(html, "timeline-chart")
    kinds = re.findall(r'data-kind="([a-z]+)"', timeline)
    assert sorted(kinds) == ["added", "changed", "checked", "released"]
    assert "Parameters: 405B → 500B" in timeline
    assert 'role="img"' in timeline


def differing_rows(html):
    return re.findall(
        r'<tr class="differs"><th scope="row">([^<]+) <span class="differs-tag">', html
    )


def test_compare_marks_the_facts_that_differ_in_words(client, models):
    html = client.get("/models/compare/?m=small&m=large").content.decode()
    # Small and Large share release date, licence, check date and (no) active count.
    assert differing_rows(html) == ["Developer", "Modalities", "Parameters", "Open weights"]
    assert "4 of 8 facts differ" in html


def test_compare_of_identical_facts_marks_nothing(client, models):
    twin = FoundationModelFactory(
        name="Twin", slug="twin", developer=models["small"].developer,
        max_parameters_billions=8, open_weights=True,
    )  # fmt: skip
    html = client.get(f"/models/compare/?m=small&m={twin.slug}").content.decode()
    assert differing_rows(html) == []
    assert "agree on every fact" in html


def test_filters_are_folded_until_some_are_in_use(client, models):
    folded = client.get("/models/").content.decode()
    assert re.search(r'<details class="directory-filters filter-disclosure">', folded)
    used = client.get("/models/?developer=alpha").content.decode()
    assert '<details class="directory-filters filter-disclosure" open>' in used
    assert "(1 in use)" in used
    broken = client.get("/models/?year=soon")
    assert broken.status_code == 400
    assert '<details class="directory-filters filter-disclosure" open>' in broken.content.decode()

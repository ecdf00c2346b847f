"""NUL bytes and other values no database column can hold answer 400/404 on every database,
wherever they appear: a path segment, a filter, search, pagination, the API, the directory,
and the auditor's own filters. (PostgreSQL refuses NUL in text and answered 500.)"""

import pytest

PUBLIC = [
    "/tags/a%00b/",
    "/tags/%00/",
    "/core-concepts/?tag=a%00b",
    "/core-concepts/?page=1%00",
    "/core-concepts/?tag=fundamentals&page=%00",
    "/search/?q=a%00b",
    "/search/?q=model&page=2%00",
    "/search/?q%00=model",
    "/api/v2/pages/?type=articles.ArticlePage&slug=a%00b",
    "/api/v2/pages/?search=a%00b",
    "/api/v2/pages/?offset=%00",
    "/models/?developer=a%00b",
    "/models/a%00b/",
    "/models/compare/?m=a%00b&m=gpt-4",
    "/core-concepts/a%00b/",
    "/a%00b/",
    "/cookies/?next=%00",
]

AUDITOR = [
    "/admin/consent/records/?q=a%00b",
    "/admin/consent/records/results/?q=%00",
    "/admin/consent/records/?policy_version=1%00",
    "/admin/consent/records/?method=accept_all%00",
    "/admin/consent/records/export/?q=a%00b",
    "/admin/consent/records/report/?days=7%00",
    "/admin/consent/records/?created_at_after=2026-01-01%00",
]


@pytest.mark.parametrize("url", PUBLIC)
def test_hostile_values_in_public_urls_are_refused_not_500(client, section, url):
    response = client.get(url)
    assert response.status_code in (400, 404), (url, response.status_code)


@pytest.mark.parametrize("url", AUDITOR)
def test_hostile_values_in_the_auditors_filters_are_refused_not_500(auditor_client, url):
    response = auditor_client.get(url)
    assert response.status_code in (400, 404), (url, response.status_code)


def test_a_nul_byte_in_a_tag_is_a_clear_400(client, section):
    response = client.get("/core-concepts/?tag=a%00b")
    assert response.status_code == 400
    assert response["Cache-Control"] == "no-store"


@pytest.mark.parametrize("url", ["/core-concepts/?tag=fundamentals", "/search/?q=foundation"])
def test_ordinary_values_still_work(client, section, url):
    assert client.get(url).status_code == 200

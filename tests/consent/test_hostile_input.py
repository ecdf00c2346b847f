"""NUL bytes and other values no database column can hold answer 400/404 on every database,
wherever they appear: a path segment, a filter, search, pagination, the API, the directory,
and the auditor's own filters. (PostgreSQL refuses NUL in text and answered 500.)"""

import pytest

# A NUL in a path segment names nothing (404); in a query value it is refused (400).
PUBLIC = [
    ("/tags/a%00b/", 404),
    ("/tags/%00/", 404),
    ("/core-concepts/?tag=a%00b", 400),
    ("/core-concepts/?page=1%00", 400),
    ("/core-concepts/?tag=fundamentals&page=%00", 400),
    ("/search/?q=a%00b", 400),
    ("/search/?q=model&page=2%00", 400),
    ("/search/?q%00=model", 400),
    ("/api/v2/pages/?type=articles.ArticlePage&slug=a%00b", 400),
    ("/api/v2/pages/?search=a%00b", 400),
    ("/api/v2/pages/?offset=%00", 400),
    ("/models/?developer=a%00b", 400),
    ("/models/a%00b/", 404),
    ("/models/compare/?m=a%00b&m=gpt-4", 400),
    ("/core-concepts/a%00b/", 404),
    ("/a%00b/", 404),
    ("/cookies/?next=%00", 400),
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


@pytest.mark.parametrize("url, status", PUBLIC)
def test_hostile_values_in_public_urls_are_refused_not_500(client, section, url, status):
    assert client.get(url).status_code == status


@pytest.mark.parametrize("url", AUDITOR)
def test_hostile_values_in_the_auditors_filters_are_refused_not_500(auditor_client, url):
    assert auditor_client.get(url).status_code == 400


def test_a_nul_byte_in_a_tag_is_a_clear_400(client, section):
    response = client.get("/core-concepts/?tag=a%00b")
    assert response.status_code == 400
    assert response["Cache-Control"] == "no-store"


@pytest.mark.parametrize("url", ["/core-concepts/?tag=fundamentals", "/search/?q=foundation"])
def test_ordinary_values_still_work(client, section, url):
    assert client.get(url).status_code == 200

"""One rule decides JSON or HTML for the consent choice errors and the 503 page: pinned here
case by case, and through both callers."""

import pytest
from django.test import RequestFactory

from astermind_site.negotiation import wants_json


@pytest.mark.parametrize(
    "path, headers, expected",
    [
        ("/cookies/accept/", {"HTTP_ACCEPT": "application/json"}, True),
        ("/cookies/accept/", {"HTTP_ACCEPT": "text/html,application/xhtml+xml,*/*;q=0.8"}, False),
        ("/cookies/accept/", {"HTTP_ACCEPT": "text/html;q=0.5, application/json"}, True),
        ("/cookies/accept/", {"HTTP_ACCEPT": "*/*"}, False),
        ("/cookies/accept/", {}, False),
        ("/cookies/accept/", {"HTTP_X_REQUESTED_WITH": "XMLHttpRequest"}, True),
        ("/api/v2/pages/", {"HTTP_ACCEPT": "text/html"}, True),
        ("/apiary/", {}, False),
    ],
)
def test_json_or_html(path, headers, expected):
    assert wants_json(RequestFactory().get(path, **headers)) is expected


def consent_error(client, **headers):
    return client.get("/cookies/accept/", **headers)  # a GET: 405, answered both ways


def test_consent_errors_follow_the_rule(client, db):
    as_json = consent_error(client, HTTP_X_REQUESTED_WITH="fetch")
    assert (as_json.status_code, as_json["Content-Type"]) == (405, "application/json")
    assert as_json.json()["ok"] is False
    as_page = consent_error(client, HTTP_ACCEPT="text/html,*/*;q=0.8")
    assert as_page.status_code == 405
    assert as_page["Content-Type"].startswith("text/html")

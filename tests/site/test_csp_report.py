"""/csp-report/ logs what browsers report and shrugs off everything else."""

import json
import logging

import pytest

from astermind_site.views import csp_report

REPORT_URI_BODY = {
    "csp-report": {
        "document-uri": "https://learn.example.com/search/?q=private+words",
        "violated-directive": "script-src-elem",
        "blocked-uri": "https://evil.example/x.js?token=1",
        "source-file": "https://learn.example.com/",
        "line-number": 3,
        "disposition": "enforce",
    }
}
REPORT_TO_BODY = [
    {
        "type": "csp-violation",
        "url": "https://learn.example.com/",
        "body": {
            "documentURL": "https://learn.example.com/",
            "effectiveDirective": "img-src",
            "blockedURL": "https://tracker.example/p.gif",
            "disposition": "enforce",
        },
    }
]


@pytest.fixture(autouse=True)
def fresh_budget(monkeypatch):
    monkeypatch.setattr(csp_report, "budget", csp_report.LogBudget(csp_report.LOG_BUDGET))


def post(client, body, content_type="application/csp-report"):
    data = body if isinstance(body, bytes | str) else json.dumps(body)
    return client.post("/csp-report/", data=data, content_type=content_type)


def test_a_report_uri_violation_is_logged_without_query_strings(client, db, caplog):
    with caplog.at_level(logging.WARNING, logger="astermind.csp"):
        response = post(client, REPORT_URI_BODY)
    assert response.status_code == 204
    [record] = caplog.records
    assert record.getMessage() == "CSP violation: script-src-elem blocked https://evil.example/x.js"
    assert record.csp["document-uri"] == "https://learn.example.com/search/"


def test_a_report_to_violation_is_logged(client, db, caplog):
    with caplog.at_level(logging.WARNING, logger="astermind.csp"):
        response = post(client, REPORT_TO_BODY, "application/reports+json")
    assert response.status_code == 204
    assert [r.getMessage() for r in caplog.records] == [
        "CSP violation: img-src blocked https://tracker.example/p.gif"
    ]


@pytest.mark.parametrize(
    "body",
    [b"", b"not json", b"\xff\xfe\x00", b"[1, 2]", b'{"csp-report": 7}', b"[" * 4000 + b"]" * 4000],
)
def test_garbage_is_a_400_never_a_500(client, db, body):
    assert post(client, body).status_code == 400


def test_a_large_body_is_refused_unread(client, db):
    response = post(client, {"csp-report": {"blocked-uri": "x" * 10_000}})
    assert response.status_code == 413


def test_only_post_is_accepted(client, db):
    assert client.get("/csp-report/").status_code == 405


def test_a_flood_of_reports_is_logged_only_up_to_the_budget(client, db, caplog):
    with caplog.at_level(logging.WARNING, logger="astermind.csp"):
        for _ in range(csp_report.LOG_BUDGET + 15):
            assert post(client, REPORT_URI_BODY).status_code == 204
    assert len(caplog.records) == csp_report.LOG_BUDGET

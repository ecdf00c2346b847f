"""/csp-report/ logs what browsers report and shrugs off everything else."""

import io
import json
import logging

import pytest

from astermind_site.logs import JsonFormatter
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
    # One fixed minute: a test that crossed a real minute boundary would get a new budget.
    fresh = csp_report.LogBudget(csp_report.LOG_BUDGET, csp_report.CLIENT_SHARE, lambda: 600.0)
    monkeypatch.setattr(csp_report, "budget", fresh)
    return fresh


def post(client, body, content_type="application/csp-report", address="192.0.2.1"):
    data = body if isinstance(body, bytes | str) else json.dumps(body)
    return client.post("/csp-report/", data=data, content_type=content_type, REMOTE_ADDR=address)


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
    # Seven clients each sending more than their share: 7 x 10 would be 70 lines.
    assert csp_report.LOG_BUDGET == 60 and csp_report.CLIENT_SHARE == 10
    with caplog.at_level(logging.WARNING, logger="astermind.csp"):
        for number in range(7):
            for _ in range(15):
                assert (
                    post(client, REPORT_URI_BODY, address=f"203.0.113.{number}").status_code == 204
                )
    assert len(caplog.records) == 60


def test_one_client_gets_only_its_share_and_others_are_still_heard(client, db, caplog):
    with caplog.at_level(logging.WARNING, logger="astermind.csp"):
        for _ in range(100):
            post(client, REPORT_URI_BODY, address="198.51.100.7")
        assert len(caplog.records) == 10
        post(client, REPORT_TO_BODY, "application/reports+json", address="198.51.100.8")
    assert len(caplog.records) == 11
    assert caplog.records[-1].getMessage().endswith("https://tracker.example/p.gif")


def test_one_ipv6_network_is_one_client(client, db, caplog):
    with caplog.at_level(logging.WARNING, logger="astermind.csp"):
        for host in range(40):  # forty addresses in one /64
            post(client, REPORT_URI_BODY, address=f"2001:db8:1:2::{host + 1:x}")
    assert len(caplog.records) == 10


def test_the_budget_keeps_no_address(client, db, fresh_budget):
    post(client, REPORT_URI_BODY, address="198.51.100.7")
    [key] = fresh_budget.by_client
    assert "198.51.100" not in key and len(key) == 64


def test_the_budget_is_per_minute():
    budget = csp_report.LogBudget(per_minute=3, per_client=2)
    assert [budget.take("a", now=60.0) for _ in range(3)] == [True, True, False]
    assert [budget.take("b", now=61.0) for _ in range(2)] == [True, False]  # total spent
    assert budget.take("a", now=120.0) is True  # a new minute
    assert len(budget.by_client) == 1


# A forged second line, a terminal clear and title, a right-to-left override, DEL.
HOSTILE = (
    'https://evil.example/x.js\u2028{"level": "CRITICAL"}\x85\u2029'
    "\x1b[2J\x1b]0;pwn\x07\u202eok\x7f"
)


@pytest.fixture
def json_log():
    """The production formatter (astermind_site/logs.py) on the CSP logger."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    logger = logging.getLogger("astermind.csp")
    logger.addHandler(handler)
    previous = logger.level
    logger.setLevel(logging.WARNING)
    yield stream
    logger.removeHandler(handler)
    logger.setLevel(previous)


@pytest.mark.parametrize("field", ["blocked-uri", "document-uri", "violated-directive"])
def test_a_hostile_value_stays_on_one_inert_line(client, db, json_log, caplog, field):
    body = {"csp-report": dict(REPORT_URI_BODY["csp-report"], **{field: HOSTILE})}
    assert post(client, body).status_code == 204
    written = json_log.getvalue()
    # str.splitlines breaks at NEL, U+2028, U+2029 and the C0 separators too.
    assert len(written.splitlines()) == 1
    for raw in ("\u2028", "\u2029", "\x85", "\x1b", "\x07", "\u202e", "\x7f"):
        assert raw not in written
        assert raw not in caplog.records[0].getMessage()
    entry = json.loads(written)
    assert entry["csp"][field] == (
        'https://evil.example/x.js\\u2028{"level": "CRITICAL"}\\u0085\\u2029'
        "\\u001b[2J\\u001b]0;pwn\\u0007\\u202eok\\u007f"
    )
    assert entry["level"] == "WARNING"


def test_a_value_that_is_not_text_is_logged_as_escaped_json(client, db, json_log):
    body = {"csp-report": dict(REPORT_URI_BODY["csp-report"], **{"line-number": {"x": "\u2028"}})}
    assert post(client, body).status_code == 204
    assert json.loads(json_log.getvalue())["csp"]["line-number"] == '{"x": "\\u2028"}'


def test_the_json_formatter_escapes_any_logger(json_log):
    logging.getLogger("astermind.csp").warning("line\u2028break %s", "\x85end")
    written = json_log.getvalue()
    assert len(written.splitlines()) == 1
    assert json.loads(written)["message"] == "line\u2028break \x85end"

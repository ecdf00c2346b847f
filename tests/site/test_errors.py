"""Errors become the right status: 503 while the database is away, 4xx for bad requests,
and a 500 writes one JSON line with its request id."""

import io
import json
import logging
import logging.config

import pytest
from django.conf import settings as live_settings
from django.test import Client
from django.utils.log import configure_logging

from astermind_site.logs import JsonFormatter, RequestIdFilter

pytestmark = pytest.mark.urls("tests.site.urls_boom")


@pytest.fixture
def quiet_client():
    """A client that returns error responses instead of re-raising the view's exception."""
    return Client(raise_request_exception=False)


@pytest.fixture
def json_errors():
    """The production error handler on django.request, writing into a buffer."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    handler.addFilter(RequestIdFilter())
    logger = logging.getLogger("django.request")
    logger.addHandler(handler)
    yield stream
    logger.removeHandler(handler)
    configure_logging(live_settings.LOGGING_CONFIG, live_settings.LOGGING)


def test_a_500_writes_one_json_line_with_request_id_path_status_and_exception(
    quiet_client, json_errors, db
):
    response = quiet_client.get("/boom/", HTTP_X_REQUEST_ID="proxy-id-0001")
    assert response.status_code == 500
    assert response["X-Request-ID"] == "proxy-id-0001"
    [line] = json_errors.getvalue().splitlines()
    entry = json.loads(line)
    assert entry["level"] == "ERROR"
    assert entry["request_id"] == "proxy-id-0001"
    assert entry["path"] == "/boom/"
    assert entry["status"] == 500
    assert entry["exception"] == "builtins.RuntimeError: boom: something broke"
    assert "Traceback" in entry["traceback"]


def test_without_an_acceptable_request_id_one_is_made_and_echoed(quiet_client, json_errors, db):
    response = quiet_client.get("/boom/", HTTP_X_REQUEST_ID="bad id\nwith newline")
    made = response["X-Request-ID"]
    assert len(made) == 32 and made != "bad id\nwith newline"
    assert json.loads(json_errors.getvalue())["request_id"] == made


def test_a_database_outage_is_a_503_page_with_retry_after(quiet_client, json_errors, db):
    response = quiet_client.get("/database-gone/", HTTP_ACCEPT="text/html,*/*;q=0.8")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "no-store" in response["Cache-Control"] or "no-cache" in response["Cache-Control"]
    assert "We will be back in a moment" in response.content.decode()
    entry = json.loads(json_errors.getvalue())
    assert entry["status"] == 503
    assert entry["exception"].startswith("django.db.utils.OperationalError")


def test_a_database_outage_answers_json_to_json_clients(quiet_client, db):
    response = quiet_client.get("/database-gone/", HTTP_ACCEPT="application/json")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert response.json()["error"].startswith("The site is briefly unavailable")


def test_a_body_over_the_limit_is_refused_before_it_is_read(client, home, settings):
    response = client.generic(
        "POST", "/", b"x" * (settings.MAX_REQUEST_BODY_BYTES + 1), "text/plain"
    )
    assert response.status_code == 413
    # A bad Content-Length is a 400, not a crash.
    assert client.get("/", CONTENT_LENGTH="12x").status_code == 400


def test_a_malformed_host_is_a_400(client, home, settings):
    settings.ALLOWED_HOSTS = ["learn.example.com"]
    assert client.get("/", HTTP_HOST="learn.example.com").status_code == 200
    for host in ("bad host!", "learn.example.com:port", "evil.example"):
        assert client.get("/", HTTP_HOST=host).status_code == 400, host

"""/healthz: 200 when database, cache and storage work; never cached; never redirected."""

import importlib
import sys

import pytest


def test_all_well_is_a_200_naming_each_check(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content.decode().splitlines() == [
        "ok",
        "database: ok",
        "cache: ok",
        "storage: ok",
    ]
    assert "no-cache" in response["Cache-Control"] and "max-age=0" in response["Cache-Control"]
    as_json = client.get("/healthz", HTTP_ACCEPT="application/json").json()
    assert as_json == {
        "status": "ok",
        "checks": {"database": "ok", "cache": "ok", "storage": "ok"},
    }


@pytest.fixture
def production(monkeypatch):
    monkeypatch.setenv("DJANGO_SECRET_KEY", "x" * 50)
    monkeypatch.setenv("ALLOWED_HOSTS", "learn.example.com")
    monkeypatch.delenv("SITE_BASE_URL", raising=False)
    monkeypatch.delenv("DB_CONN_MAX_AGE", raising=False)
    monkeypatch.setenv("ADMINS", "Site Ops <ops@example.com>, dev@example.com")
    sys.modules.pop("astermind_site.settings.production", None)
    yield importlib.import_module("astermind_site.settings.production")
    sys.modules.pop("astermind_site.settings.production", None)


def test_a_plain_http_probe_gets_the_real_answer_not_a_redirect(client, db, settings, production):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_REDIRECT_EXEMPT = production.SECURE_REDIRECT_EXEMPT
    assert client.get("/healthz").status_code == 200
    assert client.get("/cookies/").status_code == 301


def test_production_keeps_checked_connections_and_follows_the_site_address(production):
    database = production.DATABASES["default"]
    assert database["CONN_MAX_AGE"] == 60
    assert database["CONN_HEALTH_CHECKS"] is True
    assert production.SITE_BASE_URL == "https://learn.example.com"
    assert production.WAGTAILADMIN_BASE_URL == production.SITE_BASE_URL
    assert production.WAGTAILAPI_BASE_URL == production.SITE_BASE_URL
    assert production.ADMINS == [
        ("Site Ops", "ops@example.com"),
        ("dev@example.com", "dev@example.com"),
    ]

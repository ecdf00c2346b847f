"""/healthz: 200 when database, cache and storage work; never cached; never redirected."""

import importlib
import sys
import types

import pytest
from django.core.files.storage import storages

from astermind_site.views import healthz


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


# --------------------------------------------------------------- the storage write probe


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


@pytest.fixture
def storage_writes(monkeypatch, settings):
    """Counts the probe's writes to the real default storage, on a clock the test moves."""
    settings.HEALTHZ_STORAGE_PROBE_INTERVAL = 5
    monkeypatch.setattr(healthz._LastProbe, "at", None)
    monkeypatch.setattr(healthz._LastProbe, "error", None)
    clock = Clock()
    monkeypatch.setattr(healthz, "clock", clock)
    storage = storages["default"]
    writes = []
    real_save = storage.save
    state = {"failing": False}

    def counting_save(name, content, **kwargs):
        writes.append(name)
        if state["failing"]:
            raise OSError("disk full")
        return real_save(name, content, **kwargs)

    monkeypatch.setattr(storage, "save", counting_save)
    return types.SimpleNamespace(writes=writes, clock=clock, state=state)


def test_the_storage_probe_writes_at_most_once_per_interval(client, db, storage_writes):
    for _ in range(20):
        assert client.get("/healthz").status_code == 200
    assert len(storage_writes.writes) == 1
    storage_writes.clock.now += 4.9
    assert client.get("/healthz").status_code == 200
    assert len(storage_writes.writes) == 1
    storage_writes.clock.now += 0.1  # five seconds after the first probe
    for _ in range(5):
        assert client.get("/healthz").status_code == 200
    assert len(storage_writes.writes) == 2


def test_a_failed_probe_is_answered_until_the_next_one(client, db, storage_writes):
    storage_writes.state["failing"] = True
    for _ in range(3):
        response = client.get("/healthz")
        assert response.status_code == 503
        assert response.content.decode().splitlines()[0] == "down: storage"
    assert len(storage_writes.writes) == 1
    storage_writes.state["failing"] = False
    storage_writes.clock.now += 5
    assert client.get("/healthz").status_code == 200
    assert client.get("/healthz").status_code == 200
    assert len(storage_writes.writes) == 2


def test_the_interval_is_a_setting(client, db, storage_writes, settings):
    settings.HEALTHZ_STORAGE_PROBE_INTERVAL = 0
    for _ in range(4):
        assert client.get("/healthz").status_code == 200
    assert len(storage_writes.writes) == 4

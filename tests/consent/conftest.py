"""Fixtures for the consent tests. The registry (necessary / analytics / personalisation)
comes from the consent app's data migration, so every test database already has it.
`app_role` and `acting_as` play the site's own database role (PostgreSQL only)."""

import uuid
from urllib.parse import urlencode

import pytest
from django.db import connection
from django.test import Client

from astermind_site.dbroles import grant_app_role

ORIGIN = "http://testserver"


@pytest.fixture
def browser(db):
    """A client that enforces CSRF like a real browser and sends the headers one does."""
    return BrowserClient()


class BrowserClient(Client):
    def __init__(self, **kwargs):
        super().__init__(enforce_csrf_checks=True, **kwargs)

    def choose(self, url, data=None, *, json=False, origin=ORIGIN, **extra):
        headers = {"HTTP_ORIGIN": origin, "HTTP_SEC_FETCH_SITE": "same-origin"}
        if origin is None:
            headers = {}
        if json:
            headers["HTTP_ACCEPT"] = "application/json"
        headers.update(extra)
        # URL-encoded, as browsers send both the HTML forms and consent.js's fetch.
        return self.post(
            url,
            urlencode(data or {}, doseq=True),
            content_type="application/x-www-form-urlencoded",
            **headers,
        )


@pytest.fixture
def consent_version(db):
    from consent.policy import consent_config

    return consent_config()["version"]


@pytest.fixture
def auditor(db, make_user):
    return make_user("auditor", groups=["Consent auditors"])


@pytest.fixture
def auditor_client(signed_in, auditor):
    return signed_in(auditor)


@pytest.fixture
def app_role(db):
    """A role granted exactly what the site serves with; gone when the test rolls back."""
    if connection.vendor != "postgresql":
        # SQLite has no roles or grants; docs/security.md names it a development database for
        # this guarantee, and CI runs these tests on PostgreSQL.
        pytest.skip("database roles are PostgreSQL's")
    name = f"consent_app_{uuid.uuid4().hex[:10]}"
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE ROLE {name} NOLOGIN")
    assert grant_app_role(connection, name) is True
    return name


@pytest.fixture
def acting_as():
    """Run ORM code as a role: ``with acting_as(role): ...``."""

    class Acting:
        def __init__(self, role):
            self.role = role

        def __enter__(self):
            with connection.cursor() as cursor:
                cursor.execute(f"SET ROLE {self.role}")

        def __exit__(self, *exc):
            with connection.cursor() as cursor:
                cursor.execute("RESET ROLE")

    return Acting

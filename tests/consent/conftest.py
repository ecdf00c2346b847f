"""Fixtures for the consent tests. The registry (necessary / analytics / personalisation)
comes from the consent app's data migration, so every test database already has it."""

from urllib.parse import urlencode

import pytest
from django.test import Client

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

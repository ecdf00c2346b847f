"""Fixtures for the consent tests. The registry (necessary / analytics / personalisation)
comes from the consent app's data migration, so every test database already has it."""

from urllib.parse import urlencode

import pytest
from django.contrib.auth.models import Group
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


def _user(django_user_model, username, *, groups=(), superuser=False):
    user = django_user_model.objects.create_user(
        username=username, password="pw-123456789", is_superuser=superuser, is_staff=superuser
    )
    for name in groups:
        user.groups.add(Group.objects.get(name=name))
    return user


@pytest.fixture
def auditor(django_user_model):
    return _user(django_user_model, "auditor", groups=["Consent auditors"])


@pytest.fixture
def editor(django_user_model):
    return _user(django_user_model, "editor", groups=["Editors"])


@pytest.fixture
def superuser(django_user_model):
    return _user(django_user_model, "boss", superuser=True)


@pytest.fixture
def auditor_client(client, auditor):
    client.force_login(auditor)
    return client

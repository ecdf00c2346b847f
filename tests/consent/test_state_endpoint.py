"""/cookies/state.json: the server's reading of the signed consent cookie, which consent.js
waits for before it starts anything optional (a cookie it can read may be forged)."""

import uuid
from datetime import timedelta

import pytest
from django.utils import timezone

from consent import state
from consent.models import ConsentMethod
from consent.policy import consent_config

URL = "/cookies/state.json"


def signed(version, *, accepted=("analytics",), decided_at=None):
    return state.encode(
        state.ConsentState(
            status=state.VALID,
            consent_id=uuid.UUID("12345678123456781234567812345678"),
            policy_version=version,
            decided_at=decided_at or timezone.now(),
            method=ConsentMethod.PREFERENCES,
            accepted=frozenset(accepted),
        )
    )


def ask(client, cookie=None):
    if cookie is not None:
        client.cookies.load({"am_consent": cookie})
    return client.get(URL, HTTP_ACCEPT="application/json")


def undecided(version):
    """What the endpoint says to an undecided visitor on an English page: the English version,
    and the version in force in each language (English first: it is built first)."""
    german = consent_config("de")["version"]
    return {"decided": False, "version": version, "language": "en", "versions": [version, german]}


def test_no_cookie_is_undecided_and_never_stored(client, home, consent_version):
    response = ask(client)
    assert response.status_code == 200
    assert response.json() == undecided(consent_version)
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]
    assert "Cookie" in response["Vary"]


def test_a_signed_current_choice_is_confirmed(client, home, consent_version):
    decided_at = timezone.now().replace(microsecond=0)
    response = ask(client, signed(consent_version, decided_at=decided_at))
    assert response.status_code == 200
    assert response.json() == {
        **undecided(consent_version),
        "decided": True,
        "consentId": "12345678123456781234567812345678",
        "accepted": ["analytics"],
        "decidedAt": decided_at.isoformat(),
    }


@pytest.mark.parametrize(
    "forge",
    [
        lambda v: f"1.{'ab' * 16}.{v}.1900000000.a.analytics~personalisation",  # unsigned
        lambda v: f"1.{'ab' * 16}.{v}.1900000000.a.analytics:not-the-signature",
        # A real cookie with its groups edited: the signature no longer matches.
        lambda v: signed(v, accepted=()).replace(".p.:", ".a.analytics:"),
    ],
    ids=["unsigned", "bad-signature", "edited"],
)
def test_a_forged_cookie_is_not_confirmed_and_is_expired(client, home, consent_version, forge):
    response = ask(client, forge(consent_version))
    assert response.status_code == 200
    assert response.json() == undecided(consent_version)
    expired = response.cookies["am_consent"]
    assert expired.value == ""
    assert expired["max-age"] == 0


def test_a_choice_under_an_older_policy_is_not_confirmed(client, home, consent_version):
    newest = max(consent_config()["in_force"].values())
    response = ask(client, signed(newest + 1))
    assert response.json()["decided"] is False


def test_an_expired_choice_is_not_confirmed(client, home, consent_version, settings):
    old = timezone.now() - timedelta(days=settings.CONSENT_CHOICE_MAX_AGE_DAYS + 1)
    response = ask(client, signed(consent_version, decided_at=old))
    assert response.json()["decided"] is False


def test_only_safe_methods(client, home):
    assert client.post(URL).status_code == 405


def test_pages_name_the_endpoint_for_the_script(client, home):
    html = client.get("/").content.decode()
    assert '"stateUrl": "/cookies/state.json"' in html

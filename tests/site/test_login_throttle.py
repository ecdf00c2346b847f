"""Admin sign-in throttling (django-axes, configured in astermind_site/login_throttle.py):
guessing stops after a few failures, only for the account and address that failed, lifts after
the cool-off, keeps no address, and superusers can see and clear lockouts."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt, AccessLog
from django.test import Client
from django.utils import timezone

from tests.conftest import TEST_PASSWORD

LOGIN = "/admin/login/"
ATTACKER = "198.51.100.23"


def sign_in(client, username, password, ip, **extra):
    return client.post(
        LOGIN,
        {"username": username, "password": password, "next": "/admin/"},
        REMOTE_ADDR=ip,
        HTTP_USER_AGENT="Guesser/1.0",
        **extra,
    )


def is_signed_in(client):
    return client.get("/admin/").status_code == 200


@pytest.fixture
def ann(make_user, db):
    return make_user("ann", superuser=True)


@pytest.fixture
def bob(make_user, db):
    return make_user("bob", superuser=True)


def test_25_wrong_passwords_then_the_right_one_does_not_sign_in(ann, settings):
    client = Client()
    statuses = [sign_in(client, "ann", "wrong", ATTACKER).status_code for _ in range(25)]
    limit = settings.AXES_FAILURE_LIMIT
    assert statuses[: limit - 1] == [200] * (limit - 1)  # the form again, with its error
    assert statuses[limit - 1 :] == [429] * (25 - limit + 1)
    response = sign_in(client, "ann", TEST_PASSWORD, ATTACKER)
    assert response.status_code == 429
    assert not is_signed_in(client)


def test_the_lockout_page_says_what_happened_and_when_to_retry(ann):
    client = Client()
    for _ in range(5):
        response = sign_in(client, "ann", "wrong", ATTACKER)
    assert response.status_code == 429
    assert response["Retry-After"] == "900"
    assert "no-store" in response["Cache-Control"]
    html = response.content.decode()
    assert "Sign-in paused" in html
    assert "paused for 15 minutes" in html
    assert "ann" not in html  # never confirms which account is being guessed


def test_a_different_user_from_another_address_is_unaffected(ann, bob):
    for _ in range(25):
        sign_in(Client(), "ann", "wrong", ATTACKER)
    other = Client()
    response = sign_in(other, "bob", TEST_PASSWORD, "203.0.113.9")
    assert response.status_code == 302
    assert is_signed_in(other)


def test_the_guessed_account_still_signs_in_from_its_owners_address(ann):
    """Locking a name everywhere would let anyone lock any editor out."""
    for _ in range(25):
        sign_in(Client(), "ann", "wrong", ATTACKER)
    owner = Client()
    assert sign_in(owner, "ann", TEST_PASSWORD, "203.0.113.9").status_code == 302


def test_spraying_many_accounts_from_one_address_locks_the_address(ann, settings):
    per_address = settings.LOGIN_FAILURE_LIMIT_PER_ADDRESS
    for number in range(per_address - 1):
        assert sign_in(Client(), f"user{number}", "wrong", ATTACKER).status_code == 200
    assert sign_in(Client(), "one-more", "wrong", ATTACKER).status_code == 429
    # Every account from that address, the real one with its real password too.
    assert sign_in(Client(), "ann", TEST_PASSWORD, ATTACKER).status_code == 429
    assert sign_in(Client(), "ann", TEST_PASSWORD, "203.0.113.9").status_code == 302


def test_an_ipv6_client_cannot_escape_by_walking_its_64(ann):
    statuses = [
        sign_in(Client(), "ann", "wrong", f"2001:db8:5:6::{n:x}").status_code for n in range(1, 7)
    ]
    assert statuses == [200, 200, 200, 200, 429, 429]


def test_the_lockout_lifts_after_the_cool_off(ann, settings):
    client = Client()
    for _ in range(25):
        sign_in(client, "ann", "wrong", ATTACKER)
    assert sign_in(client, "ann", TEST_PASSWORD, ATTACKER).status_code == 429
    past = timezone.now() - settings.AXES_COOLOFF_TIME - timedelta(seconds=1)
    AccessAttempt.objects.update(attempt_time=past)
    response = sign_in(client, "ann", TEST_PASSWORD, ATTACKER)
    assert response.status_code == 302
    assert is_signed_in(client)


def test_a_forged_forwarded_for_header_does_not_reset_the_count(ann, settings):
    settings.CONSENT_TRUSTED_PROXY_COUNT = 0
    statuses = [
        sign_in(Client(), "ann", "wrong", ATTACKER, HTTP_X_FORWARDED_FOR=f"192.0.2.{n}").status_code
        for n in range(6)
    ]
    assert statuses == [200, 200, 200, 200, 429, 429]


def test_behind_a_trusted_proxy_each_client_is_counted_on_its_own(ann, settings):
    settings.CONSENT_TRUSTED_PROXY_COUNT = 1
    proxy = "10.0.0.2"
    for _ in range(5):
        sign_in(Client(), "ann", "wrong", proxy, HTTP_X_FORWARDED_FOR=ATTACKER)
    locked = sign_in(Client(), "ann", TEST_PASSWORD, proxy, HTTP_X_FORWARDED_FOR=ATTACKER)
    assert locked.status_code == 429
    other = sign_in(Client(), "ann", TEST_PASSWORD, proxy, HTTP_X_FORWARDED_FOR="203.0.113.9")
    assert other.status_code == 302


def test_no_address_or_browser_detail_is_stored(ann):
    client = Client()
    for _ in range(3):
        sign_in(client, "ann", "wrong", ATTACKER)
    sign_in(Client(), "ann", TEST_PASSWORD, "203.0.113.9")
    attempt = AccessAttempt.objects.get()
    assert attempt.username == "ann"
    assert attempt.failures_since_start == 3
    assert attempt.ip_address.startswith("fd")  # a unique-local pseudonym ...
    assert ATTACKER not in repr(attempt.__dict__)  # ... and the address is nowhere
    assert attempt.user_agent == ""
    assert attempt.http_accept == ""
    assert "wrong" not in attempt.post_data
    assert "csrfmiddlewaretoken=" not in attempt.post_data or "****" in attempt.post_data
    assert AccessLog.objects.count() == 0  # successful sign-ins are not logged


def test_a_superuser_sees_and_clears_lockouts(ann, admin_client):
    for _ in range(5):
        sign_in(Client(), "ann", "wrong", ATTACKER)
    listing = admin_client.get("/admin/signin-lockouts/")
    assert listing.status_code == 200
    html = listing.content.decode()
    assert "ann" in html and "Failed attempts" in html
    attempt = AccessAttempt.objects.get()
    delete_url = f"/admin/signin-lockouts/delete/{attempt.pk}/"
    assert f'href="{delete_url}"' in html  # each row leads to clearing it
    assert admin_client.get(delete_url).status_code == 200
    assert admin_client.post(delete_url).status_code == 302
    assert not AccessAttempt.objects.exists()
    assert sign_in(Client(), "ann", TEST_PASSWORD, ATTACKER).status_code == 302


def test_lockouts_are_hidden_from_editors(ann, editor_client):
    for _ in range(5):
        sign_in(Client(), "ann", "wrong", ATTACKER)
    attempt = AccessAttempt.objects.get()
    assert editor_client.get("/admin/signin-lockouts/").status_code == 302
    delete_url = f"/admin/signin-lockouts/delete/{attempt.pk}/"
    assert editor_client.post(delete_url).status_code == 302
    assert AccessAttempt.objects.count() == 1


def test_nobody_edits_or_invents_attempts(ann, admin_client):
    for _ in range(2):
        sign_in(Client(), "ann", "wrong", ATTACKER)
    attempt = AccessAttempt.objects.get()
    assert admin_client.get("/admin/signin-lockouts/new/").status_code == 302
    assert admin_client.get(f"/admin/signin-lockouts/edit/{attempt.pk}/").status_code == 302

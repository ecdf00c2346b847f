"""The consent cookie: round trip, and every kind of bad cookie reads as undecided."""

import uuid
from datetime import UTC, datetime, timedelta

import pytest
from django.core import signing
from django.test import override_settings

from consent import state
from consent.models import ConsentMethod

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
CID = uuid.UUID("12345678123456781234567812345678")


def make(version=3, decided=NOW, method=ConsentMethod.PREFERENCES, accepted=("analytics",)):
    return state.encode(
        state.ConsentState(state.VALID, CID, version, decided, method, frozenset(accepted))
    )


def test_round_trip_keeps_every_field():
    decoded = state.decode(make())
    assert decoded.status == state.VALID
    assert decoded.consent_id == CID
    assert decoded.policy_version == 3
    assert decoded.decided_at == NOW
    assert decoded.method == ConsentMethod.PREFERENCES
    assert decoded.accepted == frozenset({"analytics"})


def test_value_needs_no_cookie_quoting():
    # Characters outside the RFC 6265 token set would make Django quote the value, and the
    # browser script would then fail to parse it.
    value = make(accepted=("analytics", "personalisation"))
    legal = set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.~:_-")
    assert set(value) <= legal


@pytest.mark.parametrize(
    "raw",
    [
        "",
        "garbage",
        "1.abc.3.0.p.analytics",  # unsigned
        "x" * 5000,  # oversized
        "\x00\x01;=",
        "1.12345678123456781234567812345678.3.1700000000.p.analytics:forgedsignature",
    ],
)
def test_malformed_oversized_and_forged_cookies_are_invalid(raw):
    assert state.decode(raw).status == state.INVALID
    assert not state.decode(raw).is_current(3, NOW)


def test_forged_accept_by_editing_a_real_cookie_is_invalid():
    genuine = make(accepted=())
    payload, signature = genuine.rsplit(":", 1)
    tampered = payload + "analytics:" + signature
    assert state.decode(tampered).status == state.INVALID


def test_cookie_signed_with_another_key_is_invalid():
    foreign = signing.Signer(key="someone-else", salt="consent.cookie", algorithm="sha256")
    payload = make().rsplit(":", 1)[0]
    assert state.decode(foreign.sign(payload)).status == state.INVALID


def test_missing_cookie_is_missing_not_invalid():
    assert state.decode(None).status == state.MISSING


def test_choice_under_older_policy_version_is_not_current():
    decoded = state.decode(make(version=2))
    assert decoded.is_valid
    assert not decoded.is_current(3, NOW)
    assert decoded.is_current(2, NOW)


@override_settings(CONSENT_CHOICE_MAX_AGE_DAYS=30)
def test_choice_expires_after_configured_period():
    decoded = state.decode(make(decided=NOW))
    assert decoded.is_current(3, NOW + timedelta(days=29))
    assert not decoded.is_current(3, NOW + timedelta(days=30, seconds=1))


def test_choice_dated_in_the_future_is_not_believed():
    decoded = state.decode(make(decided=NOW + timedelta(hours=1)))
    assert not decoded.is_current(3, NOW)


def test_grants_only_accepted_groups_of_a_current_choice():
    decoded = state.decode(make(accepted=("analytics",)))
    assert decoded.grants("analytics", 3, NOW)
    assert not decoded.grants("personalisation", 3, NOW)
    assert not decoded.grants("analytics", 4, NOW)


def test_encode_refuses_group_names_that_would_break_the_format():
    with pytest.raises(ValueError):
        make(accepted=["bad.name"])


def test_encode_refuses_a_state_that_holds_no_decision():
    with pytest.raises(ValueError):
        state.encode(state.ConsentState())
    with pytest.raises(ValueError):
        state.encode(state.decode("not-a-signed-cookie"))

"""New consent ids are bounded per network per day (consent/ratelimit.py says why), on the
process-local cache and on Redis, while a visitor with a valid consent cookie can always
change their mind."""

import uuid

import pytest
from django.core.cache import caches
from django.test import override_settings

from consent import ratelimit
from consent.models import ConsentRecord
from tests.servers import redis_answers

BOUND = 3
REDIS_URL = "redis://127.0.0.1:6379/5"


def cache_setting(kind):
    if kind == "locmem":
        return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    return {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": f"newid-test-{uuid.uuid4().hex}",
    }


@pytest.fixture(
    params=[
        "locmem",
        pytest.param(
            "redis",
            marks=pytest.mark.skipif(not redis_answers(), reason="no Redis at 127.0.0.1:6379"),
        ),
    ]
)
def bounded(request):
    caches_setting = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "counters": cache_setting(request.param),
    }
    with override_settings(
        CACHES=caches_setting,
        CONSENT_RATE_LIMIT_CACHE="counters",
        CONSENT_NEW_IDS_PER_NETWORK_PER_DAY=BOUND,
        CONSENT_TRUSTED_PROXY_COUNT=0,
    ):
        yield
        caches["counters"].clear()


def new_visitor(browser, ip, *, json=False, action="decline"):
    browser.cookies.clear()
    return browser.choose(f"/cookies/{action}/", json=json, REMOTE_ADDR=ip)


def test_a_48_gets_only_the_bound_of_new_ids_whatever_its_64s(browser, home, bounded):
    # Each post from its own /64: the per-client allowance never bites, only the new-id bound.
    statuses = [new_visitor(browser, f"2001:db8:aa:{n:x}::1").status_code for n in range(BOUND)]
    assert statuses == [303] * BOUND
    refused = new_visitor(browser, "2001:db8:aa:ffff::9")
    assert refused.status_code == 429
    assert (
        "So many new cookie choices have come from your network today" in refused.content.decode()
    )
    assert "text/html" in refused["Content-Type"]
    assert 0 < int(refused["Retry-After"]) <= 86401
    assert "no-store" in refused["Cache-Control"]
    assert "am_consent" not in refused.cookies
    assert ConsentRecord.objects.count() == BOUND
    # The next /48 has its own allowance.
    assert new_visitor(browser, "2001:db8:ab::1").status_code == 303


def test_the_script_gets_json(browser, home, bounded):
    for n in range(BOUND):
        new_visitor(browser, f"192.0.2.{n + 1}", json=True)
    refused = new_visitor(browser, "192.0.2.200", json=True)
    assert refused.status_code == 429
    body = refused.json()
    assert body["ok"] is False
    assert body["error"].startswith("So many new cookie choices")
    # Another /24 is unaffected.
    assert new_visitor(browser, "192.0.3.1", json=True).status_code == 200


def test_a_visitor_with_a_valid_cookie_can_always_change_their_mind(browser, home, bounded):
    browser.cookies.clear()
    assert browser.choose("/cookies/accept/", REMOTE_ADDR="192.0.2.50").status_code == 303
    mine = browser.cookies["am_consent"].value
    for n in range(BOUND + 2):  # others on the network use the rest, and more
        new_visitor(browser, f"192.0.2.{n + 60}")
    assert new_visitor(browser, "192.0.2.99").status_code == 429
    browser.cookies.load({"am_consent": mine})
    statuses = []
    for action in ("decline", "accept", "decline"):
        statuses.append(browser.choose(f"/cookies/{action}/", REMOTE_ADDR="192.0.2.50").status_code)
    assert statuses == [303, 303, 303]
    records = ConsentRecord.objects.order_by("pk")
    consent_ids = {str(r.consent_id) for r in records}
    assert len(consent_ids) == BOUND  # the visitor's own and BOUND - 1 others'
    assert records.filter(consent_id=mine.split(".")[1]).count() == 4  # one id, four choices
    assert records.count() == BOUND + 3


def test_a_forged_cookie_does_not_escape_the_bound(browser, home, bounded):
    for n in range(BOUND):
        new_visitor(browser, f"192.0.2.{n + 1}")
    browser.cookies.clear()
    forged = f"1.{uuid.uuid4().hex}.1.1700000000.a.analytics:bad-signature"
    browser.cookies.load({"am_consent": forged})
    response = browser.choose("/cookies/accept/", REMOTE_ADDR="192.0.2.77")
    assert response.status_code == 429


@override_settings(CONSENT_NEW_IDS_PER_NETWORK_PER_DAY=2)
def test_the_bound_is_per_utc_day_and_says_when_it_lifts(db):
    day = 20_000 * 86400  # a midnight, UTC
    one_am = day + 3600
    key = "k" + uuid.uuid4().hex
    assert [ratelimit.hit_new_id(key, now=one_am)[0] for _ in range(3)] == [True, True, False]
    assert ratelimit.hit_new_id(key, now=one_am)[1] == 23 * 3600 + 1
    assert ratelimit.hit_new_id(key, now=day + 86400 + 5)[0] is True


@pytest.mark.parametrize(
    ("first", "second", "shared"),
    [
        ("2001:db8:aa:1::1", "2001:db8:aa:ffff::1", True),  # one /48
        ("2001:db8:aa::1", "2001:db8:ab::1", False),
        ("192.0.2.1", "192.0.2.254", True),  # one /24
        ("192.0.2.1", "192.0.3.1", False),
        ("::ffff:192.0.2.1", "192.0.2.9", True),
    ],
)
def test_network_key_groups_by_the_networks_records_keep(rf, settings, first, second, shared):
    settings.CONSENT_TRUSTED_PROXY_COUNT = 0
    keys = [ratelimit.network_key(rf.post("/", REMOTE_ADDR=ip)) for ip in (first, second)]
    assert (keys[0] == keys[1]) is shared
    assert first not in keys[0] and len(keys[0]) == 32

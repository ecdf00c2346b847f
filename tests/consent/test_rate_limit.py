"""Who shares a rate-limit allowance, and what uses it up: refused cross-site posts do not,
IPv6 visitors are counted per /64 (one subscriber's network), proxies are trusted only as
configured."""

import pytest
from django.test import RequestFactory, override_settings

from consent import ratelimit
from consent.models import ConsentRecord

LIMIT = {"CONSENT_RATE_LIMIT": 3, "CONSENT_RATE_LIMIT_WINDOW": 60}


def choose(browser, ip, **extra):
    response = browser.choose("/cookies/decline/", REMOTE_ADDR=ip, **extra)
    browser.cookies.clear()  # a new visitor each time: no dedupe
    return response


@override_settings(**LIMIT)
@pytest.mark.parametrize(
    "forged",
    [
        {"origin": "https://evil.example"},
        {"origin": None, "HTTP_SEC_FETCH_SITE": "cross-site"},
        {"origin": None},
    ],
)
def test_refused_cross_site_posts_do_not_use_up_the_allowance(browser, home, forged):
    for _ in range(10):
        assert choose(browser, "192.0.2.10", **forged).status_code == 403
    for _ in range(3):
        assert choose(browser, "192.0.2.10").status_code == 303
    assert choose(browser, "192.0.2.10").status_code == 429
    assert ConsentRecord.objects.count() == 3


@override_settings(**LIMIT)
def test_ipv6_addresses_in_one_64_share_an_allowance(browser, home):
    for ip in ("2001:db8:1:2::1", "2001:db8:1:2::2", "2001:db8:1:2:abcd:ef01:2345:6789"):
        assert choose(browser, ip).status_code == 303
    assert choose(browser, "2001:db8:1:2:ffff::9").status_code == 429
    assert choose(browser, "2001:db8:1:3::1").status_code == 303


@pytest.mark.parametrize(
    ("first", "second", "shared"),
    [
        ("2001:db8:1:2::1", "2001:db8:1:2:ffff:ffff:ffff:ffff", True),
        ("2001:db8:1:2::1", "2001:db8:1:3::1", False),
        ("2001:DB8:1:2::1", "2001:db8:1:2:0::7", True),
        ("192.0.2.1", "192.0.2.2", False),
        ("::ffff:192.0.2.1", "192.0.2.1", True),
        ("::ffff:192.0.2.1", "::ffff:192.0.2.2", False),
    ],
)
def test_client_key_groups_ipv6_by_64_and_keeps_ipv4_exact(settings, first, second, shared):
    settings.CONSENT_TRUSTED_PROXY_COUNT = 0
    factory = RequestFactory()
    key = [ratelimit.client_key(factory.post("/", REMOTE_ADDR=ip)) for ip in (first, second)]
    assert (key[0] == key[1]) is shared
    assert first not in key[0] and len(key[0]) == 32


@pytest.mark.parametrize(
    ("proxies", "forwarded", "remote", "expected_same_as"),
    [
        (0, "198.51.100.7", "10.0.0.1", "10.0.0.1"),  # no proxy trusted: header ignored
        (1, "203.0.113.5, 198.51.100.7", "10.0.0.1", "198.51.100.7"),  # client forged the first
        (2, "203.0.113.5, 198.51.100.7", "10.0.0.1", "203.0.113.5"),
        (2, "198.51.100.7", "10.0.0.1", "10.0.0.1"),  # fewer hops than proxies: socket
    ],
)
def test_trusted_proxy_count_picks_the_hop_our_proxies_saw(
    settings, proxies, forwarded, remote, expected_same_as
):
    settings.CONSENT_TRUSTED_PROXY_COUNT = proxies
    factory = RequestFactory()
    request = factory.post("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)
    settings.CONSENT_TRUSTED_PROXY_COUNT = 0
    expected = ratelimit.client_key(factory.post("/", REMOTE_ADDR=expected_same_as))
    settings.CONSENT_TRUSTED_PROXY_COUNT = proxies
    assert ratelimit.client_key(request) == expected

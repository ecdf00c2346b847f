"""The no-JS choice form sends the visitor back where they were, and never to another host:
neither through the form's `next` nor through the Referer fallback."""

import html
import re
from urllib.parse import urlsplit

import pytest

ORIGIN = "http://testserver"

HOSTILE_NEXT = [
    "//evil.example/x",
    "///evil.example/x",
    "////evil.example/x",
    "/\\evil.example/x",
    "\\\\evil.example/x",
    "/\t/evil.example/x",
    "\t//evil.example/x",
    "/\n/evil.example/x",
    "https://evil.example/x",
    "http:evil.example/x",
    "javascript:alert(1)",
    "%2F%2Fevil.example/x",
    "/%2F/evil.example/x",
    "http://testserver//evil.example/x",
    "http://testserver///evil.example/x",
    "http://testserver/\\evil.example/x",
    "http://testserver/\t/evil.example/x",
    "http://testserver//evil.example/x?a=1",
    "https://testserver//evil.example/x",
]


def lands_on_this_site(location):
    """What a browser would do with the Location header: stays on testserver?"""
    cleaned = re.sub(r"[\t\r\n]", "", location).replace("\\", "/")
    assert cleaned.startswith("/"), location
    assert not cleaned.startswith("//"), location
    return urlsplit(ORIGIN + cleaned).netloc == "testserver"


@pytest.mark.parametrize("next_value", HOSTILE_NEXT)
def test_hostile_next_never_leaves_the_site(browser, home, next_value):
    response = browser.choose("/cookies/accept/", {"next": next_value})
    assert response.status_code == 303
    assert lands_on_this_site(response["Location"])


@pytest.mark.parametrize("referer", [v for v in HOSTILE_NEXT if v.startswith("http")])
def test_hostile_referer_fallback_never_leaves_the_site(browser, home, referer):
    response = browser.choose("/cookies/accept/", {}, HTTP_REFERER=referer)
    assert response.status_code == 303
    assert lands_on_this_site(response["Location"])


def test_encoded_slashes_arrive_decoded_and_are_refused(browser, home):
    # The form body is decoded once by Django: %2F%2F arrives as //, %5C as a backslash.
    body = "next=%2F%2Fevil.example%2Fx"
    for raw in (body, "next=%2F%5Cevil.example%2Fx", "next=%2F%09%2Fevil.example"):
        response = browser.post(
            "/cookies/accept/",
            raw,
            content_type="application/x-www-form-urlencoded",
            HTTP_ORIGIN=ORIGIN,
            HTTP_SEC_FETCH_SITE="same-origin",
        )
        assert response.status_code == 303
        assert response["Location"] == "/"


def test_404_page_for_a_double_slash_path_cannot_bounce_the_visitor_away(browser, home):
    # An absolute URL, so the test client keeps the path `//evil.example/x/` intact.
    page = browser.get(f"{ORIGIN}//evil.example/x/")
    assert page.status_code == 404
    found = re.search(r'name="next" value="([^"]*)"', page.content.decode())
    assert found, "the 404 page carries the banner form"
    next_value = html.unescape(found.group(1))
    response = browser.choose(
        "/cookies/accept/",
        {"next": next_value},
        HTTP_REFERER=f"{ORIGIN}//evil.example/x/",
    )
    assert response.status_code == 303
    assert response["Location"] == "/"


@pytest.mark.parametrize(
    ("next_value", "expected"),
    [
        ("/some/page/?q=1", "/some/page/?q=1"),
        ("http://testserver/some/page/", "/some/page/"),
        ("/a//b/", "/a//b/"),
        ("/tags/fundamentals/#top", "/tags/fundamentals/"),
    ],
)
def test_same_site_next_is_kept(browser, home, next_value, expected):
    response = browser.choose("/cookies/accept/", {"next": next_value})
    assert response["Location"] == expected


def test_same_site_referer_is_used_when_next_is_hostile(browser, home):
    response = browser.choose(
        "/cookies/accept/",
        {"next": "//evil.example/"},
        HTTP_REFERER="http://testserver/core-concepts/?page=2",
    )
    assert response["Location"] == "/core-concepts/?page=2"

"""Page HTML never depends on a visitor's consent, which is what makes sharing it safe."""

from urllib.parse import urlencode

import pytest
from django.test import Client

from consent.conf import settings as consent_settings

SAME_ORIGIN = {"HTTP_ORIGIN": "http://testserver", "HTTP_SEC_FETCH_SITE": "same-origin"}


def visitor_who(choice):
    """A browser that made a choice through the real consent endpoint (None: undecided)."""
    browser = Client()
    if choice is not None:
        response = browser.post(
            f"/cookies/{choice}/",
            urlencode({"next": "/"}),
            content_type="application/x-www-form-urlencoded",
            **SAME_ORIGIN,
        )
        assert response.status_code == 303
        assert consent_settings.CONSENT_COOKIE_NAME in browser.cookies
    return browser


@pytest.fixture
def urls(home, section, article):
    return {
        "home": "/",
        "section": section.url,
        "article": article.url,
        "tag": "/tags/fundamentals/",
    }


@pytest.mark.parametrize("page", ["home", "section", "article", "tag"])
def test_visitors_with_different_choices_get_byte_identical_html(urls, page, settings):
    settings.PAGE_CACHE_ENABLED = False  # every visitor's page is rendered for them
    accepted, declined, undecided = visitor_who("accept"), visitor_who("decline"), Client()
    declined.cookies["_ga"] = "GA1.1.1.1"  # a stray analytics cookie, expired on the way out
    responses = [v.get(urls[page]) for v in (accepted, declined, undecided)]
    assert [r.status_code for r in responses] == [200, 200, 200]
    assert {r["X-Cache"] for r in responses} == {"MISS", "BYPASS"}  # rendered, not copied
    assert responses[0].content == responses[1].content == responses[2].content
    assert responses[1].cookies["_ga"]["max-age"] == 0


@pytest.mark.usefixtures("page_cache")
def test_a_visitor_with_a_consent_cookie_still_fills_the_cache_for_everyone(urls):
    accepted = visitor_who("accept")
    stored = accepted.get(urls["article"])
    assert stored["X-Cache"] == "MISS" and not stored.cookies
    shared = visitor_who("decline").get(urls["article"])
    assert shared["X-Cache"] == "HIT" and shared.content == stored.content

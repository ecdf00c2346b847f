"""A video in an article asks first: the browser makes no request to the provider before the
visitor clicks, loads the privacy-enhanced player after, remembers "Always allow YouTube",
and shows the placeholder again once that is withdrawn on the cookie settings.

The provider's hosts are routed by Playwright (the machine has no outside network): the
player answers with a tiny page, and every request to any YouTube host is counted."""

import io
import re
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from PIL import Image as PILImage
from playwright.sync_api import expect
from wagtail.images import get_image_model

from consent.models import ConsentRecord
from tests.factories import ArticlePageFactory, SectionPageFactory, make_site_tree

from .helpers import DESKTOP, PHONE, axe_violations, describe_violations
from .nu_checker import VNU_JAR, nu_errors

pytestmark = pytest.mark.e2e

VIDEO_ID = "dQw4w9WgXcQ"
WATCH_URL = f"https://www.youtube.com/watch?v={VIDEO_ID}"
PLAYER = f"https://www.youtube-nocookie.com/embed/{VIDEO_ID}"
YOUTUBE_HOSTS = re.compile(r"^https?://([^/]*\.)?(youtube(-nocookie)?\.com|ytimg\.com|youtu\.be)/")
SHOTS = Path("/tmp/shots/embeds")
PLAY = "Play this video (loads YouTube, which sets cookies)"
ALWAYS = "Always allow YouTube"


@pytest.fixture
def video_article(site_db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    home = make_site_tree()
    section = SectionPageFactory(parent=home, title="Talks", slug="talks")
    buffer = io.BytesIO()
    PILImage.new("RGB", (640, 360), (52, 84, 160)).save(buffer, "JPEG")
    thumb = get_image_model()(title="Video thumbnail: Attention")
    thumb.file.save("thumb.jpg", ContentFile(buffer.getvalue()), save=False)
    thumb.width, thumb.height = 640, 360
    thumb.save()
    page = ArticlePageFactory(parent=section, title="Attention, in a talk", slug="talk")
    page.body = [
        ("paragraph", "<p>A talk worth watching.</p>"),
        (
            "video",
            {
                "video": WATCH_URL,
                "title": "Attention, explained slowly",
                "duration": 305,
                "thumbnail": thumb,
                "caption": "A lecture from an open course",
            },
        ),
    ]
    page.save_revision().publish()
    return page


@pytest.fixture
def youtube(visitor_factory):
    """A visitor whose YouTube requests are answered (and counted) by the test."""

    def open_visitor(**kwargs):
        visitor = visitor_factory(**kwargs)
        visitor.page.route(
            YOUTUBE_HOSTS,
            lambda route: route.fulfill(
                status=200, content_type="text/html", body="<!doctype html><title>player</title>"
            ),
        )
        return visitor

    return open_visitor


def youtube_requests(visitor, since=0):
    return [url for url in visitor.requests[since:] if YOUTUBE_HOSTS.match(url)]


def settled(page):
    """consent.js has asked the server for the consent state and applied it."""
    page.wait_for_load_state("networkidle")
    page.wait_for_function("window.amConsent && window.amConsent.confirmed === true")


def placeholder(page):
    return page.locator("figure.embed")


def test_nothing_loads_before_the_click_and_the_player_after_it(youtube, video_article):
    visitor = youtube()
    page = visitor.page
    visitor.goto(video_article.url)
    settled(page)
    expect(page.get_by_role("button", name=PLAY)).to_be_visible()
    assert youtube_requests(visitor) == []
    assert page.locator("iframe").count() == 0
    # The thumbnail is ours.
    thumb = placeholder(page).locator("img")
    assert thumb.evaluate("img => new URL(img.currentSrc).origin") == visitor.origin

    with page.expect_request(lambda r: r.url.startswith(PLAYER)):
        page.get_by_role("button", name=PLAY).click()
    frame = placeholder(page).locator("iframe")
    expect(frame).to_have_attribute("src", f"{PLAYER}?autoplay=1")
    assert [u for u in youtube_requests(visitor) if not u.startswith(PLAYER)] == []
    assert len(youtube_requests(visitor)) == 1
    # Playing once is not a choice: nothing recorded, and the next view asks again.
    assert ConsentRecord.objects.count() == 0
    before = len(visitor.requests)
    visitor.goto(video_article.url)
    settled(page)
    expect(page.get_by_role("button", name=PLAY)).to_be_visible()
    assert youtube_requests(visitor, since=before) == []


def test_always_allow_is_remembered_and_forgotten_after_withdrawal(youtube, video_article):
    visitor = youtube()
    page = visitor.page
    visitor.goto(video_article.url)
    settled(page)
    with page.expect_response(lambda r: r.url.endswith("/cookies/preferences/")) as answer:
        page.get_by_role("button", name=ALWAYS).click()
    assert answer.value.status == 200
    expect(placeholder(page).locator("iframe")).to_have_count(1)
    record = ConsentRecord.objects.get()
    assert record.decisions["embeds_youtube"] is True
    assert record.decisions["analytics"] is False

    # The next view loads the player without a click (and without autoplay).
    before = len(visitor.requests)
    visitor.goto(video_article.url)
    settled(page)
    expect(placeholder(page).locator("iframe")).to_have_attribute("src", PLAYER)
    assert len(youtube_requests(visitor, since=before)) == 1

    # Withdraw in the cookie settings.
    page.get_by_role("link", name="Cookie settings").click()
    dialog = page.locator("#consent-dialog")
    expect(dialog).to_be_visible()
    switch = dialog.get_by_role("switch", name="Embedded media: YouTube")
    expect(switch).to_be_checked()
    switch.uncheck()
    dialog.get_by_role("button", name="Save preferences").click()
    expect(dialog).to_be_hidden()
    expect(page.locator("#consent-status")).to_have_text("Your cookie choices have been saved.")

    before = len(visitor.requests)
    visitor.goto(video_article.url)
    settled(page)
    expect(page.get_by_role("button", name=PLAY)).to_be_visible()
    assert page.locator("iframe").count() == 0
    assert youtube_requests(visitor, since=before) == []
    newest = ConsentRecord.objects.order_by("-pk").first()
    assert newest.decisions["embeds_youtube"] is False


def test_without_javascript_the_placeholder_is_a_link_to_the_video(youtube, video_article):
    visitor = youtube(javascript=False)
    page = visitor.page
    visitor.goto(video_article.url)
    link = placeholder(page).get_by_role("link", name=re.compile("Attention, explained slowly"))
    expect(link).to_have_attribute("href", WATCH_URL)
    expect(page.get_by_role("button", name=PLAY)).to_be_hidden()
    assert youtube_requests(visitor) == []


@pytest.mark.parametrize(("device", "viewport"), [("desktop", DESKTOP), ("phone", PHONE)])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_placeholder_screenshots(youtube, video_article, device, viewport, scheme):
    visitor = youtube(viewport=viewport, color_scheme=scheme)
    page = visitor.page
    visitor.goto(video_article.url)
    settled(page)
    figure = placeholder(page)
    figure.scroll_into_view_if_needed()
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"placeholder-{device}-{scheme}.png"))
    figure.screenshot(path=str(SHOTS / f"placeholder-{device}-{scheme}-figure.png"))
    box = figure.bounding_box()
    assert box["width"] <= viewport["width"]
    assert youtube_requests(visitor) == []


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_placeholder_passes_axe(youtube, video_article, scheme):
    visitor = youtube(color_scheme=scheme, bypass_csp=True)  # axe is injected inline
    visitor.goto(video_article.url)
    settled(visitor.page)
    violations = axe_violations(visitor.page, "figure.embed")
    assert violations == [], describe_violations(violations)


def test_the_article_with_a_video_passes_the_nu_html_checker(video_article, client, tmp_path):
    assert VNU_JAR.is_file(), "run tests/e2e/setup.sh (make e2e does) to install vnu-jar"
    response = client.get(video_article.url)
    assert response.status_code == 200
    target = tmp_path / "video.html"
    target.write_bytes(response.content)
    problems = [f"line {m.get('lastLine')}: {m['message']}" for m in nu_errors([target])]
    assert problems == [], "\n".join(problems)

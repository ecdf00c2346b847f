"""The video block: what it keeps when an editor saves (asked of a real oEmbed provider on
127.0.0.1, never the internet) and the placeholder it renders, which loads nothing from the
provider and is the same for every visitor."""

import re
import uuid
from html.parser import HTMLParser

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils import timezone
from wagtail.embeds.finders import get_finders
from wagtail.embeds.models import Embed
from wagtail.images import get_image_model

from articles.blocks.embed import VideoEmbedBlock, format_duration
from consent.models import ConsentMethod
from consent.policy import consent_config
from consent.state import ConsentState, encode
from tests.factories import ArticlePageFactory
from tests.oembed_server import TITLE, OEmbedServer, jpeg_bytes

YOUTUBE_URL = "https://www.youtube.com/watch?v=dQw4w9WgXcQ"
VIMEO_URL = "https://vimeo.com/76979871"
PATTERNS = (r"^https?://(?:www\.)?youtube\.com/watch.+$", r"^https?://(?:www\.)?vimeo\.com/.+$")


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def provider(settings, media, db):
    """Our oEmbed server, configured as the finder for YouTube- and Vimeo-shaped URLs."""
    with OEmbedServer() as server:
        settings.WAGTAILEMBEDS_FINDERS = server.finders(PATTERNS)
        get_finders.cache_clear()
        yield server
    get_finders.cache_clear()


def saved(url, **fields):
    """The block's value as the editor's save leaves it (the admin form calls clean)."""
    block = VideoEmbedBlock()
    return block, block.clean(block.to_python({"video": url, **fields}))


def test_saving_fetches_the_title_and_stores_the_thumbnail_on_our_server(provider, media):
    _, value = saved(YOUTUBE_URL)
    assert value["title"] == TITLE
    image = value["thumbnail"]
    assert isinstance(image, get_image_model())
    assert image.file.read() == provider.thumbnail  # the provider's bytes, now ours
    assert (media / image.file.name).is_file()
    assert provider.hits["/oembed"] == 1
    assert provider.hits["/thumb.jpg"] == 1
    assert Embed.objects.filter(url=YOUTUBE_URL).count() == 1


def test_saving_again_reuses_the_stored_thumbnail(provider):
    _, first = saved(YOUTUBE_URL)
    _, second = saved(YOUTUBE_URL)
    assert second["thumbnail"].pk == first["thumbnail"].pk
    assert get_image_model().objects.count() == 1


def test_an_editor_chosen_title_and_thumbnail_are_kept_without_asking_the_provider(provider):
    image = get_image_model().objects.create(title="Ours", file=_jpeg_file(), width=4, height=3)
    _, value = saved(YOUTUBE_URL, title="My own words", thumbnail=image.pk)
    assert value["title"] == "My own words"
    assert value["thumbnail"].pk == image.pk
    # Wagtail's EmbedBlock still checks once that the URL is embeddable; nothing is copied.
    assert provider.hits["/oembed"] == 1
    assert provider.hits["/thumb.jpg"] == 0


def _jpeg_file():
    return ContentFile(jpeg_bytes(4, 3), name="ours.jpg")


@pytest.mark.parametrize(
    ("kind", "body"), [("text/html", b"<html></html>"), ("image/jpeg", b"not a picture")]
)
def test_a_thumbnail_that_is_not_a_picture_is_not_stored(settings, media, db, kind, body):
    with OEmbedServer(thumbnail_type=kind, thumbnail=body) as server:
        settings.WAGTAILEMBEDS_FINDERS = server.finders(PATTERNS)
        get_finders.cache_clear()
        try:
            _, value = saved(YOUTUBE_URL)
        finally:
            get_finders.cache_clear()
    assert value["title"] == TITLE
    assert value["thumbnail"] is None
    assert get_image_model().objects.count() == 0


def test_a_provider_that_is_not_enabled_is_refused(provider, settings):
    settings.ARTICLE_EMBED_PROVIDERS = ("youtube",)
    with pytest.raises(ValidationError) as raised:
        saved(VIMEO_URL)
    assert "Only videos from YouTube can be used." in str(raised.value.block_errors["video"])


def test_a_url_no_finder_knows_is_refused(provider):
    with pytest.raises(ValidationError):
        saved("https://example.com/video/1")
    assert provider.hits["/oembed"] == 0


class Tags(HTMLParser):
    def __init__(self, html):
        super().__init__()
        self.tags = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


@pytest.fixture
def article(provider, section):
    _, value = saved(YOUTUBE_URL, duration=305, caption="A short talk")
    page = ArticlePageFactory(parent=section, slug="with-video")
    page.body = [("video", value)]
    page.save_revision().publish()
    provider.hits.clear()
    return page


def test_the_page_shows_a_placeholder_and_no_player(client, article, provider):
    response = client.get(article.url)
    assert response.status_code == 200
    html = response.content.decode()
    tags = Tags(html).tags
    assert not [t for t in tags if t[0] == "iframe"]
    figure = next(attrs for tag, attrs in tags if "data-embed" in attrs)
    assert figure["data-player"] == "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"
    assert figure["data-group"] == "embeds_youtube"
    # Without JavaScript: a link to the video on the provider's site.
    link = next(
        attrs for tag, attrs in tags if tag == "a" and "embed__link" in attrs.get("class", "")
    )
    assert link["href"] == YOUTUBE_URL
    # The thumbnail is our own file; nothing on the page names the provider's hosts but the
    # link and the player address the script uses after consent.
    thumb = next(
        attrs for tag, attrs in tags if tag == "img" and "embed__thumb" in attrs.get("class", "")
    )
    assert thumb["src"].startswith("/media/images/")
    assert "127.0.0.1" not in html
    sources = [a.get("src", "") for _, a in tags] + [a.get("srcset", "") for _, a in tags]
    assert not [s for s in sources if "youtube" in s]
    assert "Play this video (loads YouTube, which sets cookies)" in html
    assert "Always allow YouTube" in html
    assert TITLE in html
    assert '<time datetime="PT305S">5:05</time>' in html
    # Rendering asked the provider nothing.
    assert sum(provider.hits.values()) == 0


def test_the_page_is_the_same_with_and_without_embedded_media_consent(client, article):

    plain = client.get(article.url).content
    cookie = encode(
        ConsentState(
            status="valid",
            consent_id=uuid.uuid4(),
            policy_version=consent_config()["version"],
            decided_at=timezone.now(),
            method=ConsentMethod.PREFERENCES,
            accepted=frozenset({"embeds_youtube"}),
        )
    )
    client.cookies["am_consent"] = cookie
    assert client.get(article.url).content == plain


@pytest.mark.parametrize(
    ("seconds", "text"), [(None, ""), (59, "0:59"), (305, "5:05"), (3723, "1:02:03")]
)
def test_durations_read_like_a_clock(seconds, text):
    assert format_duration(seconds) == text


def test_the_block_sets_what_every_block_sets():
    meta = VideoEmbedBlock().meta
    assert (meta.icon, meta.label, meta.template) == (
        "media",
        "Video",
        "articles/blocks/video_embed.html",
    )
    assert re.search(r"\S", meta.preview_value["title"])


def test_only_an_article_with_a_video_loads_the_video_assets(client, article, section):
    plain = ArticlePageFactory(parent=section, slug="no-video")
    plain.save_revision().publish()
    with_video = client.get(article.url).content.decode()
    without = client.get(plain.url).content.decode()
    for asset in ("/static/css/embeds.css", "/static/js/embeds.js"):
        assert asset in with_video
        assert asset not in without

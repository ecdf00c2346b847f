"""frame-src names exactly the enabled video providers' player origins, on every public page
(page HTML and headers are the same whichever article is shown or whoever asks)."""

import pytest

from tests.factories import ArticlePageFactory
from tests.site.test_security_headers import directives


@pytest.fixture
def article(section):
    page = ArticlePageFactory(parent=section, slug="framed")
    page.save_revision().publish()
    return page


@pytest.mark.parametrize(
    ("enabled", "expected"),
    [
        (("youtube", "vimeo"), ["https://www.youtube-nocookie.com", "https://player.vimeo.com"]),
        (("youtube",), ["https://www.youtube-nocookie.com"]),
        (("vimeo", "not-a-provider"), ["https://player.vimeo.com"]),
    ],
)
def test_frame_src_is_exactly_the_enabled_players(client, article, settings, enabled, expected):
    settings.ARTICLE_EMBED_PROVIDERS = enabled
    for path in ("/", article.url):
        csp = directives(client.get(path))
        assert csp["frame-src"] == expected
        # Never the tracking domain, even though editors paste youtube.com addresses.
        assert "https://www.youtube.com" not in " ".join(sum(csp.values(), []))


def test_no_provider_enabled_means_no_frames_from_anywhere_else(client, article, settings):
    settings.ARTICLE_EMBED_PROVIDERS = ()
    csp = directives(client.get(article.url))
    assert "frame-src" not in csp
    assert csp["default-src"] == ["'self'"]


def test_the_default_settings_enable_youtube_and_vimeo(client, article):
    assert directives(client.get(article.url))["frame-src"] == [
        "https://www.youtube-nocookie.com",
        "https://player.vimeo.com",
    ]

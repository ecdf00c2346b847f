"""The video providers an article may embed, and how each one's player is loaded.

Wagtail's oEmbed finder (settings.WAGTAILEMBEDS_FINDERS) finds a video's title and thumbnail;
this module owns what happens after a visitor agrees: which consent group stands for the
provider, where its player lives (the privacy-enhanced domain where one exists) and which
frame origin the CSP must allow (embeds/csp.py hands `frame_origins` to the site's policy).
The player URL is rebuilt from the video id, never copied from the provider's oEmbed HTML,
so nothing the provider answers is ever put into our pages as markup.
"""

import re
from dataclasses import dataclass

from django.conf import settings


@dataclass(frozen=True)
class Provider:
    key: str
    name: str
    # Patterns of the page URLs an editor pastes; the first group is the video id.
    url_patterns: tuple
    player: str  # format string with {id}
    frame_origin: str

    @property
    def consent_group(self):
        return f"embeds_{self.key}"

    def video_id(self, url):
        for pattern in self.url_patterns:
            match = re.match(pattern, url or "")
            if match:
                return match.group(1)
        return None

    def player_url(self, url):
        video_id = self.video_id(url)
        return self.player.format(id=video_id) if video_id else None


_ID = r"([A-Za-z0-9_-]{6,20})"
PROVIDERS = {
    "youtube": Provider(
        key="youtube",
        name="YouTube",
        url_patterns=(
            rf"^https?://(?:www\.|m\.)?youtube\.com/watch\?(?:.*&)?v={_ID}",
            rf"^https?://youtu\.be/{_ID}",
            rf"^https?://(?:www\.)?youtube\.com/(?:embed|shorts|live)/{_ID}",
        ),
        # YouTube's privacy-enhanced mode: no cookies until the visitor plays the video.
        player="https://www.youtube-nocookie.com/embed/{id}",
        frame_origin="https://www.youtube-nocookie.com",
    ),
    "vimeo": Provider(
        key="vimeo",
        name="Vimeo",
        url_patterns=(r"^https?://(?:www\.)?vimeo\.com/(?:channels/[^/]+/)?([0-9]{4,12})",),
        # dnt=1: Vimeo's "do not track" player parameter (no session or analytics cookies).
        player="https://player.vimeo.com/video/{id}?dnt=1",
        frame_origin="https://player.vimeo.com",
    ),
}


def enabled():
    """The providers settings.ARTICLE_EMBED_PROVIDERS switches on, in that order."""
    keys = getattr(settings, "ARTICLE_EMBED_PROVIDERS", ("youtube", "vimeo"))
    return [PROVIDERS[key] for key in keys if key in PROVIDERS]


def for_url(url):
    """The enabled provider whose page URL this is, or None."""
    for provider in enabled():
        if provider.video_id(url):
            return provider
    return None


def frame_origins():
    return [provider.frame_origin for provider in enabled()]

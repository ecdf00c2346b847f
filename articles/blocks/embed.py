"""A video from YouTube, Vimeo or another enabled provider, shown as a placeholder that
loads the player only once the visitor agrees.

When the editor saves, the block asks Wagtail's embed finders about the URL (one oEmbed
request, cached in Wagtail's Embed table), keeps the title, and copies the thumbnail to our
server (embeds/thumbnails.py). Rendering therefore never talks to the provider: the template
draws a link to the video with our copy of the picture, and static/js/embeds.js turns it
into the player after a click or a stored "Always allow" (the consent group per provider is
embeds/providers.py's).
"""

from django.core.exceptions import ValidationError
from wagtail import blocks
from wagtail.blocks import StructBlockValidationError
from wagtail.embeds.blocks import EmbedBlock
from wagtail.embeds.embeds import get_embed
from wagtail.embeds.exceptions import EmbedException
from wagtail.images.blocks import ImageChooserBlock

from articles.embeds import providers, thumbnails


def format_duration(seconds):
    """ "4:05" or "1:02:03" for a number of seconds; "" when unknown."""
    if not seconds:
        return ""
    hours, rest = divmod(int(seconds), 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


class VideoEmbedBlock(blocks.StructBlock):
    video = EmbedBlock(
        help_text="The video's page address, for example https://www.youtube.com/watch?v=…"
    )
    title = blocks.CharBlock(
        required=False, max_length=200, help_text="Filled from the provider when left blank."
    )
    duration = blocks.IntegerBlock(
        required=False, min_value=1, help_text="Length in seconds, if you know it."
    )
    thumbnail = ImageChooserBlock(
        required=False,
        help_text="Copied from the provider to our server when you save, if left empty.",
    )
    caption = blocks.CharBlock(required=False, max_length=250)

    def clean(self, value):
        value = super().clean(value)
        url = value["video"].url if value.get("video") else ""
        provider = providers.for_url(url)
        if provider is None:
            names = ", ".join(p.name for p in providers.enabled())
            raise StructBlockValidationError(
                block_errors={"video": ValidationError(f"Only videos from {names} can be used.")}
            )
        if value.get("title") and value.get("thumbnail"):
            return value
        try:
            embed = get_embed(url)
        except EmbedException as exc:
            raise StructBlockValidationError(
                block_errors={"video": ValidationError("The provider did not describe it.")}
            ) from exc
        if not value.get("title"):
            value["title"] = (embed.title or "")[:200]
        if not value.get("thumbnail") and embed.thumbnail_url:
            value["thumbnail"] = thumbnails.store(embed.thumbnail_url, value["title"] or url)
        return value

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        url = value["video"].url if value.get("video") else ""
        provider = providers.for_url(url)
        context.update(
            provider=provider,
            player_url=provider.player_url(url) if provider else None,
            watch_url=url,
            duration=format_duration(value.get("duration")),
        )
        return context

    class Meta:
        icon = "media"
        label = "Video"
        template = "articles/blocks/video_embed.html"
        description = "A YouTube or Vimeo video that loads only when the reader agrees."
        preview_template = "articles/blocks/previews/video_embed.html"
        preview_value = {
            "title": "What a transformer does, in five minutes",
            "duration": 305,
            "caption": "A talk from an open course on language models",
        }

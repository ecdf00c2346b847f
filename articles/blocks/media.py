"""Media blocks: an image with its alt text and an optional caption."""

from wagtail import blocks
from wagtail.images.blocks import ImageBlock


class FigureBlock(blocks.StructBlock):
    image = ImageBlock()
    caption = blocks.CharBlock(required=False, max_length=250)

    class Meta:
        icon = "image"
        label = "Image"
        template = "articles/blocks/figure.html"

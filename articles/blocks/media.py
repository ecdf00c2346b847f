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
        description = "A picture from the image library, with alt text and a caption."
        # The chooser's preview cannot rely on the library holding any image: it shows a
        # drawn figure in the article's figure style instead (see the preview template).
        preview_template = "articles/blocks/previews/figure.html"
        preview_value = {"caption": "Parameters against release date, 2018 onwards"}

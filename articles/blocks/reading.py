"""Further-reading blocks: articles on this site and external links, each with a note."""

from wagtail import blocks


class InternalReadingBlock(blocks.StructBlock):
    page = blocks.PageChooserBlock(page_type="articles.ArticlePage")
    note = blocks.CharBlock(required=False, max_length=200)

    class Meta:
        icon = "doc-full"
        label = "Article on this site"
        template = "articles/blocks/reading_internal.html"


class ExternalReadingBlock(blocks.StructBlock):
    url = blocks.URLBlock()
    title = blocks.CharBlock(max_length=200)
    note = blocks.CharBlock(required=False, max_length=200)

    class Meta:
        icon = "link-external"
        label = "External link"
        template = "articles/blocks/reading_external.html"


class FurtherReadingBlock(blocks.StreamBlock):
    article = InternalReadingBlock()
    link = ExternalReadingBlock()

"""Prose blocks: section headings (which feed the table of contents), lists, callouts, quotes."""

from django.utils.text import slugify
from wagtail import blocks

INLINE_FEATURES = ["bold", "italic", "link", "code"]
PARAGRAPH_FEATURES = ["bold", "italic", "link", "code", "ol", "ul"]


def anchor_for(value):
    """The id a section heading renders with: the editor's anchor, else the heading slug."""
    return slugify(value.get("anchor") or value.get("heading") or "") or "section"


class SectionHeadingBlock(blocks.StructBlock):
    heading = blocks.CharBlock(max_length=120)
    level = blocks.ChoiceBlock(
        choices=[("h2", "Section (h2)"), ("h3", "Subsection (h3)")], default="h2"
    )
    anchor = blocks.CharBlock(
        required=False,
        max_length=80,
        help_text="Optional id for links to this heading; made from the heading when blank.",
    )

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        context["anchor"] = anchor_for(value)
        return context

    class Meta:
        icon = "title"
        label = "Section heading"
        template = "articles/blocks/section_heading.html"
        preview_value = {"heading": "How foundation models work", "level": "h2"}
        description = "A heading that also appears in the table of contents."


class ListBlock(blocks.StructBlock):
    style = blocks.ChoiceBlock(
        choices=[("bulleted", "Bulleted"), ("numbered", "Numbered")], default="bulleted"
    )
    items = blocks.ListBlock(blocks.RichTextBlock(features=INLINE_FEATURES), min_num=1)

    class Meta:
        icon = "list-ul"
        label = "List"
        template = "articles/blocks/list.html"
        preview_value = {
            "style": "bulleted",
            "items": ["<p><b>Fine-tuning</b>: more training on a narrow data set</p>"],
        }


class CalloutBlock(blocks.StructBlock):
    tone = blocks.ChoiceBlock(
        choices=[("info", "Information"), ("tip", "Tip"), ("warning", "Warning")],
        default="info",
    )
    title = blocks.CharBlock(max_length=80, required=False)
    text = blocks.RichTextBlock(features=INLINE_FEATURES)

    class Meta:
        icon = "help"
        label = "Callout"
        template = "articles/blocks/callout.html"
        preview_value = {"tone": "tip", "title": "In short", "text": "<p>One model, many uses.</p>"}


class QuoteBlock(blocks.StructBlock):
    quote = blocks.TextBlock()
    attribution = blocks.CharBlock(required=False, max_length=120)

    class Meta:
        icon = "openquote"
        label = "Quote"
        template = "articles/blocks/quote.html"
        preview_value = {"quote": "Train once, adapt many times.", "attribution": "A tutor"}

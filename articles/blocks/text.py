"""Prose blocks: section headings (which feed the table of contents), lists, callouts, quotes."""

from django.utils.text import slugify
from wagtail import blocks
from wagtail.blocks.struct_block import BlockGroup

from .compact import register_compact_form

INLINE_FEATURES = ["bold", "italic", "link", "code"]
PARAGRAPH_FEATURES = ["bold", "italic", "link", "code", "ol", "ul"]


def anchor_for(value):
    """The id a section heading renders with: the editor's anchor, else the heading slug."""
    return slugify(value.get("anchor") or value.get("heading") or "") or "section"


@register_compact_form
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
        # Heading and level share a line; the anchor, rarely set, folds into the settings.
        form_layout = BlockGroup(children=["heading", "level"], settings=["anchor"])
        form_classname = "prose-block prose-heading-block"


@register_compact_form
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
            "style": "numbered",
            "items": [
                "<p><b>Pre-training</b> on a broad mix of text</p>",
                "<p><b>Fine-tuning</b> on a narrow data set</p>",
                "<p><b>Evaluation</b> before release</p>",
            ],
        }
        description = "Bulleted or numbered points, one short item each."
        # The header names the style ("List · Numbered"); the choice folds into the settings.
        form_layout = BlockGroup(children=["items"], settings=["style"])
        form_classname = "prose-block prose-list-block"


class CalloutBlock(blocks.StructBlock):
    tone = blocks.ChoiceBlock(
        choices=[("info", "Information"), ("tip", "Tip"), ("warning", "Warning")],
        default="info",
    )
    title = blocks.CharBlock(max_length=80, required=False)
    text = blocks.RichTextBlock(features=INLINE_FEATURES)

    class Meta:
        icon = "info-circle"
        label = "Callout"
        template = "articles/blocks/callout.html"
        preview_value = {"tone": "tip", "title": "In short", "text": "<p>One model, many uses.</p>"}
        description = "A boxed note, tip or warning set apart from the text."


class QuoteBlock(blocks.StructBlock):
    quote = blocks.TextBlock()
    attribution = blocks.CharBlock(required=False, max_length=120)

    class Meta:
        icon = "openquote"
        label = "Quote"
        template = "articles/blocks/quote.html"
        preview_value = {"quote": "Train once, adapt many times.", "attribution": "A tutor"}
        description = "A quotation with an optional attribution."

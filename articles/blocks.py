"""StreamField blocks for article bodies.

Each block names its icon, label and template so editors recognise it in the chooser and
the front end renders it the same way everywhere.
"""

from django.core.exceptions import ValidationError
from django.utils.text import slugify
from wagtail import blocks
from wagtail.blocks.list_block import ListBlockValidationError
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.images.blocks import ImageBlock
from wagtail.snippets.blocks import SnippetChooserBlock

from .columns import COLUMN_CHOICES, COLUMNS, DEFAULT_COLUMNS, ROW_HEADER_COLUMN
from .exports import table_export_urls
from .tables import table_from_block

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


class FigureBlock(blocks.StructBlock):
    image = ImageBlock()
    caption = blocks.CharBlock(required=False, max_length=250)

    class Meta:
        icon = "image"
        label = "Image"
        template = "articles/blocks/figure.html"


class QuoteBlock(blocks.StructBlock):
    quote = blocks.TextBlock()
    attribution = blocks.CharBlock(required=False, max_length=120)

    class Meta:
        icon = "openquote"
        label = "Quote"
        template = "articles/blocks/quote.html"
        preview_value = {"quote": "Train once, adapt many times.", "attribution": "A tutor"}


class FoundationModelChooserBlock(SnippetChooserBlock):
    """Chooses a registry model; fetches every row's facts together, whatever the row count."""

    def __init__(self, **kwargs):
        super().__init__("articles.FoundationModel", **kwargs)

    def to_python(self, value):
        return None if value is None else self.bulk_to_python([value])[0]

    def bulk_to_python(self, values):
        ids = []
        for value in values:
            try:
                ids.append(int(value))
            except (TypeError, ValueError):
                ids.append(None)
        found = self.target_model.objects.for_tables().in_bulk([i for i in ids if i is not None])
        # A deleted model comes back as None and simply drops out of the table.
        return [found.get(i) for i in ids]


SORT_DIRECTIONS = [("asc", "Ascending (A–Z, smallest first)"), ("desc", "Descending")]


class ModelComparisonTableBlock(blocks.StructBlock):
    caption = blocks.CharBlock(
        max_length=200,
        help_text="What the table compares. “as of <date>” is added from the facts’ check dates.",
    )
    models = blocks.ListBlock(
        FoundationModelChooserBlock(),
        min_num=1,
        label="Models",
        help_text="One row each, in this order unless a default sort is set. "
        "Only published models are shown.",
    )
    columns = blocks.ListBlock(
        blocks.ChoiceBlock(choices=COLUMN_CHOICES),
        min_num=1,
        default=DEFAULT_COLUMNS,
        help_text="Shown in this order; the model's name always comes first.",
    )
    default_sort = blocks.ChoiceBlock(
        choices=COLUMN_CHOICES,
        required=False,
        help_text="Leave blank to keep the order of the models above.",
    )
    sort_direction = blocks.ChoiceBlock(choices=SORT_DIRECTIONS, default="asc")
    show_sources = blocks.BooleanBlock(
        required=False, default=True, help_text="List the sources as numbered notes."
    )

    def clean(self, value):
        value = super().clean(value)
        errors = {}
        columns = list(value.get("columns") or [])
        repeated = sorted({COLUMNS[k].label for k in columns if columns.count(k) > 1})
        if repeated:
            errors["columns"] = ListBlockValidationError(
                non_block_errors=[
                    ValidationError(f"Each column can appear once: {', '.join(repeated)}.")
                ]
            )
        sort_key = value.get("default_sort")
        if sort_key and sort_key != ROW_HEADER_COLUMN and sort_key not in columns:
            errors["default_sort"] = ValidationError("Sort by one of the columns the table shows.")
        ids = [m.pk for m in value.get("models") or [] if m is not None]
        if len(ids) != len(set(ids)):
            errors["models"] = ListBlockValidationError(
                non_block_errors=[ValidationError("Each model can appear once.")]
            )
        if errors:
            raise StructBlockValidationError(block_errors=errors)
        return value

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        block_id = (parent_context or {}).get("id") or ""
        context["table"] = table_from_block(value)
        context["table_id"] = f"model-table-{block_id}" if block_id else "model-table"
        context["downloads"] = table_export_urls(parent_context or {}, block_id)
        return context

    class Meta:
        icon = "table"
        label = "Model comparison table"
        template = "articles/blocks/model_table.html"
        description = "Foundation models side by side, with facts kept in the Model facts registry."


CELL_FEATURES = ["bold", "italic", "link"]


class ConceptRowBlock(blocks.StructBlock):
    aspect = blocks.CharBlock(max_length=80, help_text="What this row compares, e.g. Cost.")
    cells = blocks.ListBlock(
        blocks.RichTextBlock(features=CELL_FEATURES, max_length=300),
        min_num=1,
        help_text="One short entry per column, in the column order.",
    )

    class Meta:
        icon = "list-ul"
        label = "Row"


class ConceptComparisonBlock(blocks.StructBlock):
    caption = blocks.CharBlock(max_length=200)
    aspect_heading = blocks.CharBlock(
        max_length=60, default="Aspect", help_text="Heading above the row labels."
    )
    column_headings = blocks.ListBlock(
        blocks.CharBlock(max_length=80), min_num=1, max_num=5, label="Columns"
    )
    rows = blocks.ListBlock(ConceptRowBlock(), min_num=1)

    def clean(self, value):
        value = super().clean(value)
        width = len(value.get("column_headings") or [])
        row_errors = {}
        for index, row in enumerate(value.get("rows") or []):
            count = len(row.get("cells") or [])
            if count != width:
                row_errors[index] = StructBlockValidationError(
                    block_errors={
                        "cells": ListBlockValidationError(
                            non_block_errors=[
                                ValidationError(
                                    f"This row has {count} {'entry' if count == 1 else 'entries'}"
                                    f" but the table has {width} "
                                    f"{'column' if width == 1 else 'columns'}: give one per "
                                    "column."
                                )
                            ]
                        )
                    }
                )
        if row_errors:
            raise StructBlockValidationError(
                block_errors={"rows": ListBlockValidationError(block_errors=row_errors)}
            )
        return value

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        block_id = (parent_context or {}).get("id") or ""
        width = len(value.get("column_headings") or [])
        context["table_id"] = f"concept-table-{block_id}" if block_id else "concept-table"
        # A short row gets empty cells so the table stays rectangular for screen readers.
        context["rows"] = [
            (row["aspect"], list(row["cells"])[:width] + [""] * (width - len(row["cells"])))
            for row in value.get("rows") or []
        ]
        return context

    class Meta:
        icon = "table"
        label = "Concept comparison table"
        template = "articles/blocks/concept_table.html"
        description = "Ideas compared aspect by aspect, one short entry per column."
        preview_value = {
            "caption": "General-purpose and single-task models",
            "aspect_heading": "Aspect",
            "column_headings": ["Foundation model", "Task-specific model"],
            "rows": [
                {
                    "aspect": "Training data",
                    "cells": ["<p>Wide and varied</p>", "<p>Narrow, one domain</p>"],
                },
                {
                    "aspect": "Reuse",
                    "cells": ["<p>Adapted to many tasks</p>", "<p>Does one job</p>"],
                },
            ],
        }


class ArticleBodyBlock(blocks.StreamBlock):
    heading = SectionHeadingBlock()
    paragraph = blocks.RichTextBlock(
        features=PARAGRAPH_FEATURES,
        icon="pilcrow",
        label="Paragraph",
        template="articles/blocks/paragraph.html",
        preview_value="<p>Foundation models learn general patterns first.</p>",
    )
    list = ListBlock()
    callout = CalloutBlock()
    image = FigureBlock()
    quote = QuoteBlock()
    model_table = ModelComparisonTableBlock()
    concept_table = ConceptComparisonBlock()


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

"""Table blocks: model comparisons read from the fact registry, and concept comparisons."""

from django.core.exceptions import ValidationError
from wagtail import blocks
from wagtail.blocks.list_block import ListBlockValidationError
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.snippets.blocks import SnippetChooserBlock

from ..columns import COLUMN_CHOICES, COLUMNS, DEFAULT_COLUMNS, ROW_HEADER_COLUMN
from ..exports import table_export_urls
from ..tables import table_from_block


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


# Migrations name the chooser by the path it had before blocks became a package.
DECONSTRUCT_ALIASES = {FoundationModelChooserBlock: "articles.blocks.FoundationModelChooserBlock"}

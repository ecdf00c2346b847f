"""Table blocks: model comparisons read from the fact registry, and concept comparisons.

Their compact editing controls live beside them: model_choice.py (models and columns),
concept_grid.py (the concept grid) and widgets.py (the widgets and their telepath adapters).
"""

from django.core.exceptions import ValidationError
from django.utils.html import escape
from wagtail import blocks
from wagtail.blocks.list_block import ListBlockValidationError
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.snippets.blocks import SnippetChooserBlock

from directory.columns import COLUMN_CHOICES, COLUMNS, DEFAULT_COLUMNS, ROW_HEADER_COLUMN

from ..block_tables import table_from_block
from ..exports import table_export_urls
from .api_json import concept_grid_json, model_table_json
from .concept_grid import (
    ASPECT_MAX,
    CELL_MAX,
    CORNER_MAX,
    HEADING_MAX,
    ConceptTableValidationError,
    GridFormMixin,
    grid_problems,
    register_grid_adapter,
)
from .model_choice import (
    ChosenModels,
    FoundationModelsBlock,
    TableColumnsBlock,
    foundation_models,
)


class FoundationModelChooserBlock(SnippetChooserBlock):
    """One registry model; kept because the first migrations' table definition names it."""

    def __init__(self, **kwargs):
        super().__init__("directory.FoundationModel", **kwargs)


SORT_DIRECTIONS = [("asc", "A–Z, smallest first"), ("desc", "Z–A, largest first")]
PREVIEW_COLUMNS = ["developer", "parameters", "release_date"]
PREVIEW_ROWS = 4


class ModelComparisonTableBlock(blocks.StructBlock):
    caption = blocks.CharBlock(
        max_length=200,
        # Wagtail shows help text as HTML, so the placeholder's angle brackets are escaped.
        help_text=escape(
            "What the table compares. “as of <date>” is added from the facts’ check dates."
        ),
    )
    models = FoundationModelsBlock(
        label="Models",
        help_text="One row each, in this order unless a default sort is set. "
        "Drafts are left off the live page until they are published.",
    )
    columns = TableColumnsBlock(
        label="Columns",
        default=[key for key in DEFAULT_COLUMNS if key != ROW_HEADER_COLUMN],
        help_text="The model's name always comes first.",
    )
    default_sort = blocks.ChoiceBlock(
        choices=[("", "None: the order above"), *COLUMN_CHOICES],
        required=False,
        label="Sort by",
        form_classname="model-table-setting",
    )
    sort_direction = blocks.ChoiceBlock(
        choices=SORT_DIRECTIONS,
        default="asc",
        label="Direction",
        form_classname="model-table-setting",
    )
    show_sources = blocks.BooleanBlock(
        required=False,
        default=True,
        label="Source notes",
        form_classname="model-table-setting",
    )

    def clean(self, value):
        value = super().clean(value)
        errors = {}
        columns = list(value.get("columns") or [])
        repeated = sorted({COLUMNS[k].label for k in columns if columns.count(k) > 1})
        if repeated:
            errors["columns"] = ValidationError(
                f"Each column can appear once: {', '.join(repeated)}."
            )
        sort_key = value.get("default_sort")
        if sort_key and sort_key != ROW_HEADER_COLUMN and sort_key not in columns:
            errors["default_sort"] = ValidationError(
                f"Sort by a column the table shows: tick “{COLUMNS[sort_key].label}” above "
                "or choose another."
            )
        models = value.get("models") or []
        ids = [m.pk for m in models]
        twice = sorted({m.name for m in models if ids.count(m.pk) > 1})
        if twice:
            errors["models"] = ValidationError(f"Each model can appear once: {', '.join(twice)}.")
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

    def get_api_representation(self, value, context=None):
        return model_table_json(value)

    def get_preview_value(self):
        """The newest published models, or an empty table that says none are published yet."""
        published = foundation_models().objects.published().for_tables()
        models = list(published.order_by("-release_date", "name")[:PREVIEW_ROWS])
        return self.normalize(
            {
                "caption": "Recent foundation models",
                "models": ChosenModels(models),
                "columns": PREVIEW_COLUMNS,
                "default_sort": "",
                "sort_direction": "asc",
                "show_sources": False,
            }
        )

    class Meta:
        icon = "table-models"
        label = "Model comparison table"
        template = "articles/blocks/model_table.html"
        description = "Foundation models side by side, with facts kept in the Model facts registry."
        form_classname = "model-table-block"


CELL_FEATURES = ["bold", "italic", "link"]


class ConceptRowBlock(blocks.StructBlock):
    aspect = blocks.CharBlock(max_length=ASPECT_MAX, help_text="What this row compares, e.g. Cost.")
    cells = blocks.ListBlock(
        blocks.RichTextBlock(features=CELL_FEATURES, max_length=CELL_MAX),
        min_num=1,
        help_text="One short entry per column, in the column order.",
    )

    class Meta:
        icon = "list-ul"
        label = "Row"


def _count(number, one, many):
    return f"{number} {one if number == 1 else many}"


@register_grid_adapter
class ConceptComparisonBlock(GridFormMixin, blocks.StructBlock):
    caption = blocks.CharBlock(max_length=200)
    aspect_heading = blocks.CharBlock(
        max_length=CORNER_MAX, default="Aspect", help_text="Heading above the row labels."
    )
    column_headings = blocks.ListBlock(
        blocks.CharBlock(max_length=HEADING_MAX), min_num=1, max_num=5, label="Columns"
    )
    rows = blocks.ListBlock(ConceptRowBlock(), min_num=1)

    def clean(self, value):
        if problems := grid_problems(value):
            message = ListBlockValidationError(non_block_errors=problems)
            raise ConceptTableValidationError(block_errors={"rows": message})
        value = super().clean(value)
        width = len(value.get("column_headings") or [])
        row_errors = {}
        for index, row in enumerate(value.get("rows") or []):
            count = len(row.get("cells") or [])
            if count != width:
                message = (
                    f"This row has {_count(count, 'entry', 'entries')} but the table has "
                    f"{_count(width, 'column', 'columns')}: give one per column."
                )
                cells_error = ListBlockValidationError(non_block_errors=[ValidationError(message)])
                row_errors[index] = StructBlockValidationError(block_errors={"cells": cells_error})
        if row_errors:
            raise ConceptTableValidationError(
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

    def get_api_representation(self, value, context=None):
        return concept_grid_json(value)

    class Meta:
        icon = "table-concepts"
        label = "Concept comparison table"
        template = "articles/blocks/concept_table.html"
        description = "Ideas compared aspect by aspect, one short entry per column."
        form_classname = "concept-table-block"
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

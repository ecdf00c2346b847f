"""Editing a concept comparison as one grid: headings across the top, an aspect and a short
entry per column in each row.

The block still stores its value in the shape it always had (the heading above the row
labels, column headings, and rows of an aspect with rich-text cells), so pages render as
before; only the form differs.
The grid travels to and from the browser as one JSON value under the name ``grid``.
"""

from html import unescape

from django import forms
from django.utils.functional import cached_property
from django.utils.html import strip_tags
from wagtail import blocks
from wagtail.admin.telepath import register
from wagtail.blocks.struct_block import (
    BlockGroup,
    StructBlockAdapter,
    StructBlockValidationError,
)

from .cell_markup import html_to_markup, markup_to_html
from .widgets import ConceptGridWidget

GRID = "grid"
GRID_PARTS = ("aspect_heading", "column_headings", "rows")
# Longest corner heading, heading, row label and cell text (a cell counts its words, not its
# markup).
CORNER_MAX, HEADING_MAX, ASPECT_MAX, CELL_MAX = 60, 80, 80, 300


def _text(value):
    """A heading or cell as text: a new block's empty slots hold None, which is no "None"."""
    return "" if value is None else str(value)


def grid_state(value):
    """The grid as the browser edits it: the corner heading above the row labels, the column
    headings, and per row the aspect and cell markup."""
    return {
        "corner": _text(value.get("aspect_heading")),
        "columns": [_text(h) for h in value.get("column_headings") or []],
        "rows": [
            {
                "aspect": _text(row.get("aspect")),
                "cells": [
                    html_to_markup(_text(getattr(c, "source", c))) for c in row.get("cells") or []
                ],
            }
            for row in value.get("rows") or []
        ],
    }


def _texts(items):
    return [" ".join(str(item).split()) for item in items if isinstance(item, str | int | float)]


def stored_grid(state):
    """The grid the browser sent, as the block stores it (cells back to rich-text HTML)."""
    columns = _texts(state.get("columns") or [])
    rows = []
    for row in state.get("rows") or []:
        if not isinstance(row, dict):
            continue
        cells = _texts(row.get("cells") or [])
        rows.append(
            {
                "aspect": " ".join(str(row.get("aspect") or "").split()),
                "cells": [markup_to_html(cell) for cell in cells],
            }
        )
    corner = " ".join(str(state.get("corner") or "").split())
    return {"aspect_heading": corner, "column_headings": columns, "rows": rows}


def _too_long(what, text, limit):
    if len(text) <= limit:
        return ""
    return f"{what} is {len(text)} characters long; keep it to {limit}."


def grid_problems(value):
    """What is missing or too long in a grid, each named by its row and column, in reading
    order."""
    columns = [str(h).strip() for h in value.get("column_headings") or []]
    corner = str(value.get("aspect_heading") or "").strip()
    problems = [_too_long("The heading above the row labels", corner, CORNER_MAX)]
    if not corner:
        problems.append("The heading above the row labels is empty.")
    for number, heading in enumerate(columns, 1):
        problems.append(_too_long(f"The heading of column {number}", heading, HEADING_MAX))
        if not heading:
            problems.append(f"Column {number} has no heading.")
    for number, row in enumerate(value.get("rows") or [], 1):
        aspect = str(row.get("aspect") or "").strip()
        where = f"Row {number} (“{aspect[:40]}”)" if aspect else f"Row {number}"
        problems.append(_too_long(f"The label of row {number}", aspect, ASPECT_MAX))
        if not aspect:
            problems.append(f"Row {number} has no label.")
        # A row short of cells altogether is the block's own width check, with its own words.
        cells = zip(columns, row.get("cells") or [], strict=False)
        for index, (heading, cell) in enumerate(cells):
            column = f"“{heading}”" if heading else f"column {index + 1}"
            text = unescape(strip_tags(str(getattr(cell, "source", cell)))).strip()
            if not text:
                problems.append(f"{where} has no entry under {column}.")
            problems.append(_too_long(f"{where} under {column}", text, CELL_MAX))
    return [problem for problem in problems if problem]


def _messages(error):
    """Every message inside a (nested) block validation error, in reading order."""
    if hasattr(error, "as_json_data"):
        data = error.as_json_data()
    else:
        data = {"messages": list(getattr(error, "messages", [str(error)]))}
    found = []

    def walk(node):
        if isinstance(node, dict):
            found.extend(node.get("messages") or [])
            for child in (node.get("blockErrors") or {}).values():
                walk(child)

    walk(data)
    return found


class ConceptTableValidationError(StructBlockValidationError):
    """Errors keyed as Python sees the block; in the editor, the grid's parts are one field."""

    def as_json_data(self):
        data = super().as_json_data()
        block_errors = data.get("blockErrors") or {}
        grid_messages = []
        for name in GRID_PARTS:
            if name in self.block_errors:
                block_errors.pop(name, None)
                grid_messages.extend(_messages(self.block_errors[name]))
        if grid_messages:
            block_errors[GRID] = {"messages": list(dict.fromkeys(grid_messages))}
        if block_errors:
            data["blockErrors"] = block_errors
        return data


class ConceptGridBlock(blocks.FieldBlock):
    """The form side of the grid only: never stored, it stands in for headings and rows."""

    @cached_property
    def field(self):
        return forms.Field(
            widget=ConceptGridWidget(),
            help_text="Write **bold**, *italic* or [a link](https://…) in a cell.",
        )


class ConceptGridStructAdapter(StructBlockAdapter):
    """Sends caption, aspect heading and the grid to the editor instead of the stored parts."""

    def js_args(self, block):
        name, children, meta = super().js_args(block)
        shown = [child for child in children if child.name not in GRID_PARTS]
        meta["formLayout"] = BlockGroup([child.name for child in shown] + [GRID])
        return [name, [*shown, block.grid_block], meta]


class GridFormMixin:
    """For a StructBlock with ``column_headings`` and ``rows``: read and write them as a grid."""

    @cached_property
    def grid_block(self):
        block = ConceptGridBlock(label="Table")
        block.set_name(GRID)
        return block

    def get_form_state(self, value):
        state = {
            name: child.get_form_state(value.get(name))
            for name, child in self.child_blocks.items()
            if name not in GRID_PARTS
        }
        state[GRID] = grid_state(value)
        return state

    def value_from_datadict(self, data, files, prefix):
        raw = {
            name: child.get_prep_value(child.value_from_datadict(data, files, f"{prefix}-{name}"))
            for name, child in self.child_blocks.items()
            if name not in GRID_PARTS
        }
        grid = self.grid_block.field.widget.value_from_datadict(data, files, f"{prefix}-{GRID}")
        return self.to_python({**raw, **stored_grid(grid)})

    def value_omitted_from_data(self, data, files, prefix):
        return f"{prefix}-{GRID}" not in data

    def clean(self, value):
        try:
            return super().clean(value)
        except StructBlockValidationError as error:
            raise ConceptTableValidationError(
                block_errors=error.block_errors, non_block_errors=error.non_block_errors
            ) from error


def register_grid_adapter(block_class):
    register(ConceptGridStructAdapter(), block_class)
    return block_class

"""The table blocks as structured JSON for the pages API (``get_api_representation``).

A model table is built by the registry (directory/tables.py) from its column registry,
exactly as the page, the CSV and the JSON download build it, so every cell's value is the
registry's machine value; each cell carries the sources backing its fact, and each row the
date its facts were checked. A concept grid is its headings and rows of cells, each cell its
rich text expanded to HTML (internal links as real addresses). The API views themselves live
in articles/api_pages.py.
"""

from wagtail.rich_text import expand_db_html

from directory.columns import source_record

from ..block_tables import table_from_block


def _cell(cell, sources):
    return {
        "column": cell.column.key,
        "value": cell.value,
        "display": cell.display,
        "sources": [source_record(s) for s in sources if s.fact in cell.column.facts],
    }


def model_table_json(value):
    """Columns, then one row per published model with its cells, sources and check date."""
    table = table_from_block(value)
    rows = []
    for row in table.rows:
        sources = list(row.model.sources.all())
        rows.append(
            {
                "model": {"id": row.model.pk, "slug": row.model.slug},
                "checked": row.model.as_of.isoformat() if row.model.as_of else None,
                "cells": [_cell(cell, sources) for cell in row.cells],
            }
        )
    return {
        "caption": table.caption,
        "as_of": table.as_of.isoformat() if table.as_of else None,
        "sort": {"column": table.sort_key or None, "direction": table.sort_direction},
        "columns": [
            {"key": c.key, "label": c.label, "type": c.type, "unit": c.unit or None}
            for c in table.columns
        ],
        "rows": rows,
    }


def _html(cell):
    source = getattr(cell, "source", cell)
    return expand_db_html(source or "")


def concept_grid_json(value):
    """The corner heading, the column headings, and rows of an aspect and one cell per column
    (short rows padded with empty cells, as the page pads them)."""
    headings = [str(h) for h in value.get("column_headings") or []]
    width = len(headings)
    rows = []
    for row in value.get("rows") or []:
        cells = [_html(c) for c in list(row.get("cells") or [])[:width]]
        cells += [""] * (width - len(cells))
        rows.append({"aspect": row.get("aspect") or "", "cells": cells})
    return {
        "caption": value.get("caption") or "",
        "aspect_heading": value.get("aspect_heading") or "",
        "columns": headings,
        "rows": rows,
    }

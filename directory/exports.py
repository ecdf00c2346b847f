"""The registry's tables as CSV and JSON: what an article's table downloads
(articles/exports.py, the routes) and the directory's downloads (views.py) both write.

Each writes the same ModelTable the HTML shows (tables.py), with the column registry's
display text and machine values (columns.py); with include_sources each row also carries its
check date and its sources.
"""

import csv
import io
from datetime import date

from astermind_site.escaping import neutralise_formula

from .columns import source_record

# With include_sources, each CSV row ends with these: the check date and one line per source.
CSV_SOURCE_HEADERS = ("Facts checked (ISO date)", "Sources")
CSV_SOURCE_SEPARATOR = " | "


def _iso(value):
    return value.isoformat() if isinstance(value, date) else ""


def source_line(source):
    """One source in a CSV cell: fact | accessed | URL | title (the title last, as it is free)."""
    parts = (source.fact, _iso(source.accessed), source.url, source.title)
    return CSV_SOURCE_SEPARATOR.join(parts)


def table_csv(table, include_sources=False):
    """The table as CSV: the headers and cell texts a reader sees, in the same order;
    with include_sources, each row also carries its check date and its sources."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    extra = list(CSV_SOURCE_HEADERS) if include_sources else []
    writer.writerow(
        [neutralise_formula(text) for text in [*(c.label for c in table.columns), *extra]]
    )
    for row in table.rows:
        cells = [cell.display for cell in row.cells]
        if include_sources:
            sources = "\n".join(source_line(s) for s in row.model.sources.all())
            cells += [_iso(row.model.as_of), sources]
        writer.writerow([neutralise_formula(text) for text in cells])
    return buffer.getvalue()


def _source_json(footnote):
    return {
        "number": footnote.number,
        "model": footnote.model.slug,
        **source_record(footnote.source),
    }


def _row_sources(model):
    return [source_record(s) for s in model.sources.all()]


def table_json(table, include_sources=False):
    """The table as data: the same columns and rows, machine values beside display text;
    with include_sources, each row also carries its check date and its sources."""
    as_of = table.as_of
    data = {
        "caption": table.caption,
        "as_of": as_of.isoformat() if isinstance(as_of, date) else None,
        "sort": {"column": table.sort_key or None, "direction": table.sort_direction},
        "columns": [
            {"key": c.key, "label": c.label, "type": c.type, "unit": c.unit or None}
            for c in table.columns
        ],
        "rows": [
            {
                "model": row.model.slug,
                "values": {cell.column.key: cell.value for cell in row.cells},
                "display": {cell.column.key: cell.display for cell in row.cells},
                **(
                    {"as_of": _iso(row.model.as_of) or None, "sources": _row_sources(row.model)}
                    if include_sources
                    else {}
                ),
            }
            for row in table.rows
        ],
    }
    if table.show_sources:
        data["sources"] = [_source_json(f) for f in table.footnotes]
    return data

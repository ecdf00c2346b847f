"""Model-comparison tables built from the column registry: rows, sorting and footnotes.

What a page shows, what a preview shows and what the downloads serialise is one ModelTable,
so the three always carry the same rows in the same order. An article's table block asks for
one through articles/block_tables.py; the directory's pages through dataset.py and compare.py.
"""

from dataclasses import dataclass, field
from typing import Any

from .columns import COLUMN_LIST, Column, resolve_columns
from .facts import Fact

ASCENDING, DESCENDING = "asc", "desc"


def sort_value_text(value):
    """A sort value as it goes into data-sort-value (None means: sorts last)."""
    if value is None:
        return None
    return str(value)


@dataclass
class Cell:
    column: Column
    display: str
    value: Any
    sort_value: Any
    notes: list = field(default_factory=list)

    @property
    def sort_attr(self):
        return sort_value_text(self.sort_value)


@dataclass
class Row:
    model: Any
    cells: list

    @property
    def header(self):
        return self.cells[0]

    @property
    def data_cells(self):
        return self.cells[1:]


@dataclass
class Footnote:
    number: int
    model: Any
    source: Any

    @property
    def fact_label(self):
        return Fact(self.source.fact).label if self.source.fact in Fact.values else ""


@dataclass
class ModelTable:
    caption: str
    columns: list
    rows: list
    footnotes: list
    sort_key: str = ""
    sort_direction: str = ASCENDING
    show_sources: bool = True

    @property
    def as_of(self):
        """The oldest check date among the rows: every fact was true at least then."""
        dates = [row.model.as_of for row in self.rows if row.model.as_of]
        return min(dates) if dates else None

    @property
    def headers(self):
        """Each column with its aria-sort state: only the sorted column has one."""
        return [{"column": column, "aria_sort": self._aria_sort(column)} for column in self.columns]

    def _aria_sort(self, column):
        if not self.sort_key or column.key != self.sort_key:
            return None
        return "descending" if self.sort_direction == DESCENDING else "ascending"


def sort_rows(rows, column_index, direction):
    """Rows ordered by one column; cells without a value stay last in both directions."""
    present = [r for r in rows if r.cells[column_index].sort_value is not None]
    missing = [r for r in rows if r.cells[column_index].sort_value is None]
    present.sort(key=lambda r: r.cells[column_index].sort_value, reverse=direction == DESCENDING)
    return present + missing


def build_model_table(
    caption,
    models,
    column_keys,
    sort_key="",
    sort_direction=ASCENDING,
    show_sources=True,
    published_only=True,
):
    """The rows and footnotes a table shows: published models only, each model once."""
    columns = resolve_columns(column_keys)
    seen, shown = set(), []
    for model in models:
        if model is None or model.pk in seen or (published_only and not model.live):
            continue
        seen.add(model.pk)
        shown.append(model)

    rows = [
        Row(
            model,
            [Cell(c, c.display(model), c.machine(model), c.sort(model)) for c in columns],
        )
        for model in shown
    ]
    keys = [c.key for c in columns]
    if sort_key in keys:
        direction = DESCENDING if sort_direction == DESCENDING else ASCENDING
        rows = sort_rows(rows, keys.index(sort_key), direction)
    else:
        sort_key, direction = "", ASCENDING

    footnotes = _number_footnotes(rows) if show_sources else []
    return ModelTable(caption, columns, rows, footnotes, sort_key, direction, show_sources)


def _number_footnotes(rows):
    """Give each source shown a number, top to bottom, and mark the cells it backs."""
    footnotes = []
    for row in rows:
        for source in row.model.sources.all():
            number = None
            for cell in row.cells:
                if source.fact in cell.column.facts:
                    if number is None:
                        number = len(footnotes) + 1
                        footnotes.append(Footnote(number, row.model, source))
                    cell.notes.append(number)
    return footnotes


def preview_table(model):
    """A one-row table for previewing a model before it is published."""
    return build_model_table(
        model.name,
        [model],
        [c.key for c in COLUMN_LIST],
        show_sources=True,
        published_only=False,
    )

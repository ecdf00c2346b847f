"""Side-by-side comparison: which models the query asks for, and the table turned on its side.

The slugs come straight from a shareable URL, so they are checked before any query: the
shape of a slug, no repeats, between two and four models.
"""

import json
import re
from dataclasses import dataclass

from .columns import COLUMN_LIST
from .tables import build_model_table

MIN_MODELS, MAX_MODELS = 2, 4
SLUG_PATTERN = re.compile(r"^[-a-zA-Z0-9_]{1,120}$")


class CompareError(ValueError):
    """A request the comparison cannot answer, with the words to tell the reader why."""

    def __init__(self, message, status=400):
        super().__init__(message)
        self.message = message
        self.status = status


def requested_slugs(values):
    """The slugs to compare, in the order given; empty picker fields are skipped."""
    slugs = [value.strip() for value in values if value.strip()]
    if len(slugs) > MAX_MODELS:
        raise CompareError(f"Pick at most {MAX_MODELS} models to compare.")
    if any(not SLUG_PATTERN.match(slug) for slug in slugs):
        raise CompareError("One of the models in this address is not a model name we know.", 404)
    if len(set(slugs)) != len(slugs):
        raise CompareError("Each model can appear only once in a comparison.")
    return slugs


def models_in_order(slugs, found):
    """The published models for the slugs, in the order asked; unknown ones are an error."""
    by_slug = {model.slug: model for model in found}
    missing = [slug for slug in slugs if slug not in by_slug]
    if missing:
        raise CompareError("We have no published model called " + ", ".join(missing) + ".", 404)
    return [by_slug[slug] for slug in slugs]


def too_few_notice(models):
    """What to say when the address names fewer models than a comparison needs (a model
    page links here with its own model chosen, so this is a start, not an error)."""
    if len(models) >= MIN_MODELS or not models:
        return ""
    return f"Choose at least one more model to compare with {models[0].name}."


@dataclass
class FactRow:
    column: object
    cells: list

    @property
    def differs(self):
        """Whether the models disagree on this fact, judged by the machine values the
        downloads carry (so "405B" and "405.0B" could never count as different)."""
        values = {json.dumps(cell.value, sort_keys=True, default=str) for cell in self.cells}
        return len(values) > 1


def differing_count(rows):
    return sum(1 for row in rows if row.differs)


def comparison(models):
    """The models' table with facts as rows and models as columns, sources numbered once."""
    table = build_model_table(
        "Side-by-side comparison", models, [c.key for c in COLUMN_LIST], show_sources=True
    )
    rows = [
        FactRow(column, [row.cells[index] for row in table.rows])
        for index, column in enumerate(table.columns)
        if index > 0
    ]
    return table, rows

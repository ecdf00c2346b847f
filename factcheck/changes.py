"""What publishing an edit to the fact registry would change: which facts, for which models,
and which live articles show them.

A foundation model is compared column by column with the registry's own comparison (the one
the public change history uses), so "70B → 405B" reads the same in both places. Its check date
counts as a fact here too (the public history leaves it out): a date moved back would put an
older "as of" on every live table while the sources say they were read later. Organisations
and modalities reach articles only through the models that name them, so their shown fields
are compared one by one and the articles are found through those models.
"""

import hashlib
from dataclasses import dataclass

from django.utils.text import capfirst

from directory.columns import format_date
from directory.freshness import pages_showing
from directory.history import ValueChange, compare_snapshots
from directory.models import FoundationModel, Modality, Organisation

# The fields of a developer or a modality that tables, downloads and the directory show.
FIELDS_SHOWN = {
    Organisation: ("name", "slug", "website"),
    Modality: ("name", "slug", "sort_order"),
}


CHECK_DATE_LABEL = "Facts checked on"


@dataclass
class CheckDateMove:
    """A foundation model's check date as published and as edited, and the latest day any of
    its sources was read."""

    old: object
    new: object
    latest_accessed: object

    @property
    def moves_back(self):
        return bool(self.old and self.new and self.new < self.old)

    @property
    def before_sources(self):
        """The new date is earlier than a source the facts were checked against."""
        return bool(self.latest_accessed and self.new and self.new < self.latest_accessed)

    @property
    def change(self):
        return ValueChange(CHECK_DATE_LABEL, format_date(self.old), format_date(self.new), [])


def check_date_move(live, edited):
    accessed = [s.accessed for s in edited.sources.all() if s.accessed]
    return CheckDateMove(live.as_of, edited.as_of, max(accessed, default=None))


@dataclass
class FactEdit:
    instance: object
    changes: list  # ValueChange: label, old and new text, the sources given for the new value
    models: list  # the published models whose facts these are
    articles: list  # the live pages that show those models
    check_date: CheckDateMove | None = None  # a foundation model's check date, if it changed

    @property
    def needs_confirmation(self):
        """Asked when live articles would change, and always when the check date goes back."""
        moves_back = self.check_date is not None and self.check_date.moves_back
        return bool(self.changes and (self.articles or moves_back))

    @property
    def fact_changes(self):
        """The changes that sources back: all but the check date."""
        return [change for change in self.changes if change.label != CHECK_DATE_LABEL]

    @property
    def asks_about_sources(self):
        """A model's sourced facts changed: do its sources still hold?"""
        return isinstance(self.instance, FoundationModel) and bool(self.fact_changes)

    @property
    def related_models(self):
        """The models of an edited developer or modality: each gets the new check date."""
        if isinstance(self.instance, FoundationModel):
            return []
        return self.models

    @property
    def signature(self):
        """Names what the editor was shown: a confirmation counts for these articles and
        these new values only, so a later, different change is asked about again."""
        parts = [f"page:{page.pk}" for page in self.articles]
        parts += [f"{change.label}={change.new}" for change in self.changes]
        return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:20]

    @property
    def article_summary(self):
        if not self.articles:
            return "No live article shows this model, but its check date moves back"
        count = len(self.articles)
        noun = "article" if count == 1 else "articles"
        titles = ", ".join(page.title for page in self.articles)
        return f"This changes {count} live {noun}: {titles}"

    def as_log_data(self, checked_on):
        """What the log keeps of a published change: the fact history of snippets that have
        no revisions of their own, and the record of who confirmed which articles' change."""
        return {
            "checked_on": checked_on.isoformat() if checked_on else None,
            "articles": [{"id": page.pk, "title": page.title} for page in self.articles],
            "changes": [
                {
                    "label": change.label,
                    "old": change.old,
                    "new": change.new,
                    "sources": [{"title": s.title, "url": s.url} for s in change.sources],
                }
                for change in self.changes
            ],
        }


def field_changes(before, after, fields):
    """ValueChanges for the named fields whose values differ."""
    changes = []
    for name in fields:
        old, new = getattr(before, name), getattr(after, name)
        if old != new:
            label = capfirst(type(before)._meta.get_field(name).verbose_name)
            changes.append(ValueChange(label, str(old), str(new), []))
    return changes


def describe_edit(live, edited):
    """``live`` is the row as readers see it now, ``edited`` the instance as it would be saved."""
    check_date = None
    if isinstance(live, FoundationModel):
        # A model that was never published is in no table, whatever the reference index says.
        models = [live] if live.live else []
        changes = compare_snapshots(live, edited) if models else []
        if models and live.as_of != edited.as_of:
            check_date = check_date_move(live, edited)
            changes.append(check_date.change)
    else:
        models = list(live.foundation_models.published().order_by("name"))
        changes = field_changes(live, edited, FIELDS_SHOWN[type(live)])
    articles = sorted(pages_showing(models), key=lambda page: page.title) if changes else []
    return FactEdit(edited, changes, models, articles, check_date)

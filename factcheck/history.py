"""The change history of a snippet's facts, newest first: old value → new value, who, when,
the check date and the sources.

Foundation models keep revisions, so their history is rebuilt from what was published (the
same comparison as the public directory's history). Developers and modalities are told apart
by the log entries recording.py writes when a change to them is published.
"""

from dataclasses import dataclass, field

from django.db.models import prefetch_related_objects
from django.utils.dateparse import parse_date
from wagtail.admin.utils import get_user_display_name as user_display_name
from wagtail.models import ModelLogEntry

from articles.models import FoundationModel
from directory.history import ValueChange, changes_from_entries, publish_entries

from .recording import FACTS_CHANGED


@dataclass
class HistoryEntry:
    when: object
    who: str
    checked_on: object
    changes: list = field(default_factory=list)
    articles: list = field(default_factory=list)  # titles of the live articles it changed
    is_first: bool = False


class LoggedSource:
    """A source as the log keeps it: enough to show and link it."""

    def __init__(self, title, url):
        self.title, self.url = title, url


def model_history(model):
    entries = publish_entries([model.pk])
    prefetch_related_objects(entries, "user")
    users = {entry.revision_id: entry.user for entry in entries}
    return [
        HistoryEntry(
            when=change.published_at,
            who=user_display_name(users.get(change.revision_id)),
            checked_on=change.as_of,
            changes=change.changes,
            is_first=change.is_new,
        )
        for change in reversed(changes_from_entries(entries))
    ]


def _logged_change(data):
    sources = [LoggedSource(s.get("title", ""), s.get("url", "")) for s in data.get("sources", [])]
    return ValueChange(data.get("label", ""), data.get("old", ""), data.get("new", ""), sources)


def logged_history(instance):
    entries = (
        ModelLogEntry.objects.for_instance(instance)
        .filter(action=FACTS_CHANGED)
        .select_related("user")
        .order_by("-timestamp", "-pk")
    )
    return [
        HistoryEntry(
            when=entry.timestamp,
            who=user_display_name(entry.user),
            checked_on=parse_date(entry.data.get("checked_on") or ""),
            changes=[_logged_change(change) for change in entry.data.get("changes", [])],
            articles=[article.get("title", "") for article in entry.data.get("articles", [])],
        )
        for entry in entries
    ]


def fact_history(instance):
    if instance is None or instance.pk is None:
        return []
    if isinstance(instance, FoundationModel):
        return model_history(instance)
    return logged_history(instance)

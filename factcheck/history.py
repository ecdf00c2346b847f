"""The change history of a snippet's facts, newest first: old value → new value, who, when,
the check date and the sources.

Foundation models keep revisions, so their history is rebuilt from what was published (the
same comparison as the public directory's history), with one addition: a publish that moved
the check date lists that as a change of "Facts checked on". Developers and modalities are
told apart by the log entries recording.py writes when a change to them is published.
"""

from dataclasses import dataclass, field

from django.db.models import prefetch_related_objects
from django.utils.dateparse import parse_date
from wagtail.admin.utils import get_user_display_name as user_display_name
from wagtail.models import ModelLogEntry

from directory.columns import format_date
from directory.history import SnapshotBuilder, ValueChange, compare_snapshots, publish_entries
from directory.models import FoundationModel

from .changes import CHECK_DATE_LABEL
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


def published_changes(before, after):
    """What a publish changed, the check date included (the public history leaves it out)."""
    changes = compare_snapshots(before, after)
    if before.as_of != after.as_of:
        changes.append(
            ValueChange(CHECK_DATE_LABEL, format_date(before.as_of), format_date(after.as_of), [])
        )
    return changes


def model_history(model):
    entries = publish_entries([model.pk])
    prefetch_related_objects(entries, "user")
    builder = SnapshotBuilder([entry.revision.content for entry in entries])
    history, before = [], None
    for entry in entries:
        snapshot = builder.build(entry.revision.content)
        changes = published_changes(before, snapshot) if before is not None else []
        if before is None or changes:
            history.append(
                HistoryEntry(
                    when=entry.timestamp,
                    who=user_display_name(entry.user),
                    checked_on=snapshot.as_of,
                    changes=changes,
                    is_first=before is None,
                )
            )
        before = snapshot
    return list(reversed(history))


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

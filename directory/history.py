"""A model's fact history, read from the revisions that were published.

Drafts are never public, so only revisions with a publish entry in Wagtail's log count. Each
published revision is rebuilt as an unsaved FoundationModel and compared with the one published
before it through the column registry: a change is a column whose machine value differs, shown
with the display texts readers know ("70B → 405B") and the sources the new revision gives for it.
"""

from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from wagtail.models import ModelLogEntry

from .columns import COLUMN_LIST
from .models import FoundationModel, Modality, Organisation

PUBLISH_ACTION = "wagtail.publish"
# The check date changes with every review; it is shown beside each change, not as one.
UNTRACKED_COLUMNS = {"as_of"}
TRACKED_COLUMNS = [c for c in COLUMN_LIST if c.key not in UNTRACKED_COLUMNS]


@dataclass
class ValueChange:
    label: str
    old: str
    new: str
    sources: list


@dataclass
class FactChange:
    """One publish that changed what readers see (or first showed the model)."""

    object_id: str
    slug: str
    name: str
    published_at: object
    revision_id: int
    as_of: object
    is_new: bool
    changes: list = field(default_factory=list)

    @property
    def summary(self):
        if self.is_new:
            return f"{self.name} added to the directory"
        labels = ", ".join(change.label.lower() for change in self.changes)
        return f"{self.name}: {labels} changed"


def publish_entries(model_ids):
    """Publish log entries (with their revisions) of these models, oldest first: one query."""
    content_type = ContentType.objects.get_for_model(FoundationModel)
    return list(
        ModelLogEntry.objects.filter(
            content_type=content_type,
            action=PUBLISH_ACTION,
            object_id__in=[str(pk) for pk in model_ids],
            revision__isnull=False,
        )
        .select_related("revision")
        .order_by("timestamp", "pk")
    )


class SnapshotBuilder:
    """Rebuilds revisions as unsaved models; developers and modalities are read in bulk once."""

    def __init__(self, contents):
        developer_ids = {c.get("developer") for c in contents} - {None}
        modality_ids = {pk for c in contents for pk in c.get("modalities") or []}
        self.developers = Organisation.objects.in_bulk(developer_ids)
        self.modalities = Modality.objects.in_bulk(modality_ids)

    def build(self, content):
        data = {k: v for k, v in content.items() if k not in ("developer", "modalities")}
        model = FoundationModel.from_serializable_data(data, check_fks=False)
        model.developer = self.developers.get(content.get("developer")) or Organisation(
            name="Unknown", slug="unknown"
        )
        chosen = [self.modalities.get(pk) for pk in content.get("modalities") or []]
        model.modalities = sorted(
            (m for m in chosen if m is not None), key=lambda m: (m.sort_order, m.name)
        )
        return model


def compare_snapshots(before, after):
    """The tracked columns whose machine value differs between two snapshots."""
    changes = []
    for column in TRACKED_COLUMNS:
        if column.machine(before) == column.machine(after):
            continue
        sources = [s for s in after.sources.all() if s.fact in column.facts]
        changes.append(
            ValueChange(column.label, column.display(before), column.display(after), sources)
        )
    return changes


def changes_from_entries(entries):
    """FactChanges for each model's publishes, oldest first; publishes that changed no fact
    (a new check date only) are left out."""
    builder = SnapshotBuilder([e.revision.content for e in entries])
    previous, history = {}, []
    for entry in entries:
        snapshot = builder.build(entry.revision.content)
        before = previous.get(entry.object_id)
        previous[entry.object_id] = snapshot
        changes = compare_snapshots(before, snapshot) if before is not None else []
        if before is not None and not changes:
            continue
        history.append(
            FactChange(
                object_id=entry.object_id,
                slug=snapshot.slug,
                name=snapshot.name,
                published_at=entry.timestamp,
                revision_id=entry.revision_id,
                as_of=snapshot.as_of,
                is_new=before is None,
                changes=changes,
            )
        )
    return history


def model_history(model):
    """One model's changes, newest first."""
    return list(reversed(changes_from_entries(publish_entries([model.pk]))))


def recent_changes(limit):
    """The newest changes across every published model: what the changes feed lists."""
    current = {
        str(pk): (slug, name)
        for pk, slug, name in FoundationModel.objects.published().values_list("pk", "slug", "name")
    }
    history = changes_from_entries(publish_entries(list(current)))
    for change in history:
        # Link to the model as it is now called, even if a later publish renamed it.
        change.slug, change.name = current[change.object_id]
    history.sort(key=lambda change: (change.published_at, change.revision_id), reverse=True)
    return history[:limit]

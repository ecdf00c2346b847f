"""Puts the demo fact registry (organisations, foundation models, their sources) in the database.

Same rules as the pages: an entry is matched by slug; one that exists is left alone unless
refreshing; a new or changed entry is published as a revision, so the registry's history
shows what the loader did.
"""

from decimal import Decimal

from directory.models import FoundationModel, FoundationModelSource, Modality, Organisation

from .schema import DemoContentError

MODEL_FIELDS = (
    "name",
    "parameter_status",
    "min_parameters_billions",
    "max_parameters_billions",
    "active_parameters_billions",
    "parameter_notation",
    "release_date",
    "open_weights",
    "licence",
)

COUNT_FIELDS = ("min_parameters_billions", "max_parameters_billions", "active_parameters_billions")


def _registry_state(obj, values):
    state = {name: getattr(obj, name) for name in values}
    if isinstance(obj, FoundationModel):
        state["modalities"] = sorted(m.slug for m in obj.modalities.all())
        state["sources"] = [(s.fact, s.url, s.title, s.accessed) for s in obj.sources.all()]
    return state


class RegistrySync:
    """Applies `facts.toml`; `note(verb, description)` hears of every entry it writes."""

    def __init__(self, content, refresh, note):
        self.content = content
        self.refresh = refresh
        self.note = note

    def sync_snippet(self, model, slug, values, related=None, label=""):
        """Create or update one registry entry by slug, publishing a revision when it changes.

        `related` sets its cluster relations (modalities, sources) in memory, so they are
        stored in the revision and written when it is published. Returns the entry.
        """
        obj = model.objects.filter(slug=slug).first()
        created = obj is None
        if not created and not self.refresh:
            return obj
        if created:
            obj = model(slug=slug, live=False, **values)
            obj.save()
        before = None if created else _registry_state(obj, values)
        for name, value in values.items():
            setattr(obj, name, value)
        if related:
            related(obj)
        if created or not obj.live or _registry_state(obj, values) != before:
            obj.save_revision(log_action=True).publish()
            self.note("created" if created else "updated", f"{label} {obj}")
        return model.objects.get(pk=obj.pk)

    def run(self):
        """Sync every organisation and foundation model; returns the models by slug."""
        organisations = {
            data["slug"]: self.sync_snippet(
                Organisation,
                data["slug"],
                {"name": data["name"], "website": data["website"]},
                label="organisation",
            )
            for data in self.content.organisations
        }
        modalities = {m.slug: m for m in Modality.objects.all()}
        models = {}
        for data in self.content.foundation_models:
            missing = set(data["modalities"]) - set(modalities)
            if missing:
                raise DemoContentError(f"Unknown modalities {sorted(missing)}; run migrate first.")
            values = {name: data[name] for name in MODEL_FIELDS}
            for name in COUNT_FIELDS:  # 0.11 in TOML is a float; the field keeps it exactly
                if values[name] is not None:
                    values[name] = Decimal(str(values[name]))
            values["developer"] = organisations[data["developer"]]
            values["as_of"] = data["checked"] or self.content.facts_checked
            accessed = data["sources_accessed"] or self.content.sources_accessed

            def related(obj, data=data, accessed=accessed):
                obj.modalities.set([modalities[slug] for slug in data["modalities"]])
                # An explicit sort_order: left empty, the database returns the sources in
                # any order it likes (PostgreSQL did), and --refresh saw a change that wasn't.
                obj.sources = [
                    FoundationModelSource(
                        fact=source["fact"],
                        url=source["url"],
                        title=source["title"],
                        accessed=source["accessed"] or accessed,
                        sort_order=index,
                    )
                    for index, source in enumerate(data["sources"])
                ]

            models[data["slug"]] = self.sync_snippet(
                FoundationModel, data["slug"], values, related=related, label="foundation model"
            )
        return models

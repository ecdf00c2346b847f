"""Factories for the fact registry and the comparison-table blocks."""

import uuid
from datetime import date
from decimal import Decimal

import factory

from directory.models import FoundationModel, FoundationModelSource, Modality, Organisation
from tests.factories import SluggedFactory


class OrganisationFactory(SluggedFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Lab {n}")
    website = "https://example.org/"
    live = True


class FoundationModelFactory(SluggedFactory):
    """A published model with a disclosed count; pass modalities=["text", …] by slug."""

    class Meta:
        model = FoundationModel
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Model {n}")
    developer = factory.SubFactory(OrganisationFactory)
    parameter_status = "disclosed"
    max_parameters_billions = Decimal("70")
    release_date = date(2024, 4, 18)
    open_weights = False
    licence = ""
    as_of = date(2025, 6, 1)
    live = True

    @factory.post_generation
    def modalities(obj, create, extracted, **kwargs):
        slugs = extracted if extracted is not None else ["text"]
        if create:
            obj.modalities.set(Modality.objects.filter(slug__in=slugs))
            obj.save()


class SourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FoundationModelSource

    model = factory.SubFactory(FoundationModelFactory)
    fact = "parameters"
    url = factory.Sequence(lambda n: f"https://example.org/source-{n}")
    title = factory.Sequence(lambda n: f"Source {n}")
    accessed = date(2025, 6, 1)


def publish(instance, user=None):
    """Publish the instance's current state the way the admin does: through a revision."""
    revision = instance.save_revision(user=user)
    revision.publish(user=user)
    instance.refresh_from_db()
    return instance


def model_table(models, caption="Key foundation models", columns=None, block_id=None, **extra):
    """A ("model_table", value, id) tuple for an ArticlePage body."""
    value = {
        "caption": caption,
        "models": [m.pk for m in models],
        "columns": columns or ["name", "developer", "modalities", "parameters"],
        "default_sort": "",
        "sort_direction": "asc",
        "show_sources": True,
        **extra,
    }
    return {"type": "model_table", "value": value, "id": block_id or str(uuid.uuid4())}


def concept_table(caption="Foundation vs task-specific", headings=None, rows=None, block_id=None):
    value = {
        "caption": caption,
        "aspect_heading": "Aspect",
        "column_headings": headings or ["Foundation model", "Task-specific model"],
        "rows": rows
        or [
            {"aspect": "Training data", "cells": ["<p>Broad</p>", "<p>Narrow</p>"]},
            {"aspect": "Reuse", "cells": ["<p>Many tasks</p>", "<p>One task</p>"]},
        ],
    }
    return {"type": "concept_table", "value": value, "id": block_id or str(uuid.uuid4())}

"""Organisations that develop foundation models: one row each, shown as a model's developer."""

from django.db import models
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel
from wagtail.models import DraftStateMixin, LockableMixin, RevisionMixin


class Organisation(DraftStateMixin, LockableMixin, RevisionMixin, ClusterableModel):
    name = models.CharField(max_length=120)
    slug = models.SlugField(max_length=120, unique=True)
    website = models.URLField(blank=True)

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("website")]

    class Meta:
        db_table = "articles_organisation"
        ordering = ["name"]

    def __str__(self):
        return self.name

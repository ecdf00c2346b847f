"""Sources: where each fact about a foundation model comes from, and when it was checked."""

from datetime import date

from django.db import models
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel
from wagtail.models import Orderable

from ..facts import Fact


class FoundationModelSource(Orderable):
    model = ParentalKey(
        "directory.FoundationModel", on_delete=models.CASCADE, related_name="sources"
    )
    fact = models.CharField(max_length=20, choices=Fact.choices, default=Fact.GENERAL)
    url = models.URLField("URL", max_length=500)
    title = models.CharField(max_length=200)
    accessed = models.DateField(default=date.today)

    panels = [
        FieldPanel("fact"),
        FieldPanel("title"),
        FieldPanel("url"),
        FieldPanel("accessed"),
    ]

    class Meta(Orderable.Meta):
        db_table = "articles_foundationmodelsource"
        verbose_name = "source"

    def __str__(self):
        return self.title

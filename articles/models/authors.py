"""The author snippet: who wrote an article, as a person or as an organisation."""

from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.search import index


class AuthorKind(models.TextChoices):
    # The value is what schema.org calls the type, so JSON-LD can say it as entered.
    ORGANISATION = "Organization", "Organisation (a team or company)"
    PERSON = "Person", "Person"


class Author(index.Indexed, models.Model):
    name = models.CharField(max_length=120)
    slug = models.SlugField(max_length=120, unique=True)
    kind = models.CharField(
        max_length=20,
        choices=AuthorKind.choices,
        default=AuthorKind.ORGANISATION,
        help_text="How search engines and link previews name the author of the articles.",
    )
    role = models.CharField(max_length=120, blank=True)
    bio = models.TextField(blank=True)
    url = models.URLField("Profile link", blank=True)

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("kind"),
        FieldPanel("role"),
        FieldPanel("bio"),
        FieldPanel("url"),
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def as_schema(self):
        """The author as schema.org JSON-LD: a Person or an Organization, as entered."""
        data = {"@type": self.kind, "name": self.name}
        if self.url:
            data["url"] = self.url
        return data

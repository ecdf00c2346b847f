"""The kinds of fact the registry keeps, shared by the models and the column registry.

They live apart from both so that the tables can name a fact without importing the
models, and the models can render a preview table without a circle.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ParameterStatus(models.TextChoices):
    DISCLOSED = "disclosed", _("Disclosed by the developer")
    ESTIMATED = "estimated", _("Estimated by others (needs a source)")
    UNDISCLOSED = "undisclosed", _("Undisclosed")


class Fact(models.TextChoices):
    """What a source backs up; each maps to the table columns it footnotes."""

    GENERAL = "general", _("The model in general")
    DEVELOPER = "developer", _("Developer")
    MODALITIES = "modalities", _("Modalities")
    PARAMETERS = "parameters", _("Parameter count")
    RELEASE_DATE = "release_date", _("Release date")
    OPEN_WEIGHTS = "open_weights", _("Open weights")
    LICENCE = "licence", _("Licence")

"""The kinds of fact the registry keeps, shared by the models and the column registry.

They live apart from both so that the tables can name a fact without importing the
models, and the models can render a preview table without a circle.
"""

from django.db import models


class ParameterStatus(models.TextChoices):
    DISCLOSED = "disclosed", "Disclosed by the developer"
    ESTIMATED = "estimated", "Estimated by others (needs a source)"
    UNDISCLOSED = "undisclosed", "Undisclosed"


class Fact(models.TextChoices):
    """What a source backs up; each maps to the table columns it footnotes."""

    GENERAL = "general", "The model in general"
    DEVELOPER = "developer", "Developer"
    MODALITIES = "modalities", "Modalities"
    PARAMETERS = "parameters", "Parameter count"
    RELEASE_DATE = "release_date", "Release date"
    OPEN_WEIGHTS = "open_weights", "Open weights"
    LICENCE = "licence", "Licence"

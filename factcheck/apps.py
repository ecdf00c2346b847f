from django.apps import AppConfig


class FactCheckConfig(AppConfig):
    """Keeping the fact registry honest: confirming changes that reach live articles, the
    history of each fact, and the reviews that are due."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "factcheck"
    verbose_name = "Fact checking"

from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    """The fact registry as a public dataset: listing, model pages, comparison, feed."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "directory"
    verbose_name = "Model directory"

from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    """The fact registry, its one owner: models, facts, the column registry, tables, exports,
    API and history, and the public dataset at /models/ (listing, model pages, comparison,
    feed). Imports none of the apps that use it (articles, factcheck, pagecache, demo)."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "directory"
    verbose_name = "Model directory"

from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo site as data files, their loader and `load_demo_content`: development data,
    installed by the dev and test settings only (never packaged, never in production)."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "demo"
    verbose_name = "Demo content"

from django.apps import AppConfig


class ConsentConfig(AppConfig):
    name = "consent"
    verbose_name = "Consent"

    def ready(self):
        from . import signals  # noqa: F401  (connects the registry-change receivers)

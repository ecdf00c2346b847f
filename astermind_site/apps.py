from django.apps import AppConfig


class AstermindSiteConfig(AppConfig):
    """The project itself as an app: its signals, template tags and operational views."""

    name = "astermind_site"
    verbose_name = "AsterMind Learn site"

    def ready(self):
        from . import signals

        signals.connect()

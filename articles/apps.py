from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "Articles"
    # The video players' frame-src (the hook: astermind_site/csp.py).
    csp_sources = "articles.embeds.csp.csp_sources"

    def ready(self):
        from . import signals

        signals.connect()

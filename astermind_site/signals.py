"""Receivers of the site app, wired in AstermindSiteConfig.ready()."""

from django.apps import apps
from django.db import DEFAULT_DB_ALIAS
from django.db.models.signals import post_migrate

from .site_url import configure_default_site


def set_site_address(sender, using=DEFAULT_DB_ALIAS, **kwargs):
    if using == DEFAULT_DB_ALIAS:
        configure_default_site()


def connect():
    # After wagtailcore's migrations, which create the placeholder default site.
    post_migrate.connect(
        set_site_address,
        sender=apps.get_app_config("wagtailcore"),
        dispatch_uid="astermind_site.set_site_address",
    )

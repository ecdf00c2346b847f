"""Receivers of the site app, wired in AstermindSiteConfig.ready()."""

from django.apps import apps
from django.db import DEFAULT_DB_ALIAS, transaction
from django.db.models.signals import post_delete, post_migrate, post_save
from wagtail.models import Page, Site
from wagtail.signals import post_page_move

from .site_lookup import forget_sites
from .site_url import configure_default_site


def set_site_address(sender, using=DEFAULT_DB_ALIAS, **kwargs):
    if using == DEFAULT_DB_ALIAS:
        configure_default_site()


def forget_cached_sites(sender, instance=None, **kwargs):
    """A site, or any page (a site's root among them: its title, path or tree place), changed:
    the cached sites (site_lookup.py) are read afresh. Pages change seldom enough that telling
    a root from another page is not worth a query."""
    if sender is Site or isinstance(instance, Page):
        forget_sites()
        # Again once the change is visible: a request in between may have read the old rows.
        transaction.on_commit(forget_sites)


def connect():
    # Per sender, so saves of anything else (consent records above all) never reach it.
    senders = [Site, *(m for m in apps.get_models() if issubclass(m, Page))]
    for signal in (post_save, post_delete):
        for sender in senders:
            signal.connect(
                forget_cached_sites,
                sender=sender,
                dispatch_uid=f"astermind_site.sites.{id(signal)}.{sender._meta.label}",
            )
    post_page_move.connect(forget_cached_sites, dispatch_uid="astermind_site.sites.move")
    # After wagtailcore's migrations, which create the placeholder default site.
    post_migrate.connect(
        set_site_address,
        sender=apps.get_app_config("wagtailcore"),
        dispatch_uid="astermind_site.set_site_address",
    )

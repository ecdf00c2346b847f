"""Receivers for registry changes; connected in ArticlesConfig.ready().

Pages render per request from the live rows, so they are already current; these receivers
only tell a frontend cache (when one is configured) to drop its copies.
"""

from django.db.models.signals import pre_delete
from django.dispatch import receiver
from wagtail.signals import published, unpublished

from .freshness import purge_pages_showing
from .models import FoundationModel, Organisation


@receiver(published, sender=FoundationModel)
@receiver(unpublished, sender=FoundationModel)
@receiver(pre_delete, sender=FoundationModel)
def _purge_pages_showing_model(sender, instance, **kwargs):
    purge_pages_showing([instance])


@receiver(published, sender=Organisation)
def _purge_pages_showing_organisation(sender, instance, **kwargs):
    purge_pages_showing(list(instance.foundation_models.all()))

from django.apps import AppConfig
from django.db.models.signals import post_save

from . import conf  # noqa: F401  (puts the CONSENT_* defaults on django.conf.settings)


class ConsentConfig(AppConfig):
    name = "consent"
    verbose_name = "Consent"

    def ready(self):
        from . import (
            checks,  # noqa: F401  (registers the signing-key check)
            signals,  # (its decorators connect the registry-change receivers)
        )
        from .models import ConsentRecord

        post_save.connect(
            signals.record_saved, sender=ConsentRecord, dispatch_uid="consent_log_checkpoint"
        )

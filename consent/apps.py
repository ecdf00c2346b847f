from django.apps import AppConfig

from . import conf  # noqa: F401  (puts the CONSENT_* defaults on django.conf.settings)


class ConsentConfig(AppConfig):
    name = "consent"
    verbose_name = "Consent"
    # Its part of the Content-Security-Policy (the hook: astermind_site/csp.py).
    csp_sources = "consent.csp.csp_sources"

    def ready(self):
        from . import (
            checks,  # noqa: F401  (registers the signing-key check)
            dbroles,
            signals,
        )

        signals.connect()
        dbroles.connect()

from django.apps import AppConfig

from . import conf  # noqa: F401  (puts the CONSENT_* defaults on django.conf.settings)


class ConsentConfig(AppConfig):
    name = "consent"
    verbose_name = "Consent"

    def ready(self):
        from . import dbroles, signals  # noqa: F401  (signals connects the registry receivers)

        dbroles.connect()

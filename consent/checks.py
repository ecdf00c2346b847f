"""System check: the consent log's signing key must load. Without it no checkpoint can be
signed, so the log's integrity rests on the database alone: an error outside DEBUG (so
`manage.py migrate` and gunicorn's start refuse), a warning while developing."""

from django.core import checks
from django.core.exceptions import ImproperlyConfigured

from .conf import settings
from .log.keys import signing_key


@checks.register(checks.Tags.security)
def signing_key_loads(app_configs, **kwargs):
    try:
        signing_key()
    except ImproperlyConfigured as exc:
        level = checks.Warning if settings.DEBUG else checks.Error
        return [
            level(
                str(exc),
                hint="Create one with `manage.py create_consent_signing_key PATH` and set "
                "CONSENT_LOG_SIGNING_KEY to that path (or to the key itself).",
                id="consent.E001",
            )
        ]
    return []

"""Checks made when the WSGI application loads, so a misdeployment fails at start.

Without collected static files the manifest storage raises on every `{% static %}`, which
used to mean a 500 on every page and nothing in the log saying why.
"""

from django.conf import settings
from django.contrib.staticfiles.storage import ManifestFilesMixin, staticfiles_storage
from django.core.exceptions import ImproperlyConfigured


def require_collected_static():
    if settings.DEBUG or not isinstance(staticfiles_storage, ManifestFilesMixin):
        return
    if not staticfiles_storage.exists(staticfiles_storage.manifest_name):
        raise ImproperlyConfigured(
            f"Static files have not been collected: "
            f"{staticfiles_storage.path(staticfiles_storage.manifest_name)} is missing. "
            "Run `manage.py collectstatic --noinput` (make serve does) before starting."
        )

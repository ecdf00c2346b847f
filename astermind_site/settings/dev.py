"""Local development: debug on, a fixed key that is only ever used on a laptop."""

from .base import *  # noqa: F403

DEBUG = True
SECRET_KEY = "dev-only-key-not-for-production-3f9c1b7e"  # noqa: S105
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]", "testserver"]
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
WHITENOISE_USE_FINDERS = True

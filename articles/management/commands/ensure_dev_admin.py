"""Make sure a local admin account exists (development only)."""

import os
import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Create the local 'admin' superuser if it is missing (DEBUG only)."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("ensure_dev_admin is for local development (DEBUG=True) only.")
        User = get_user_model()
        if User.objects.filter(username="admin").exists():
            self.stdout.write(
                "Admin account 'admin' already exists (reset it with "
                "`manage.py changepassword admin`)."
            )
            return
        password = os.environ.get("DJANGO_SUPERUSER_PASSWORD") or secrets.token_urlsafe(12)
        User.objects.create_superuser("admin", "admin@example.invalid", password)
        if os.environ.get("DJANGO_SUPERUSER_PASSWORD"):
            self.stdout.write("Created admin account 'admin' with DJANGO_SUPERUSER_PASSWORD.")
        else:
            self.stdout.write(
                f"Created admin account 'admin' with password: {password}\n"
                "It is shown only this once."
            )

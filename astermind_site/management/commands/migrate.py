"""`migrate` as the tables' owner, then the grants for the role the site serves as.

Django's own command, run with MIGRATE_DATABASE_URL's credentials when that names another role
of the same database (settings/database.py checks it is the same database), so every table,
trigger and the consent log's SECURITY DEFINER function belong to the owner; afterwards
astermind_site/dbroles.py grants DATABASE_URL's role what it needs. Without
MIGRATE_DATABASE_URL this is exactly Django's migrate. A test database (another name than the
configured one) is always migrated as it is connected.
"""

from contextlib import contextmanager

from django.conf import settings
from django.core.management.commands.migrate import Command as DjangoMigrate
from django.db import connections

from astermind_site.dbroles import grant_app_role


@contextmanager
def connected_as_owner(connection):
    """The connection re-opened with the owner's credentials for the block, then restored."""
    owner = settings.DATABASE_OWNER
    if not owner or connection.settings_dict.get("NAME") != owner["NAME"]:
        yield False
        return
    credentials = {"USER": owner["USER"], "PASSWORD": owner["PASSWORD"]}
    saved = {key: connection.settings_dict.get(key) for key in credentials}
    connection.close()
    connection.settings_dict.update(credentials)
    try:
        yield True
    finally:
        connection.close()
        connection.settings_dict.update(saved)


class Command(DjangoMigrate):
    help = DjangoMigrate.help + " As MIGRATE_DATABASE_URL's role when set, then grants."

    def handle(self, *args, **options):
        connection = connections[options["database"]]
        with connected_as_owner(connection) as as_owner:
            super().handle(*args, **options)
            if as_owner and grant_app_role(connection) and options["verbosity"] >= 1:
                self.stdout.write(f"Granted the site's role {settings.DATABASE_APP_ROLE!r}.")

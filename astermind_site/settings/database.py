"""The database connection and the two PostgreSQL roles the site can use.

DATABASE_URL is what the site serves with. MIGRATE_DATABASE_URL, when set, is the same
database reached as the role that owns the tables: `manage.py migrate` switches to it
(astermind_site/management/commands/migrate.py) and then grants DATABASE_URL's role only
what it needs (astermind_site/dbroles.py). Unset, or naming the same user, everything runs as
one role, as in development and the test suite.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

# What must agree between the two URLs: they are one database, reached as two roles.
SAME_DATABASE = ("ENGINE", "NAME", "HOST", "PORT")
SQLITE_FILE = Path(__file__).resolve().parents[2] / "db.sqlite3"


def database_settings(conn_max_age_default):
    """DATABASE_URL (SQLite file by default). Kept connections are health-checked before
    reuse, so a database restart costs one failed check, not a broken request."""
    database = dj_database_url.config(
        default=f"sqlite:///{SQLITE_FILE}",
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", conn_max_age_default)),
        conn_health_checks=True,
    )
    if database["ENGINE"] == "django.db.backends.postgresql":
        # An unreachable server fails fast into the 503 page instead of hanging a worker.
        database.setdefault("OPTIONS", {}).setdefault("connect_timeout", 5)
    return {"default": database}


def owner_credentials(database):
    """{"NAME", "USER", "PASSWORD"} of MIGRATE_DATABASE_URL when it names another role of the
    same database as `database` (the default connection's settings), else None."""
    url = os.environ.get("MIGRATE_DATABASE_URL", "").strip()
    if not url:
        return None
    owner = dj_database_url.parse(url)
    differs = [key for key in SAME_DATABASE if owner.get(key) != database.get(key)]
    if differs:
        raise ImproperlyConfigured(
            "MIGRATE_DATABASE_URL must name the same database as DATABASE_URL "
            f"(they differ in {', '.join(k.lower() for k in differs)})."
        )
    if owner.get("USER") == database.get("USER"):
        return None
    return {key: owner.get(key, "") for key in ("NAME", "USER", "PASSWORD")}


def app_role(database, owner):
    """The role the site serves as, which migrate grants to: DATABASE_URL's user, but only
    when a separate owner is configured (one role for everything needs no grants)."""
    return database.get("USER", "") if owner else ""

"""What the role the site serves as may do in PostgreSQL, granted by the tables' owner.

`manage.py migrate` (management/commands/migrate.py) runs as MIGRATE_DATABASE_URL's role, the
owner of every table, and ends by calling `grant_app_role`: DATABASE_URL's role
(settings.DATABASE_APP_ROLE) gets plain reads and writes on every table in the schema,
Wagtail's included, and may use the sequences; it owns nothing, so it cannot ALTER, TRUNCATE
or DROP. Apps whose tables need less send nothing back: they narrow the grant in a receiver of
`app_role_granted` (the consent log does, in consent/dbroles.py). With one role for everything
(no MIGRATE_DATABASE_URL, or SQLite) there is nothing to grant.
"""

from django.conf import settings
from django.core.management.base import CommandError
from django.dispatch import Signal

# Sent after the broad grant, with connection= and role= (a quoted identifier).
app_role_granted = Signal()

# The migration history: the site reads it (checks), only migrate writes it.
READ_ONLY_TABLES = ("django_migrations",)


def refusals(cursor, role):
    """Why `role` could not be the site's role (owns something, is or joins the owner, may
    create objects in the schema), as sentences; empty when it is fit."""
    cursor.execute(
        "SELECT rolsuper, rolcreaterole, rolbypassrls FROM pg_catalog.pg_roles WHERE rolname = %s",
        [role],
    )
    row = cursor.fetchone()
    if row is None:
        return [f"the role {role!r} does not exist: create it (CREATE ROLE … LOGIN) first."]
    problems = []
    if any(row):
        problems.append(f"{role!r} is a superuser or may create roles or bypass row security.")
    cursor.execute(
        "SELECT pg_catalog.pg_has_role(%s, current_user, 'MEMBER'),"
        " pg_catalog.has_schema_privilege(%s, current_schema(), 'CREATE'),"
        " (SELECT count(*) FROM pg_catalog.pg_class c"
        "  WHERE c.relowner = (SELECT oid FROM pg_catalog.pg_roles WHERE rolname = %s)"
        "  AND c.relnamespace = current_schema()::regnamespace)",
        [role, role, role],
    )
    member, may_create, owned = cursor.fetchone()
    if member:
        problems.append(f"{role!r} is the owner or a member of it.")
    if may_create:
        problems.append(f"{role!r} may CREATE in the schema: REVOKE CREATE ON SCHEMA … FROM it.")
    if owned:
        problems.append(
            f"{role!r} owns {owned} tables or sequences: REASSIGN OWNED BY it TO the owner."
        )
    return problems


def grant_app_role(connection, role=None):
    """Grant `role` (default settings.DATABASE_APP_ROLE) what the site needs; run as the owner.
    Refuses (CommandError) a role that could undo the guarantees it is meant to hold."""
    role = settings.DATABASE_APP_ROLE if role is None else role
    if connection.vendor != "postgresql" or not role:
        return False
    with connection.cursor() as cursor:
        problems = refusals(cursor, role)
        if problems:
            raise CommandError("DATABASE_URL's role cannot serve the site: " + " ".join(problems))
        quoted = connection.ops.quote_name(role)
        cursor.execute("SELECT quote_ident(current_schema())")
        schema = cursor.fetchone()[0]
        cursor.execute(
            f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {schema} TO {quoted}"
        )
        cursor.execute(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {schema} TO {quoted}")
        for table in READ_ONLY_TABLES:
            cursor.execute(f"REVOKE INSERT, UPDATE, DELETE ON {table} FROM {quoted}")
    app_role_granted.send(sender=grant_app_role, connection=connection, role=quoted)
    return True

"""The consent log's share of the site role's grants: less than every other table gets.

astermind_site/dbroles.py grants DATABASE_URL's role reads and writes everywhere, then sends
`app_role_granted`; this receiver (connected in ConsentConfig.ready()) takes back what the log
must not allow: records and policy versions are SELECT and INSERT only, the chain head may be
read and its two columns updated (its trigger, migration 0006, lets it only move forward onto
a real record), the prune log is read-only, and pruning is EXECUTE on the owner's function.
"""

from astermind_site.dbroles import app_role_granted, grant_app_role

from .models import ConsentChainHead, ConsentPolicyVersion, ConsentPrune, ConsentRecord

PRUNE_FUNCTION = "consent_prune_records(timestamptz, integer)"


def table(model, connection):
    return connection.ops.quote_name(model._meta.db_table)


def narrow_consent_grants(sender, connection, role, **kwargs):
    tables = [ConsentRecord, ConsentPolicyVersion, ConsentChainHead, ConsentPrune]
    statements = [f"REVOKE ALL ON {table(m, connection)} FROM {role}" for m in tables]
    statements += [
        f"GRANT SELECT, INSERT ON {table(ConsentRecord, connection)} TO {role}",
        f"GRANT SELECT, INSERT ON {table(ConsentPolicyVersion, connection)} TO {role}",
        f"GRANT SELECT, UPDATE (record_id, digest) ON {table(ConsentChainHead, connection)} "
        f"TO {role}",
        f"GRANT SELECT ON {table(ConsentPrune, connection)} TO {role}",
        f"REVOKE ALL ON FUNCTION {PRUNE_FUNCTION} FROM PUBLIC",
        f"GRANT EXECUTE ON FUNCTION {PRUNE_FUNCTION} TO {role}",
    ]
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def connect():
    app_role_granted.connect(
        narrow_consent_grants, sender=grant_app_role, dispatch_uid="consent.narrow_grants"
    )

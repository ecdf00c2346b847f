"""The consent log's share of the site role's grants: less than every other table gets.

astermind_site/dbroles.py grants DATABASE_URL's role reads and writes everywhere, then sends
`app_role_granted`; this receiver (connected in ConsentConfig.ready()) takes back what the log
must not allow: records, policy versions and signed checkpoints are SELECT and INSERT only,
the log's head may be read and its columns updated (its trigger, migration 0007, lets it only
grow onto a real record), the prune log is read-only, and pruning is EXECUTE on the owner's
two functions (blank the personal fields; log the run). The stored subtree roots are
appended like the log, and so are the worker's sealed checks of it (a role that could delete
the newest check could bring back an older, happier one); the daily tally is read-only, kept
by the owner's insert trigger (migration 0009).
"""

from astermind_site.dbroles import app_role_granted, grant_app_role

from .models import (
    ConsentChainHead,
    ConsentCheckpoint,
    ConsentDailyTally,
    ConsentLogCheck,
    ConsentLogSubtree,
    ConsentPolicyVersion,
    ConsentPrune,
    ConsentRecord,
)

PRUNE_FUNCTIONS = (
    "consent_blank_personal_fields(timestamptz, timestamptz, bigint, bigint)",
    "consent_log_prune(timestamptz, timestamptz, bigint, bigint)",
)


def table(model, connection):
    return connection.ops.quote_name(model._meta.db_table)


def narrow_consent_grants(sender, connection, role, **kwargs):
    appended_only = [
        ConsentRecord,
        ConsentPolicyVersion,
        ConsentCheckpoint,
        ConsentLogSubtree,
        ConsentLogCheck,
    ]
    read_only = [ConsentPrune, ConsentDailyTally]
    every = [*appended_only, *read_only, ConsentChainHead]
    statements = [f"REVOKE ALL ON {table(m, connection)} FROM {role}" for m in every]
    statements += [
        f"GRANT SELECT, INSERT ON {table(m, connection)} TO {role}" for m in appended_only
    ]
    statements += [
        f"GRANT SELECT, UPDATE (record_id, size, frontier) ON "
        f"{table(ConsentChainHead, connection)} TO {role}",
    ]
    statements += [f"GRANT SELECT ON {table(m, connection)} TO {role}" for m in read_only]
    for function in PRUNE_FUNCTIONS:
        statements += [
            f"REVOKE ALL ON FUNCTION {function} FROM PUBLIC",
            f"GRANT EXECUTE ON FUNCTION {function} TO {role}",
        ]
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def connect():
    app_role_granted.connect(
        narrow_consent_grants, sender=grant_app_role, dispatch_uid="consent.narrow_grants"
    )

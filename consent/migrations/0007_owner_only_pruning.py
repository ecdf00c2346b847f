"""Only the tables' owner can open the consent log, and pruning goes through its functions.

0006 lets anyone who sets `consent.pruning` run the blanking UPDATE, and guards neither TRUNCATE
nor the log's head. Here, on PostgreSQL:

- the permit counts only for the tables' owner (a role that could drop the triggers anyway),
  so the role the site serves as (DATABASE_URL's, which owns nothing: astermind_site/dbroles.py)
  gains nothing by setting it;
- `consent_blank_personal_fields` (consent/pruning.py's blanking UPDATE, as it stands) and
  `consent_log_prune` are SECURITY DEFINER, owned by the owner, search_path pinned: the one way
  the site's role prunes, and the one way it writes the prune log (checked against the records
  it says were blanked);
- statement-level BEFORE TRUNCATE triggers on the records, policy versions, head, prune log and
  checkpoints (row triggers never fire for TRUNCATE);
- the head only grows, onto a record that exists at the leaf it claims, and stays one row.

SQLite has no roles and no TRUNCATE: it gets the head triggers, and stays a development
database for this guarantee (docs/security.md).
"""

from django.db import migrations

RECORDS = "consent_consentrecord"
VERSIONS = "consent_consentpolicyversion"
HEAD = "consent_consentchainhead"
PRUNES = "consent_consentprune"
CHECKPOINTS = "consent_consentcheckpoint"
PERMIT = "consent_pruning_permit"
GUARDED = (RECORDS, VERSIONS, HEAD, PRUNES, CHECKPOINTS)

# True only inside the owner's blanking function, or for the owner who asked.
OWNER_PERMIT = """
    coalesce(current_setting('consent.pruning', true), '') = 'on'
    AND pg_catalog.pg_has_role(
        current_user,
        (SELECT relowner FROM pg_catalog.pg_class WHERE oid = TG_RELID),
        'MEMBER'
    )
"""
ANY_PERMIT = "coalesce(current_setting('consent.pruning', true), '') = 'on'"

# 0006's rule for the one UPDATE a record may see, unchanged.
BLANKING_ONLY = """
    OLD.pruned_at IS NULL AND NEW.pruned_at IS NOT NULL
    AND NEW.id = OLD.id AND NEW.leaf_index = OLD.leaf_index AND NEW.leaf_hash = OLD.leaf_hash
    AND NEW.method = OLD.method AND NEW.decisions IS NOT DISTINCT FROM OLD.decisions
    AND NEW.policy_version_id = OLD.policy_version_id AND NEW.created_at = OLD.created_at
    AND NEW.consent_id IS NULL AND NEW.path = '' AND NEW.user_agent = '' AND NEW.ip_hash = ''
"""


def record_guard(permit):
    return f"""
CREATE OR REPLACE FUNCTION consent_record_guard() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND {permit} AND {BLANKING_ONLY} THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'The consent audit trail is append-only: % on % refused', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'restrict_violation';
END;
$$ LANGUAGE plpgsql
"""


REFUSE_TRUNCATE = f"""
CREATE OR REPLACE FUNCTION consent_refuse_truncate() RETURNS trigger AS $$
BEGIN
    IF {OWNER_PERMIT} THEN
        RETURN NULL;
    END IF;
    RAISE EXCEPTION 'The consent audit trail is append-only: % on % refused', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'restrict_violation';
END;
$$ LANGUAGE plpgsql
"""

# Each new record takes leaf `size` and the head then names it with size + 1 (models/chain.py).
HEAD_FORWARD = f"""
CREATE OR REPLACE FUNCTION consent_head_forward() RETURNS trigger AS $$
BEGIN
    IF {OWNER_PERMIT} THEN
        IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
        RETURN NEW;
    END IF;
    IF TG_OP = 'INSERT' AND NOT EXISTS (SELECT 1 FROM {HEAD}) THEN
        RETURN NEW;
    END IF;
    IF TG_OP = 'UPDATE' AND NEW.id = OLD.id AND (
        (NEW.record_id, NEW.size, NEW.frontier::text)
            IS NOT DISTINCT FROM (OLD.record_id, OLD.size, OLD.frontier::text)
        OR (
            NEW.size > OLD.size
            AND NEW.record_id > coalesce(OLD.record_id, 0)
            AND EXISTS (
                SELECT 1 FROM {RECORDS} WHERE id = NEW.record_id AND leaf_index = NEW.size - 1
            )
        )
    ) THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'The consent log head only moves forward: % on % refused', TG_OP,
        TG_TABLE_NAME USING ERRCODE = 'restrict_violation';
END;
$$ LANGUAGE plpgsql
"""

# consent/pruning.py's BLANK_PERSONAL_FIELDS_SQL as the owner runs it for the site's role. The
# permit is switched on around the one statement (a SET clause would need a superuser to create
# the function on PostgreSQL 15+, for a custom setting), and an error rolls it back with the
# statement; even left on it would count only for the owner. The head is locked so no insert
# interleaves. A change to the blanking rule changes this body (and BLANKING_ONLY).
BLANK_FUNCTION = f"""
CREATE OR REPLACE FUNCTION consent_blank_personal_fields(
    run_at timestamptz, due_before timestamptz, through_id bigint
) RETURNS integer
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = {{schema}}, pg_temp
AS $$
DECLARE
    blanked integer;
BEGIN
    IF run_at IS NULL OR due_before IS NULL OR through_id IS NULL THEN
        RAISE EXCEPTION 'consent_blank_personal_fields needs a time, a cutoff and an id';
    END IF;
    PERFORM 1 FROM {HEAD} FOR UPDATE;
    PERFORM set_config('consent.pruning', 'on', true);
    UPDATE {RECORDS}
       SET consent_id = NULL, path = '', user_agent = '', ip_hash = '', pruned_at = run_at
     WHERE pruned_at IS NULL AND created_at < due_before AND id <= through_id;
    GET DIAGNOSTICS blanked = ROW_COUNT;
    PERFORM set_config('consent.pruning', 'off', true);
    RETURN blanked;
END;
$$
"""

# The prune log's one writer: the row says how many records this run blanked, and the count
# comes from the records themselves, so the site's role cannot log a prune that did not happen.
LOG_FUNCTION = f"""
CREATE OR REPLACE FUNCTION consent_log_prune(
    run_at timestamptz, due_before timestamptz, through_id bigint, at_size bigint
) RETURNS bigint
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = {{schema}}, pg_temp
AS $$
DECLARE
    counted integer;
    logged bigint;
BEGIN
    SELECT count(*) INTO counted FROM {RECORDS}
     WHERE pruned_at = run_at AND id <= through_id AND created_at < due_before;
    IF counted = 0 THEN
        RAISE EXCEPTION 'No records were blanked at % through %', run_at, through_id
            USING ERRCODE = 'restrict_violation';
    END IF;
    IF at_size IS NULL OR at_size > (SELECT size FROM {HEAD} LIMIT 1) THEN
        RAISE EXCEPTION 'The log has fewer than % leaves', at_size
            USING ERRCODE = 'restrict_violation';
    END IF;
    INSERT INTO {PRUNES} (created_at, cutoff, blanked, through_record, tree_size)
        VALUES (now(), due_before, counted, through_id, at_size)
        RETURNING id INTO logged;
    RETURN logged;
END;
$$
"""
FUNCTIONS = (
    "consent_blank_personal_fields(timestamptz, timestamptz, bigint)",
    "consent_log_prune(timestamptz, timestamptz, bigint, bigint)",
)


def postgres_sql(schema):
    statements = [
        record_guard(OWNER_PERMIT),
        REFUSE_TRUNCATE,
        HEAD_FORWARD,
        BLANK_FUNCTION.replace("{schema}", schema),
        LOG_FUNCTION.replace("{schema}", schema),
        *(f"REVOKE ALL ON FUNCTION {function} FROM PUBLIC" for function in FUNCTIONS),
        f"CREATE TRIGGER {HEAD}_forward_only BEFORE INSERT OR UPDATE OR DELETE ON {HEAD} "
        "FOR EACH ROW EXECUTE FUNCTION consent_head_forward()",
    ]
    for table in GUARDED:
        statements.append(
            f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
            "FOR EACH STATEMENT EXECUTE FUNCTION consent_refuse_truncate()"
        )
    return statements


def postgres_drop_sql():
    return [
        *(f"DROP TRIGGER IF EXISTS {t}_no_truncate ON {t}" for t in GUARDED),
        f"DROP TRIGGER IF EXISTS {HEAD}_forward_only ON {HEAD}",
        *(f"DROP FUNCTION IF EXISTS {function}" for function in FUNCTIONS),
        "DROP FUNCTION IF EXISTS consent_head_forward()",
        "DROP FUNCTION IF EXISTS consent_refuse_truncate()",
        record_guard(ANY_PERMIT),
    ]


SQLITE_REFUSE = "SELECT RAISE(ABORT, 'The consent audit trail is append-only')"
SQLITE_TRIGGERS = {
    f"{HEAD}_one_row": f"BEFORE INSERT ON {HEAD} WHEN EXISTS (SELECT 1 FROM {HEAD})",
    f"{HEAD}_forward_only": (
        f"BEFORE UPDATE ON {HEAD} WHEN NOT (NEW.id = OLD.id AND ("
        "(NEW.record_id IS OLD.record_id AND NEW.size = OLD.size "
        "AND NEW.frontier = OLD.frontier) OR ("
        "NEW.size > OLD.size AND NEW.record_id > coalesce(OLD.record_id, 0) AND EXISTS ("
        f"SELECT 1 FROM {RECORDS} WHERE id = NEW.record_id AND leaf_index = NEW.size - 1))))"
    ),
    f"{HEAD}_no_delete": f"BEFORE DELETE ON {HEAD} WHEN NOT EXISTS (SELECT 1 FROM {PERMIT})",
}


def create_guards(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT quote_ident(current_schema())")
            schema = cursor.fetchone()[0]
        for statement in postgres_sql(schema):
            schema_editor.execute(statement, params=None)
    elif connection.vendor == "sqlite":
        for name, when in SQLITE_TRIGGERS.items():
            schema_editor.execute(f"CREATE TRIGGER {name} {when} BEGIN {SQLITE_REFUSE}; END")


def drop_guards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        statements = postgres_drop_sql()
    elif vendor == "sqlite":
        statements = [f"DROP TRIGGER IF EXISTS {name}" for name in SQLITE_TRIGGERS]
    else:
        statements = []
    for statement in statements:
        schema_editor.execute(statement, params=None)


class Migration(migrations.Migration):
    dependencies = [("consent", "0006_merkle_log")]

    operations = [migrations.RunPython(create_guards, drop_guards)]

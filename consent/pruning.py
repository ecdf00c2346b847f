"""Retention: the personal fields of old consent records are blanked; the records stay.

A record older than CONSENT_RECORD_RETENTION_DAYS loses everything that could point to a
visitor (consent id, path, user agent, address hash) and is marked pruned; its choice, time,
policy version and leaf hash stay, so every signed checkpoint and every receipt's inclusion
proof still verifies. Nothing is deleted.

`BLANK_PERSONAL_FIELDS_SQL` is the one statement that does it, and the one UPDATE the database
triggers accept (inside `pruning_permit`, migration 0006). On PostgreSQL the site's role may not
run it: the tables' owner does, in the SECURITY DEFINER functions of migration 0007
(`consent_blank_personal_fields`, the same statement, and `consent_log_prune`, the prune log's
only writer); `blank_batch` and `log_prune` are their only callers.
"""

import time
from dataclasses import dataclass

from django.db import connection, transaction
from django.utils import timezone

from .log.checkpoints import make_checkpoint
from .models import ConsentPrune, ConsentRecord
from .models.chain import pruning_permit

RECORDS = ConsentRecord._meta.db_table
# Each batch aims to hold the log's head this long; the limit (issue 19) is 1 s.
BATCH_AIM = 0.2
FIRST_BATCH, MIN_BATCH, MAX_BATCH = 500, 50, 10_000

# Parameters: pruned_at, cutoff, the id before this batch, highest id in this batch. The lower
# bound keeps each batch to its own rows: without it every batch re-read all older records.
BLANK_PERSONAL_FIELDS_SQL = f"""
UPDATE {RECORDS}
   SET consent_id = NULL, path = '', user_agent = '', ip_hash = '', pruned_at = %s
 WHERE pruned_at IS NULL AND created_at < %s AND id > %s AND id <= %s
"""


def blank_batch(cutoff, after_id, through_id, now):
    """Blank the not-yet-pruned records created before `cutoff` with `after_id` < id <=
    `through_id`; returns how many. The one place personal fields are removed."""
    adapt = connection.ops.adapt_datetimefield_value  # raw SQL: store times as the ORM does
    if connection.vendor == "postgresql":
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                "SELECT consent_blank_personal_fields(%s, %s, %s, %s)",
                [now, cutoff, after_id, through_id],
            )
            return cursor.fetchone()[0]
    with transaction.atomic(), pruning_permit(), connection.cursor() as cursor:
        cursor.execute(BLANK_PERSONAL_FIELDS_SQL, [adapt(now), adapt(cutoff), after_id, through_id])
        return cursor.rowcount


def log_prune(cutoff, blanked, through_id, tree_size, now):
    """The prune log's row for this run; on PostgreSQL written by the owner's function, which
    counts the records this run blanked itself rather than taking `blanked` on trust."""
    if connection.vendor != "postgresql":
        return ConsentPrune.objects.create(
            cutoff=cutoff, blanked=blanked, through_record=through_id, tree_size=tree_size
        )
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT consent_log_prune(%s, %s, %s, %s)", [now, cutoff, through_id, tree_size]
        )
        return ConsentPrune.objects.get(pk=cursor.fetchone()[0])


def due(cutoff):
    return ConsentRecord.objects.filter(pruned_at__isnull=True, created_at__lt=cutoff)


@dataclass(frozen=True)
class PruneResult:
    blanked: int
    prune: ConsentPrune | None
    checkpoint: object  # the ConsentCheckpoint signed for this prune


def next_batch_size(size, took, aim=BATCH_AIM):
    """The next batch's size after one of `size` records held the head for `took` seconds:
    as many as should take `aim`, growing at most twofold a batch (one fast batch is no
    promise) and shrinking at once, within MIN_BATCH..MAX_BATCH."""
    if took <= 0:
        wanted = size * 2
    else:
        wanted = round(size * aim / took)
    return max(MIN_BATCH, min(MAX_BATCH, size * 2, wanted))


def prune(cutoff, batch_size=None, now=None, clock=time.perf_counter):
    """Blank every record due in batches, each its own short transaction (so inserts wait
    at most one batch for the log's head), log the run and sign a checkpoint.

    Batches walk the ids upwards, each starting where the last ended, so none re-reads the
    records before it. A batch's size follows how long the one before it held the head
    (`next_batch_size`, aiming at BATCH_AIM seconds): on a busy machine the same number of
    rows took ten times as long, and no batch may keep inserts waiting a second
    (bench/consent_scale.py times the longest, and what an insert waited). A fixed
    `batch_size` turns that off (tests)."""
    now = now or timezone.now()
    blanked, through = 0, None
    after = 0
    size = batch_size or FIRST_BATCH
    while True:
        batch = due(cutoff).filter(pk__gt=after).order_by("pk")
        ids = list(batch.values_list("pk", flat=True)[:size])
        if not ids:
            break
        started = clock()
        blanked += blank_batch(cutoff, after, ids[-1], now)
        took = clock() - started
        through = after = ids[-1]
        if not batch_size:
            size = next_batch_size(size, took)
    checkpoint = make_checkpoint(force=True)
    record = None
    if blanked:
        record = log_prune(cutoff, blanked, through, checkpoint.tree_size, now)
    return PruneResult(blanked, record, checkpoint)

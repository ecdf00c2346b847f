"""Retention: the personal fields of old consent records are blanked; the records stay.

A record older than CONSENT_RECORD_RETENTION_DAYS loses everything that could point to a
visitor (consent id, path, user agent, address hash) and is marked pruned; its choice, time,
policy version and leaf hash stay, so every signed checkpoint and every receipt's inclusion
proof still verifies. Nothing is deleted.

`BLANK_PERSONAL_FIELDS_SQL` is the one statement that does it, and the one UPDATE the database
triggers accept (inside `pruning_permit`, migration 0006). On PostgreSQL it is meant to move
into a SECURITY DEFINER function as it stands; `blank_batch` is its only caller.
"""

from dataclasses import dataclass

from django.db import connection, transaction
from django.utils import timezone

from .log.checkpoints import make_checkpoint
from .models import ConsentPrune, ConsentRecord
from .models.chain import pruning_permit

RECORDS = ConsentRecord._meta.db_table

# Parameters: pruned_at, cutoff, highest id in this batch.
BLANK_PERSONAL_FIELDS_SQL = f"""
UPDATE {RECORDS}
   SET consent_id = NULL, path = '', user_agent = '', ip_hash = '', pruned_at = %s
 WHERE pruned_at IS NULL AND created_at < %s AND id <= %s
"""


def blank_batch(cutoff, through_id, now):
    """Blank the not-yet-pruned records created before `cutoff` with id <= `through_id`;
    returns how many. The one place personal fields are removed."""
    adapt = connection.ops.adapt_datetimefield_value  # raw SQL: store times as the ORM does
    with transaction.atomic(), pruning_permit(), connection.cursor() as cursor:
        cursor.execute(BLANK_PERSONAL_FIELDS_SQL, [adapt(now), adapt(cutoff), through_id])
        return cursor.rowcount


def due(cutoff):
    return ConsentRecord.objects.filter(pruned_at__isnull=True, created_at__lt=cutoff)


@dataclass(frozen=True)
class PruneResult:
    blanked: int
    prune: ConsentPrune | None
    checkpoint: object  # the ConsentCheckpoint signed for this prune


def prune(cutoff, batch_size=5000, now=None):
    """Blank every record due, `batch_size` at a time (each batch its own short transaction,
    so inserts are never held up), log the run and sign a checkpoint."""
    now = now or timezone.now()
    blanked, through = 0, None
    while True:
        ids = list(due(cutoff).order_by("pk").values_list("pk", flat=True)[:batch_size])
        if not ids:
            break
        blanked += blank_batch(cutoff, ids[-1], now)
        through = ids[-1]
    checkpoint = make_checkpoint(force=True)
    record = None
    if blanked:
        record = ConsentPrune.objects.create(
            cutoff=cutoff, blanked=blanked, through_record=through, tree_size=checkpoint.tree_size
        )
    return PruneResult(blanked, record, checkpoint)

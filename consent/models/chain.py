"""What keeps the consent log's Merkle tree dense: the head (the lock every insert takes, the
tree's size and its right edge) and the log of prunes (each retention run that blanked the
personal fields of old records), plus the one narrow permit the database triggers accept for
that blanking UPDATE (consent/pruning.py holds it; nothing may DELETE a record).
"""

from contextlib import contextmanager

from django.db import connection, models
from psycopg import pq

from ..merkle import Frontier

HEAD_PK = 1
SQLITE_PERMIT_TABLE = "consent_pruning_permit"


class ConsentChainHead(models.Model):
    """One row: the newest record's id, the tree's size (the next leaf index) and its right
    edge (merkle.Frontier, hex). Inserts lock it, so on PostgreSQL two concurrent inserts
    cannot both take the same leaf index; checkpoints read the root from it without
    re-reading every leaf."""

    record_id = models.BigIntegerField(null=True, blank=True)
    size = models.BigIntegerField(default=0)
    frontier = models.JSONField(default=list, blank=True)

    class Meta:
        verbose_name = "consent chain head"

    def __str__(self):
        return f"Log head: {self.size} leaves, newest record {self.record_id}"

    def tree(self):
        return Frontier(self.size, [bytes.fromhex(h) for h in self.frontier])

    def append(self, record_id, leaf_hash_hex):
        """Take the next leaf index for `leaf_hash_hex` (call with the row locked)."""
        tree = self.tree()
        index = tree.size
        tree.append(bytes.fromhex(leaf_hash_hex))
        self.size, self.frontier = tree.size, [h.hex() for h in tree.hashes]
        self.record_id = record_id
        return index

    @classmethod
    def lock(cls):
        """The head row, locked until the transaction ends (call inside atomic)."""
        if connection.vendor == "sqlite":
            # SQLite has no row locks; a write takes the database's write lock at once, so a
            # second writer waits here instead of reading the same predecessor.
            cls.objects.filter(pk=HEAD_PK).update(size=models.F("size"))
        head = cls.objects.select_for_update().filter(pk=HEAD_PK).first()
        if head is None:
            # The first insert on a fresh database: create the row (a racing writer's
            # create is absorbed by get_or_create), then lock it like every later insert;
            # handing out the unlocked row let two first writers take the same leaf index.
            cls.objects.get_or_create(pk=HEAD_PK)
            head = cls.objects.select_for_update().get(pk=HEAD_PK)
        return head


class ConsentPrune(models.Model):
    """One retention run: `blanked` records created before `cutoff` lost their personal
    fields (their leaves stay); the log had `tree_size` leaves and was checkpointed then."""

    created_at = models.DateTimeField(auto_now_add=True)
    cutoff = models.DateTimeField(help_text="Records created before this were due.")
    blanked = models.PositiveIntegerField()
    through_record = models.BigIntegerField(null=True, blank=True)
    tree_size = models.BigIntegerField(default=0)

    class Meta:
        ordering = ["-pk"]
        verbose_name = "consent prune"

    def __str__(self):
        return f"Blanked {self.blanked} records created before {self.cutoff:%Y-%m-%d}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("The prune log is append-only.")
        super().save(*args, **kwargs)


@contextmanager
def pruning_permit():
    """Let the append-only triggers accept the blanking UPDATE (pruning.BLANK_PERSONAL_FIELDS_SQL)
    of consent records inside this block only; they refuse every other UPDATE and any DELETE.

    PostgreSQL: a transaction-local setting the trigger reads; SQLite (no session variables):
    a row in a one-row permit table. Either is switched off again before the block ends, so a
    prune inside a longer transaction leaves nothing open behind it. Call inside atomic()."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT set_config('consent.pruning', 'on', true)")
        elif connection.vendor == "sqlite":
            cursor.execute(f"INSERT INTO {SQLITE_PERMIT_TABLE} (id) VALUES (1)")
        try:
            yield
        finally:
            if connection.vendor == "postgresql" and not _failed(connection):
                cursor.execute("SELECT set_config('consent.pruning', 'off', true)")
            elif connection.vendor == "sqlite":
                cursor.execute(f"DELETE FROM {SQLITE_PERMIT_TABLE}")


def _failed(conn):
    """A PostgreSQL transaction a failed statement has aborted: it accepts nothing more, and
    the rollback that must follow undoes the transaction-local permit anyway."""
    return conn.connection.info.transaction_status == pq.TransactionStatus.INERROR

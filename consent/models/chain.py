"""What keeps the consent log's hash chain whole: the chain head (the lock every insert takes,
and the last digest written) and the log of prunes (where the chain legitimately starts after
old records were removed), plus the narrow ways the database triggers let a prune through:
on PostgreSQL the owner's SECURITY DEFINER function (migration 0006), on SQLite a permit row.
"""

from contextlib import contextmanager

from django.db import connection, models, transaction

HEAD_PK = 1
SQLITE_PERMIT_TABLE = "consent_pruning_permit"


class ConsentChainHead(models.Model):
    """One row: the newest record's id and digest. Inserts lock it, so on PostgreSQL two
    concurrent inserts cannot both chain onto the same predecessor."""

    record_id = models.BigIntegerField(null=True, blank=True)
    digest = models.CharField(max_length=64, blank=True)

    class Meta:
        verbose_name = "consent chain head"

    def __str__(self):
        return f"Chain head at record {self.record_id}"

    @classmethod
    def lock(cls):
        """The head row, locked until the transaction ends (call inside atomic)."""
        if connection.vendor == "sqlite":
            # SQLite has no row locks; a write takes the database's write lock at once, so a
            # second writer waits here instead of reading the same predecessor.
            cls.objects.filter(pk=HEAD_PK).update(digest=models.F("digest"))
        head = cls.objects.select_for_update().filter(pk=HEAD_PK).first()
        if head is None:
            head, _ = cls.objects.get_or_create(pk=HEAD_PK)
        return head


class ConsentPrune(models.Model):
    """One retention prune: every record up to and including `through_record` was removed;
    the next record chains onto `through_digest`."""

    created_at = models.DateTimeField(auto_now_add=True)
    cutoff = models.DateTimeField(help_text="Records created before this were due.")
    removed = models.PositiveIntegerField()
    through_record = models.BigIntegerField()
    through_digest = models.CharField(max_length=64)

    class Meta:
        ordering = ["-pk"]
        verbose_name = "consent prune"

    def __str__(self):
        return f"Pruned {self.removed} records through {self.through_record}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("The prune log is append-only.")
        super().save(*args, **kwargs)


def prune_batch_in_database(before, batch_size):
    """PostgreSQL: remove and log one batch through `consent_prune_records`, which runs as the
    tables' owner; the role the site serves as may call it but could not do its work itself.
    Returns how many records went (0 when nothing is due)."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT consent_prune_records(%s, %s)", [before, batch_size])
        return cursor.fetchone()[0]


@contextmanager
def pruning_permit():
    """Let the append-only triggers accept DELETE of consent records inside this block only.

    PostgreSQL: a transaction-local setting the trigger reads, honoured for the tables' owner
    only (the site's own role prunes through `prune_batch_in_database`); SQLite (no session
    variables): a row in a one-row permit table. Either is switched off again before the block
    ends, so a prune inside a longer transaction leaves nothing open behind it. Call inside
    atomic()."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT set_config('consent.pruning', 'on', true)")
        elif connection.vendor == "sqlite":
            cursor.execute(f"INSERT INTO {SQLITE_PERMIT_TABLE} (id) VALUES (1)")
        try:
            yield
        finally:
            if connection.vendor == "postgresql":
                cursor.execute("SELECT set_config('consent.pruning', 'off', true)")
            elif connection.vendor == "sqlite":
                cursor.execute(f"DELETE FROM {SQLITE_PERMIT_TABLE}")

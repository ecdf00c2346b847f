"""Derived tables kept beside the consent log so the auditor screens stay fast at millions of
records. Neither is evidence: each can be rebuilt from the records, and a wrong row shows
(a report that disagrees with the records' own count; a proof that fails against the signed
checkpoint, which consent/log/subtrees.py then rebuilds from the leaves)."""

from django.db import models


class ConsentDailyTally(models.Model):
    """How many records were made on one UTC day by one method, in one language, with one set
    of decisions.

    Written only by the database: an insert trigger on the records (migration 0009) adds
    each new record to its row, so the acceptance report (consent/audit/report.py) sums a few
    hundred rows instead of counting millions. On PostgreSQL the trigger is the owner's
    SECURITY DEFINER function and the site's role may only read this table."""

    day = models.DateField()
    method = models.CharField(max_length=20)
    language = models.CharField(max_length=8, default="en")  # the record's (migration 0011)
    decisions = models.JSONField()
    records = models.BigIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["day", "method", "language", "decisions"],
                name="consent_tally_one_row_per_kind",
            )
        ]
        verbose_name = "consent daily tally"

    def __str__(self):
        return f"{self.day} {self.method} {self.language} {self.decisions}: {self.records}"


class ConsentLogSubtree(models.Model):
    """The root of one perfect subtree of the log's Merkle tree: leaves
    [position << level, (position + 1) << level), for levels of 256 leaves and up.

    A cache for proofs (consent/log/subtrees.py): with it an inclusion or consistency proof
    reads about log2(n) of these and at most two runs of 256 leaf hashes instead of every
    leaf. Appended as blocks of 256 leaves complete; a wrong row can only make a proof fail
    against the signed root, never make a false one pass."""

    level = models.PositiveSmallIntegerField()
    position = models.BigIntegerField()
    hash = models.CharField(max_length=64, help_text="SHA-256 subtree root, hex.")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["level", "position"], name="consent_subtree_once")
        ]
        verbose_name = "consent log subtree"

    def __str__(self):
        return f"Subtree {self.level}/{self.position}"

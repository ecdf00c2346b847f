"""Signed checkpoints of the consent log: each one a C2SP tlog-checkpoint note (origin, tree
size, root, time) signed with the key that lives outside the database. consent/log/checkpoints.py
makes them; consent/log/verify.py checks them against the leaves."""

from django.db import models


class ConsentCheckpoint(models.Model):
    """One signed note, kept exactly as published. The root and time are copies of what the
    note says, for listing; the note (and its signature) is the evidence."""

    tree_size = models.BigIntegerField(unique=True)
    root_hash = models.CharField(max_length=64, help_text="SHA-256 Merkle root, hex.")
    created_at = models.DateTimeField()
    note = models.TextField()

    class Meta:
        ordering = ["-tree_size"]
        get_latest_by = "tree_size"
        verbose_name = "consent log checkpoint"

    def __str__(self):
        return f"Checkpoint at {self.tree_size} leaves ({self.root_hash[:12]})"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("Checkpoints are never changed once signed.")
        super().save(*args, **kwargs)

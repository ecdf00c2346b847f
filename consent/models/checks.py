"""Results of holding the log's newest checkpoint against its stored leaves, one row per check.

The check reads every leaf under the checkpoint (seconds at a million records), so the worker
runs it (consent/tasks.py) and the auditor screens read the newest row (consent/log_status.py).
Each row is sealed by consent/log_checks.py with a key derived from the log's signing key, which
never enters the database: a row the site's database role (or anyone else without the key)
inserted shows up as forged, and the role may only add rows, never change or remove one
(consent/dbroles.py)."""

from django.db import models


class ConsentLogCheck(models.Model):
    """What one check found, as the worker sealed it. `tree_size` and `root_hash` name the
    checkpoint it covered (empty while the log had none)."""

    tree_size = models.BigIntegerField(null=True, blank=True)
    root_hash = models.CharField(max_length=64, blank=True)
    signed_at = models.DateTimeField(null=True, blank=True)
    ok = models.BooleanField()
    label = models.CharField(max_length=200)
    message = models.TextField()
    signature_valid = models.BooleanField(null=True)
    started_at = models.DateTimeField()
    checked_at = models.DateTimeField()
    seal = models.CharField(max_length=64, help_text="HMAC-SHA256 of the fields above, hex.")

    class Meta:
        ordering = ["-pk"]
        verbose_name = "consent log check"

    def __str__(self):
        return f"Check at {self.checked_at:%Y-%m-%d %H:%M:%S}: {self.label}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("A log check is never changed once stored.")
        super().save(*args, **kwargs)

    @property
    def seconds(self):
        return (self.checked_at - self.started_at).total_seconds()

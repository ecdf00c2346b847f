"""The audit trail: policy versions (the exact text asked about) and the append-only record."""

import hashlib

from django.db import models


class ConsentPolicyVersion(models.Model):
    """The exact text a visitor was asked about (banner, policy and registry), stored once.

    Versions form a chain: each new one supersedes the latest, and the one-to-one link
    means two workers racing to create the same successor cannot both win."""

    text = models.TextField()
    sha256 = models.CharField(max_length=64, db_index=True)
    supersedes = models.OneToOneField(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="superseded_by",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-pk"]
        verbose_name = "consent policy version"

    def __str__(self):
        return f"Version {self.pk} ({self.sha256[:12]})"

    def save(self, *args, **kwargs):
        if self.pk is not None and not kwargs.get("force_insert"):
            raise ImmutableRecordError("Policy versions are never changed once written.")
        self.sha256 = self.digest(self.text)
        super().save(*args, **kwargs)

    @staticmethod
    def digest(text):
        return hashlib.sha256(text.encode("utf-8")).hexdigest()


class ImmutableRecordError(Exception):
    """Raised when code tries to change or delete something the audit trail must keep."""


class ConsentMethod(models.TextChoices):
    ACCEPT_ALL = "accept_all", "Accept all"
    REJECT_ALL = "reject_all", "Reject all"
    PREFERENCES = "preferences", "Preferences"
    WITHDRAWAL = "withdrawal", "Withdrawal"
    GPC = "gpc", "Global Privacy Control"


class ConsentRecordQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise ImmutableRecordError("Consent records are append-only.")

    def delete(self):
        raise ImmutableRecordError(
            "Consent records are append-only; use ConsentRecord.objects.prune()."
        )

    def latest_for(self, consent_id, since=None):
        """The newest record of one consent id (none older than `since`, if given), or None."""
        records = self.filter(consent_id=consent_id)
        if since is not None:
            records = records.filter(created_at__gte=since)
        return records.order_by("-created_at", "-pk").first()

    def prune(self, before, batch_size=5000):
        """Delete records created before `before`; the retention command's only tool.
        Deletes in batches so a big backlog never holds one huge transaction."""
        removed = 0
        while True:
            batch = list(
                self.filter(created_at__lt=before).values_list("pk", flat=True)[:batch_size]
            )
            if not batch:
                return removed
            count, _ = models.QuerySet.delete(ConsentRecord.objects.filter(pk__in=batch))
            removed += count


class ConsentRecord(models.Model):
    """One choice by one visitor, exactly as made. Never updated; only pruned by age."""

    consent_id = models.UUIDField(
        help_text="Random id kept in the visitor's consent cookie; never a user id."
    )
    method = models.CharField(max_length=20, choices=ConsentMethod.choices)
    decisions = models.JSONField(
        help_text='Optional cookie group → accepted, e.g. {"analytics": true}.'
    )
    policy_version = models.ForeignKey(
        ConsentPolicyVersion, on_delete=models.PROTECT, related_name="records"
    )
    created_at = models.DateTimeField(db_index=True)
    path = models.CharField(max_length=500, blank=True)
    user_agent = models.CharField(max_length=200, blank=True)
    ip_hash = models.CharField(
        max_length=64, blank=True, help_text="Keyed hash of the IP truncated to /24 or /48."
    )

    objects = ConsentRecordQuerySet.as_manager()
    wagtail_reference_index_ignore = True

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["consent_id", "created_at"], name="consent_id_time")]
        verbose_name = "consent record"

    def __str__(self):
        return f"{self.consent_id} {self.get_method_display()} {self.created_at:%Y-%m-%d %H:%M}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ImmutableRecordError("Consent records are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ImmutableRecordError("Consent records are append-only.")

    @property
    def accepted_groups(self):
        return sorted(group for group, accepted in self.decisions.items() if accepted)

    @property
    def refused_groups(self):
        return sorted(group for group, accepted in self.decisions.items() if not accepted)

    @property
    def decisions_display(self):
        return ", ".join(
            f"{group}: {'accepted' if accepted else 'refused'}"
            for group, accepted in sorted(self.decisions.items())
        )

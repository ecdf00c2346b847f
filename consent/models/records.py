"""The audit trail: policy versions (the exact text asked about) and the append-only record."""

from django.db import connection, models, transaction

from ..digests import canonical_content, chain_digest, text_digest
from .chain import ConsentChainHead, ConsentPrune, prune_batch_in_database, pruning_permit


class ImmutableRecordError(Exception):
    """Raised when code tries to change or delete something the audit trail must keep."""


class ConsentPolicyVersionQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise ImmutableRecordError("Policy versions are never changed once written.")

    def delete(self):
        raise ImmutableRecordError("Policy versions are never deleted.")


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

    objects = ConsentPolicyVersionQuerySet.as_manager()

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

    def delete(self, *args, **kwargs):
        raise ImmutableRecordError("Policy versions are never deleted.")

    @staticmethod
    def digest(text):
        return text_digest(text)


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

    def bulk_create(self, objs, *args, **kwargs):
        """New records only, each chained in order; never an upsert over an old one."""
        if kwargs.get("update_conflicts") or kwargs.get("ignore_conflicts"):
            raise ImmutableRecordError("Consent records are append-only: no upserts.")
        objs = list(objs)
        if any(obj.pk is not None for obj in objs):
            raise ImmutableRecordError("Consent records are numbered by the database.")
        with transaction.atomic():
            head = ConsentChainHead.lock()
            for obj in objs:
                obj.digest = chain_digest(head.digest, obj.canonical_content())
                head.digest = obj.digest
            created = super().bulk_create(objs, *args, **kwargs)
            if created and created[-1].pk is not None:
                head.record_id = created[-1].pk
            head.save()
        return created

    def prune(self, before, batch_size=5000):
        """Remove the oldest records, created before `before`; the retention command's only
        tool and the one path the database triggers let DELETE through.

        Only a prefix of the chain (in id order) is removed, so what stays verifies from the
        logged prune point; a record that was written out of time order waits for the next
        run. Each batch is its own transaction so a big backlog never holds one huge one.
        On PostgreSQL each batch is the owner's function, the same steps in SQL."""
        removed = 0
        if connection.vendor == "postgresql":
            while count := prune_batch_in_database(before, batch_size):
                removed += count
            return removed
        while True:
            with transaction.atomic():
                ConsentChainHead.lock()  # no insert may chain onto a record being removed
                first_kept = (
                    self.filter(created_at__gte=before)
                    .order_by("pk")
                    .values_list("pk", flat=True)
                    .first()
                )
                due = ConsentRecord.objects.all()
                if first_kept is not None:
                    due = due.filter(pk__lt=first_kept)
                batch = list(due.order_by("pk").values_list("pk", "digest")[:batch_size])
                if not batch:
                    return removed
                through_pk, through_digest = batch[-1]
                with pruning_permit():
                    count, _ = models.QuerySet.delete(
                        ConsentRecord.objects.filter(pk__lte=through_pk)
                    )
                ConsentPrune.objects.create(
                    cutoff=before,
                    removed=count,
                    through_record=through_pk,
                    through_digest=through_digest,
                )
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
    digest = models.CharField(
        max_length=64,
        blank=True,
        editable=False,
        help_text="SHA-256 over the previous record's digest and this record's content.",
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
        if not self._state.adding or self.pk is not None:
            raise ImmutableRecordError(
                "Consent records are append-only and numbered by the database."
            )
        kwargs["force_insert"] = True
        with transaction.atomic():
            head = ConsentChainHead.lock()
            self.digest = chain_digest(head.digest, self.canonical_content())
            super().save(*args, **kwargs)
            head.record_id, head.digest = self.pk, self.digest
            head.save()

    def canonical_content(self):
        return canonical_content(self, self.policy_version.sha256)

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

"""The audit trail: policy versions (the exact text asked about) and the append-only record."""

from django.db import models, transaction

from ..digests import canonical_content, record_leaf_hash, text_digest
from .chain import ConsentChainHead


class ImmutableRecordError(Exception):
    """Raised when code tries to change or delete something the audit trail must keep."""


class ConsentPolicyVersionQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise ImmutableRecordError("Policy versions are never changed once written.")

    def delete(self):
        raise ImmutableRecordError("Policy versions are never deleted.")


class ConsentPolicyVersion(models.Model):
    """The exact text a visitor was asked about (banner, policy and registry), stored once.

    Each language has its own chain of versions: a new version supersedes the latest one in
    its language, the one-to-one link means two workers racing to create the same successor
    cannot both win, and the constraint below does the same for a language's first version.
    Changing the German text therefore makes a German version and leaves English alone."""

    text = models.TextField()
    sha256 = models.CharField(max_length=64, db_index=True)
    language = models.CharField(
        max_length=8,
        default="en",
        help_text="Language of the text (a code from CONSENT_LANGUAGES); each language has its "
        "own chain of versions.",
    )
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
        constraints = [
            models.UniqueConstraint(
                fields=["language"],
                condition=models.Q(supersedes__isnull=True),
                name="consent_policy_one_first_version_per_language",
            )
        ]

    def __str__(self):
        return f"Version {self.pk} ({self.language}, {self.sha256[:12]})"

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
            "Consent records are append-only; retention blanks them (consent.pruning.prune)."
        )

    def latest_for(self, consent_id, since=None):
        """The newest record of one consent id (none older than `since`, if given), or None."""
        records = self.filter(consent_id=consent_id)
        if since is not None:
            records = records.filter(created_at__gte=since)
        return records.order_by("-created_at", "-pk").first()

    def bulk_create(self, objs, *args, **kwargs):
        """New records only, each given the next leaf in order; never an upsert."""
        if kwargs.get("update_conflicts") or kwargs.get("ignore_conflicts"):
            raise ImmutableRecordError("Consent records are append-only: no upserts.")
        objs = list(objs)
        if any(obj.pk is not None for obj in objs):
            raise ImmutableRecordError("Consent records are numbered by the database.")
        with transaction.atomic():
            head = ConsentChainHead.lock()
            for obj in objs:
                obj.leaf_hash = obj.compute_leaf_hash()
                obj.leaf_index = head.append(None, obj.leaf_hash)
            created = super().bulk_create(objs, *args, **kwargs)
            if created and created[-1].pk is not None:
                head.record_id = created[-1].pk
            head.save()
        return created


class ConsentRecord(models.Model):
    """One choice by one visitor, exactly as made. Never updated, never deleted: retention
    (consent/pruning.py) only blanks its personal fields, and its leaf stays in the log."""

    consent_id = models.UUIDField(
        null=True,
        blank=True,
        help_text="Random id kept in the visitor's consent cookie; never a user id. "
        "Empty once pruned.",
    )
    method = models.CharField(max_length=20, choices=ConsentMethod.choices)
    decisions = models.JSONField(
        help_text='Optional cookie group → accepted, e.g. {"analytics": true}.'
    )
    policy_version = models.ForeignKey(
        ConsentPolicyVersion, on_delete=models.PROTECT, related_name="records"
    )
    language = models.CharField(
        max_length=8,
        default="en",
        help_text="Language of the text the visitor was shown (its policy version's). Records "
        "from before languages were recorded are English.",
    )
    created_at = models.DateTimeField(db_index=True)
    path = models.CharField(max_length=500, blank=True)
    user_agent = models.CharField(max_length=200, blank=True)
    ip_hash = models.CharField(
        max_length=64, blank=True, help_text="Keyed hash of the IP truncated to /24 or /48."
    )
    leaf_index = models.BigIntegerField(
        unique=True, editable=False, help_text="Position in the log's Merkle tree, from 0."
    )
    leaf_hash = models.CharField(
        max_length=64,
        editable=False,
        help_text="SHA-256(0x00 || canonical content), hex; never changes, even when pruned.",
    )
    pruned_at = models.DateTimeField(
        null=True, blank=True, editable=False, help_text="When retention blanked it."
    )

    objects = ConsentRecordQuerySet.as_manager()
    wagtail_reference_index_ignore = True

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["consent_id", "created_at"], name="consent_id_time"),
            # The auditors' list order (newest first, id breaking ties), read from the index.
            models.Index(fields=["created_at", "id"], name="consent_time_id"),
            # Each equality filter of the list, in the list's order: its first page is the
            # head of one index range and its capped count an index-only scan
            # (audit/paging.py), however rare the value (the oldest policy version's records
            # were 660,000 rows down the time index).
            models.Index(fields=["method", "created_at", "id"], name="consent_method_time"),
            models.Index(fields=["language", "created_at", "id"], name="consent_language_time"),
            models.Index(
                fields=["policy_version", "created_at", "id"], name="consent_version_time"
            ),
        ]
        verbose_name = "consent record"

    def __str__(self):
        who = self.consent_id or "(pruned)"
        return f"{who} {self.get_method_display()} {self.created_at:%Y-%m-%d %H:%M}"

    def save(self, *args, **kwargs):
        if not self._state.adding or self.pk is not None:
            raise ImmutableRecordError(
                "Consent records are append-only and numbered by the database."
            )
        kwargs["force_insert"] = True
        with transaction.atomic():
            head = ConsentChainHead.lock()
            self.leaf_hash = self.compute_leaf_hash()
            self.leaf_index = head.size
            super().save(*args, **kwargs)
            head.append(self.pk, self.leaf_hash)
            head.save()

    def canonical_content(self):
        return canonical_content(self, self.policy_version.sha256)

    def compute_leaf_hash(self):
        return record_leaf_hash(self, self.policy_version.sha256)

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

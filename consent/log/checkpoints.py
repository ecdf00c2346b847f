"""Signing checkpoints of the consent log: the root of the first n leaves, the size and the
time, as a signed note (notes.py) stored in ConsentCheckpoint and served by views.py.

The root comes from the head's right edge (merkle.Frontier), so signing never re-reads the
leaves; verify.py is what recomputes it from them. A checkpoint is signed when one is due
(`maybe_checkpoint`, after a record is committed: the log grew and the last is older than
CONSENT_CHECKPOINT_INTERVAL), by `manage.py make_consent_checkpoint`, and at every prune; each
new one also stores the subtree roots its leaves completed (subtrees.py), for the proofs.
"""

import logging
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from ..conf import settings
from ..models import ConsentChainHead, ConsentCheckpoint
from ..models.chain import HEAD_PK
from .keys import origin, signing_key
from .notes import checkpoint_body, sign_note
from .subtrees import extend_quietly

logger = logging.getLogger(__name__)


def latest_checkpoint():
    """The newest signed checkpoint, or None before the first."""
    return ConsentCheckpoint.objects.order_by("-tree_size").first()


def _head_tree():
    head = ConsentChainHead.objects.filter(pk=HEAD_PK).first()
    return head.tree() if head is not None else ConsentChainHead().tree()


def make_checkpoint(*, force=False, now=None):
    """Sign the log as it stands. Returns the checkpoint at the current size (a new one, or the
    one already signed at that size), or None when not forced and none is due."""
    now = (now or timezone.now()).replace(microsecond=0)  # the note's time has whole seconds
    tree = _head_tree()
    existing = ConsentCheckpoint.objects.filter(tree_size=tree.size).first()
    if existing is not None:
        return existing
    if not force and not checkpoint_due(tree.size, now):
        return None
    name = origin()
    note = sign_note(checkpoint_body(name, tree.size, tree.root(), now), name, signing_key())
    try:
        with transaction.atomic():
            checkpoint = ConsentCheckpoint.objects.create(
                tree_size=tree.size, root_hash=tree.root().hex(), created_at=now, note=note
            )
    except IntegrityError:  # another worker signed this size first
        return ConsentCheckpoint.objects.get(tree_size=tree.size)
    # The leaves since the last checkpoint become stored subtree roots, so a receipt's
    # proofs never have to read the whole log (subtrees.py).
    extend_quietly(tree.size)
    return checkpoint


def checkpoint_due(size, now):
    latest = latest_checkpoint()
    if latest is None:
        return size > 0
    interval = timedelta(seconds=settings.CONSENT_CHECKPOINT_INTERVAL)
    return size > latest.tree_size and now - latest.created_at >= interval


def maybe_checkpoint():
    """After a record is committed: sign a checkpoint if one is due. The visitor's choice is
    already stored, so a failure here is logged, never the visitor's error; the next insert
    or the command tries again."""
    try:
        make_checkpoint()
    except Exception:  # noqa: BLE001 - logged; the record itself is safe
        logger.exception("Could not sign a consent log checkpoint")

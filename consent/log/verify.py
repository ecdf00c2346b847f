"""Checking the consent log without trusting the database: `verify_log` re-reads every leaf
in order and holds the stored tree to the signed checkpoints, its own and any kept outside.

It finds, and names:
- leaves missing from the middle or the start (deleted records; pruning never deletes);
- a record whose content no longer gives its stored leaf hash;
- a checkpoint whose signature fails, or whose root the stored leaves no longer give (a rewrite
  that recomputed the hashes), with the leaf range that changed since the last one that holds;
- a checkpoint larger than the log (the newest records deleted, or the whole log emptied:
  only a checkpoint kept outside the database shows this once the stored ones are gone too);
- a head that disagrees with the leaves, and policy text that no longer gives its SHA-256.
`manage.py verify_consent_log` runs it; the auditor screens show integrity.log_status().
"""

from dataclasses import dataclass, field

from django.db.models import Max, Min

from .. import merkle
from ..digests import text_digest
from ..models import ConsentChainHead, ConsentCheckpoint, ConsentPolicyVersion, ConsentRecord
from ..models.chain import HEAD_PK
from .keys import origin as log_origin
from .keys import verifier as log_verifier
from .notes import NoteError, open_checkpoint

CHUNK = 5000


@dataclass
class LogReport:
    leaves: int = 0
    versions: int = 0
    checkpoints: int = 0  # stored checkpoints whose signature was checked
    outside: int = 0  # checkpoints supplied from outside
    problems: list = field(default_factory=list)

    @property
    def ok(self):
        return not self.problems

    def summary(self):
        checked = (
            f"{self.versions} policy versions, {self.leaves} leaves, "
            f"{self.checkpoints} stored and {self.outside} outside checkpoints"
        )
        if self.ok:
            return f"Verified: {checked}."
        return f"Broken ({len(self.problems)} problems) after checking {checked}."


@dataclass
class Target:
    label: str
    size: int
    root: bytes
    matched: bool | None = None


def _versions(report):
    for pk, text, sha256 in ConsentPolicyVersion.objects.order_by("pk").values_list(
        "pk", "text", "sha256"
    ):
        report.versions += 1
        if text_digest(text) != sha256:
            report.problems.append(f"Policy version {pk}: its text no longer matches its SHA-256.")


def _stored_targets(report, verifier, origin):
    targets = []
    rows = ConsentCheckpoint.objects.order_by("tree_size").values_list(
        "tree_size", "root_hash", "note"
    )
    for size, root_hex, note in rows.iterator(chunk_size=500):
        report.checkpoints += 1
        label = f"stored checkpoint at size {size}"
        try:
            signed = open_checkpoint(note, verifier, origin)
        except NoteError as exc:
            report.problems.append(f"{label}: its signature does not verify ({exc}).")
            continue
        if (signed.size, signed.root.hex()) != (size, root_hex):
            report.problems.append(f"{label}: its columns differ from its signed note.")
        targets.append(Target(label, signed.size, signed.root))
    return targets


def _outside_targets(report, outside, verifier, origin):
    targets = []
    for name, text in outside:
        report.outside += 1
        try:
            signed = open_checkpoint(text, verifier, origin)
        except NoteError as exc:
            report.problems.append(f"Outside checkpoint {name}: not accepted ({exc}).")
            continue
        targets.append(
            Target(f"outside checkpoint {name} (size {signed.size})", signed.size, signed.root)
        )
    return targets


@dataclass
class Scan:
    tree: merkle.Frontier  # the dense prefix: every leaf up to the first gap
    count: int = 0  # leaves stored
    end: int = 0  # one past the highest leaf index stored
    gaps: list = field(default_factory=list)  # (first, last) missing leaf indexes


RECORD_FIELDS = (
    "pk",
    "leaf_index",
    "leaf_hash",
    "pruned_at",
    "consent_id",
    "method",
    "decisions",
    "policy_version__sha256",
    "created_at",
    "path",
    "user_agent",
    "ip_hash",
    "language",  # hashed into the leaf when not English (digests.canonical_content)
)


def _leaves(report, by_size, progress, progress_every):
    """Stream every leaf in order, checking density and content, and each target's root."""
    scan = Scan(merkle.Frontier())
    records = (
        ConsentRecord.objects.select_related("policy_version")
        .order_by("leaf_index")
        .only(*RECORD_FIELDS)
    )

    def check_targets():
        for target in by_size.get(scan.tree.size, ()):
            target.matched = scan.tree.root() == target.root

    check_targets()  # a checkpoint of the empty log
    for record in records.iterator(chunk_size=CHUNK):
        if record.leaf_index != scan.end:
            scan.gaps.append((scan.end, record.leaf_index - 1))
            report.problems.append(
                f"Leaves {scan.end}–{record.leaf_index - 1} are missing: "
                f"{record.leaf_index - scan.end} records were deleted before record "
                f"{record.pk} (pruning blanks records, it never deletes them)."
            )
        if record.pruned_at is None and record.compute_leaf_hash() != record.leaf_hash:
            report.problems.append(
                f"Record {record.pk} (leaf {record.leaf_index}): its content no longer gives "
                "its stored leaf hash."
            )
        scan.count, scan.end = scan.count + 1, record.leaf_index + 1
        if not scan.gaps:
            scan.tree.append(bytes.fromhex(record.leaf_hash))
            check_targets()
        if progress and scan.count % progress_every == 0:
            progress(scan.count)
    return scan


def _record_ids(first, last):
    span = ConsentRecord.objects.filter(leaf_index__gte=first, leaf_index__lte=last).aggregate(
        low=Min("pk"), high=Max("pk")
    )
    if span["low"] is None:
        return "no records left there"
    return f"records {span['low']}–{span['high']}"


def _missing_below(scan, size):
    """The missing leaf ranges among the first `size`, as text, or ""."""
    ranges = [(first, min(last, size - 1)) for first, last in scan.gaps if first < size]
    if size > scan.end:
        ranges.append((scan.end, size - 1))
    return ", ".join(f"{first}–{last}" if last > first else f"{first}" for first, last in ranges)


def _explain(report, targets, scan):
    good_below = 0
    for target in sorted(targets, key=lambda t: t.size):
        if missing := _missing_below(scan, target.size):
            report.problems.append(
                f"{target.label} covers {target.size} leaves, but leaves {missing} of them are "
                f"missing (deleted or truncated); the log holds {scan.count}."
            )
        elif target.matched is False:
            last = target.size - 1
            report.problems.append(
                f"{target.label}: the stored leaves no longer give its signed root; a leaf "
                f"between {good_below} and {last} ({_record_ids(good_below, last)}) "
                "was changed after it was signed."
            )
        elif target.matched:
            good_below = target.size


def verify_log(outside=(), verifier=None, progress=None, progress_every=100_000):
    """Check everything; `outside` is [(name, note text)] kept outside the database."""
    verifier = verifier or log_verifier()
    origin = log_origin()
    report = LogReport()
    _versions(report)
    targets = _stored_targets(report, verifier, origin)
    targets += _outside_targets(report, outside, verifier, origin)
    by_size = {}
    for target in targets:
        by_size.setdefault(target.size, []).append(target)
    scan = _leaves(report, by_size, progress, progress_every)
    report.leaves = scan.count
    _explain(report, targets, scan)
    head = ConsentChainHead.objects.filter(pk=HEAD_PK).first()
    head_size = head.size if head is not None else 0
    if head_size != scan.end or scan.gaps:
        report.problems.append(
            f"The head says {head_size} leaves but the log holds {scan.count} "
            f"(up to leaf {scan.end - 1})."
        )
    elif head is not None:
        try:
            head_root = head.tree().root()
        except merkle.ProofError as error:  # a hand-edited head: report it, never crash
            report.problems.append(f"The head's right edge is malformed: {error}.")
        else:
            if head_root != scan.tree.root():
                report.problems.append("The head's right edge does not give the leaves' root.")
    return report

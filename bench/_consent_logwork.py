"""The consent log's own work at scale, for bench/consent_scale.py: the worker's check of the
newest checkpoint, a receipt's inclusion proof, streaming CSV exports (each in a child process
of consent_scale.py, for its peak RSS), verify_consent_log and pruning. The screens are
_consent_screens.py's; timing and the table are _consent_results.py's."""

import os
import resource
import subprocess
import sys
import threading
import time
from pathlib import Path

from _consent_results import auditor_client

SCRIPT = Path(__file__).resolve().parent / "consent_scale.py"
PRUNE_BATCH_TARGET = 1.0


def measure_status(results):
    """The worker's check (consent/tasks.py): the newest checkpoint against every leaf under
    it, stored sealed. The screens read its result; the page rows measure that."""
    from consent.log import make_checkpoint
    from consent.log_checks import run_check

    make_checkpoint(force=True)
    started = time.perf_counter()
    check = run_check()
    took = time.perf_counter() - started
    results.add(
        f"log check in the worker ({check.tree_size:,} leaves)", f"{took * 1000:.0f} ms", "", None
    )
    if not check.ok:
        raise SystemExit(f"The log check failed: {check.label}: {check.message}")


def measure_proof(results):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from consent import merkle
    from consent.log import inclusion_proof_for, latest_checkpoint
    from consent.models import ConsentRecord

    checkpoint = latest_checkpoint()
    record = ConsentRecord.objects.get(leaf_index=checkpoint.tree_size // 3)
    inclusion_proof_for(record, checkpoint)  # warm: fills any stored subtree hashes
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        proof = inclusion_proof_for(record, checkpoint)
        took = time.perf_counter() - started
    root = bytes.fromhex(checkpoint.root_hash)
    leaf = bytes.fromhex(proof.leaf_hash)
    hashes = [bytes.fromhex(h) for h in proof.hashes]
    if not merkle.verify_inclusion(proof.leaf_index, proof.tree_size, leaf, hashes, root):
        raise SystemExit("The inclusion proof does not verify")
    results.add(
        "receipt inclusion proof",
        f"{took * 1000:.0f} ms, {len(queries)} queries",
        "",
        None,
    )


def measure_export_rss(results, counts):
    """Peak RSS of a process that streams the CSV of the newest N records (its own process
    each, so one export's peak never hides another's)."""
    peaks = {}
    for count in counts:
        started = time.perf_counter()
        out = subprocess.run(
            [sys.executable, str(SCRIPT), "--export-child", str(count)],
            capture_output=True,
            text=True,
            env=os.environ,
        )
        if out.returncode:
            raise SystemExit(out.stderr)
        rows, rss_kib = (int(v) for v in out.stdout.split())
        peaks[count] = rss_kib
        took = time.perf_counter() - started
        results.add(
            f"CSV export, {rows:,} rows: peak RSS",
            f"{rss_kib / 1024:.0f} MiB, {took:.1f} s",
            "",
            None,
        )
    small, large = peaks[counts[0]], peaks[counts[-1]]
    grew = (large - small) / 1024
    results.add("CSV export: RSS growth 100k → 1M", f"{grew:.0f} MiB", "< 50 MiB", grew < 50)


def export_child(count):
    from consent.models import ConsentRecord

    client = auditor_client()
    threshold = ConsentRecord.objects.order_by("-leaf_index").values_list("created_at", flat=True)[
        count - 1
    ]
    since = threshold.isoformat()
    from urllib.parse import urlencode

    url = "/admin/consent/records/export/?" + urlencode({"created_at_after": since[:16]})
    response = client.get(url)
    rows = -1
    for chunk in response.streaming_content:
        rows += chunk.count(b"\n")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(rows, peak)


def measure_verify(results):
    from consent.log import verify_log

    marks = {}
    started = time.perf_counter()

    def progress(done):
        marks[done] = time.perf_counter() - started

    report = verify_log(progress=progress, progress_every=100_000)
    total = time.perf_counter() - started
    if not report.ok:
        raise SystemExit("verify_consent_log: " + "; ".join(report.problems[:5]))
    first = marks.get(100_000)
    results.add("verify_consent_log, first 100k leaves", f"{first:.1f} s", "", None)
    results.add(f"verify_consent_log, all {report.leaves:,}", f"{total:.1f} s", "", None)
    ratio = total / first * 100_000 / report.leaves
    results.add(
        "verify: time per leaf, whole ÷ first 100k", f"{ratio:.2f}", "< 1.5 (linear)", ratio < 1.5
    )


class HeadWatcher:
    """What a visitor's insert would wait while pruning runs, measured from outside: a
    thread on its own connection takes the log's head lock (as every insert does,
    models/chain.py) over and over, each time in a transaction of its own, and keeps the
    longest wait. Timing blank_batch from Python bounds the lock from above; this is the
    wait itself, as the database imposed it."""

    def __init__(self):
        self.waits = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self):
        import psycopg

        from consent.models import ConsentChainHead

        table = ConsentChainHead._meta.db_table
        with psycopg.connect(os.environ["DATABASE_URL"], autocommit=False) as conn:
            while not self._stop.is_set():
                started = time.perf_counter()
                conn.execute(f"SELECT 1 FROM {table} WHERE id = 1 FOR UPDATE").fetchone()
                self.waits.append(time.perf_counter() - started)
                conn.rollback()
                time.sleep(0.002)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()


def measure_prune(results, blank=20_000):
    """Blank the next `blank` old records, timing each batch (each batch holds the log's
    head, so its length bounds how long consent inserts wait) and, from another connection,
    the longest an insert would have waited for the head (HeadWatcher)."""
    from consent import pruning
    from consent.models import ConsentRecord

    due = ConsentRecord.objects.filter(pruned_at__isnull=True).order_by("created_at", "pk")
    cutoff = due.values_list("created_at", flat=True)[blank]
    batches = []
    original = pruning.blank_batch

    def timed(*args, **kwargs):
        started = time.perf_counter()
        try:
            return original(*args, **kwargs)
        finally:
            batches.append(time.perf_counter() - started)

    pruning.blank_batch = timed
    try:
        with HeadWatcher() as watcher:
            started = time.perf_counter()
            result = pruning.prune(cutoff)
            total = time.perf_counter() - started
    finally:
        pruning.blank_batch = original
    longest = max(batches) if batches else 0.0
    results.add(
        f"prune {result.blanked:,} records: total, batches",
        f"{total:.1f} s, {len(batches)} (median {sorted(batches)[len(batches) // 2] * 1000:.0f} ms)"
        if batches
        else f"{total:.1f} s, 0",
        "",
        None,
    )
    results.add(
        "prune: longest batch (head locked)",
        f"{longest * 1000:.0f} ms",
        "< 1 s",
        longest < PRUNE_BATCH_TARGET,
    )
    waited = max(watcher.waits, default=0.0)
    results.add(
        f"prune: longest wait for the head ({len(watcher.waits):,} tries)",
        f"{waited * 1000:.0f} ms",
        "< 1 s",
        waited < PRUNE_BATCH_TARGET,
    )

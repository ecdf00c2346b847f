"""The consent log at 1,000,000 records on PostgreSQL: the auditor screens, exports, the
report, verification, pruning and receipts against the targets of issue 19.

    .venv/bin/python bench/consent_scale.py [--records 1000000] [--repeat 12]
        [--only status pages report proof export verify prune]

The database is CONSENT_SCALE_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/
bench_consent_scale, created when missing), migrated, then grown to --records by COPY
(_consent_fixture.py) unless it already holds them: the first run spends minutes generating,
later runs reuse the rows and take a few minutes. Each run blanks 20,000 more old records (the
pruning measure), so a database lasts about 40 runs before pruning has nothing left to do.

Prints one table (measure, result, target, PASS/FAIL) and, for each failure, the cProfile of
the slowest request. Exit status 1 when a target fails. `uptime` is printed with the table:
the numbers mean little on a busy machine.
"""

import argparse
import cProfile
import io
import os
import pstats
import resource
import subprocess
import sys
import time
from pathlib import Path

import psycopg

HERE = Path(__file__).resolve().parent
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/bench_consent_scale"
PAGE_TARGET = 0.300
REPORT_TARGET = 1.0
PRUNE_BATCH_TARGET = 1.0


def database_url():
    url = os.environ.get("CONSENT_SCALE_DATABASE_URL", DEFAULT_URL)
    base, _, name = url.rpartition("/")
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')
    return url


def uptime():
    return subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()


# --- set-up -----------------------------------------------------------------------------------


def setup(url):
    os.environ["DATABASE_URL"] = url
    sys.path.insert(0, str(HERE))
    from _django import setup_django

    setup_django("consent_scale")
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


def auditor_client():
    from django.contrib.auth import get_user_model
    from django.test import Client

    user, _ = get_user_model().objects.get_or_create(
        username="bench-auditor", defaults={"is_superuser": True, "is_staff": True}
    )
    if not user.is_superuser:
        user.is_superuser = user.is_staff = True
        user.save()
    client = Client()
    client.force_login(user)
    return client


# --- measures ---------------------------------------------------------------------------------


class Results:
    def __init__(self):
        self.rows = []  # (measure, result text, target text, ok or None)
        self.profiles = []  # (measure, profile text)

    def add(self, measure, result, target="", ok=None, profile=""):
        self.rows.append((measure, result, target, ok))
        mark = "" if ok is None else (" PASS" if ok else " FAIL")
        print(f"  {measure}: {result}{mark}", flush=True)
        if ok is False and profile:
            self.profiles.append((measure, profile))

    def print(self):
        """The table; a row with a target starts with PASS or FAIL (bench/run.py gathers
        those into its summary), then the profile of each failure."""
        width = max(len(r[0]) for r in self.rows)
        rwidth = max(len(r[1]) for r in self.rows)
        print(f"\n      {'measure':<{width}}  {'result':>{rwidth}}  target")
        for measure, result, target, ok in self.rows:
            mark = "    " if ok is None else ("PASS" if ok else "FAIL")
            print(f"{mark}  {measure:<{width}}  {result:>{rwidth}}  {target}".rstrip())
        print(f"({uptime()})")
        for measure, profile in self.profiles:
            print(f"\n--- profile of the slowest: {measure} ---\n{profile}")

    @property
    def failed(self):
        return any(ok is False for *_rest, ok in self.rows)


def profiled(fn):
    """cProfile of one call, then its slowest SQL statements."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    profile = cProfile.Profile()
    with CaptureQueriesContext(connection) as queries:
        profile.enable()
        fn()
        profile.disable()
    out = io.StringIO()
    pstats.Stats(profile, stream=out).sort_stats("cumulative").print_stats(25)
    slowest = sorted(queries.captured_queries, key=lambda q: -float(q["time"]))[:5]
    out.write(f"{len(queries)} queries; the slowest:\n")
    for query in slowest:
        out.write(f"  {float(query['time']) * 1000:.0f} ms  {query['sql'][:400]}\n")
    return out.getvalue()


def sql_ms(fn):
    """Milliseconds spent in SQL during one call."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        fn()
    return sum(float(q["time"]) for q in queries.captured_queries) * 1000


def p95(samples):
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def time_get(client, url, repeat):
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        response = client.get(url)
        if response.streaming:
            for _chunk in response.streaming_content:
                pass
        samples.append(time.perf_counter() - started)
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code}")
    return samples


def measure_pages(results, client, repeat):
    from consent.models import ConsentPolicyVersion, ConsentRecord

    index = "/admin/consent/records/"
    newest = ConsentRecord.objects.order_by("-leaf_index").first()
    version = ConsentPolicyVersion.objects.filter(text__startswith="Bench policy").first()
    some_id = str(newest.consent_id)
    day = newest.created_at - newest.created_at.resolution * 0
    since = (day.replace(hour=0, minute=0)).strftime("%Y-%m-%d %H:%M")
    pages = [
        ("auditor list, page 1", index),
        ("auditor list, page 2", f"{index}?p=2"),
        ("auditor list, page 100", f"{index}?p=100"),
        ("filter: method withdrawal", f"{index}?method=withdrawal"),
        ("filter: analytics refused", f"{index}?group=analytics&decision=refused"),
        ("filter: policy version", f"{index}?policy_version={version.pk}"),
        ("filter: time from today", f"{index}?created_at_after={since}"),
        ("filter: path contains (common)", f"{index}?path=core-concepts"),
        ("filter: path contains (rare)", f"{index}?path=article-7/"),
        ("filter: path contains (none)", f"{index}?path=nowhere-at-all"),
        ("search: whole consent id", f"{index}?q={some_id}"),
        ("search: id prefix (8 chars)", f"{index}?q={some_id[:8]}"),
        ("search: id prefix (no match)", f"{index}?q=ffffff0"),
    ]
    for label, url in pages:
        client.get(url)  # warm: the log status and the page's templates
        samples = time_get(client, url, repeat)
        worst = p95(samples)
        ok = worst < PAGE_TARGET
        profile = "" if ok else profiled(lambda url=url: client.get(url))
        # The database's share, which a busy machine disturbs less than the whole request.
        sql = sql_ms(lambda url=url: client.get(url))
        results.add(
            f"{label} p95", f"{worst * 1000:.0f} ms (SQL {sql:.0f} ms)", "< 300 ms", ok, profile
        )


def measure_report(results, client, repeat):
    for days in (30, 400):
        url = f"/admin/consent/records/report/?days={days}"
        client.get(url)  # warm, as for the pages
        samples = time_get(client, url, max(3, repeat // 3))
        worst = max(samples)
        ok = worst < REPORT_TARGET
        profile = "" if ok else profiled(lambda url=url: client.get(url))
        results.add(
            f"acceptance report, {days} days (max)", f"{worst * 1000:.0f} ms", "< 1 s", ok, profile
        )


def measure_status(results):
    """The auditor screens' log status, uncached: the latest checkpoint against its leaves."""
    from consent.integrity import check_latest
    from consent.log import make_checkpoint

    make_checkpoint(force=True)
    started = time.perf_counter()
    status = check_latest()
    took = time.perf_counter() - started
    results.add("log status check (uncached)", f"{took * 1000:.0f} ms", "", None)
    if not status.ok:
        raise SystemExit(f"The log status is not ok: {status.message}")


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
            [sys.executable, __file__, "--export-child", str(count)],
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


def measure_prune(results, blank=20_000):
    """Blank the next `blank` old records, timing each batch (each batch holds the log's
    head, so its length is how long consent inserts wait)."""
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
        started = time.perf_counter()
        result = pruning.prune(cutoff)
        total = time.perf_counter() - started
    finally:
        pruning.blank_batch = original
    longest = max(batches) if batches else 0.0
    results.add(
        f"prune {result.blanked:,} records: total, batches",
        f"{total:.1f} s, {len(batches)}",
        "",
        None,
    )
    results.add(
        "prune: longest batch (head locked)",
        f"{longest * 1000:.0f} ms",
        "< 1 s",
        longest < PRUNE_BATCH_TARGET,
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=12)
    parser.add_argument("--generate-only", action="store_true")
    parser.add_argument(
        "--only",
        nargs="+",
        choices=["status", "pages", "report", "proof", "export", "verify", "prune"],
        help="run only these measures (status signs a checkpoint the proof needs)",
    )
    parser.add_argument("--export-child", type=int, default=0, help=argparse.SUPPRESS)
    args = parser.parse_args()
    url = database_url()
    if args.export_child:
        os.environ["DATABASE_URL"] = url
        sys.path.insert(0, str(HERE))
        from _django import setup_django

        setup_django("consent_scale")
        export_child(args.export_child)
        return
    print(f"consent log at scale on {url.rpartition('@')[2]} ({uptime()})", flush=True)
    setup(url)
    from _consent_fixture import ensure_records

    results = Results()
    took = ensure_records(args.records, progress=lambda line: print(line, flush=True))
    if took:
        results.add(f"generate up to {args.records:,} records (COPY)", f"{took:.0f} s", "", None)
    else:
        results.add(f"generate {args.records:,} records", "reused", "", None)
    if args.generate_only:
        results.print()
        return
    client = auditor_client()
    measures = {
        "status": lambda: measure_status(results),
        "pages": lambda: measure_pages(results, client, args.repeat),
        "report": lambda: measure_report(results, client, args.repeat),
        "proof": lambda: measure_proof(results),
        "export": lambda: measure_export_rss(results, (100_000, args.records)),
        "verify": lambda: measure_verify(results),
        "prune": lambda: measure_prune(results),
    }
    for name, measure in measures.items():
        if not args.only or name in args.only:
            measure()
    results.print()
    if results.failed:
        sys.exit(1)


if __name__ == "__main__":
    main()

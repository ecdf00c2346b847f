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

This script sets up and runs; the screens are measured by _consent_screens.py, the log's own
work (checks, proofs, exports, verification, pruning) by _consent_logwork.py, and both report
through _consent_results.py.
"""

import argparse
import os
import sys
from pathlib import Path

import psycopg

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

# The measures live beside this script (bench/ is on the path now).
from _consent_logwork import (  # noqa: E402
    export_child,
    measure_export_rss,
    measure_proof,
    measure_prune,
    measure_status,
    measure_verify,
)
from _consent_results import Results, auditor_client, uptime  # noqa: E402
from _consent_screens import measure_pages, measure_report  # noqa: E402

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/bench_consent_scale"


def database_url():
    url = os.environ.get("CONSENT_SCALE_DATABASE_URL", DEFAULT_URL)
    base, _, name = url.rpartition("/")
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')
    return url


# --- set-up -----------------------------------------------------------------------------------


def setup(url):
    os.environ["DATABASE_URL"] = url
    from _django import setup_django

    setup_django("consent_scale")
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


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

"""Run the benchmarks one after another and end with one summary of every target.

    .venv/bin/python bench/run.py                 # everything (`make bench`, ~10 minutes idle)
    .venv/bin/python bench/run.py --quick         # shorter runs of the same (`make bench-quick`)
    .venv/bin/python bench/run.py --only serving scale
    .venv/bin/python bench/run.py --list

Each bench prepares what it needs (its own databases, collected static files, servers on
free ports) and prints its own table; a line it prints starting with ``PASS`` or ``FAIL`` is a
target, gathered here into the summary with the load average at the start and end of each
bench (the numbers are only comparable with the load beside them). A bench whose target
fails prints the profile of what failed itself (serving.py, scale.py). Exit status 1 when a
bench broke, or with ``--strict`` when a target failed.
"""

import argparse
import os
import re
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
TARGET = re.compile(r"^\s*(PASS|FAIL)\b\s*(.*)$")


@dataclass
class Bench:
    name: str
    script: str
    what: str
    args: list = field(default_factory=list)
    quick_args: list = field(default_factory=list)
    env: dict = field(default_factory=dict)
    quick_env: dict = field(default_factory=dict)


BENCHES = [
    Bench(
        "query_counts",
        "query_counts.py",
        "SQL queries per page type, 5 and 50 extra articles (SQLite)",
    ),
    Bench(
        "tables",
        "tables.py",
        "article render time with a 6- and a 200-model table",
        env={"BENCH_RENDERS": "200"},
        quick_env={"BENCH_RENDERS": "30"},
    ),
    Bench(
        "serving",
        "serving.py",
        "production stack: uncached article and home, page-cache hit beside Django's cache "
        "middleware, static file, Varnish",
        args=["--seconds", "8"],
        quick_args=["--seconds", "5"],
    ),
    Bench(
        "scale",
        "scale.py",
        "10,000 articles and 1,000 models on PostgreSQL: queries per page type, search p95, "
        "listings against 5 articles",
        quick_args=["--articles", "2000", "--models", "200"],
    ),
    Bench(
        "consent_load",
        "consent_load.py",
        "consent endpoint under 32 concurrent clients (gunicorn, PostgreSQL)",
        quick_args=["--requests", "1000"],
    ),
    Bench(
        "consent_scale",
        "consent_scale.py",
        "consent log at 1,000,000 records on PostgreSQL: auditor list, search, report, CSV, "
        "proofs, verify, pruning",
        quick_args=["--only", "status", "pages", "report", "proof"],
    ),
]


def load():
    return ", ".join(f"{x:.1f}" for x in os.getloadavg())


def run(bench, quick):
    args = bench.quick_args if quick else bench.args
    env = {**os.environ, **(bench.quick_env if quick else bench.env), "PYTHONUNBUFFERED": "1"}
    command = [sys.executable, str(HERE / bench.script), *args]
    print(f"\n=== {bench.name}: {bench.what} ===\n$ {' '.join(command[1:])}", flush=True)
    started, load_before = time.monotonic(), load()
    targets = []
    with subprocess.Popen(
        command, cwd=HERE.parent, env=env, stdout=subprocess.PIPE, text=True, bufsize=1
    ) as process:
        for line in process.stdout:
            sys.stdout.write(line)
            found = TARGET.match(line)
            if found:
                targets.append((found.group(1), found.group(2).strip()))
    return {
        "bench": bench,
        "status": process.returncode,
        "seconds": time.monotonic() - started,
        "load": (load_before, load()),
        "targets": targets,
    }


def summary(results, total):
    print("\n" + "=" * 78)
    print(f"SUMMARY ({total / 60:.1f} min; load average now {load()})")
    for result in results:
        bench = result["bench"]
        state = "ok" if result["status"] == 0 else f"BROKEN (exit {result['status']})"
        print(
            f"\n{bench.name}: {state}, {result['seconds']:.0f} s, "
            f"load {result['load'][0]} -> {result['load'][1]}"
        )
        for verdict, label in result["targets"]:
            print(f"  {verdict}  {label}")
    failed = [label for r in results for verdict, label in r["targets"] if verdict == "FAIL"]
    broken = [r["bench"].name for r in results if r["status"] != 0]
    print(
        f"\n{sum(len(r['targets']) for r in results) - len(failed)} targets met, "
        f"{len(failed)} missed; benches broken: {', '.join(broken) or 'none'}"
    )
    return failed, broken


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="shorter runs of every bench")
    parser.add_argument("--only", nargs="+", metavar="NAME", help="these benches only")
    parser.add_argument("--list", action="store_true", help="name the benches and stop")
    parser.add_argument("--strict", action="store_true", help="exit 1 when a target is missed")
    options = parser.parse_args()
    if options.list:
        for bench in BENCHES:
            print(f"{bench.name:<14} {bench.what}")
        return
    chosen = BENCHES
    if options.only:
        unknown = set(options.only) - {b.name for b in BENCHES}
        if unknown:
            parser.error(f"no bench named {', '.join(sorted(unknown))} (see --list)")
        chosen = [b for b in BENCHES if b.name in options.only]
    print(f"{len(chosen)} benches{' (quick)' if options.quick else ''}; load average {load()}")
    started = time.monotonic()
    results = [run(bench, options.quick) for bench in chosen]
    failed, broken = summary(results, time.monotonic() - started)
    if broken or (options.strict and failed):
        sys.exit(1)


if __name__ == "__main__":
    main()

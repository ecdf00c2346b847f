"""Serving benchmark: the production server (gunicorn, 2 workers, PostgreSQL, Redis) with
Varnish in front, measured with wrk, checked against the targets of issue 9.

Starts its own PostgreSQL cluster, Redis and Varnish on free 127.0.0.1 ports (the services
of tests/integration), loads the demo content, then runs wrk for a fixed time on each case
and prints one table, the targets (PASS/FAIL) and a profile of the uncached article.

    .venv/bin/python bench/serving.py [--seconds 10] [--strict]

--strict exits 1 when a target is missed (a broken run always exits 1).
"""

import argparse
import gzip
import json
import os
import platform
import re
import subprocess
import sys
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.integration.services import status_of, wait_until  # noqa: E402  (ROOT first)
from tests.integration.stack import Stack  # noqa: E402

ARTICLE = "/core-concepts/what-is-a-foundation-model/"
SECTION = "/core-concepts/"
SEARCH = "/search/?q=model"
WORKERS = 2
# Browsers ask for compressed pages; so does every wrk run.
HEADERS = {"Accept-Encoding": "gzip, deflate, br"}


def machine():
    model = ""
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            model = line.split(":", 1)[1].strip()
            break
    memory = int(Path("/proc/meminfo").read_text().split()[1]) // (1024 * 1024)
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    system = f"{platform.system()} {platform.release()}"
    return f"{os.cpu_count()} cores ({model}), {memory} GiB, {system}; load average {load}"


def wrk(port, path, seconds, connections):
    url = f"http://127.0.0.1:{port}{path}"
    header_args = [arg for name, value in HEADERS.items() for arg in ("-H", f"{name}: {value}")]
    warm = ["wrk", "-t1", "-c2", "-d2s", *header_args, url]
    subprocess.run(warm, capture_output=True, timeout=30, check=True)
    args = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--timeout", "30s", "--latency"]
    out = subprocess.run(
        [*args, *header_args, url], capture_output=True, text=True, timeout=seconds + 90
    ).stdout
    if "Non-2xx" in out or "Socket errors" in out:
        raise SystemExit(f"wrk saw errors on {path}:\n{out}")
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        "p50": latency_ms(re.search(r"50%\s+([\d.]+\w+)", out).group(1)),
        "p99": latency_ms(re.search(r"99%\s+([\d.]+\w+)", out).group(1)),
    }


def latency_ms(text):
    value, unit = re.match(r"([\d.]+)(\w+)", text).groups()
    return float(value) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[unit]


def fetch(port, path, compressed=False):
    headers = HEADERS if compressed else {}
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers=headers)
    with urllib.request.urlopen(request, timeout=30) as response:
        return response.status, dict(response.headers), response.read()


def page_sizes(port, path):
    status, _, plain = fetch(port, path)
    _, headers, sent = fetch(port, path, compressed=True)
    assert status == 200, (path, status)
    encoding = headers.get("Content-Encoding", "none")
    if encoding == "gzip":
        assert gzip.decompress(sent) == plain
    return len(plain), len(sent), encoding


def static_css_path(stack):
    manifest = json.loads((Path(stack.env["STATIC_ROOT"]) / "staticfiles.json").read_text())
    return "/static/" + manifest["paths"]["css/site.css"]


def profile(stack, cached):
    """Queries per request and where the article's time goes, measured in-process."""
    paths = {"article": ARTICLE, "section": SECTION, "search": SEARCH}
    env = dict(stack.env, PAGE_CACHE_ENABLED="true" if cached else "false")
    result = subprocess.run(
        [
            sys.executable, str(ROOT / "bench" / "_serving_profile.py"), json.dumps(paths),
            "cumulative" if cached else "tottime",
        ],
        env=env, cwd=ROOT, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    if result.returncode:
        raise SystemExit(f"profile failed:\n{result.stderr[-3000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def restart_app(stack, **env):
    app = stack.apps[0]
    app.stop()
    app.env = dict(stack.env, **env)
    app.start()


def run_cases(stack, seconds):
    app, varnish = stack.apps[0].port, stack.varnish.port
    rows = {}
    # Phase 1: the app's page cache switched off: what every cache miss costs.
    restart_app(stack, PAGE_CACHE_ENABLED="false")
    rows["article, uncached"] = wrk(app, ARTICLE, seconds, 8)
    rows["section page, uncached"] = wrk(app, SECTION, seconds, 8)
    rows["search"] = wrk(app, SEARCH, seconds, 8)
    rows["static CSS (gunicorn)"] = wrk(app, static_css_path(stack), seconds, 8)
    # Phase 2: the page cache on (Redis), and Varnish in front of it.
    restart_app(stack, PAGE_CACHE_ENABLED="true")
    # Varnish's probe sees the restarted server healthy again within a few seconds.
    wait_until(lambda: status_of(varnish, ARTICLE) == 200, 30, "Varnish after the restart")
    fetch(app, ARTICLE)
    rows["article, app page cache"] = wrk(app, ARTICLE, seconds, 8)
    fetch(varnish, ARTICLE)
    rows["article, through Varnish"] = wrk(varnish, ARTICLE, seconds, 64)
    return rows


def print_table(rows, queries, cached_queries, sizes):
    print(f"| case | requests/s | p50 ms | p99 ms | SQL/request | HTML bytes (sent, {sizes[2]}) |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    kind = {"article": "article, uncached", "section": "section page, uncached", "search": "search"}
    by_row = {row: queries[name] for name, row in kind.items()}
    by_row["article, app page cache"] = cached_queries["article"]
    by_row["article, through Varnish"] = 0  # a hit never reaches the app
    for name, r in rows.items():
        html = f"{sizes[0]:,} ({sizes[1]:,})" if name.startswith("article") else ""
        sql = by_row.get(name, "")
        print(f"| {name} | {r['rps']:,.0f} | {r['p50']:.1f} | {r['p99']:.1f} | {sql} | {html} |")


def check_targets(rows, queries):
    static = rows["static CSS (gunicorn)"]["rps"]
    cached = rows["article, app page cache"]["rps"]
    targets = [
        (f"app page cache >= 0.7x static file ({cached / static:.2f}x)", cached >= 0.7 * static),
        (
            f"uncached article >= 200 requests/s ({rows['article, uncached']['rps']:.0f})",
            rows["article, uncached"]["rps"] >= 200,
        ),
        (f"uncached article <= 8 SQL queries ({queries['article']})", queries["article"] <= 8),
        (
            f"through Varnish >= 5,000 requests/s ({rows['article, through Varnish']['rps']:.0f})",
            rows["article, through Varnish"]["rps"] >= 5000,
        ),
    ]
    for label, ok in targets:
        print(f"{'PASS' if ok else 'FAIL'}  {label}")
    return all(ok for _, ok in targets)


def print_profile(title, prof, top=15):
    split = prof["split"]
    print(
        f"\n{title} in-process ({split['total_ms']:.1f} ms a request): "
        f"SQL {split['sql_ms']:.1f} ms, templates {split['template_ms']:.1f} ms, "
        f"middleware/view/other {split['rest_ms']:.1f} ms"
    )
    print(f"SQL of one request ({len(prof['article_sql'])}):")
    for sql in prof["article_sql"]:
        print(f"  {sql}")
    print(f"Top functions by {prof['sort']} time (cProfile, 60 requests):")
    for line in prof["top"][: top + 1]:
        print("  " + line)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--strict", action="store_true")
    options = parser.parse_args()
    print(f"machine: {machine()}")
    stack = Stack(
        servers=1, workers=WORKERS, CONSENT_RATE_LIMIT=0, CONSENT_NEW_IDS_PER_NETWORK_PER_DAY=0
    )
    try:
        stack.start()
        rows = run_cases(stack, options.seconds)
        sizes = page_sizes(stack.apps[0].port, ARTICLE)
        prof = profile(stack, cached=False)
        cached_prof = profile(stack, cached=True)
    finally:
        stack.stop()
    print(f"load average after the run: {', '.join(f'{x:.1f}' for x in os.getloadavg())}")
    print(
        f"\nwrk {options.seconds}s per case; gunicorn {WORKERS} sync workers; PostgreSQL and Redis"
    )
    print_table(rows, prof["queries"], cached_prof["queries"], sizes)
    print()
    met = check_targets(rows, prof["queries"])
    print_profile("Uncached article", prof)
    print_profile("Article from the app's page cache", cached_prof)
    if options.strict and not met:
        sys.exit(1)


if __name__ == "__main__":
    main()

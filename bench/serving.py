"""Serving benchmark: the production server (gunicorn, 2 workers, PostgreSQL, Redis) with
Varnish in front, measured with wrk, checked against the targets of issues 9 and 19.

Starts its own PostgreSQL cluster, Redis and Varnish on free 127.0.0.1 ports (the services
of tests/integration), loads the demo content and collects static files into the stack's own
directory, then runs wrk for a fixed time on each case and prints one table, the targets
(PASS/FAIL) and the in-process profile of each page whose target failed. The baseline for a
page-cache hit is the same article behind Django's own cache middleware
(``UpdateCacheMiddleware``/``FetchFromCacheMiddleware``, bench/_django_cache_settings.py) on a
second gunicorn of the same stack, same workers, same Redis.

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

from tests.integration.services import Gunicorn, manage, status_of, wait_until  # noqa: E402
from tests.integration.stack import Stack  # noqa: E402

ARTICLE = "/core-concepts/what-is-a-foundation-model/"
HOME = "/"
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


def profile(stack, cached, target="article"):
    """Queries per request and where the target page's time goes, measured in-process."""
    paths = {"article": ARTICLE, "home": HOME, "section": SECTION, "search": SEARCH}
    env = dict(stack.env, PAGE_CACHE_ENABLED="true" if cached else "false")
    result = subprocess.run(
        [
            sys.executable, str(ROOT / "bench" / "_serving_profile.py"), json.dumps(paths),
            "cumulative" if cached else "tottime", target,
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
    rows["home, uncached"] = wrk(app, HOME, seconds, 8)
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
    rows["article, Django cache middleware"] = django_cache_baseline(stack, seconds)
    return rows


def django_cache_baseline(stack, seconds):
    """The same article from Django's per-site cache, on a gunicorn of its own."""
    env = dict(
        stack.env,
        DJANGO_SETTINGS_MODULE="_django_cache_settings",
        PYTHONPATH=os.pathsep.join(
            filter(None, [str(ROOT / "bench"), os.environ.get("PYTHONPATH")])
        ),
    )
    server = Gunicorn("django_cache", stack.workdir, env=env, workers=WORKERS)
    server.start()
    try:
        _, first, _ = fetch(server.port, ARTICLE, compressed=True)
        _, again, _ = fetch(server.port, ARTICLE, compressed=True)
        # Django's middleware answers a hit with the stored headers, Expires included.
        if first.get("Expires") != again.get("Expires"):
            raise SystemExit("Django's cache middleware did not store the article")
        return wrk(server.port, ARTICLE, seconds, 8)
    finally:
        server.stop()


def print_table(rows, queries, cached_queries, sizes):
    print(f"| case | requests/s | p50 ms | p99 ms | SQL/request | HTML bytes (sent, {sizes[2]}) |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    kind = {
        "article": "article, uncached",
        "home": "home, uncached",
        "section": "section page, uncached",
        "search": "search",
    }
    by_row = {row: queries[name] for name, row in kind.items()}
    by_row["article, app page cache"] = cached_queries["article"]
    by_row["article, through Varnish"] = 0  # a hit never reaches the app
    by_row["article, Django cache middleware"] = 0
    for name, r in rows.items():
        html = f"{sizes[0]:,} ({sizes[1]:,})" if name.startswith("article") else ""
        sql = by_row.get(name, "")
        print(f"| {name} | {r['rps']:,.0f} | {r['p50']:.1f} | {r['p99']:.1f} | {sql} | {html} |")


def ratio(a, b):
    """a/b as text; a case that served nothing in its run (wrk at a heavy load) has no ratio."""
    return f"{a / b:.2f}x" if b else "no ratio: the baseline served nothing"


def check_targets(rows, queries):
    """[(label, met, profile to print when missed)]"""
    static = rows["static CSS (gunicorn)"]["rps"]
    cached = rows["article, app page cache"]["rps"]
    article = rows["article, uncached"]["rps"]
    home = rows["home, uncached"]["rps"]
    django = rows["article, Django cache middleware"]["rps"]
    targets = [
        (
            f"uncached article >= 200 requests/s ({article:.0f})",
            article >= 200,
            ("article", False),
        ),
        (
            f"uncached home >= uncached article ({home:.0f} vs {article:.0f} requests/s)",
            home >= article,
            ("home", False),
        ),
        (
            f"page-cache hit >= Django's cache middleware ({cached:.0f} vs {django:.0f} "
            f"requests/s, {ratio(cached, django)})",
            django > 0 and cached >= django,
            ("article", True),
        ),
        (
            f"app page cache >= 0.7x static file ({ratio(cached, static)})",
            static > 0 and cached >= 0.7 * static,
            ("article", True),
        ),
        (
            f"uncached article <= 8 SQL queries ({queries['article']})",
            queries["article"] <= 8,
            None,
        ),
        (
            f"uncached home <= 12 SQL queries ({queries['home']})",
            queries["home"] <= 12,
            None,
        ),
        (
            f"through Varnish >= 5,000 requests/s ({rows['article, through Varnish']['rps']:.0f})",
            rows["article, through Varnish"]["rps"] >= 5000,
            None,
        ),
    ]
    for label, ok, _ in targets:
        print(f"{'PASS' if ok else 'FAIL'}  {label}")
    return targets


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
        # As `make demo` ends: the renditions the demo's pages show, made by the worker before
        # anyone reads. Without it the first uncached cases timed every reader encoding AVIFs
        # (8 connections encoding the same images: article 10 requests/s, home none in 5 s).
        manage(stack.env, "run_worker", "--batch", "--no-reload", "--no-startup-delay")
        rows = run_cases(stack, options.seconds)
        sizes = page_sizes(stack.apps[0].port, ARTICLE)
        prof = profile(stack, cached=False)
        cached_prof = profile(stack, cached=True)
        print(f"load average after the run: {', '.join(f'{x:.1f}' for x in os.getloadavg())}")
        print(
            f"\nwrk {options.seconds}s per case; gunicorn {WORKERS} sync workers; "
            "PostgreSQL and Redis"
        )
        print_table(rows, prof["queries"], cached_prof["queries"], sizes)
        print()
        targets = check_targets(rows, prof["queries"])
        # The profile of each page whose target was missed (once per page and mode).
        missed = {t[2] for t in targets if not t[1] and t[2] is not None}
        profiles = {("article", False): prof, ("article", True): cached_prof}
        for page, cached in sorted(missed):
            found = profiles.get((page, cached)) or profile(stack, cached, page)
            mode = "from the app's page cache" if cached else "uncached"
            print_profile(f"{page.capitalize()}, {mode}", found)
    finally:
        stack.stop()
    if options.strict and not all(t[1] for t in targets):
        sys.exit(1)


if __name__ == "__main__":
    main()

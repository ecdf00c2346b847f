"""Costs at 10,000 articles and 1,000 models against the demo site's handful (issue 19).

Creates a throwaway PostgreSQL database (dropped afterwards), loads the demo content and
measures every public page type in-process with the test settings (DEBUG off, page cache
off, so every request renders): SQL queries of one warm request, the median of warm
requests, and search's p95 over distinct queries. Then ``generate_scale_content`` adds the
articles and models in bulk and the same is measured again. Targets, printed PASS/FAIL:
queries per page type unchanged; search p95 under 100 ms; a sitemap page under 300 ms; home,
section and tag pages within 1.5x of their time on the demo content. The profile of each
page that missed a target follows.

    .venv/bin/python bench/scale.py [--articles 10000] [--models 1000] [--requests 15]
"""

import argparse
import cProfile
import io
import os
import pstats
import statistics
import sys
import time
import uuid

import psycopg

PG = os.environ.get("BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432")
SEED = "/core-concepts/what-is-a-foundation-model/"
PAGES = {
    "home": "/",
    "section": "/core-concepts/",
    "tag": "/tags/fundamentals/",
    "article": SEED,
    "model page": "/models/palm-2/",
    "model directory": "/models/",
    "search": "/search/?q=model",
    "sitemap index": "/sitemap.xml",
    "sitemap, first page": "/sitemap-pages.xml",
    "feed": "/feed.xml",
}
TIME_BOUND = {"home": 1.5, "section": 1.5, "tag": 1.5}
SEARCH_P95_MS = 100
# One page of the sitemap (1,000 locations with their language alternates), median.
SITEMAP_PAGE_MS = 300
SEARCHES = (
    "model attention transformer embedding gradient dataset benchmark inference latency "
    "alignment retrieval context training tokenizer decoder sampling reasoning agent vision "
    "speech multimodal adapter sparse expert scaling compute hardware energy privacy safety "
    "robustness bias fairness licence weights foundation"
).split()


def admin(statement):
    with psycopg.connect(f"{PG}/postgres", autocommit=True) as conn:
        conn.execute(statement)


def timed(client, url, requests):
    client.get(url)
    times = []
    for _ in range(requests):
        started = time.perf_counter()
        status = client.get(url).status_code
        times.append((time.perf_counter() - started) * 1000)
        assert status == 200, (url, status)
    return statistics.median(times)


def measure(client, requests):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    result = {}
    for name, url in PAGES.items():
        client.get(url)
        with CaptureQueriesContext(connection) as ctx:
            status = client.get(url).status_code
        assert status == 200, (url, status)
        result[name] = {"queries": len(ctx.captured_queries), "ms": timed(client, url, requests)}
    searches = []
    for word in SEARCHES:  # each query new: its first request is what a reader waits for
        started = time.perf_counter()
        assert client.get("/search/", {"q": word}).status_code == 200
        searches.append((time.perf_counter() - started) * 1000)
    searches.sort()
    result["search p95"] = searches[min(len(searches) - 1, round(0.95 * (len(searches) - 1)))]
    return result


def profile(client, url, top=15):
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(10):
        client.get(url)
    profiler.disable()
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).strip_dirs().sort_stats("tottime").print_stats(top)
    return out.getvalue()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--models", type=int, default=1_000)
    parser.add_argument("--requests", type=int, default=15)
    options = parser.parse_args()
    # BENCH_DATABASE_PREFIX: a session sharing the server names its throwaway databases.
    prefix = os.environ.get("BENCH_DATABASE_PREFIX", "scale_bench")
    database = f"{prefix}_{uuid.uuid4().hex[:8]}"
    os.environ["DATABASE_URL"] = f"{PG}/{database}"
    admin(f'CREATE DATABASE "{database}"')
    try:
        run(options)
    finally:
        from django.db import connections

        connections.close_all()
        admin(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')


def run(options):
    from _django import setup_django  # bench/ is on sys.path when a script runs

    setup_django("scale")
    from django.core.management import call_command
    from django.test import Client

    from articles.models import ArticlePage
    from directory.models import FoundationModel

    quiet = open(os.devnull, "w")  # noqa: SIM115 - for the whole run
    call_command("migrate", verbosity=0, stdout=quiet)
    call_command("load_demo_content", verbosity=0, stdout=quiet)
    client = Client()
    small_counts = (ArticlePage.objects.count(), FoundationModel.objects.count())
    small = measure(client, options.requests)
    started = time.monotonic()
    call_command(
        "generate_scale_content", articles=options.articles, models=options.models, stdout=quiet
    )
    generated = time.monotonic() - started
    large_counts = (ArticlePage.objects.count(), FoundationModel.objects.count())
    large = measure(client, options.requests)
    print(f"load average {', '.join(f'{x:.1f}' for x in os.getloadavg())}; PostgreSQL")
    print(
        f"generate_scale_content --articles {options.articles} --models {options.models}: "
        f"{generated:.0f} s"
    )
    demo = f"{small_counts[0]} articles, {small_counts[1]} models"
    scaled = f"{large_counts[0]:,} articles, {large_counts[1]:,} models"
    print(f"\n| page | queries ({demo}) | queries ({scaled}) | median ms, demo | median ms, scaled "
          "| ratio |")  # fmt: skip
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    for name in PAGES:
        a, b = small[name], large[name]
        print(
            f"| {name} | {a['queries']} | {b['queries']} | {a['ms']:.1f} | {b['ms']:.1f} "
            f"| {b['ms'] / a['ms']:.2f}x |"
        )
    print(f"| search p95 over {len(SEARCHES)} queries | | | {small['search p95']:.1f} "
          f"| {large['search p95']:.1f} | |\n")  # fmt: skip
    missed = set()
    grew = [n for n in PAGES if large[n]["queries"] != small[n]["queries"]]
    print(
        f"{'FAIL' if grew else 'PASS'}  queries per page type the same at {scaled} as on the "
        f"demo content{' (grew: ' + ', '.join(grew) + ')' if grew else ''}"
    )
    missed.update(grew)
    p95 = large["search p95"]
    print(f"{'PASS' if p95 < SEARCH_P95_MS else 'FAIL'}  search p95 {p95:.0f} ms < "
          f"{SEARCH_P95_MS} ms at {scaled}")  # fmt: skip
    if p95 >= SEARCH_P95_MS:
        missed.add("search")
    sitemap_ms = large["sitemap, first page"]["ms"]
    print(f"{'PASS' if sitemap_ms < SITEMAP_PAGE_MS else 'FAIL'}  sitemap, first page median "
          f"{sitemap_ms:.0f} ms < {SITEMAP_PAGE_MS} ms at {scaled}")  # fmt: skip
    if sitemap_ms >= SITEMAP_PAGE_MS:
        missed.add("sitemap, first page")
    for name, bound in TIME_BOUND.items():
        ratio = large[name]["ms"] / small[name]["ms"]
        print(f"{'PASS' if ratio <= bound else 'FAIL'}  {name} within {bound}x of the demo "
              f"site's time ({ratio:.2f}x)")  # fmt: skip
        if ratio > bound:
            missed.add(name)
    for name in sorted(missed):
        print(f"\nProfile of {name} at {scaled} (cProfile, 10 requests, by own time):")
        print(profile(client, PAGES[name]))
    sys.stdout.flush()


if __name__ == "__main__":
    main()

"""This process's CPU time per uncached request, with the settings and database the
environment names (production settings, PostgreSQL, Redis: what bench/serving.py's gunicorn
runs), so before/after comparisons hold on a machine busy with other work.

For each path: SQL queries and cache calls of one warm request, the median CPU and wall time
of --requests warm requests, and a cProfile of them timed in CPU (``--top`` rows sorted by
own time, then by cumulative time). Nothing is loaded or written: point it at a database that
already holds the demo content (bench/serving.py's stack, or one prepared by hand as in
docs/performance.md) with the page cache off (PAGE_CACHE_ENABLED=false).

    DJANGO_SETTINGS_MODULE=astermind_site.settings.production ... \\
    .venv/bin/python bench/hot_path.py [--requests 100] [--top 25] [--no-profile] PATH...
"""

import argparse
import collections
import cProfile
import io
import os
import pstats
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CACHE_CALLS = ("get", "get_many", "set", "set_many", "add", "delete", "delete_many", "incr")


def count_cache_calls(cache, counter):
    """Count each call of the cache's public methods (one Redis round trip apiece)."""
    for name in CACHE_CALLS:
        original = getattr(cache, name)

        def counted(*args, _name=name, _original=original, **kwargs):
            counter[_name] += 1
            return _original(*args, **kwargs)

        setattr(cache, name, counted)


def measure(client, path, requests):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(3):  # templates compiled, process-wide caches filled
        assert client.get(path).status_code == 200, path
    with CaptureQueriesContext(connection) as ctx:
        client.get(path)
    cpu, wall = [], []
    for _ in range(requests):
        started, cpu_started = time.perf_counter(), time.process_time()
        client.get(path)
        wall.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - cpu_started) * 1000)
    if not requests:
        return ctx.captured_queries, None, None
    return ctx.captured_queries, statistics.median(cpu), statistics.median(wall)


def profile(client, path, requests, top, dump=None):
    profiler = cProfile.Profile(time.process_time)
    profiler.enable()
    for _ in range(requests):
        client.get(path)
    profiler.disable()
    if dump:
        profiler.dump_stats(dump)
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out).strip_dirs()
    stats.sort_stats("tottime").print_stats(top)
    stats.sort_stats("cumulative").print_stats(top * 2)
    return out.getvalue()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="+")
    parser.add_argument("--requests", type=int, default=100)
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--no-profile", action="store_true")
    parser.add_argument("--sql", action="store_true", help="print each query")
    parser.add_argument("--dump", help="save each path's profile as DUMP-<n>.prof")
    options = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.cache import cache
    from django.test import Client

    calls = collections.Counter()
    count_cache_calls(cache, calls)
    client = Client(HTTP_HOST="127.0.0.1", HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    print(f"load average {', '.join(f'{x:.2f}' for x in os.getloadavg())}")
    for number, path in enumerate(options.paths):
        queries, _, _ = measure(client, path, 0)
        calls.clear()
        client.get(path)
        one_request = dict(calls)
        _, cpu, wall = measure(client, path, options.requests)
        print(
            f"{path}: {len(queries)} queries, {sum(one_request.values())} cache calls "
            f"{one_request}, CPU median {cpu:.2f} ms, wall median {wall:.2f} ms "
            f"({options.requests} warm requests)"
        )
        if options.sql:
            for query in queries:
                print(f"    {query['sql'][:300]}")
        if not options.no_profile:
            dump = f"{options.dump}-{number}.prof" if options.dump else None
            print(profile(client, path, options.requests, options.top, dump))
    print(f"load average {', '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()

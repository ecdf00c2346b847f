"""Where a warm, uncached render of the seed article spends its time, and how many queries.

In-process, with the test settings (DEBUG off, local-memory cache, page cache off) on a
throwaway SQLite database, or on DATABASE_URL when set. Prints the query count, the median
and p90 of RENDERS warm requests (wall clock, and this process's CPU time, which a machine
busy with other work disturbs less), the time spent in SQL, and cProfile's top functions.
--cold-render-cache clears the render cache before each request, so the numbers show what a
render-cache miss costs (the first visit after an edit or a fact change).

    .venv/bin/python bench/article_profile.py [--renders 200] [--cold-render-cache]
"""

import argparse
import cProfile
import io
import os
import pstats
import statistics
import time

from _django import setup_django  # bench/ is on sys.path when a script runs

SEED = "/core-concepts/what-is-a-foundation-model/"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--renders", type=int, default=200)
    parser.add_argument("--cold-render-cache", action="store_true")
    parser.add_argument("--top", type=int, default=25)
    args = parser.parse_args()
    setup_django("article_profile")
    from django.core.cache import cache
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    call_command("migrate", verbosity=0)
    call_command("load_demo_content", verbosity=0, stdout=open(os.devnull, "w"))
    client = Client()

    def get():
        if args.cold_render_cache:
            cache.clear()
        response = client.get(SEED)
        assert response.status_code == 200, response.status_code
        return response

    for _ in range(5):
        get()
    with CaptureQueriesContext(connection) as ctx:
        get()
    queries = len(ctx.captured_queries)  # read now: the next request clears the log
    sql_seconds = []

    def timed(execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            sql_seconds.append(time.perf_counter() - started)

    times, cpu_times = [], []
    with connection.execute_wrapper(timed):
        for _ in range(args.renders):
            started, cpu_started = time.perf_counter(), time.process_time()
            get()
            times.append((time.perf_counter() - started) * 1000)
            cpu_times.append((time.process_time() - cpu_started) * 1000)
    times.sort()
    print(f"queries per request: {queries}")
    print(
        f"median {statistics.median(times):.1f} ms, p90 {times[int(len(times) * 0.9)]:.1f} ms, "
        f"CPU median {statistics.median(cpu_times):.1f} ms, "
        f"SQL {sum(sql_seconds) * 1000 / args.renders:.1f} ms per request "
        f"({args.renders} warm requests, load average {os.getloadavg()[0]:.1f})"
    )
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(min(args.renders, 50)):
        get()
    profiler.disable()
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).strip_dirs().sort_stats("cumulative").print_stats(args.top)
    print(out.getvalue())


if __name__ == "__main__":
    main()

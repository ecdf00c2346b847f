"""In-process half of bench/serving.py: SQL queries per request and where an uncached
article's milliseconds go. Runs in a child process with the production settings and the
bench's own database (the environment bench/serving.py passes), and prints one JSON object.

Time is split by wrapping the two things a request spends it on besides Python glue:
SQL (every execute, through Django's execute_wrapper) and template rendering (the outermost
Template.render of a response). SQL issued while a template renders (lazy querysets) is
counted as SQL, not template. The rest of a request is middleware, routing and view code.
"""

import cProfile
import io
import json
import pstats
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RENDERS = 60


class Timers:
    def __init__(self):
        self.sql = 0.0
        self.sql_in_template = 0.0
        self.template = 0.0
        self.depth = 0

    def sql_wrapper(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            spent = time.perf_counter() - started
            self.sql += spent
            if self.depth:
                self.sql_in_template += spent


def patch_template_timer(timers):
    from django.template.backends.django import Template

    original = Template.render

    def render(self, *args, **kwargs):
        timers.depth += 1
        started = time.perf_counter()
        try:
            return original(self, *args, **kwargs)
        finally:
            timers.depth -= 1
            if not timers.depth:
                timers.template += time.perf_counter() - started

    Template.render = render


def count_queries(client, paths, target):
    """Queries of one warm request per path, and the target page's SQL (shortened)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts, article_sql = {}, []
    for name, path in paths.items():
        client.get(path)  # warm process-wide caches (site root paths, settings rows)
        with CaptureQueriesContext(connection) as ctx:
            status = client.get(path).status_code
        if status != 200:
            raise SystemExit(f"{path} answered {status}")
        counts[name] = len(ctx.captured_queries)
        if name == target:
            article_sql = [query["sql"][:150] for query in ctx.captured_queries]
    return counts, article_sql


def split_time(client, path):
    from django.db import connection

    timers = Timers()
    patch_template_timer(timers)
    client.get(path)
    with connection.execute_wrapper(timers.sql_wrapper):
        started = time.perf_counter()
        for _ in range(RENDERS):
            client.get(path)
        total = time.perf_counter() - started
    per = 1000 / RENDERS
    sql, template = timers.sql * per, (timers.template - timers.sql_in_template) * per
    return {
        "total_ms": total * per,
        "sql_ms": sql,
        "template_ms": template,
        "rest_ms": total * per - sql - template,
    }


# Frames every request passes through whatever it does: the test client and Django's
# per-middleware wrappers. Left out of the cumulative listing so the layers show.
PLUMBING = ("client.py:", "exception.py:", "deprecation.py:", "base.py:136(get_response)")


def top_functions(client, path, sort, limit=15):
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(RENDERS):
        client.get(path)
    profiler.disable()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out).strip_dirs().sort_stats(sort)
    stats.print_stats(limit * 3)
    lines = [line for line in out.getvalue().splitlines() if line.strip()]
    start = next(i for i, line in enumerate(lines) if line.lstrip().startswith("ncalls"))
    rows = [line for line in lines[start + 1 :] if not any(p in line for p in PLUMBING)]
    return [lines[start], *rows[:limit]]


def main():
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.test import Client

    paths = json.loads(sys.argv[1])
    # As wrk and browsers ask: a compressed answer, so compression is in the profile.
    client = Client(HTTP_HOST="127.0.0.1", HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    target = sys.argv[3] if len(sys.argv) > 3 else "article"
    queries, target_sql = count_queries(client, paths, target)
    result = {
        "queries": queries,
        "article_sql": target_sql,
        "split": split_time(client, paths[target]),
        # Own time shows the hot spots of a render; cumulative time shows which layer
        # (middleware, view, cache) a page-cache hit spends its time in.
        "sort": sys.argv[2],
        "top": top_functions(client, paths[target], sys.argv[2]),
    }
    print(json.dumps(result))


if __name__ == "__main__":
    main()

"""Profile auditor screens in-process on bench/consent_scale.py's database, without
re-running its measures: a development aid for reading where a page's time goes.

    CONSENT_SCALE_DATABASE_URL=... .venv/bin/python bench/_consent_profile.py \
        [--match "any group"] [--repeat 5] [--top 30] [--sort tottime]

Uses the database as consent_scale.py left it (grow it with `consent_scale.py
--generate-only` first). For each page of _consent_screens.page_urls() (and the report)
whose label contains --match: the median of --repeat requests, the SQL share, the queries'
count, then the cProfile of one more request. Measuring for the record is consent_scale.py's.
"""

import argparse
import cProfile
import io
import os
import pstats
import statistics
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from _consent_results import auditor_client, sql_ms, time_get, uptime  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--match", default="")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--top", type=int, default=30)
    parser.add_argument("--sort", default="cumulative")
    parser.add_argument("--no-profile", action="store_true")
    args = parser.parse_args()
    from consent_scale import DEFAULT_URL

    os.environ["DATABASE_URL"] = os.environ.get("CONSENT_SCALE_DATABASE_URL", DEFAULT_URL)
    from _django import setup_django

    setup_django("consent_scale")
    from _consent_screens import page_urls
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    pages = page_urls() + [
        ("acceptance report, 30 days", "/admin/consent/records/report/?days=30"),
        ("acceptance report, 400 days", "/admin/consent/records/report/?days=400"),
    ]
    client = auditor_client()
    print(uptime())
    for label, url in pages:
        if args.match.lower() not in label.lower():
            continue
        client.get(url)
        samples = time_get(client, url, args.repeat)
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        sql = sql_ms(lambda url=url: client.get(url))
        print(
            f"{label}: median {statistics.median(samples) * 1000:.0f} ms, "
            f"min {min(samples) * 1000:.0f} ms, SQL {sql:.0f} ms, {len(queries)} queries"
        )
        if args.no_profile:
            continue
        profile = cProfile.Profile()
        profile.enable()
        client.get(url)
        profile.disable()
        out = io.StringIO()
        pstats.Stats(profile, stream=out).sort_stats(args.sort).print_stats(args.top)
        print(out.getvalue())
        slowest = sorted(queries.captured_queries, key=lambda q: -float(q["time"]))[:6]
        for query in slowest:
            print(f"  {float(query['time']) * 1000:.1f} ms  {query['sql'][:300]}")


if __name__ == "__main__":
    main()

"""How bench/consent_scale.py measures and reports: an auditor's client, timed requests, p95,
the SQL share of one request, the cProfile of a failure, and the table bench/run.py reads
PASS/FAIL from. The
measures themselves are in _consent_screens.py and _consent_logwork.py."""

import cProfile
import io
import pstats
import subprocess
import time


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


def uptime():
    return subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()


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

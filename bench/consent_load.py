"""Load test for the consent endpoint: 5,000 choices from 32 concurrent clients.

Creates a throwaway PostgreSQL database, migrates it, starts gunicorn (production settings,
Redis cache when reachable, rate limit off), posts the choices over keep-alive HTTP from 32
threads, then checks that every accepted request left exactly one record: 0 lost,
0 duplicated, 0 5xx. A second phase fires identical submissions at once and checks the
dedupe stores each only once. Only talks to 127.0.0.1. Exit status 1 if a check fails.
The visitors and both phases live in _consent_traffic.py.

    .venv/bin/python bench/consent_load.py [--requests 5000] [--clients 32] [--workers 5]
"""

import argparse
import base64
import http.client
import json
import os
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import psycopg
import redis as redis_client
from _consent_traffic import Visitor, run_duplicates, run_load  # bench/ is on sys.path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
PG = "postgres://postgres@127.0.0.1:5432"
# A Redis database of its own so the bench never touches anyone's keys: REDIS_URL's when
# it is set (each developer's own number), else 13.
BENCH_REDIS_DB = int(
    (os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/13").rsplit("/", 1)[1] or 13
)
NO_ID = "00000000-0000-0000-0000-000000000000"


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def redis_up():
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=0.5) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def flush_bench_redis(redis):
    """The bench's Redis database is emptied: cached config must not outlive its database."""
    if redis:
        redis_client.Redis(host="127.0.0.1", port=6379, db=BENCH_REDIS_DB).flushdb()


def admin_sql(statement):
    with psycopg.connect(f"{PG}/postgres", autocommit=True) as conn:
        conn.execute(statement)


def server_env(db_name, redis, static_root):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "astermind_site.settings.production",
        "DJANGO_SECRET_KEY": "bench-only-" + uuid.uuid4().hex,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "DATABASE_URL": f"{PG}/{db_name}",
        "DB_CONN_MAX_AGE": "60",
        "CONSENT_RATE_LIMIT": "0",  # the bench measures the endpoint, not the limiter
        "CONSENT_NEW_IDS_PER_NETWORK_PER_DAY": "0",  # every bench visitor is new, from one host
        "PYTHONUNBUFFERED": "1",
        # wsgi.py refuses to start without collected static files: the bench collects its
        # own into a temporary directory, so a fresh clone needs nothing beforehand.
        "STATIC_ROOT": static_root,
        # The production settings refuse to start without a key to sign the log's
        # checkpoints: a fresh Ed25519 seed for this run, as the integration stack does.
        "CONSENT_LOG_SIGNING_KEY": base64.b64encode(secrets.token_bytes(32)).decode(),
    }
    if redis:
        env["REDIS_URL"] = f"redis://127.0.0.1:6379/{BENCH_REDIS_DB}"
    else:
        env.pop("REDIS_URL", None)
    return env


def start_gunicorn(env, port, workers):
    server = subprocess.Popen(
        [
            str(Path(PYTHON).with_name("gunicorn")),
            "astermind_site.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--keep-alive",
            "30",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    deadline = time.time() + 60
    while True:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/cookies/state.css")
            if conn.getresponse().status == 200:
                return server
        except OSError:
            pass
        if time.time() > deadline:
            server.terminate()
            raise RuntimeError("gunicorn did not start")
        time.sleep(0.3)


def stop(server):
    server.terminate()
    try:
        server.wait(timeout=15)
    except subprocess.TimeoutExpired:
        server.kill()


def stored_records(db_name, dup_ids):
    """Every (id, consent id) in the table, and the record count per duplicate-phase visitor."""
    with psycopg.connect(f"{PG}/{db_name}") as conn:
        rows = conn.execute("SELECT id, consent_id::text FROM consent_consentrecord").fetchall()
        dup_rows = conn.execute(
            "SELECT consent_id::text, count(*) FROM consent_consentrecord"
            " WHERE method <> 'reject_all' AND consent_id::text = ANY(%s) GROUP BY 1",
            [dup_ids or [NO_ID]],
        ).fetchall()
    return rows, dup_rows


def check_load(results, rows, extra_rows):
    """Print the load phase's numbers; True when nothing was lost, doubled or failed.
    `extra_rows` counts the records written outside the load phase (warm-up, dedupe)."""
    statuses = [status for status, _data, _t in results]
    accepted = []
    for status, data, _t in results:
        if status == 200:
            body = json.loads(data)
            accepted.append((body["record"], body["consentId"], body["stored"]))
    server_errors = sum(1 for status in statuses if status >= 500)
    latencies = sorted(t for _s, _d, t in results)

    db_ids = dict(rows)
    stored = [a for a in accepted if a[2]]
    stored_ids = [record for record, _cid, _stored in stored]
    lost = sum(1 for record, cid, _s in stored if db_ids.get(record) != cid)
    duplicated = len(stored_ids) - len(set(stored_ids))
    # Records nobody was told about: everything in the table minus what responses named.
    unexplained = len(rows) - len(set(stored_ids)) - extra_rows

    p50 = statistics.median(latencies) * 1000
    p95 = latencies[int(len(latencies) * 0.95)] * 1000
    p99 = latencies[int(len(latencies) * 0.99)] * 1000
    worst = latencies[-1] * 1000
    print(f"latency ms: p50 {p50:.1f}, p95 {p95:.1f}, p99 {p99:.1f}, max {worst:.1f}")
    print(f"status codes: { {s: statuses.count(s) for s in sorted(set(statuses))} }")
    print(
        f"accepted (200): {len(accepted)}, stored: {len(stored)}, "
        f"deduplicated: {len(accepted) - len(stored)}"
    )
    print(
        f"lost: {lost}, duplicated: {duplicated}, 5xx: {server_errors}, "
        f"unexplained rows: {unexplained}"
    )
    return (
        lost == 0
        and duplicated == 0
        and server_errors == 0
        and unexplained == 0
        and len(accepted) == len(results)
    )


def check_dedupe(dup_results, dup_ids, dup_rows):
    """Print the duplicate phase's outcome; True when each visitor's burst stored one record."""
    dup_statuses = [s for s, _ in dup_results]
    per_visitor = sorted(count for _cid, count in dup_rows)
    dedupe_ok = (
        dup_statuses.count(200) == len(dup_results)
        and len(per_visitor) == len(dup_ids)
        and set(per_visitor) == {1}
    )
    print(
        f"dedupe: {len(dup_ids)} visitors x 8 identical simultaneous posts -> "
        f"{sum(per_visitor)} records ({'OK' if dedupe_ok else 'FAILED'})"
    )
    return dedupe_ok


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--requests", type=int, default=5000)
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 1) + 1)
    args = parser.parse_args()

    db_name = f"consent_bench_{uuid.uuid4().hex[:8]}"
    port = free_port()
    redis = redis_up()
    static_root = tempfile.mkdtemp(prefix="consent-bench-static-")
    env = server_env(db_name, redis, static_root)

    flush_bench_redis(redis)
    admin_sql(f'CREATE DATABASE "{db_name}"')
    server = None
    ok = True
    try:
        subprocess.run(
            [PYTHON, "manage.py", "migrate", "--noinput", "-v", "0"], cwd=ROOT, env=env, check=True
        )
        subprocess.run(
            [PYTHON, "manage.py", "collectstatic", "--noinput", "-v", "0"],
            cwd=ROOT, env=env, check=True,
        )  # fmt: skip
        server = start_gunicorn(env, port, args.workers)
        # Warm every worker (config cache, policy version, DB connection).
        Visitor(port).post("/cookies/accept/", {})
        warm_ids = 1

        results, elapsed = run_load(port, args.requests, args.clients)
        dup_results, dup_ids = ([], [])
        if redis:
            dup_results, dup_ids = run_duplicates(port, visitors=50, copies=8)
        rows, dup_rows = stored_records(db_name, dup_ids)

        print(
            f"server: gunicorn, {args.workers} sync workers, PostgreSQL, "
            f"cache={'Redis' if redis else 'local memory'}, rate limit off"
        )
        print(f"requests: {len(results)} from {args.clients} concurrent clients in {elapsed:.2f} s")
        print(f"throughput: {len(results) / elapsed:.0f} requests/s")
        # Outside the load phase: the warm-up, each dedupe visitor's decline and its bursts.
        extra_rows = warm_ids + len(dup_ids) + sum(c for _i, c in dup_rows)
        ok = check_load(results, rows, extra_rows)
        if redis:
            ok = check_dedupe(dup_results, dup_ids, dup_rows) and ok
        print("RESULT:", "OK" if ok else "FAILED")
        print(
            f"{'PASS' if ok else 'FAIL'}  consent posts: none lost, doubled or 5xx"
            f"{', dedupe across workers' if redis else ''} "
            f"({len(results) / elapsed:.0f} requests/s from {args.clients} clients)"
        )
    finally:
        if server is not None:
            stop(server)
        admin_sql(f'DROP DATABASE IF EXISTS "{db_name}" WITH (FORCE)')
        flush_bench_redis(redis)
        shutil.rmtree(static_root, ignore_errors=True)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()

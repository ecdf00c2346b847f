"""Load test for the consent endpoint: 5,000 choices from 32 concurrent clients.

Creates a throwaway PostgreSQL database, migrates it, starts gunicorn (production settings,
Redis cache when reachable, rate limit off), posts the choices over keep-alive HTTP from 32
threads, then checks that every accepted request left exactly one record: 0 lost,
0 duplicated, 0 5xx. A second phase fires identical submissions at once and checks the
dedupe stores each only once. Only talks to 127.0.0.1. Exit status 1 if a check fails.

    .venv/bin/python bench/consent_load.py [--requests 5000] [--clients 32] [--workers 5]
"""

import argparse
import http.client
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
PG = "postgres://postgres@127.0.0.1:5432"
CHOICES = [
    ("/cookies/accept/", {}),
    ("/cookies/decline/", {}),
    ("/cookies/preferences/", {"cookie_groups": "analytics"}),
    ("/cookies/preferences/", {"cookie_groups": "personalisation"}),
]


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
    """Redis database 13 belongs to this bench: cached config must not outlive its database."""
    if redis:
        import redis as redis_client

        redis_client.Redis(host="127.0.0.1", port=6379, db=13).flushdb()


def admin_sql(statement):
    import psycopg

    with psycopg.connect(f"{PG}/postgres", autocommit=True) as conn:
        conn.execute(statement)


class Visitor:
    """One browser: a keep-alive connection and its consent cookie."""

    def __init__(self, port):
        self.port = port
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        self.cookie = None

    def post(self, path, fields):
        body = urlencode(fields, doseq=True)
        headers = {
            "Content-Type": "application/x-www-form-urlencoded",
            "Accept": "application/json",
            "Origin": f"http://127.0.0.1:{self.port}",
            "User-Agent": "consent-bench/1.0",
        }
        if self.cookie:
            headers["Cookie"] = self.cookie
        for attempt in range(2):
            try:
                self.conn.request("POST", path, body=body, headers=headers)
                response = self.conn.getresponse()
                data = response.read()
                break
            except (http.client.HTTPException, OSError):
                self.conn.close()  # server closed an idle keep-alive; reconnect once
                self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
                if attempt:
                    raise
        for name, value in response.getheaders():
            if name.lower() == "set-cookie" and value.startswith("am_consent="):
                self.cookie = value.split(";", 1)[0]
        return response.status, data


def run_load(port, total, clients):
    results = []
    lock = threading.Lock()
    counter = iter(range(total))

    def worker(seed):
        rng = random.Random(seed)
        visitor = Visitor(port)
        last = None
        while True:
            with lock:
                n = next(counter, None)
            if n is None:
                return
            if rng.random() < 0.2:
                visitor.cookie = None  # a new visitor arrives on this connection
                last = None
            # A change of mind every time, so each request is a distinct choice.
            choice = rng.choice([c for c in range(len(CHOICES)) if c != last])
            last = choice
            path, fields = CHOICES[choice]
            started = time.perf_counter()
            try:
                status, data = visitor.post(path, fields)
            except Exception as exc:  # noqa: BLE001 - counted as a failure, not a crash
                status, data = 599, str(exc).encode()
            elapsed = time.perf_counter() - started
            with lock:
                results.append((status, data, elapsed))

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(clients)]
    began = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results, time.perf_counter() - began


def run_duplicates(port, visitors, copies):
    """Each visitor sends the same choice `copies` times at once from separate connections."""
    results = []
    lock = threading.Lock()
    ids = []
    for _ in range(visitors):
        first = Visitor(port)
        status, data = first.post("/cookies/decline/", {})
        ids.append(json.loads(data)["consentId"])
        cookie = first.cookie
        barrier = threading.Barrier(copies)

        def fire(cookie=cookie, barrier=barrier):
            visitor = Visitor(port)
            visitor.cookie = cookie
            barrier.wait()
            status, data = visitor.post("/cookies/accept/", {})
            with lock:
                results.append((status, data))

        threads = [threading.Thread(target=fire) for _ in range(copies)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    return results, ids


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--requests", type=int, default=5000)
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 1) + 1)
    args = parser.parse_args()

    db_name = f"consent_bench_{uuid.uuid4().hex[:8]}"
    port = free_port()
    redis = redis_up()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "astermind_site.settings.production",
        "DJANGO_SECRET_KEY": "bench-only-" + uuid.uuid4().hex,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "DATABASE_URL": f"{PG}/{db_name}",
        "DB_CONN_MAX_AGE": "60",
        "CONSENT_RATE_LIMIT": "0",  # the bench measures the endpoint, not the limiter
        "PYTHONUNBUFFERED": "1",
    }
    if redis:
        # A database of its own so the bench never touches anyone's keys.
        env["REDIS_URL"] = "redis://127.0.0.1:6379/13"
    else:
        env.pop("REDIS_URL", None)

    flush_bench_redis(redis)
    admin_sql(f'CREATE DATABASE "{db_name}"')
    server = None
    ok = True
    try:
        subprocess.run(
            [PYTHON, "manage.py", "migrate", "--noinput", "-v", "0"], cwd=ROOT, env=env, check=True
        )
        server = subprocess.Popen(
            [
                str(Path(PYTHON).with_name("gunicorn")),
                "astermind_site.wsgi",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                str(args.workers),
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
                    break
            except OSError:
                pass
            if time.time() > deadline:
                raise RuntimeError("gunicorn did not start")
            time.sleep(0.3)
        # Warm every worker (config cache, policy version, DB connection).
        Visitor(port).post("/cookies/accept/", {})
        warm_ids = 1

        results, elapsed = run_load(port, args.requests, args.clients)
        statuses = [status for status, _data, _t in results]
        accepted = []
        for status, data, _t in results:
            if status == 200:
                body = json.loads(data)
                accepted.append((body["record"], body["consentId"], body["stored"]))
        server_errors = sum(1 for status in statuses if status >= 500)
        latencies = sorted(t for _s, _d, t in results)

        dup_results, dup_ids = ([], [])
        if redis:
            dup_results, dup_ids = run_duplicates(port, visitors=50, copies=8)

        import psycopg

        with psycopg.connect(f"{PG}/{db_name}") as conn:
            rows = conn.execute("SELECT id, consent_id::text FROM consent_consentrecord").fetchall()
            dup_rows = conn.execute(
                "SELECT consent_id::text, count(*) FROM consent_consentrecord"
                " WHERE method <> 'reject_all' AND consent_id::text = ANY(%s) GROUP BY 1",
                [dup_ids or ["00000000-0000-0000-0000-000000000000"]],
            ).fetchall()

        db_ids = {}
        for pk, consent_id in rows:
            db_ids[pk] = consent_id
        stored = [a for a in accepted if a[2]]
        stored_ids = [record for record, _cid, _stored in stored]
        lost = sum(1 for record, cid, _s in stored if db_ids.get(record) != cid)
        duplicated = len(stored_ids) - len(set(stored_ids))
        # Records nobody was told about: everything in the table minus what responses named.
        expected_total = (
            len(set(stored_ids)) + warm_ids + len(dup_ids) + sum(c for _i, c in dup_rows)
        )
        unexplained = len(rows) - expected_total

        print(
            f"server: gunicorn, {args.workers} sync workers, PostgreSQL, "
            f"cache={'Redis' if redis else 'local memory'}, rate limit off"
        )
        print(f"requests: {len(results)} from {args.clients} concurrent clients in {elapsed:.2f} s")
        print(f"throughput: {len(results) / elapsed:.0f} requests/s")
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
        ok = (
            lost == 0
            and duplicated == 0
            and server_errors == 0
            and unexplained == 0
            and len(accepted) == len(results)
        )
        if redis:
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
            ok = ok and dedupe_ok
        print("RESULT:", "OK" if ok else "FAILED")
    finally:
        if server is not None:
            server.terminate()
            try:
                server.wait(timeout=15)
            except subprocess.TimeoutExpired:
                server.kill()
        admin_sql(f'DROP DATABASE IF EXISTS "{db_name}" WITH (FORCE)')
        flush_bench_redis(redis)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()

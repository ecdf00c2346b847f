"""A database from before the registry moved to ``directory`` keeps every revision, log entry,
reference and permission on the same objects once migrated (directory/migrations/0001).

The old database is built and migrated in child processes (migrated_from_main.py) on a scratch
database of the same kind as the suite's: a SQLite file, or a PostgreSQL database beside the
test database, dropped afterwards.
"""

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.parse import quote

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]


def run_phase(phase, database_url):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PYTEST"))}
    env.pop("MIGRATE_DATABASE_URL", None)
    env.pop("REDIS_URL", None)
    env.update(DJANGO_SETTINGS_MODULE="astermind_site.settings.test", DATABASE_URL=database_url)
    result = subprocess.run(
        [sys.executable, "-m", "tests.directory.migrated_from_main", phase],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=900,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-4000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.fixture
def scratch_database_url():
    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        # Memory-backed where there is one: the old database is built by ~200 migrations.
        folder = tempfile.mkdtemp(dir="/dev/shm" if os.path.isdir("/dev/shm") else None)
        path = Path(folder) / "from-main.sqlite3"
        yield f"sqlite:///{path}"
        path.unlink(missing_ok=True)
        os.rmdir(folder)
        return
    import psycopg

    name = f"{settings['NAME']}_from_main"
    server = {
        "host": settings["HOST"] or "127.0.0.1",
        "port": settings["PORT"] or 5432,
        "user": settings["USER"],
        "password": settings["PASSWORD"] or None,
        "dbname": "postgres",
        "autocommit": True,
    }
    with psycopg.connect(**server) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')
    password = f":{quote(settings['PASSWORD'])}" if settings["PASSWORD"] else ""
    yield f"postgres://{quote(settings['USER'])}{password}@{server['host']}:{server['port']}/{name}"
    with psycopg.connect(**server) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_a_database_from_before_the_move_keeps_history_references_and_permissions(
    scratch_database_url,
):
    old = run_phase("old", scratch_database_url)
    assert old["articles_at"] == ["articles", "0008_body_video_block"]
    assert len(old["revisions"]) == 2 and len(old["references"]) == 2

    new = run_phase("new", scratch_database_url)

    types = old["content_types"]
    assert new["content_types"] == {  # the same rows, renamed in place
        "foundationmodel": [types["foundationmodel"], "directory"],
        "foundationmodelsource": [types["foundationmodelsource"], "directory"],
        "modality": [types["modality"], "directory"],
        "organisation": [types["organisation"], "directory"],
    }
    assert new["palm"] == old["palm"]
    assert new["revisions"] == old["revisions"]
    assert (new["latest_revision"], new["live_revision"]) == (old["revisions"][1],) * 2
    assert new["palm_log"] == [[pk, "wagtail.publish"] for pk in old["publish_entries"]]
    assert new["google_log"] == [[old["renamed_entry"], "factcheck.facts_changed"]]
    assert new["fact_history"] == [
        ["Parameters", "340B", "540B"],
        ["Facts checked on", "10 January 2026", "1 February 2026"],
    ]
    assert new["organisation_history"] == [["Developer", "Google", "Google DeepMind"]]
    assert new["public_history"] == [["Parameters", "340B", "540B"]]
    assert new["shown_on"] == ["Model zoo"]
    assert new["references_to_palm"] == [old["references"][0]]
    assert new["references_to_google"] == [old["references"][1]]
    assert new["editor_may_change"] is True
    # The admin: the Fact history tab, the usage listing and an organisation's history.
    assert new["edit_page"] == [200, True, True]
    assert new["usage_page"] == [200, True]
    assert new["organisation_page"] == [200, True]

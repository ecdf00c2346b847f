"""The production shape on one machine: PostgreSQL, Redis, N gunicorn servers, Varnish.

stack = Stack(servers=2).start()   # ... stack.stop() (always; it is idempotent)
"""

import atexit
import os
import secrets
import shutil
import tempfile
from pathlib import Path

from .services import Gunicorn, Postgres, Redis, app_env, manage
from .varnish import Varnish

DATABASE = "astermind"
EDITOR = "editor"
# As a deployment should run: migrations as the owner of every table, the site as a role
# that owns nothing (README "Production"; astermind_site/dbroles.py grants it what it needs).
OWNER_ROLE = "astermind_owner"
APP_ROLE = "astermind_app"


class Stack:
    def __init__(self, servers=2, workers=2, database=DATABASE, **app_settings):
        self.workdir = Path(tempfile.mkdtemp(prefix="astermind-integration-"))
        self.workdir.chmod(0o755)  # the postgres OS user keeps its cluster inside
        self.pg = Postgres(self.workdir)
        self.redis = Redis(self.workdir)
        self.database = database
        self.editor_password = secrets.token_urlsafe(16)
        names = [f"app_{chr(ord('a') + i)}" for i in range(servers)]
        self.apps = [Gunicorn(name, self.workdir, env=None, workers=workers) for name in names]
        ports = [app.port for app in self.apps]
        self.varnish = Varnish(self.workdir, (ports * 2)[:2])
        settings = {
            "DB_CONN_MAX_AGE": 60,
            # Varnish appends one X-Forwarded-For hop; tests may name a client directly.
            "CONSENT_TRUSTED_PROXY_COUNT": 1,
            "CONSENT_RATE_LIMIT": 20,
            "CONSENT_RATE_LIMIT_WINDOW": 60,
            "VARNISH_PURGE_URLS": f"http://127.0.0.1:{self.varnish.port}",
            "VARNISH_PURGE_TOKEN": self.varnish.purge_token,
            "SITE_BASE_URL": "http://localhost",
            # Collected here, not in the checkout: runs side by side never share one.
            "STATIC_ROOT": str(self.workdir / "static"),
            "MEDIA_ROOT": str(self.workdir / "media"),
        }
        settings["MIGRATE_DATABASE_URL"] = self.pg.url(database, OWNER_ROLE)
        self.env = app_env(
            self.pg.url(database, APP_ROLE), self.redis.url, **(settings | app_settings)
        )
        for app in self.apps:
            app.env = self.env
        self._stopped = False
        atexit.register(self.stop)

    @property
    def database_url(self):
        return self.pg.url(self.database)

    def start(self, demo=True):
        try:
            self.pg.start()
            self.create_database()
            self.redis.start()
            self.prepare(demo=demo)
            for app in self.apps:
                app.start(wait=False)
            for app in self.apps:
                app.wait_ready()
            self.varnish.start()
        except BaseException:
            self.stop(keep_logs=True)
            raise
        return self

    def create_database(self):
        """The two roles (trust authentication here, so no passwords) and the database, owned
        by the owner role; PostgreSQL 15+ lets no other role create in its public schema."""
        for role in (OWNER_ROLE, APP_ROLE):
            self.pg.sql("postgres", f"CREATE ROLE {role} LOGIN")
        self.pg.sql("postgres", f'CREATE DATABASE "{self.database}" OWNER {OWNER_ROLE}')
        # What PostgreSQL 15 does by default, for an older server too.
        self.pg.sql(self.database, "REVOKE CREATE ON SCHEMA public FROM PUBLIC")

    def prepare(self, demo=True):
        """What `make serve` and `make demo` do before gunicorn starts."""
        manage(self.env, "migrate", "--noinput")
        manage(self.env, "collectstatic", "--noinput")
        if demo:
            # As `make demo`: the demo app is development data that only the dev settings
            # install, loaded into the same database as the production settings serve.
            dev = dict(self.env, DJANGO_SETTINGS_MODULE="astermind_site.settings.dev")
            manage(dev, "load_demo_content", "--verbosity", "0")
            manage(self.env, "consent_demo_setup")
            env = dict(self.env, DJANGO_SUPERUSER_PASSWORD=self.editor_password)
            manage(
                env, "createsuperuser", "--noinput", "--username", EDITOR,
                "--email", "editor@example.invalid",
            )  # fmt: skip

    def logs(self, lines=40):
        out = []
        for path in sorted(self.workdir.glob("*.log")) + [self.pg.dir / "server.log"]:
            if path.exists():
                tail = path.read_text(errors="replace").splitlines()[-lines:]
                out.append(f"--- {path.name} ---\n" + "\n".join(tail))
        return "\n".join(out)

    def stop(self, keep_logs=False):
        if self._stopped:
            return
        self._stopped = True
        for service in (self.varnish, *self.apps, self.redis, self.pg):
            try:
                service.stop()
            except Exception as exc:  # keep stopping the others
                print(f"stopping {type(service).__name__} failed: {exc}")
        if keep_logs or os.environ.get("INTEGRATION_KEEP"):
            print(f"integration logs kept in {self.workdir}")
        else:
            shutil.rmtree(self.workdir, ignore_errors=True)

# Two commands for a newcomer: `make run` and `make test`. Everything else is a helper.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
# The address `make run` serves, so the one every absolute link (canonical, Open Graph,
# JSON-LD, sitemap, feeds) points at; 0.0.0.0 listens everywhere but is no address to click.
SITE_BASE_URL ?= http://$(if $(filter 0.0.0.0,$(HOST)),127.0.0.1,$(HOST)):$(PORT)
# Only the development targets get it: `serve` derives production's from ALLOWED_HOSTS.
DEV_ENV := SITE_BASE_URL=$(SITE_BASE_URL)

.PHONY: run serve worker test e2e integration lint format check install messages migrate demo bench bench-quick clean

$(PY):
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "Python 3.11 is needed ($(PYTHON) not found)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)

# The German (and any other) translations: .po files are in the repository, the .mo files
# Django reads are compiled here (gettext's msgfmt) and never committed.
# The .mo beside each .po, written with polib, so no gettext is needed (compile_catalogues.py).
messages: install
	$(DEV_ENV) $(PY) manage.py compile_catalogues --verbosity 0

migrate: messages
	$(DEV_ENV) $(PY) manage.py create_consent_signing_key
	$(DEV_ENV) $(PY) manage.py migrate --noinput

# Ends by running what the load queued (the image renditions the pages show), so no reader
# waits for an encode: a minute or two the first time, nothing after.
demo: migrate
	$(DEV_ENV) $(PY) manage.py load_demo_content
	$(DEV_ENV) $(PY) manage.py consent_demo_setup
	$(DEV_ENV) $(PY) manage.py ensure_dev_admin
	$(DEV_ENV) $(PY) manage.py run_worker --batch --no-reload --no-startup-delay --verbosity 0

# The development server and, beside it, the background worker (renditions, queued purges,
# scheduled publishing); Ctrl-C stops both.
run: demo
	$(DEV_ENV) $(PY) manage.py follow_dev_server --verbosity 0
	@echo "Serving AsterMind Learn at $(SITE_BASE_URL)/ (admin at /admin/), worker beside it"
	@$(DEV_ENV) $(PY) manage.py run_worker --no-reload & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker' EXIT INT TERM; \
	$(DEV_ENV) $(PY) manage.py runserver $(HOST):$(PORT)

# The background worker alone (README "Background work"); with the same environment as
# `make serve` and DJANGO_SETTINGS_MODULE=astermind_site.settings.production in production.
worker: messages
	$(PY) manage.py run_worker

# Production settings under gunicorn (deploy/gunicorn.conf.py). Needs DJANGO_SECRET_KEY
# and ALLOWED_HOSTS; PORT (default 8000) and HOST as for `run`; workers from WEB_CONCURRENCY.
# migrate connects as MIGRATE_DATABASE_URL's owner when set and grants DATABASE_URL's role;
# gunicorn then serves as that role (README "Two database roles").
SERVE_SETTINGS ?= astermind_site.settings.production
serve: messages
	DJANGO_SETTINGS_MODULE=$(SERVE_SETTINGS) $(PY) manage.py migrate --noinput
	DJANGO_SETTINGS_MODULE=$(SERVE_SETTINGS) $(PY) manage.py collectstatic --noinput --verbosity 0
	@echo "Serving AsterMind Learn (production settings) on $(HOST):$(PORT)"
	DJANGO_SETTINGS_MODULE=$(SERVE_SETTINGS) HOST=$(HOST) PORT=$(PORT) \
		exec $(BIN)/gunicorn --config deploy/gunicorn.conf.py

test: messages
	$(BIN)/pytest

e2e: messages
	bash tests/e2e/setup.sh
	DJANGO_ALLOW_ASYNC_UNSAFE=true $(BIN)/pytest -m e2e tests/e2e

# Real servers: two gunicorn, the worker, PostgreSQL, Redis and Varnish of the suite's own,
# on free 127.0.0.1 ports (needs the postgresql, redis-server and varnish packages; .ci/run
# installs them).
integration: messages
	$(BIN)/pytest -m integration tests/integration

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

check: install
	DJANGO_SETTINGS_MODULE=astermind_site.settings.test $(PY) manage.py check
	DJANGO_SETTINGS_MODULE=astermind_site.settings.test $(PY) manage.py makemigrations --check --dry-run

# Every bench prepares its own databases, static files and servers (needs the packages of
# `make integration`, and wrk); ~10 minutes idle. bench-quick: shorter runs of the same.
bench: install
	$(PY) bench/run.py $(BENCH_ARGS)

bench-quick: install
	$(PY) bench/run.py --quick $(BENCH_ARGS)

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles .pytest_cache

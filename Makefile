# Two commands for a new user: `make run` and `make test`. Everything else is for developers.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
# manage.py, cms.wsgi and cms.asgi default to production settings; developer commands say so.
DEV := DJANGO_SETTINGS_MODULE=cms.settings.dev
# Every absolute link make run's site gives (canonical, og:url, feeds, sitemap, API URLs, the
# admin's own) uses this address; serving on all interfaces (0.0.0.0) links to 127.0.0.1.
LINK_HOST := $(if $(filter 0.0.0.0,$(HOST)),127.0.0.1,$(HOST))
STEP := @printf '\n==> %s\n'
# Every folder of templates: djhtml checks their indentation in `make lint` and CI.
TEMPLATE_DIRS := templates cms/security/templates

.PHONY: run test install migrate demo admin serve lint format check bench clean-db

# The venv is rebuilt only when a requirements file changes. pip shows each package as it goes.
$(VENV)/.installed: requirements.txt requirements-dev.txt
	$(STEP) "Installing Python packages into $(VENV) (the first time takes a minute or two)"
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@$(PY) -m pip install --quiet --disable-pip-version-check --upgrade pip
	@$(PY) -m pip install --disable-pip-version-check -r requirements-dev.txt
	@touch $@

install: $(VENV)/.installed

# A target-specific export reaches the commands of these targets and of their prerequisites.
# A WAGTAILADMIN_BASE_URL already in the environment wins.
run demo admin migrate: export WAGTAILADMIN_BASE_URL ?= http://$(LINK_HOST):$(PORT)

migrate: install
	$(STEP) "Preparing the database"
	@$(DEV) $(PY) manage.py migrate_quietly

demo: migrate
	$(STEP) "Loading the demo content (only what is missing and was never loaded)"
	@$(DEV) $(PY) manage.py load_demo_content

admin: migrate
	$(STEP) "Admin user"
	@$(DEV) $(PY) manage.py ensure_admin

## make run: install, migrate, load the demo content, ensure an admin user, serve on HOST:PORT
## (default 127.0.0.1:8000), e.g. make run PORT=8101
# The background worker (webhooks, renditions, emails) and the scheduler (publish_scheduled every
# minute) run beside the server and stop with it.
run: demo admin
	$(STEP) "Serving the site at $(WAGTAILADMIN_BASE_URL)/ (the admin at $(WAGTAILADMIN_BASE_URL)/admin/); Ctrl-C stops it"
	@$(DEV) $(PY) manage.py db_worker --backend background --queue-name '*' --no-reload --verbosity 0 & \
	worker=$$!; \
	$(DEV) $(PY) manage.py run_scheduler --verbosity 0 & \
	scheduler=$$!; trap 'kill $$worker $$scheduler 2>/dev/null' EXIT INT TERM; \
	echo "Background worker (pid $$worker) and scheduler (pid $$scheduler) started."; \
	$(DEV) $(PY) manage.py runserver $(HOST):$(PORT)

## make test: the whole suite (unit, API, browser). DATABASE_URL picks the database.
# One worker per core (pytest-xdist); PYTEST_ARGS="-n0" runs in one process.
test: install
	DJANGO_SETTINGS_MODULE=cms.settings.test $(PY) -m pytest -n auto $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/djhtml --check $(TEMPLATE_DIRS)

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .
	$(VENV)/bin/djhtml $(TEMPLATE_DIRS)

check: install
	$(DEV) $(PY) manage.py makemigrations --check --dry-run
	$(DEV) $(PY) manage.py check

## make bench: build a large site, serve it with gunicorn, load it with wrk, print the table (README,
## "Benchmark"). BENCH_ARGS="--smoke" for the quick CI run, "--sync-scaling" for the delta-sync check.
bench: install
	$(PY) -m bench.run $(BENCH_ARGS)

.PHONY: backup restore security-check

## make backup: pg_dump of DATABASE_URL and an archive of MEDIA_ROOT, with checksums, into
## BACKUP_DIR (default ~/mip-backups). See README, "Operations".
backup:
	scripts/backup.sh $(BACKUP_DIR)

## make restore BACKUP=~/mip-backups/mip-<timestamp>: into the fresh, empty database in DATABASE_URL
## and the empty folder in MEDIA_ROOT.
restore:
	@test -n "$(BACKUP)" || { echo "usage: make restore BACKUP=<folder made by make backup>" >&2; exit 2; }
	scripts/restore.sh "$(BACKUP)"

## make security-check: the security tests (docs/security.md). DATABASE_URL picks the database.
security-check: install
	DJANGO_SETTINGS_MODULE=cms.settings.test $(PY) -m pytest tests/security $(PYTEST_ARGS)

.PHONY: soak

## make soak: readers and editors against gunicorn on production settings while a private
## PostgreSQL is restarted and a private Redis stopped; fails if the app does not recover by itself
## or an acknowledged save is lost (README, "Operations"). SOAK_ARGS="--short" is the CI run.
soak: install
	$(PY) -m bench.soak $(SOAK_ARGS)

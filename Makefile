# Netwerkportaal — `make help` lists the targets.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
HOST ?= 127.0.0.1
PORT ?= 8000
SIZE ?= 1000
PYTEST_ARGS ?=
# make stack / make soak: the stack's folder and HTTPS port; the soak's length.
STACK_DIR ?= /tmp/netwerkportaal-stack
STACK_PORT ?= 8443
SOAK_SECONDS ?= 180
# Parallel test processes for the database suites (the machine has 2 cores).
XDIST ?= -n 2
# The upgrade canary (make test-next): its own virtualenv with the newest Django the
# pinned Wagtail accepts. Django 6.0 needs Python 3.12; pyenv's shim answers only for
# an active version, so pyenv's folders are tried too.
VENV_NEXT := .venv-next
DJANGO_NEXT ?= Django>=6.0,<6.1
PYTHON_NEXT ?= $(shell for p in python3.12 $$HOME/.pyenv/versions/3.12*/bin/python3; do \
	$$p -c 'import sys; assert sys.version_info >= (3, 12)' 2>/dev/null && { echo $$p; break; }; done)
export PYTHONDONTWRITEBYTECODE := 1

.DEFAULT_GOAL := help
.PHONY: help install compile run setup test lint format check migrations-check messages-check messages \
	test-sqlite test-next test-postgres test-browser browser-deps speech-deps office-deps front-deps bench loadtest clean \
	stack stack-stop soak stack-deps

help: ## Show this help
	@grep -E '^[a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "}; {printf "  \033[36m%-18s\033[0m %s\n", $$1, $$2}'

$(VENV)/.installed: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

install: $(VENV)/.installed ## Create .venv with the pinned requirements

compile: install ## Compile the gettext catalogues
	$(MANAGE) compilemessages --ignore='.venv*/*' --ignore='node_modules/*' -v0

setup: compile speech-deps office-deps front-deps ## Migrate the database and load the demo content (idempotent)
	$(MANAGE) migrate --noinput
	$(MANAGE) load_demo

run: setup ## Set everything up and serve the portal on http://127.0.0.1:8000
	@echo ""
	@echo "  Netwerkportaal: http://$(HOST):$(PORT)/   (beheer: http://$(HOST):$(PORT)/admin/)"
	@echo "  Demo accounts, password 'portaal-demo': coordinator, redacteur, vertaler,"
	@echo "  partner, trekker, lid, buitenstaander"
	@echo ""
	$(MANAGE) runserver $(HOST):$(PORT)

lint: install ## ruff format --check and ruff check
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/ruff check .

format: install ## Format the code with ruff
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

check: install ## Django system checks
	DJANGO_SETTINGS_MODULE=portal.settings.test $(MANAGE) check

migrations-check: install ## Fail when a model change has no migration
	DJANGO_SETTINGS_MODULE=portal.settings.test $(MANAGE) makemigrations --check --dry-run

messages: install ## Update the gettext catalogues (all seven languages) and compile them
	$(MANAGE) makemessages -l nl -l fr -l en -l ar -l tr -l pl -l uk --ignore='.venv*/*' --ignore='node_modules/*' --ignore='tests/*' --ignore='bench/*' --no-obsolete --no-location
	$(MANAGE) compilemessages --ignore='.venv*/*'

messages-check: install ## Fail when a catalogue misses or leaves untranslated a string
	$(PY) tests/check_messages.py

test-sqlite: compile speech-deps office-deps front-deps stack-deps ## pytest on SQLite (without the browser tests)
	$(PY) -m pytest -m "not browser" $(XDIST) $(PYTEST_ARGS)

$(VENV_NEXT)/.installed: requirements.txt
	@test -n "$(PYTHON_NEXT)" || (echo "no Python 3.12 found: install it (pyenv install 3.12) or set PYTHON_NEXT"; exit 1)
	test -x $(VENV_NEXT)/bin/python || $(PYTHON_NEXT) -m venv $(VENV_NEXT)
	$(VENV_NEXT)/bin/python -m pip install --quiet --upgrade pip
	grep -viE '^django==' requirements.txt > $(VENV_NEXT)/requirements.txt
	$(VENV_NEXT)/bin/python -m pip install --quiet -r $(VENV_NEXT)/requirements.txt "$(DJANGO_NEXT)"
	touch $@

test-next: $(VENV_NEXT)/.installed speech-deps office-deps front-deps ## Upgrade canary: the SQLite suite on the newest Django (.venv-next)
	$(VENV_NEXT)/bin/python -c 'import django, sys; print("Django", django.get_version(), "on Python", sys.version.split()[0])'
	$(VENV_NEXT)/bin/python manage.py compilemessages --ignore='.venv*/*' --ignore='node_modules/*' -v0
	$(VENV_NEXT)/bin/python -m pytest -m "not browser" $(XDIST) $(PYTEST_ARGS)

test-postgres: compile speech-deps office-deps front-deps stack-deps ## pytest on a throw-away PostgreSQL server
	.ci/with-postgres $(PY) -m pytest -m "not browser" $(XDIST) $(PYTEST_ARGS)

speech-deps: ## Debian's espeak-ng and lame, for the read-aloud recordings
	@command -v espeak-ng >/dev/null && command -v lame >/dev/null || (echo "installing Debian's espeak-ng and lame" && \
		if [ "$$(id -u)" = 0 ]; then S=""; else S="sudo"; fi; \
		$$S apt-get update -q >/dev/null; DEBIAN_FRONTEND=noninteractive $$S apt-get install -y -q espeak-ng lame >/dev/null)

# --no-install-recommends: LibreOffice's recommends pull in AppArmor, Python-UNO and
# desktop helpers that a converter does not need; fonts-liberation2 (metric-compatible
# with Arial, Times and Courier) keeps the layout of Word files.
office-deps: ## Debian's LibreOffice without GUI, for document previews (soffice)
	@command -v soffice >/dev/null || (echo "installing Debian's LibreOffice (no GUI)" && \
		if [ "$$(id -u)" = 0 ]; then S=""; else S="sudo"; fi; \
		$$S apt-get update -q >/dev/null; DEBIAN_FRONTEND=noninteractive $$S apt-get install -y -q \
		--no-install-recommends libreoffice-core-nogui libreoffice-writer-nogui \
		libreoffice-calc-nogui libreoffice-impress-nogui fonts-liberation2 >/dev/null)

# The portal's own front-end files from npm (package.json "dependencies": PDF.js),
# served as static files (werkgroepen/staticfinders.py). The optional
# packages (a canvas for PDF.js under Node.js) are not needed in a browser.
front-deps: ## The pinned PDF.js from npm, and oidc-provider for the sign-in tests
	@test -f node_modules/pdfjs-dist/legacy/build/pdf.min.mjs -a -f node_modules/oidc-provider/package.json || npm ci --no-audit --no-fund --silent --omit=optional

# The production set-up on one machine (deploy/stack.py, tests/stack/): Debian's nginx,
# redis-server, openssl and PostgreSQL.
stack-deps: ## Debian's nginx, redis-server and PostgreSQL, for make stack, make soak and tests/stack
	@command -v nginx >/dev/null || test -x /usr/sbin/nginx || NEED="$$NEED nginx"; \
	command -v redis-server >/dev/null || NEED="$$NEED redis-server"; \
	command -v openssl >/dev/null || NEED="$$NEED openssl"; \
	command -v initdb >/dev/null || ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || NEED="$$NEED postgresql"; \
	test -z "$$NEED" || (echo "installing Debian's$$NEED" && \
		if [ "$$(id -u)" = 0 ]; then S=""; else S="sudo"; fi; \
		$$S apt-get update -q >/dev/null; DEBIAN_FRONTEND=noninteractive $$S apt-get install -y -q $$NEED >/dev/null)

stack: compile front-deps stack-deps ## Start PostgreSQL, Redis, 2 app servers, db_worker and nginx (HTTPS) in STACK_DIR
	$(PY) deploy/stack.py start --dir $(STACK_DIR) --port $(STACK_PORT)

stack-stop: ## Stop everything make stack started (by process id) and remove STACK_DIR
	$(PY) deploy/stack.py stop --dir $(STACK_DIR)

soak: compile front-deps stack-deps ## Soak test: SOAK_SECONDS (180) of mixed traffic and faults on a fresh stack
	$(PY) bench/soak.py --seconds $(SOAK_SECONDS)

browser-deps: install ## Debian's chromium and the pinned axe-core
	@command -v chromium >/dev/null || (echo "installing Debian's chromium" && \
		if [ "$$(id -u)" = 0 ]; then S=""; else S="sudo"; fi; \
		$$S apt-get update -q >/dev/null; DEBIAN_FRONTEND=noninteractive $$S apt-get install -y -q chromium >/dev/null)
	@test -f node_modules/axe-core/axe.min.js || npm ci --no-audit --no-fund --silent

test-browser: compile browser-deps speech-deps office-deps front-deps ## Real-browser journeys and accessibility checks
	$(PY) -m pytest -m browser -p no:xdist $(PYTEST_ARGS)

test: lint check migrations-check messages-check test-sqlite test-postgres test-browser ## Everything CI runs, in order

bench: install ## Benchmark a fresh portal of SIZE practices (default 1000; SIZE=demo too)
	@command -v wrk >/dev/null || (echo "installing Debian's wrk (else the Python load client is used)" && \
		if [ "$$(id -u)" = 0 ]; then S=""; else S="sudo"; fi; \
		$$S apt-get update -q >/dev/null; DEBIAN_FRONTEND=noninteractive $$S apt-get install -y -q wrk >/dev/null) || true
	$(PY) bench/run.py --size $(SIZE) $(BENCH_ARGS)

loadtest: install ## Bounded load test on loopback against gunicorn + PostgreSQL
	.ci/with-postgres $(PY) bench/load.py

clean: ## Remove the virtualenv, the database and media
	rm -rf $(VENV) db.sqlite3* media private-media staticfiles node_modules

# Omnipresence — the two commands a newcomer needs, and the few others a developer does.
#   make run    the whole system at http://127.0.0.1:8000 (SQLite and an embedded Redis by default)
#   make test   every test, on MariaDB/MySQL, Redis, Celery workers and Chromium
# Both set everything up first: the virtualenv, the Python and npm packages, the SPA build.

SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= $(shell for p in python3.12 python3.11 python3; do command -v $$p >/dev/null && $$p -c 'import sys; sys.exit(sys.version_info < (3, 11))' && { echo $$p; break; }; done)
VENV := .venv
PY := $(VENV)/bin/python
PIP_INSTALL := $(PY) -m pip install --quiet --disable-pip-version-check
PY_SOURCES := $(shell find libs services gateway -name pyproject.toml) requirements/dev.txt requirements/constraints.txt
SPA_SOURCES := $(shell find frontend/src frontend/public -type f 2>/dev/null) frontend/index.html frontend/vite.config.ts frontend/package-lock.json

.PHONY: help setup font run test lint bench test-services chromium constraints clean

help:
	@echo "make run    start Omnipresence at http://127.0.0.1:8000 (demo logins in README.md)"
	@echo "make test   run every test (needs MariaDB/MySQL and Redis; starts them here if they are down)"
	@echo "make lint   ruff, import contracts, TypeScript and ESLint"
	@echo "make bench  the performance figures of SPEC 6.1"

setup: $(VENV)/.installed frontend/node_modules/.installed frontend/dist/index.html font

# The font PDF reports embed: Debian's fonts-wqy-microhei (without root, unpacked into var/fonts/).
font:
	@scripts/ensure-font.sh

$(VENV)/.installed: $(PY_SOURCES)
	@test -n "$(PYTHON)" || { echo "Omnipresence needs Python 3.11 or newer (python3.11 / python3.12 on the PATH)."; exit 1; }
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP_INSTALL) -c requirements/constraints.txt -r requirements/dev.txt
	@touch $@

frontend/node_modules/.installed: frontend/package.json frontend/package-lock.json
	@command -v npm >/dev/null || { echo "Omnipresence needs Node.js 20 and npm for its web app."; exit 1; }
	cd frontend && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error
	@touch $@

frontend/dist/index.html: frontend/node_modules/.installed $(SPA_SOURCES)
	cd frontend && npm run build --silent

run: setup
	$(PY) -m omni_stack run

test: setup test-services chromium lint
	cd frontend && npm run --silent test && npm run --silent size
	OMNI_WORKER_NICENESS=0 $(PY) -m omni_stack test

lint: $(VENV)/.installed frontend/node_modules/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports
	$(PY) scripts/lint_house.py
	cd frontend && npm run --silent api-types -- --check
	cd frontend && npm run --silent typecheck && npm run --silent lint

# MariaDB and Redis for the tests: started here if they are not answering.
test-services:
	@scripts/ensure-test-services.sh

# Debian's Chromium drives the browser tests (Playwright never downloads a browser here).
chromium:
	@command -v chromium >/dev/null || { echo "Installing Debian's chromium for the browser tests ..."; \
		(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
		|| { echo "Could not install chromium (needs root and Debian's package registry)."; exit 1; }; }

bench: setup test-services
	$(PY) -m bench

# Re-pin every Python package after changing a pyproject.toml or requirements/dev.txt.
constraints:
	$(PIP_INSTALL) -r requirements/dev.txt
	{ echo "# Pinned versions of every Python package (regenerate: make constraints)."; \
	  $(VENV)/bin/pip freeze --exclude-editable; } > requirements/constraints.txt

clean:
	rm -rf $(VENV) frontend/node_modules frontend/dist var

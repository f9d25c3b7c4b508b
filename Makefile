PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
# Where the database, the collected static files, the uploads and the secret key live.
VAR_DIR ?= $(or $(ITAKU_VAR_DIR),var)
WORKERS ?= 2

# `make run` serves the product as users meet it: the production settings (DEBUG off, Itaku's own
# error pages, static files collected and served by whitenoise) under gunicorn. It is plain HTTP on
# this machine, so the cookies are not marked Secure, HTTPS is not required and the demo signs in with
# the password only; behind HTTPS, run gunicorn as docs/operator.md says.
RUN_ENV = ITAKU_VAR_DIR=$(VAR_DIR) DJANGO_SETTINGS_MODULE=config.settings.production \
	SECRET_KEY="$$(cat $(VAR_DIR)/secret_key)" $(KEY_ENV) SESSION_COOKIE_SECURE=false CSRF_COOKIE_SECURE=false \
	SECURE_SSL_REDIRECT=false SECURE_HSTS_SECONDS=0 ITAKU_MFA_REQUIRED=false \
	ALLOWED_HOSTS="$${ALLOWED_HOSTS:-127.0.0.1,localhost,$(HOST)}"

# The vault's master key of this installation (docs/operator.md, section 10), made once and kept.
KEY_ENV = ITAKU_MASTER_KEY="$${ITAKU_MASTER_KEY:-$$(cat $(VAR_DIR)/master_key)}"

.PHONY: run dev install install-run install-test migrate demo collectstatic browsers test lint messages clean bench

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-run: pyproject.toml $(VENV)/.installed
	$(BIN)/pip install --quiet -e ".[prod]"
	touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(BIN)/pip install --quiet -e ".[test]"
	touch $@

install: $(VENV)/.installed

install-run: $(VENV)/.installed-run

install-test: $(VENV)/.installed-test

migrate: install
	mkdir -p $(VAR_DIR)/static
	ITAKU_VAR_DIR=$(VAR_DIR) $(BIN)/itaku migrate --noinput
	ITAKU_VAR_DIR=$(VAR_DIR) $(BIN)/itaku createcachetable
	ITAKU_VAR_DIR=$(VAR_DIR) $(BIN)/itaku buildfonts

demo: migrate $(VAR_DIR)/master_key
	ITAKU_VAR_DIR=$(VAR_DIR) $(KEY_ENV) $(BIN)/itaku loaddemo

# A secret key of this installation, made once and kept (readable by its owner only).
$(VAR_DIR)/secret_key: | $(BIN)/python
	mkdir -p $(VAR_DIR)
	umask 077 && $(BIN)/python -c "import secrets; print(secrets.token_urlsafe(64))" > $@

# The demo's master key of the vault, made once and reused (readable by its owner only). Losing it loses
# the vault's files: production keeps its key outside var/ (docs/operator.md, section 10).
$(VAR_DIR)/master_key: | $(BIN)/python
	mkdir -p $(VAR_DIR)
	umask 077 && $(BIN)/python -c "import os, base64; print(base64.b64encode(os.urandom(32)).decode())" > $@

collectstatic: install-run $(VAR_DIR)/secret_key $(VAR_DIR)/master_key
	@echo "collectstatic (production settings) into $(VAR_DIR)/static"
	@$(RUN_ENV) $(BIN)/itaku collectstatic --noinput --verbosity 0

run: install-run demo collectstatic
	@echo ""
	@echo "Itaku: http://$(HOST):$(PORT)/   (stop with Ctrl-C; another address: HOST=0.0.0.0 PORT=8080 make run)"
	@echo "  demo users: officer inspector accountant auditor (山梨県)"
	@echo "              rep privacy security worker1 worker2 (株式会社サンプル広告)"
	@echo "              outsider (有限会社サンプル企画)"
	@echo "              admin (山梨県 システム管理者: the administration site at /admin/)"
	@echo "  password:   itaku-demo"
	@echo ""
	@$(RUN_ENV) WEB_CONCURRENCY=$(WORKERS) $(BIN)/gunicorn -c config/gunicorn.conf.py --bind $(HOST):$(PORT)

# The auto-reloading debug server (DEBUG on, static files straight from the apps).
dev: demo
	@echo ""
	@echo "Itaku (development): http://$(HOST):$(PORT)/   demo users as in README.md, password itaku-demo"
	@echo ""
	ITAKU_VAR_DIR=$(VAR_DIR) $(KEY_ENV) DJANGO_SETTINGS_MODULE=config.settings.dev $(BIN)/itaku runserver $(HOST):$(PORT)

lint: install-test
	$(BIN)/ruff check .

# Chromium and its driver for the browser tests (Debian's packages), when they are missing.
browsers:
	@if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; then \
		if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
		$$SUDO apt-get install -y chromium chromium-driver || \
		{ $$SUDO apt-get update && $$SUDO apt-get install -y chromium chromium-driver; } || \
		echo "chromium could not be installed: the browser tests will be skipped"; \
	fi

test: install-test browsers
	$(BIN)/ruff check .
	$(BIN)/pytest

messages: install
	cd itaku && ../$(BIN)/django-admin makemessages -l en --no-obsolete --ignore="tests/*" && ../$(BIN)/django-admin compilemessages

# The benchmark on PostgreSQL (BENCH_SCALE=full|small|tiny; BENCH_PG=postgres://user@host:port); see docs/operator.md.
bench: install-test
	command -v wrk >/dev/null || apt-get install -y wrk >/dev/null || echo "wrk is missing: throughput is not measured"
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) var .pytest_cache

# schemathesis against a server on the demo data, as the officer and as the representative (a few minutes).
.PHONY: schemathesis
schemathesis: install-test
	$(BIN)/pytest -s -p no:cacheprovider itaku/api/tests/schemathesis_run.py

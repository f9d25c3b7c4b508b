PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run install install-test migrate demo test lint messages clean bench

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(BIN)/pip install --quiet -e ".[test]"
	touch $@

install: $(VENV)/.installed

install-test: $(VENV)/.installed-test

migrate: install
	mkdir -p var/static
	$(BIN)/itaku migrate --noinput
	$(BIN)/itaku createcachetable

demo: migrate
	$(BIN)/itaku loaddemo

run: demo
	@echo ""
	@echo "Itaku: http://$(HOST):$(PORT)/"
	@echo "  demo users: officer inspector accountant auditor (山梨県)"
	@echo "              rep privacy security worker1 worker2 (株式会社サンプル広告)"
	@echo "              outsider (有限会社サンプル企画)"
	@echo "  password:   itaku-demo"
	@echo ""
	$(BIN)/itaku runserver $(HOST):$(PORT)

lint: install-test
	$(BIN)/ruff check .

test: install-test
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

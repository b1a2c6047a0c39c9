# Two commands on a fresh machine: `make run` and `make test`.
PYTHON ?= python3.11
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
# The dashboard's browser assets (ECharts, the world map …) come from the npm registry, pinned in
# web/package-lock.json; never committed, never from a CDN. Served at /vendor/ by techbloc serve.
WEB_STAMP := web/node_modules/.installed

.PHONY: run test env web lint typecheck unit tour clean fuzz-api

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet -c constraints.txt -e '.[dev]'
	touch $(STAMP)

$(WEB_STAMP): web/package.json web/package-lock.json
	npm ci --prefix web --no-audit --no-fund --ignore-scripts
	touch $(WEB_STAMP)

## web: install the dashboard's browser assets from the npm registry (npm ci)
web: $(WEB_STAMP)

env: $(STAMP) web

## run: create the environment, build the store from the built-in knowledge base, then serve the
## dashboard and the REST API on http://127.0.0.1:8000/ (Ctrl-C stops it)
run: env
	$(BIN)/techbloc init
	$(BIN)/techbloc serve

## tour: the CLI tour (the README's questions answered from the store)
tour: env
	$(BIN)/techbloc init
	$(BIN)/techbloc tour

## test: create the environment and run lint, type checks and the whole test suite
test: env lint typecheck unit

lint: env
	$(BIN)/ruff check src tests
	$(BIN)/ruff format --check src tests

typecheck: env
	$(BIN)/mypy

unit: env
	$(BIN)/pytest

# Schemathesis with many examples per operation against a live server (docs/benchmarks.md).
fuzz-api: env
	TECHBLOC_FUZZ_EXAMPLES=$${EXAMPLES:-50} TECHBLOC_FUZZ_PHASES=examples,coverage,fuzzing \
	$(BIN)/pytest -q -p no:cacheprovider tests/api/test_schemathesis.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache web/node_modules build/screenshots

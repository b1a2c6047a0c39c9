# Two commands on a fresh machine: `make run` and `make test`.
PYTHON ?= python3.11
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
# The dashboard's browser assets (ECharts, the world map …) come from the npm registry, pinned in
# web/package-lock.json; never committed, never from a CDN. Served at /vendor/ by techbloc serve.
WEB_STAMP := web/node_modules/.installed

.PHONY: run test env web lint typecheck unit tour clean fuzz-api fuzz

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
# EXAMPLES per operation, then BODIES per operation that takes a body (POST).
fuzz-api: env
	TECHBLOC_FUZZ_EXAMPLES=$${EXAMPLES:-50} TECHBLOC_FUZZ_PHASES=examples,coverage,fuzzing \
	TECHBLOC_FUZZ_BODIES=$${BODIES:-1000} \
	$(BIN)/pytest -q -s -p no:cacheprovider tests/api/test_schemathesis.py

# The importers on generated and damaged files: per importer INPUTS read by its reader and
# STORE_INPUTS imported into a store (Hypothesis), the kill test with KILLS kills per scenario,
# then ATHERIS_RUNS coverage-guided inputs per reader (atheris). Counts and time: build/fuzz/.
ATHERIS_TARGETS := csl ftm cn-countermeasures us-1260h jp-meti supply-csv supply-eto \
	documents-pdf documents-html documents-txt fr-json fr-xml kb-yaml screen-csv gdelt
fuzz: env
	mkdir -p build/fuzz
	TECHBLOC_FUZZ_INPUTS=$${INPUTS:-10000} TECHBLOC_FUZZ_STORE_INPUTS=$${STORE_INPUTS:-1000} \
	TECHBLOC_KILLS=$${KILLS:-30} TECHBLOC_FUZZ_REPORT=build/fuzz/hypothesis.json \
	$(BIN)/pytest -q -s -p no:cacheprovider --durations=0 tests/fuzz tests/reliability/test_kill.py
	@if ! $(BIN)/python -c "import atheris" 2>/dev/null; then \
		echo "atheris is not installed (its wheels are for Linux x86-64): Hypothesis alone"; \
	else cd build/fuzz && for target in $(ATHERIS_TARGETS); do \
		$(abspath $(BIN))/python $(CURDIR)/benchmarks/fuzz_atheris.py $$target -runs=$${ATHERIS_RUNS:-10000} \
			-print_final_stats=1 > atheris-$$target.log 2>&1 || { tail -n 40 atheris-$$target.log; exit 1; }; \
		echo "atheris $$target: $$(grep -a '^Done' atheris-$$target.log)"; \
	done; fi

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache web/node_modules build/screenshots

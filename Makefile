# pcfrules — the two commands: `make demo` and `make test`.
# Every target sets itself up on a fresh machine: it creates .venv and installs.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
DEVSTAMP := $(VENV)/.installed-dev

.PHONY: demo serve test lint schema bench screenshots clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(DEVSTAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@ $(STAMP) $(WEBSTAMP)

## demo: check, render and compute every catalogue rule into out/ (zh and en)
demo: $(STAMP)
	$(BIN)/pcfrules demo --out out

WEBSTAMP := $(VENV)/.installed-web

$(WEBSTAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[web]'
	touch $@ $(STAMP)

## serve: the web platform on SQLite (serve.db) with the demo data; prints the address and accounts
serve: $(WEBSTAMP)
	$(BIN)/pcfrules serve --demo --db sqlite:///serve.db

## lint: ruff over sources, tests and benchmarks; mypy --strict (pydantic plugin) over src
lint: $(DEVSTAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/mypy

## test: lint, then the whole suite on every core (registry tests also on a PostgreSQL server
## started here); a test file stays on one worker, so its module fixtures are built once
test: lint
	./scripts/system-deps.sh
	./scripts/postgres.sh start
	PCFRULES_TEST_POSTGRES_URL="$$(cat .postgres-test-url 2>/dev/null)" $(BIN)/python -m pytest -n auto --dist loadfile; \
	  status=$$?; ./scripts/postgres.sh stop; exit $$status

## schema: regenerate the committed JSON Schemas (rule, study, system, result)
schema: $(STAMP)
	for name in rule study system result; do \
	  $(BIN)/pcfrules schema $$name > docs/schema/$$name.schema.json; done

## bench: pcfrules against bw2calc 3.x on synthetic systems (writes benchmarks/RESULTS.md),
## then the platform under load on loopback: 50 people at once while jobs run (PLATFORM.md)
## then the real TianGong ILCD database (its section of RESULTS.md, and its test) when present
bench: $(WEBSTAMP)
	$(BIN)/python benchmarks/harness.py
	$(BIN)/python benchmarks/platform_load.py
	$(BIN)/python benchmarks/background.py
	$(MAKE) --no-print-directory $(DEVSTAMP)
	PCFRULES_TIANGONG="$${PCFRULES_TIANGONG:-$(CURDIR)/../shared/data/tiangong-lca-data}" \
	  $(BIN)/python -m pytest -q tests/background/test_tiangong.py

## screenshots: the browser journeys, keeping their screenshots in docs/screenshots/
screenshots: $(DEVSTAMP)
	./scripts/system-deps.sh
	PCFRULES_SCREENSHOTS=$(CURDIR)/docs/screenshots $(BIN)/python -m pytest tests/web -m browser

clean:
	rm -rf $(VENV) out .pytest_cache

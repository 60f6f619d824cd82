# One task runner: README and CI call these targets, so what a newcomer types is what CI runs.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
DB ?= data/surveydash.duckdb
PORT ?= 8501

.PHONY: run test lint format bench bench-smoke demo-files browser-deps clean

# Re-install only when the project's dependencies change.
$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# Running needs the product's own dependencies only; the test extras (pytest, Playwright, ruff)
# are installed by `make test`. Each stamp is redone only when pyproject.toml changes.
$(VENV)/.installed-run: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e ".[test]"
	touch $@ $(VENV)/.installed-run

# The browser tests drive Debian's Chromium: Playwright's own browser download is not reachable here.
browser-deps:
	@if [ ! -x /usr/bin/chromium ]; then \
		echo "Installing Debian's chromium for the browser tests"; \
		apt-get update -qq && apt-get install -y -qq chromium chromium-driver >/dev/null; \
	fi

$(DB): | $(VENV)/.installed-run
	$(BIN)/surveydash demo --db $(DB)

run: $(VENV)/.installed-run $(DB)
	$(BIN)/surveydash serve --db $(DB) --port $(PORT)

# The browser tests run after the rest, in one process: they share one served dashboard and
# one Chromium, which two xdist workers would each start again on a 2-core machine.
test: $(VENV)/.installed browser-deps
	$(BIN)/ruff check .
	$(BIN)/python -m pytest -n 2 -q --ignore=tests/browser
	$(BIN)/python -m pytest -q tests/browser

lint: $(VENV)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(VENV)/.installed
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Regenerates data/demo/ from its seeded script (the files are committed; this is byte-stable).
demo-files: $(VENV)/.installed
	$(BIN)/python -m surveydash.demo_data

bench: $(VENV)/.installed browser-deps
	$(BIN)/python -m bench.run

# The benchmark at scale 0.01 without the browser sessions: what `make test` runs as
# tests/test_bench_smoke.py, on its own.
bench-smoke: $(VENV)/.installed
	$(BIN)/python -m bench.run --quick --out bench/out/results-quick.json

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache tests/screenshots bench/out

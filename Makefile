# Safehold: the two commands in the README start here.
PYTHON ?= python3.11
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint typecheck unit install clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip==25.3
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

## Build a synthetic authority in the embedded SQLite database and print its summary.
demo: $(STAMP)
	$(BIN)/safehold demo

## Everything CI checks: style, types, then the whole test suite.
test: lint typecheck unit

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks

typecheck: $(STAMP)
	$(BIN)/mypy

# Two workers: the machines Safehold is built and tested on have two cores.
unit: $(STAMP)
	$(BIN)/pytest -q -n 2

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache

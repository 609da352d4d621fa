# Plenipo — two commands: `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
export FLASK_APP := app

.PHONY: install run test lint clean-db bench

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

install: $(BIN)/.installed

run: install
	$(BIN)/plenipo db upgrade
	$(BIN)/plenipo demo
	$(BIN)/plenipo run --host 127.0.0.1 --port 5000

test: install
	$(BIN)/python -m pytest

lint: install
	$(BIN)/ruff check .

clean-db:
	rm -f instance/plenipo.sqlite

bench: install
	$(BIN)/python bench/drafting_bench.py
	$(BIN)/python bench/export_bench.py
	$(BIN)/python bench/compare_bench.py

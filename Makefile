# Plenipo — two commands: `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
export FLASK_APP := app

.PHONY: runtime install run test lint clean-db bench translations

# `make run` installs what the app needs to run; `make test` adds the test and benchmark tools (dev extras).
$(BIN)/.runtime: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(BIN)/.installed: $(BIN)/.runtime pyproject.toml
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

# Translations: the .po files are the source; the .mo files are compiled here (and at app start-up).
CATALOGUES := $(wildcard app/translations/*/LC_MESSAGES/messages.po)

runtime: $(BIN)/.runtime $(CATALOGUES:.po=.mo)

install: $(BIN)/.installed $(CATALOGUES:.po=.mo)

app/translations/%/LC_MESSAGES/messages.mo: app/translations/%/LC_MESSAGES/messages.po $(BIN)/.runtime
	$(BIN)/pybabel compile --statistics -l $* -i $< -o $@

# After adding or changing user-facing text: extract, merge into fr/nl, then translate the new entries
# (empty or "fuzzy" ones) in app/translations/{fr,nl}/LC_MESSAGES/messages.po; tests/i18n checks they are complete.
translations: $(BIN)/.installed
	$(BIN)/pybabel extract -F babel.cfg --project=Plenipo --msgid-bugs-address= --sort-by-file -o app/translations/messages.pot .
	$(BIN)/pybabel update -i app/translations/messages.pot -d app/translations --ignore-obsolete
	$(BIN)/python -m pytest -q -p no:warnings tests/i18n/test_catalogues.py

# The web server and the worker (mail, reminders, digests, deadlines) together; Ctrl-C stops both.
run: runtime
	$(BIN)/plenipo db upgrade
	$(BIN)/plenipo demo
	$(BIN)/plenipo worker & worker=$$!; trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(BIN)/plenipo run --host 127.0.0.1 --port 5000

test: install
	$(BIN)/python -m pytest

lint: install
	$(BIN)/ruff check .

clean-db:
	rm -f instance/plenipo.sqlite

bench: install
	$(BIN)/python bench/run_all.py

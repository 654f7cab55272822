# Two commands do all the set-up: `make run` (the app, SQLite, demo data) and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test install install-dev lint format bench bench-ci clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Re-install only when pyproject.toml changes.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

run: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py seed_demo
	@echo ""
	@echo "backward-walk is starting at http://$(HOST):$(PORT)/  (Ctrl+C stops it)"
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

test: install-dev
	$(BIN)/pytest -n auto $(PYTEST_ARGS)

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install-dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# The benchmark (bench/README.md): PostgreSQL, gunicorn and wrk on 127.0.0.1.
bench: install
	$(BIN)/python -m bench.run --clients 500 --weeks 12

# A tiny run for CI, so the script cannot rot: the floors are printed, not checked.
bench-ci: install
	$(BIN)/python -m bench.run --clients 50 --weeks 12 --seconds 3 --ci

clean:
	rm -rf $(VENV) staticfiles .pytest_cache

# Two commands do all the set-up: `make run` (the app, SQLite, demo data) and `make test`.
# Dependencies come from the lock files (requirements.lock, requirements-dev.lock: exact
# versions with hashes); `make lock` regenerates them after pyproject.toml changes.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
PIP := $(BIN)/python -m pip --quiet --disable-pip-version-check
LOCK := $(BIN)/uv pip compile pyproject.toml --universal --python-version 3.11 --generate-hashes --quiet

.PHONY: run test test-fast test-clock-ahead install install-dev lint typecheck format lock db bench bench-ci bench-reminders clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --upgrade pip

# Re-install only when a lock file changes. The app itself is an editable install with no
# dependencies of its own: everything it needs is pinned in the lock.
$(VENV)/.installed: requirements.lock | $(BIN)/python
	$(PIP) install --require-hashes -r requirements.lock
	$(PIP) install --no-deps -e .
	touch $@

$(VENV)/.installed-dev: requirements-dev.lock | $(BIN)/python
	$(PIP) install --require-hashes -r requirements-dev.lock
	$(PIP) install --no-deps -e .
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev tools/vnu/node_modules/.installed

# The Nu HTML checker for tests/test_html_valid.py, from its lock file; skipped without npm
# (the test is then skipped too, unless REQUIRE_VNU=1).
tools/vnu/node_modules/.installed: tools/vnu/package-lock.json
	@if command -v npm >/dev/null; then (cd tools/vnu && npm ci --no-audit --no-fund --silent) && touch $@; \
	else echo "npm not found: the HTML checker test will be skipped"; fi

# The worker and the scheduler start once the server listens, so the demo logins are the last
# thing printed before the server's own lines; each email then shows as one line
# (notifications/dev_mail.py). tools/keep-running starts either again if it stops with an error.
SERVER_UP = until $(BIN)/python -c 'import socket; socket.create_connection(("$(HOST)", $(PORT)), 2).close()' 2>/dev/null; do sleep 1; done

run: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py recheck_plans
	$(BIN)/python manage.py write_schedules
	$(BIN)/python manage.py vapid_keys --file .vapid-dev.env
	@echo ""
	@echo "backward-walk is starting at http://$(HOST):$(PORT)/  (Ctrl+C stops it)"
	@echo "The mail worker and its scheduler run beside it (README: Worker). Each email is one"
	@echo "line here, and in full at http://$(HOST):$(PORT)/dev/mail/ for staff."
	@echo ""
	@$(BIN)/python manage.py seed_demo
	@trap 'kill $$worker $$scheduler 2>/dev/null; wait' EXIT INT TERM; \
	if [ -z "$$VAPID_PRIVATE_KEY" ]; then set -a; . ./.vapid-dev.env; set +a; fi; \
	export SITE_URL="$${SITE_URL:-http://$(HOST):$(PORT)}"; \
	($(SERVER_UP); exec tools/keep-running "mail worker" $(BIN)/python manage.py run_worker --no-reload -v 0) & worker=$$!; \
	($(SERVER_UP); exec tools/keep-running scheduler $(BIN)/python manage.py run_scheduler -v 0) & scheduler=$$!; \
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

# Everything, browser journeys included (what CI runs). Extra pytest flags: PYTEST_ARGS=...
test: install-dev
	$(BIN)/pytest -n auto $(PYTEST_ARGS)

# The quick local loop: everything but the real-browser tests.
test-fast: install-dev
	$(BIN)/pytest -n auto -m "not browser" $(PYTEST_ARGS)

# The quick suite with the clock a year ahead (libfaketime, Debian package faketime): a test
# that builds dates without freezing time fails here, not on some later day in CI.
test-clock-ahead: install-dev
	faketime -f '+365d' $(BIN)/pytest -n auto -m "not browser" $(PYTEST_ARGS)

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/hadolint Dockerfile
	$(BIN)/lint-imports
	$(BIN)/mypy

# mypy with django-stubs ([tool.mypy] in pyproject.toml): strict on the pure rules core, every
# body checked in the services. A few seconds from cold, under one with its cache.
typecheck: install-dev
	$(BIN)/mypy

format: install-dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

lock: install-dev
	$(LOCK) -o requirements.lock
	$(LOCK) --extra dev -o requirements-dev.lock

# A local PostgreSQL for the benchmark and the PostgreSQL test run (as .ci/run starts it).
db:
	.ci/start-postgres

# The benchmark (bench/README.md): PostgreSQL, gunicorn and wrk on 127.0.0.1.
bench: install
	.ci/start-postgres
	$(BIN)/python -m bench.run --clients 500 --weeks 12

# A tiny run for CI, so the script cannot rot: the budget is printed, not enforced.
bench-ci: install
	.ci/start-postgres
	$(BIN)/python -m bench.run --clients 50 --weeks 4 --seconds 2 --ci

# The scheduler's pass over 20,000 clients (bench/README.md: Reminders), on its own database.
bench-reminders: install
	.ci/start-postgres
	dropdb --if-exists backward_walk_bench_reminders
	createdb backward_walk_bench_reminders
	DATABASE_URL=postgres:///backward_walk_bench_reminders $(BIN)/python manage.py migrate --noinput -v0
	DATABASE_URL=postgres:///backward_walk_bench_reminders $(BIN)/python -m bench.reminders --clients 20000
	dropdb backward_walk_bench_reminders

clean:
	rm -rf $(VENV) staticfiles .pytest_cache bench/results

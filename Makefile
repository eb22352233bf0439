# The two commands: `make run` (the whole system on SQLite with an embedded broker,
# demo data loaded, worker and beat running) and `make test` (the whole suite).

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test setup lint assets collectstatic clean benchmark loadtest

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: $(BIN)/activate requirements.txt requirements-dev.txt
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $@

setup: $(VENV)/.installed

run: export DEBUG ?= true
run: export PATH := $(CURDIR)/$(BIN):$(PATH)
run: setup
	mkdir -p var
	python manage.py migrate --noinput
	python manage.py load_demo
	HOST=$(HOST) PORT=$(PORT) honcho --procfile Procfile.dev start

test: setup
	$(BIN)/pytest $(PYTEST_ARGS)

# National-scale speed check in a throwaway database (see README, "Speed").
benchmark: setup
	$(BIN)/python manage.py benchmark $(BENCH_ARGS)

# The kiosk under a morning rush: gunicorn + locust on the benchmark database (README, "Load test").
loadtest: setup
	$(BIN)/python manage.py loadtest $(LOADTEST_ARGS)

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

# Refresh the vendored GOV.UK Frontend and MoJ Frontend from npm (needs Node and npm).
assets:
	bash scripts/vendor-assets.sh

collectstatic: setup
	$(BIN)/python manage.py collectstatic --noinput

clean:
	rm -rf $(VENV) var

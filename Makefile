# Hamaynk: `make run` to try it, `make test` to check it. See README.md.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
MANAGE := $(BIN)/python manage.py
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?= -n 2

.PHONY: run test lint format setup install messages compilemessages migrate demo lock check-deploy page-weight clean

run: setup ## Set up and serve on http://127.0.0.1:8000 (SQLite unless DATABASE_URL is set), with the worker
	@echo "Serving on http://$(HOST):$(PORT)/  (staff log-in: http://$(HOST):$(PORT)/staff/)"
	@echo "The background worker (manage.py db_worker) delivers notifications; it stops with the server."
	@$(MANAGE) db_worker --no-reload --interval 2 & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT; \
	$(MANAGE) runserver $(HOST):$(PORT)

BENCH_CASES ?= 1000000
BENCH_ARGS ?=

.PHONY: bench-data
bench-data: install ## Generate BENCH_CASES synthetic applications (with persons, letters, questions) on PostgreSQL: DATABASE_URL=postgres://... make bench-data
	@case "$$DATABASE_URL" in postgres://*|postgresql://*) ;; \
	  *) echo "make bench-data needs PostgreSQL: set DATABASE_URL=postgres://user@host:5432/name"; exit 1;; esac
	$(MANAGE) migrate --noinput -v0
	$(MANAGE) bench_data --cases $(BENCH_CASES) $(BENCH_ARGS)

BENCH_SIZES ?= 100k 1m
BENCH_SECONDS ?= 10
BENCH_RUN_ARGS ?=

.PHONY: bench
bench: install ## Load benchmark on PostgreSQL (BENCH_DATABASE_URL): data of each of BENCH_SIZES, gunicorn driven by wrk, figures in bench/results/
	@command -v wrk >/dev/null || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "Installing wrk (apt-get install wrk)"; DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; \
	  else echo "make bench needs wrk: apt-get install wrk"; exit 1; fi; }
	$(MANAGE) bench --sizes $(BENCH_SIZES) --seconds $(BENCH_SECONDS) $(BENCH_RUN_ARGS)

.PHONY: worker
worker: install ## Run the background worker alone: delivers notifications, restarts on code changes in development
	$(MANAGE) db_worker

test: setup ## Set up, then run the whole suite (on DATABASE_URL if set)
	$(BIN)/pytest $(PYTEST_ARGS)

lint: install ## ruff, formatting, mypy, import contracts, migrations in step with the models, API schema drift
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy src
	PYTHONPATH=src $(BIN)/lint-imports
	$(MANAGE) makemigrations --check --dry-run
	$(MAKE) --no-print-directory openapi-check

.PHONY: openapi openapi-check
OPENAPI := docs/openapi.yaml
SPECTACULAR := $(MANAGE) spectacular --lang en --validate --fail-on-warn

openapi: install ## Regenerate the committed API schema, docs/openapi.yaml
	$(SPECTACULAR) --file $(OPENAPI)

openapi-check: install ## Fail if docs/openapi.yaml differs from what the code generates
	@tmp=$$(mktemp --suffix=.yaml) && trap 'rm -f "$$tmp"' EXIT && \
	$(SPECTACULAR) --file "$$tmp" && \
	{ diff -u $(OPENAPI) "$$tmp" || { echo "$(OPENAPI) is out of date: run make openapi"; exit 1; }; }

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

setup: install compilemessages migrate demo

install: $(STAMP)

$(STAMP): requirements/dev.txt
	@$(PYTHON) -c 'import sys; assert sys.version_info[:2] == (3, 11), "Python 3.11 is required, found " + sys.version.split()[0]'
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade "pip>=24"
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements/dev.txt
	touch $(STAMP)

compilemessages: install
	cd src/hamaynk && ../../$(BIN)/python ../../manage.py compilemessages -v0

messages: install ## Extract translatable strings into the hy, en and ru catalogues
	cd src/hamaynk && ../../$(BIN)/python ../../manage.py makemessages -l hy -l en -l ru --no-obsolete --add-location file -v0

migrate: install
	$(MANAGE) migrate --noinput -v0
	$(MANAGE) createcachetable

demo: install
	$(MANAGE) load_demo

lock: ## Re-lock the dependencies after editing requirements/*.in
	$(BIN)/python -m pip install --quiet uv
	cd requirements && ../$(BIN)/uv pip compile --quiet --python-version 3.11 --generate-hashes base.in -o base.txt
	cd requirements && ../$(BIN)/uv pip compile --quiet --python-version 3.11 --generate-hashes dev.in -o dev.txt

check-deploy: install ## The production settings' own security check, with example values
	DJANGO_SETTINGS_MODULE=hamaynk.settings.production \
	DJANGO_SECRET_KEY=$$($(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(64))') \
	DJANGO_ALLOWED_HOSTS=hamaynk.example.am DATABASE_URL=$${DATABASE_URL:-sqlite:///var/check.sqlite3} \
	$(MANAGE) check --deploy --fail-level WARNING

page-weight: setup ## Bytes a browser transfers for the portal's main pages, against the 60 KB budget
	$(BIN)/python scripts/page_weight.py $(PAGE_WEIGHT_ARGS)

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache

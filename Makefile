# The two commands: `make run` and `make test`. See README.md.
SHELL := /bin/bash
VENV := .venv
BIN := $(VENV)/bin
UV := $(shell command -v uv 2>/dev/null || echo $(HOME)/.local/bin/uv)
HOST ?= 127.0.0.1
PORT ?= 8000
export UV_PROJECT_ENVIRONMENT := $(VENV)

# production: see README "Production"
.PHONY: serve worker beat run test install system-deps compilemessages messages lint format typecheck migrations-check pytest bench reset-demo screenshots

# links in e-mails and open data follow the address served (HOST, PORT)
run: export SITE_URL ?= http://$(HOST):$(PORT)
run: install compilemessages
	mkdir -p var
	DEBUG=$${DEBUG:-1} $(BIN)/uprtc migrate --no-input
	DEBUG=$${DEBUG:-1} $(BIN)/uprtc load-demo
	DEBUG=$${DEBUG:-1} $(BIN)/uprtc runserver $(HOST):$(PORT)

test: install compilemessages lint migrations-check typecheck pytest

# Production web tier (set SECRET_KEY, ALLOWED_HOSTS, DATABASE_URL, REDIS_URL…):
# static files, migrations (run once per release, harmless when repeated), gunicorn.
serve: install compilemessages
	$(BIN)/uprtc collectstatic --no-input --verbosity 0
	$(BIN)/uprtc migrate --no-input
	exec $(BIN)/gunicorn -c deploy/gunicorn.conf.py uprtc.wsgi

# Background workers (any number, on any machine) and the one beat scheduler.
worker: install compilemessages
	exec $(BIN)/celery -A uprtc worker --loglevel INFO --concurrency $${WORKER_CONCURRENCY:-2}

beat: install
	exec $(BIN)/celery -A uprtc beat --loglevel INFO --schedule $${UPRTC_VAR_DIR:-var}/celerybeat-schedule

# Debian packages a fresh machine may lack (needs root; skipped when present).
system-deps:
	@scripts/install-system-deps.sh

install: system-deps
	@command -v uv >/dev/null 2>&1 || [ -x "$(UV)" ] || python3 -m pip install --quiet uv
	@$$(command -v uv || echo $(UV)) sync --frozen --quiet

compilemessages: install
	cd uprtc && DEBUG=1 ../$(BIN)/uprtc compilemessages --verbosity 0

# Refresh the catalogues after changing strings (then translate the new ones).
messages: install
	cd uprtc && DEBUG=1 ../$(BIN)/uprtc makemessages --no-obsolete --no-location \
		-l fr -l es -l ar -l zh_Hans -l ru --ignore 'tests/*'

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-logo --cache-dir var/import-linter-cache

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# mypy, failing only on errors not in mypy-baseline.txt (which may only shrink).
typecheck: install
	$(BIN)/python scripts/mypy_check.py

migrations-check: install
	DEBUG=1 $(BIN)/uprtc makemigrations --check --dry-run

pytest: install
	DEBUG=1 $(BIN)/pytest

bench: install
	DEBUG=1 $(BIN)/python bench/import_recommendations.py
	DEBUG=1 $(BIN)/python bench/search_relevance.py
	DEBUG=1 $(BIN)/python bench/search_scale.py
	DEBUG=1 $(BIN)/python bench/matching_quality.py
	DEBUG=1 $(BIN)/python bench/matching_speed.py
	DEBUG=1 $(BIN)/python bench/classification.py
	DEBUG=1 $(BIN)/python bench/tagging.py
	DEBUG=1 $(BIN)/python bench/embedders.py
	DEBUG=1 $(BIN)/python bench/linking.py
	DEBUG=1 $(BIN)/python bench/linking_speed.py
	$(BIN)/python bench/public_pages.py
	$(BIN)/python bench/load.py

# Key pages in English and Arabic, from a fresh demo, into docs/screenshots/.
screenshots: install compilemessages
	$(BIN)/python scripts/screenshots.py

reset-demo:
	rm -f var/uprtc.sqlite3*
	$(MAKE) run

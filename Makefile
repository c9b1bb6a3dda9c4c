# The two commands a newcomer needs: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
MANAGE := $(BIN)/python manage.py

.PHONY: run test test-fast lint format serve bench install browsers clean backup restore

$(STAMP): requirements.txt build-constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade "pip>=25.3"
	# xstatic-bootstrap builds from source with pkg_resources, gone from setuptools 81.
	$(BIN)/python -m pip install --quiet --build-constraint build-constraints.txt -r requirements.txt
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	DEBUG=true $(MANAGE) migrate --no-input
	DEBUG=true $(MANAGE) load_seed --demo
	DEBUG=true $(MANAGE) runserver 127.0.0.1:8000

# The whole suite; set DATABASE_URL to run it on PostgreSQL.
test: $(STAMP)
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/bandit -q -c pyproject.toml -r amalav core groups signups meetings press

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# The production configuration on this machine: DEBUG off, hashed static files, gunicorn.
serve: $(STAMP)
	DEBUG=false SECRET_KEY=$${SECRET_KEY:-local-serve-only} ALLOWED_HOSTS=$${ALLOWED_HOSTS:-127.0.0.1,localhost} \
		SECURE_SSL_REDIRECT=false $(MANAGE) collectstatic --no-input --verbosity 0
	DEBUG=false SECRET_KEY=$${SECRET_KEY:-local-serve-only} ALLOWED_HOSTS=$${ALLOWED_HOSTS:-127.0.0.1,localhost} \
		SECURE_SSL_REDIRECT=false $(MANAGE) migrate --no-input
	DEBUG=false SECRET_KEY=$${SECRET_KEY:-local-serve-only} ALLOWED_HOSTS=$${ALLOWED_HOSTS:-127.0.0.1,localhost} \
		SECURE_SSL_REDIRECT=false $(BIN)/gunicorn -c gunicorn.conf.py amalav.wsgi

# Database and uploads into backups/amalav-<date>-<time>/ (with the server's environment).
backup: $(STAMP)
	$(MANAGE) backup

# Into an empty database and MEDIA_ROOT: make restore [BACKUP=backups/amalav-...]
restore: $(STAMP)
	$(MANAGE) restore $(BACKUP)

bench: $(STAMP)
	$(BIN)/python bench/run.py

# Debian's Chromium for the browser tests (Playwright cannot download its own here).
browsers:
	command -v chromium >/dev/null || (apt-get update -qq && apt-get install -y -qq chromium)

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache

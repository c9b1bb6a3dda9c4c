# The two commands a newcomer needs: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
MANAGE := $(BIN)/python manage.py
RUN_ADDR ?= 127.0.0.1:8000

.PHONY: run test test-fast faults lint format serve bench install node css browsers clean backup restore

$(STAMP): requirements.txt build-constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade "pip>=25.3"
	# xstatic-bootstrap builds from source with pkg_resources, gone from setuptools 81.
	$(BIN)/python -m pip install --quiet --build-constraint build-constraints.txt -r requirements.txt
	touch $(STAMP)

# Node packages: Bootstrap and Sass for `make css`, the HTML validator (vnu) for the tests.
# `make run` needs none of them: the built CSS is committed.
NODE_STAMP := node_modules/.installed
$(NODE_STAMP): package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	touch $(NODE_STAMP)

node: $(NODE_STAMP)

# With npm on the machine, the tests validate every page with vnu (Java 17); without, they say so.
install: $(STAMP)
	@if command -v npm >/dev/null; then $(MAKE) --no-print-directory node; \
	else echo "npm is missing: the HTML validator tests will be skipped"; fi

# The site's stylesheet: Bootstrap built from its Sass sources with only the parts the
# templates use, then our own rules and the print rules (assets/site.scss).
css: $(NODE_STAMP)
	node_modules/.bin/sass --load-path=node_modules --style=compressed --no-source-map \
		--quiet-deps --silence-deprecation=import,global-builtin,color-functions \
		assets/site.scss static/css/site.min.css

# The worker (`manage.py jobs`) runs beside the development server and stops with it, so
# the emails a sign-up queues appear in this console within seconds.
run: $(STAMP)
	DEBUG=true $(MANAGE) migrate --no-input
	DEBUG=true $(MANAGE) load_seed --demo
	DEBUG=true $(MANAGE) jobs & worker=$$!; trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
		DEBUG=true $(MANAGE) runserver $(RUN_ADDR)

# The whole suite; set DATABASE_URL to run it on PostgreSQL.
test: install
	$(BIN)/python -m pytest

# Its own throwaway PostgreSQL and gunicorn on loopback: a frozen, a restarted database.
faults: $(STAMP)
	$(BIN)/python -m pytest -m faults

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/bandit -q -c pyproject.toml -r amalav core accounts groups signups meetings press

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

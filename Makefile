# The two commands a newcomer needs: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
MANAGE := $(BIN)/python manage.py
RUN_ADDR ?= 127.0.0.1:8000

.PHONY: run test test-fast faults lint format serve bench install node css browsers clean backup restore requirements

# What production runs (requirements.txt): enough for `make run` and `make serve`.
$(STAMP): requirements.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $(STAMP)

# The tests and tools on top (requirements-dev.txt): pytest, Playwright, ruff, bandit, pip-tools.
DEV_STAMP := $(VENV)/.installed-dev
$(DEV_STAMP): $(STAMP) requirements-dev.txt
	$(BIN)/python -m pip install --quiet -r requirements.txt -r requirements-dev.txt
	touch $(DEV_STAMP)

# After editing requirements.in or requirements-dev.in: pins every package and its
# dependencies. `make requirements UPGRADE=1` moves them to the newest releases.
requirements: $(DEV_STAMP)
	for name in requirements requirements-dev; do \
		CUSTOM_COMPILE_COMMAND="make requirements" $(BIN)/pip-compile --quiet --strip-extras \
			--allow-unsafe --no-emit-index-url --no-emit-find-links $(if $(UPGRADE),--upgrade) \
			--output-file $$name.txt $$name.in || exit 1; \
	done

# Node packages: Bootstrap and Sass for `make css`, the HTML validator (vnu) for the tests.
# `make run` needs none of them: the built CSS is committed.
NODE_STAMP := node_modules/.installed
$(NODE_STAMP): package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	touch $(NODE_STAMP)

node: $(NODE_STAMP)

# With npm on the machine, the tests validate every page with vnu (Java 17); without, they say so.
# `make -j2 install` fetches the Python and the npm packages side by side.
install: $(DEV_STAMP) $(if $(shell command -v npm),$(NODE_STAMP))
	@command -v npm >/dev/null || echo "npm is missing: the HTML validator tests will be skipped"

# The site's stylesheet: Bootstrap built from its Sass sources with only the parts the
# templates use, then our own rules and the print rules (assets/site.scss).
css: $(NODE_STAMP)
	node_modules/.bin/sass --load-path=node_modules --style=compressed --no-source-map \
		--quiet-deps --silence-deprecation=import,global-builtin,color-functions \
		assets/site.scss static/css/site.min.css

# The worker (`manage.py jobs`) runs beside the development server, restarted if it ever
# exits, and stops with it: the emails and SMS a sign-up causes appear in this console
# within seconds.
run: $(STAMP)
	DEBUG=true $(MANAGE) migrate --no-input
	DEBUG=true $(MANAGE) load_seed --demo
	DEBUG=true sh -c 'while :; do $(MANAGE) jobs; echo "jobs: restarting" >&2; sleep 1; done' & \
		worker=$$!; trap 'pkill -P $$worker; kill $$worker 2>/dev/null' EXIT INT TERM; \
		DEBUG=true $(MANAGE) runserver $(RUN_ADDR)

# The whole suite, one process per core (pytest-xdist; each module's tests share one worker,
# so a module's server, such as the nginx stack, starts once); set DATABASE_URL to run it
# on PostgreSQL.
PYTEST := $(BIN)/python -m pytest -n auto --dist loadfile $(PYTEST_ARGS)
test: install
	$(PYTEST)

# The suite without its costly quarter (Chromium, nginx, the HTML validator and the tests
# that start processes of their own): for a quick answer while working, and CI's SQLite pass.
FAST := not faults and not browser and not nginx and not vnu and not subprocess
test-fast: install
	$(PYTEST) -m "$(FAST)"

# Its own throwaway PostgreSQL and gunicorn on loopback: a frozen, a restarted database.
faults: $(DEV_STAMP)
	$(BIN)/python -m pytest -m faults

lint: $(DEV_STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/bandit -q -c pyproject.toml -r amalav core accounts groups signups meetings press

format: $(DEV_STAMP)
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

# With the archive at 1k/10k/100k press items and the admin at 100k requests
# (BENCH_SCALE=0 leaves them out, as CI does).
bench: $(STAMP)
	BENCH_SCALE=$${BENCH_SCALE:-1} $(BIN)/python bench/run.py

# Debian's Chromium for the browser tests (Playwright cannot download its own here).
browsers:
	command -v chromium >/dev/null || (apt-get update -qq && apt-get install -y -qq chromium)

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache

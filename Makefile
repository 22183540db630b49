PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
# The demo page on the chat server itself embeds the widget, so in development the
# server's own origins are the landlord sites allowed to frame it.
DEV_ENV := DJANGO_DEBUG=1 CHAT_ALLOWED_ORIGINS=$${CHAT_ALLOWED_ORIGINS:-http://127.0.0.1:$(PORT),http://localhost:$(PORT)}

.PHONY: run test screenshots test-fast lint format bench messages lock clean lint-js test-js redaction-model

# Every package, pip and setuptools included, is installed from the hashed lock files in
# requirements/ (run.txt for make run, test.txt adds the test tools); the project itself is
# then installed without resolving anything. `make lock` refreshes them. The locked pip is
# installed first: an older pip (23.2, Python 3.11's own) does not match a dependency's
# extras ("CacheControl[filecache]") to their pins in hash mode and fetches the newest release.
$(VENV)/.run-deps: requirements/pip.txt requirements/run.txt pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements/pip.txt
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements/run.txt
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	@touch $@

$(VENV)/.test-deps: $(VENV)/.run-deps requirements/test.txt
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements/test.txt
	@touch $@

run: $(VENV)/.run-deps
	@mkdir -p var
	@$(DEV_ENV) $(BIN)/python manage.py create_dev_keys
	$(DEV_ENV) $(BIN)/python manage.py migrate --noinput
	@$(DEV_ENV) $(BIN)/python manage.py bootstrap_demo
	@echo ""
	@echo "  Demo landlord page:  http://127.0.0.1:$(PORT)/"
	@echo "  Agent console:       http://127.0.0.1:$(PORT)/console/"
	@echo "  Supervisor dashboard: http://127.0.0.1:$(PORT)/console/dashboard/"
	@echo "  Admin:               http://127.0.0.1:$(PORT)/admin/"
	@echo "  Health:              http://127.0.0.1:$(PORT)/healthz"
	@echo ""
	$(DEV_ENV) HOST=127.0.0.1 PORT=$(PORT) PATH="$(CURDIR)/$(BIN):$$PATH" bin/serve

test: $(VENV)/.test-deps
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports --no-cache
	bin/ensure-package chromium chromium "the browser tests"
	bin/ensure-package nginx nginx "the proxy test"
	bin/ensure-package xgettext gettext "the catalogue test"
	bin/ensure-axe
	$(MAKE) --no-print-directory test-js
	PATH="$(CURDIR)/$(BIN):$$PATH" bin/run-tests

# The quick check while working: every test but the end-to-end ones (which start real
# server processes) and the browser ones, on SQLite and the in-memory layer, one pytest
# worker per core (pytest-xdist); no lint.
test-fast: $(VENV)/.test-deps
	PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/python -m pytest -m "not e2e and not browser" -q -n auto

# Every widget state (desktop and phone, English and Welsh), console and DPO screen, rendered
# by Chromium into docs/screenshots/ with axe run on each (a violation stops it).
screenshots: $(VENV)/.test-deps
	bin/ensure-package chromium chromium "the screenshots"
	bin/ensure-axe
	PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/python -m tests.screenshots

lint: $(VENV)/.test-deps
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports --no-cache

# The widget's and console's JavaScript: types (tsc --checkJs --strict, no output), ESLint,
# then the unit tests of tests/js/ (node --test), with the tools pinned in package-lock.json.
lint-js:
	bin/ensure-js-tools
	node_modules/.bin/tsc --project tsconfig.json
	node_modules/.bin/eslint --max-warnings 0 .

test-js: lint-js
	node --import ./tests/js/static-layout.js --test tests/js/*.test.js

format: $(VENV)/.test-deps
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# After changing visitor-facing text: gather it into the Welsh catalogue, translate the
# new entries in chatserver/locale/cy/LC_MESSAGES/django.po, then run this again to compile.
messages: $(VENV)/.test-deps
	bin/ensure-package xgettext gettext "the catalogue"
	DJANGO_SETTINGS_MODULE=tests.settings $(BIN)/python manage.py makemessages -l cy \
	  --no-location --no-obsolete -i .venv -i tests -i bench -i var -i '*.egg-info' -i docs -i deploy
	DJANGO_SETTINGS_MODULE=tests.settings $(BIN)/python manage.py compilemessages -l cy -i .venv

bench: $(VENV)/.test-deps
	PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/python -m bench

# Retrains the housing NER (transcripts/redaction/models/housing_ner) on lines from the
# seeded generator in transcripts/redaction/training; one thread and fixed seeds, so the
# same arguments give the same model. Nothing is downloaded.
redaction-model: $(VENV)/.run-deps
	OMP_NUM_THREADS=1 $(BIN)/python -m transcripts.redaction.training.train

LOCK := CUSTOM_COMPILE_COMMAND="make lock" $(CURDIR)/$(BIN)/pip-compile --quiet --generate-hashes \
  --allow-unsafe --strip-extras --no-emit-index-url --no-emit-find-links

# Re-resolves every dependency to the newest release pyproject.toml admits, with hashes.
# run.txt starts from test.txt's pins, so both files name the same versions.
lock: $(VENV)/.test-deps
	cd requirements && $(LOCK) --upgrade --extra test -o test.txt ../pyproject.toml
	cp requirements/test.txt requirements/run.txt
	cd requirements && $(LOCK) -o run.txt ../pyproject.toml
	sed -n '/^pip==/,/^[^ ]/p' requirements/test.txt | sed '$$d' > requirements/pip.txt

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache .hypothesis test-artifacts node_modules

# Acolher: `make run` serves the portal, `make test` runs every test.
# Both set up what they need and are quick on a second run.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMPS := .stamps
export FLASK_APP := wsgi
PO_FILES := $(wildcard translations/*/LC_MESSAGES/messages.po)
MO_FILES := $(PO_FILES:.po=.mo)
HOST ?= 127.0.0.1
PORT ?= 5000

.PHONY: run test lint setup catalogs messages db content chromium gettext bench clean wheel

run: setup db content  ## Set up and serve at http://127.0.0.1:5000
	@echo "Acolher: http://$(HOST):$(PORT)/"
	SESSION_COOKIE_SECURE=0 $(BIN)/flask run --host $(HOST) --port $(PORT)

test: setup chromium gettext  ## Set up and run the whole suite, browser tests included
	$(BIN)/ruff check .
	$(BIN)/flask i18n check
	$(BIN)/pytest --ignore=tests/browser
	$(BIN)/pytest -n0 tests/browser  # alone: Chromium's timings need the machine to themselves

setup: $(STAMPS)/venv catalogs

$(STAMPS)/venv: pyproject.toml
	@mkdir -p $(STAMPS)
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $@

catalogs: $(MO_FILES)

translations/%/LC_MESSAGES/messages.mo: translations/%/LC_MESSAGES/messages.po $(STAMPS)/venv
	FLASK_CHECK_CATALOGS=false $(BIN)/flask i18n compile -l $* >/dev/null
	@test -f $@

# Re-extract UI strings and merge them into every catalog (for developers):
# flask i18n extract, then update (a changed text is kept fuzzy with its
# previous English as #| msgid).
messages: $(STAMPS)/venv
	FLASK_CHECK_CATALOGS=false $(BIN)/flask i18n extract
	FLASK_CHECK_CATALOGS=false $(BIN)/flask i18n update

db: setup
	$(BIN)/flask db upgrade

content: db
	$(BIN)/flask content publish

# GNU gettext: the catalog test runs msgfmt --check over every catalog.
gettext:
	@command -v msgfmt >/dev/null || { \
	  echo "Installing Debian's gettext for the catalog tests"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq gettext; }

chromium:
	@command -v chromium >/dev/null || { \
	  echo "Installing Debian's chromium for browser tests"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; }

bench: setup chromium
	@command -v wrk >/dev/null || { \
	  echo "Installing Debian's wrk for the throughput benchmark"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk; }
	$(BIN)/python bench/run.py

lint: setup  ## ruff, with the rules in pyproject.toml
	$(BIN)/ruff check .

# A wheel with compiled catalogs, the service worker, migrations and the API
# guide inside (setup.py's build hook), in dist/.
wheel: setup
	$(BIN)/python -m pip wheel --no-deps --no-build-isolation -w dist .

clean:
	rm -rf $(VENV) $(STAMPS) instance build dist *.egg-info translations/*/LC_MESSAGES/*.mo

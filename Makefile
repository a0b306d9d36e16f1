# Every target is self-sufficient on a fresh machine with Python 3.11 and make.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
export FLASK_APP := wsgi

.PHONY: serve test lint fmt i18n translations check-seed report queue seed-diff figures bench bench-growth bench-tools geo clean

$(BIN)/.runtime: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(BIN)/.dev: $(BIN)/.runtime requirements-dev.txt
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

# Compiled catalogs are built here from the reviewed .po files (they are not in git).
CATALOGS := $(wildcard regstatus/translations/*/LC_MESSAGES/messages.po)
COMPILED := $(CATALOGS:.po=.mo)

%/LC_MESSAGES/messages.mo: %/LC_MESSAGES/messages.po $(BIN)/.runtime
	$(BIN)/python -c 'from regstatus.i18n import compile_catalogs; compile_catalogs()'

translations: $(COMPILED)  ## compile regstatus/translations/*/LC_MESSAGES/messages.po to .mo

i18n: $(BIN)/.runtime  ## after adding or changing a page string: re-extract the messages, update every catalog, compile
	$(BIN)/python -m babel.messages.frontend extract -F babel.cfg -k N_ --no-location --sort-output --omit-header \
		-o regstatus/translations/messages.pot .
	$(BIN)/pybabel update -i regstatus/translations/messages.pot -d regstatus/translations --no-fuzzy-matching --width 100 \
		--ignore-obsolete
	$(MAKE) translations
	@echo "Now translate every empty msgstr (tests/pages/test_translations.py lists them)."

serve: $(BIN)/.runtime translations  ## migrate, load seed/ and run gunicorn on 127.0.0.1:$(PORT)
	$(BIN)/flask db upgrade
	$(BIN)/flask seed load
	PORT=$(PORT) $(BIN)/gunicorn -c gunicorn.conf.py wsgi:app

lint: $(BIN)/.dev  ## ruff: lint and format check
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

fmt: $(BIN)/.dev
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

test: lint translations  ## the whole suite on SQLite, then on PostgreSQL when TEST_DATABASE_URL is set
	env -u TEST_DATABASE_URL $(BIN)/pytest --cov=regstatus --cov-report=term:skip-covered
	@if [ -n "$$TEST_DATABASE_URL" ]; then \
		echo "== again on PostgreSQL ($$TEST_DATABASE_URL)"; \
		$(BIN)/pytest; \
	fi

check-seed: $(BIN)/.runtime  ## validate seed/
	$(BIN)/flask seed check

report: $(BIN)/.runtime  ## coverage and quality figures of seed/
	$(BIN)/flask seed report

queue: $(BIN)/.runtime  ## the maintainers' work queue as Markdown (flask seed load first)
	$(BIN)/flask queue --format markdown

BASE ?= origin/main
seed-diff: $(BIN)/.runtime  ## what a change to seed/ changes: make seed-diff BASE=origin/main [HEAD=rev]
	$(BIN)/flask seed diff $(BASE)..$(HEAD) --format markdown

figures: $(BIN)/.runtime  ## write today's seed report into README.md (a test checks they agree)
	$(BIN)/flask seed report --as-of $$(date -u +%F) --write-readme README.md

bench-tools:
	@if ! command -v wrk >/dev/null || ! [ -x /usr/sbin/nginx ]; then \
		apt-get update -qq && apt-get install -y -qq wrk nginx-light >/dev/null; \
	fi

bench: $(BIN)/.dev bench-tools translations  ## regstatus vs bare Flask and nginx, interleaved, SQLite and PostgreSQL
	$(BIN)/python bench/bench.py

SOAK ?= 600
bench-growth: $(BIN)/.dev bench-tools  ## the same figures on the real seed and on one 100x larger; SOAK=seconds (0: none)
	$(BIN)/python bench/growth_report.py --soak $(SOAK)

geo: $(BIN)/.dev  ## rebuild the map path tables and the locate polygons from world-atlas 2.0.2 and us-atlas 3.0.1 (npm)
	rm -rf /tmp/regstatus-geo && mkdir -p /tmp/regstatus-geo
	cd /tmp/regstatus-geo && npm init -y >/dev/null && npm install --no-save world-atlas@2.0.2 us-atlas@3.0.1
	$(BIN)/python -m regstatus.pages.geo.convert /tmp/regstatus-geo/node_modules
	$(BIN)/python -m regstatus.services.geo.build /tmp/regstatus-geo/node_modules

clean:
	rm -rf $(VENV) instance .pytest_cache .coverage .ruff_cache

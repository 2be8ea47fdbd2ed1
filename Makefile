# Rete dei Comuni amici della Famiglia: build, serve and test the site and the school.
#
#   make site   build everything into site/ and serve it on http://127.0.0.1:8000
#   make test   lint, type-check, validate the records, run the test suite
#
# Everything runs offline once `make venv` and `make node_modules` have installed the
# pinned dependencies (requirements.lock with hashes, package-lock.json).

SHELL := bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := help
MAKEFLAGS += --no-builtin-rules

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?=

# MkDocs 1.x prints an end-of-life banner about MkDocs 2 on every run.
export NO_MKDOCS_2_WARNING := 1
# pip: no "new release available" notice.
export PIP_DISABLE_PIP_VERSION_CHECK := 1

VENV_STAMP := $(VENV)/.stamp-lock
EDITABLE_STAMP := $(VENV)/.stamp-editable
NODE_STAMP := node_modules/.stamp-lock

.PHONY: help venv node_modules deps wheelhouse build site serve pdf \
        test lint typecheck imports check html pytest audit bench clean distclean

help:
	@echo "make site       build site/ and serve it on http://$(HOST):$(PORT)"
	@echo "make build      build site/ without serving it"
	@echo "make test       ruff, mypy, tsc, import layers, rete check, HTML checker, pytest"
	@echo "                (needs Chromium; make test SENZA_BROWSER=1 skips the browser tests)"
	@echo "                (needs Java for the Nu HTML checker: no switch skips it; Debian:"
	@echo "                apt-get install -y --no-install-recommends default-jre-headless)"
	@echo "make html       only the Nu HTML checker on every page of the built sites"
	@echo "make audit      Lighthouse (mobile) on every page type of site/, served gzipped;"
	@echo "                scores table, JSON reports in test-artifacts/lighthouse/ (not in"
	@echo "                make test; installs tools/audit/node_modules on first use)"
	@echo "make bench      rete build on a synthetic corpus beside stock Material (SIZE=S|M|L,"
	@echo "                default S; ALL=1 also the other benchmarks/bench_*.py)"
	@echo "make pdf        one PDF per school module in pdf/ (needs LaTeX)"
	@echo "make venv       (re)create .venv from requirements.lock"
	@echo "make node_modules   npm ci from package-lock.json"
	@echo "make clean      remove build outputs and caches (keeps .venv, node_modules)"
	@echo "make distclean  clean, and remove .venv and the node_modules folders too"

# --- dependencies -----------------------------------------------------------------

venv: $(EDITABLE_STAMP)

# The venv is recreated from scratch whenever the lock changes, so that packages
# dropped from the lock do not linger. Wheels only: nothing is compiled at install
# time, and every file must match a hash in the lock (pip would reject any other).
$(VENV_STAMP): requirements.lock
	$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11) and "Python >= 3.11 needed (the lock targets 3.11)")'
	$(PYTHON) -m venv --clear $(VENV)
	$(BIN)/python -m pip install --require-hashes --only-binary=:all: -r requirements.lock
	$(BIN)/python -m pip check
	touch $@

# The project itself: editable, no dependencies (they all come from the lock), built
# with the locked setuptools rather than one fetched for an isolated build.
$(EDITABLE_STAMP): $(VENV_STAMP) pyproject.toml
	$(BIN)/python -m pip install --no-deps --no-build-isolation -e .
	touch $@

node_modules: $(NODE_STAMP)

$(NODE_STAMP): package-lock.json package.json
	npm ci --ignore-scripts --no-audit --no-fund
	touch $@

deps: venv node_modules

# Wheels of requirements-corso.lock (what a trainee installs to run a downloaded course), so
# the slow test can install a course zip into a fresh venv offline. Downloads (registry
# needed, like `make venv`) only when that lock changes; without the wheelhouse
# tests/school/test_downloads.py skips, or fails under CI.
WHEELHOUSE := .cache/wheelhouse

wheelhouse: $(WHEELHOUSE)/requirements.txt

$(WHEELHOUSE)/requirements.txt: requirements-corso.lock $(VENV_STAMP)
	mkdir -p $(WHEELHOUSE)
	$(BIN)/python -m pip download --quiet --require-hashes --only-binary=:all: \
		--python-version 3.11 -d $(WHEELHOUSE) -r requirements-corso.lock
	cp requirements-corso.lock $@

# --- site -------------------------------------------------------------------------

build: deps
	$(BIN)/rete build

SERVE = $(BIN)/python -m http.server $(PORT) --bind $(HOST) --directory site

site: build
	@echo "Serving site/ on http://$(HOST):$(PORT) (Ctrl-C to stop)"
	$(SERVE)

# One PDF per module in pdf/ (needs LaTeX: Debian texlive-xetex texlive-fonts-recommended
# texlive-plain-generic pandoc). Never part of `make site` or `make test`.
pdf: deps
	$(BIN)/rete school --pdf pdf

# Serve what is already in site/, without rebuilding.
serve: venv
	$(SERVE)

# --- checks -----------------------------------------------------------------------

test: lint typecheck imports check html pytest

lint: venv
	$(BIN)/ruff check

typecheck: venv node_modules
	$(BIN)/mypy
	node_modules/.bin/tsc -p tsconfig.json

# The import-layer contract in pyproject.toml: core <- tariffa <- models <- records <-
# web, school <- cli, and no cycle between sibling modules.
imports: venv
	$(BIN)/lint-imports

check: venv
	$(BIN)/rete check

# The Nu HTML checker (vnu-jar, npm) over every page of the fixture site and of the real
# site, in one Java run. Java is a requirement like Python: without it the test fails
# naming the Debian package, and no switch skips it. `pytest` below leaves this file out
# because `make test` has just run it.
HTML_TEST := tests/test_html_validity.py

html: deps
	$(BIN)/pytest -q $(HTML_TEST)

# Without Chromium the browser tests fail, naming the command that installs it. To skip
# them on purpose: `make test SENZA_BROWSER=1` deselects them (-m "not browser"), sets
# RETE_SENZA_BROWSER=1 for tests/browser/conftest.py and says at the end how many it skipped.
pytest: deps wheelhouse
	if [ -n "$(SENZA_BROWSER)" ]; then \
		log=$$(mktemp); trap 'rm -f "$$log"' EXIT; status=0; \
		RETE_SENZA_BROWSER=1 $(BIN)/pytest -m "not browser" --ignore=$(HTML_TEST) \
			$(PYTEST_ARGS) | tee "$$log" \
			|| status=$$?; \
		skipped=$$(grep -oE '[0-9]+ deselected' "$$log" | tail -n 1 | grep -oE '^[0-9]+' \
			|| echo 0); \
		echo "SENZA_BROWSER=1: $$skipped test del browser saltati su richiesta, non eseguiti" \
			"(per eseguirli: apt-get install -y --no-install-recommends chromium, poi make test)"; \
		exit $$status; \
	else \
		$(BIN)/pytest --ignore=$(HTML_TEST) $(PYTEST_ARGS); \
	fi

# Lighthouse 12 (mobile) on one page of every page type of site/, served gzip-compressed by
# tools/gzip_server.py; needs Debian's Chromium. Lighthouse has its own package.json and
# lock in tools/audit/, installed here only, so `make test` never downloads it.
AUDIT_STAMP := tools/audit/node_modules/.stamp-lock

$(AUDIT_STAMP): tools/audit/package-lock.json tools/audit/package.json
	cd tools/audit && npm ci --ignore-scripts --no-audit --no-fund
	touch $@

# AUDIT_ARGS: e.g. --runs 3 (median of three runs per page), --only comune,calcolatore.
AUDIT_ARGS ?=

audit: build $(AUDIT_STAMP)
	$(BIN)/python tools/audit/audit.py site $(AUDIT_ARGS)

# The build benchmark (benchmarks/bench_build.py) on a synthetic corpus of size SIZE: S (the
# repository, the default; stock Material with navigation.prune beside it), M (1,500 comuni,
# 5,000 practices: minutes) or L (7,904 comuni, 20,000 practices). BENCH_ARGS: e.g. --prune
# (also at M and L: it took 1,030 s and 8.3 GB at M), --no-serve, --keep DIR. ALL=1 also runs
# the other benchmarks/bench_*.py. Figures in test-artifacts/bench/; table: docs/performance.md.
SIZE ?= S
BENCH_ARGS ?=

bench: deps
	$(BIN)/python benchmarks/bench_build.py --size $(SIZE) $(BENCH_ARGS)
	if [ -n "$(ALL)" ]; then \
		for script in benchmarks/bench_*.py; do \
			[ "$$script" = benchmarks/bench_build.py ] && continue; \
			echo "== $$script"; \
			$(BIN)/python "$$script"; \
		done; \
	fi

# --- housekeeping -----------------------------------------------------------------

clean:
	rm -rf site .build _build .cache test-artifacts .pytest_cache .mypy_cache .ruff_cache .hypothesis
	find $(wildcard scripts tests benchmarks) -name __pycache__ -type d -prune -exec rm -rf {} +

distclean: clean
	rm -rf $(VENV) node_modules tools/audit/node_modules

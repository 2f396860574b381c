# LabelCore's two commands, `make run` and `make test`, and what they are made of.
# Everything lands in this clone: the virtualenv in .venv/, node_modules/ beside
# each web project, the data of `make run` in .data/, wheels in dist/.

PYTHON ?= python3.11
VENV ?= .venv
DATA_DIR ?= .data
HOST ?= 127.0.0.1
PORT ?= 8080
DIST_DIR ?= dist

VENV_PYTHON := $(VENV)/bin/python
PIP := $(VENV_PYTHON) -m pip --disable-pip-version-check
NPM_CI := npm ci --no-audit --no-fund --loglevel=error

PLUGIN_DIRS := $(patsubst %/pyproject.toml,%,$(sort $(wildcard plugins/*/pyproject.toml)))
EXAMPLE_DIRS := $(patsubst %/pyproject.toml,%,$(sort $(wildcard examples/*/pyproject.toml)))
WEB_DIRS := webapp $(patsubst %/package.json,%,$(sort $(wildcard plugins/*/web/package.json)))
EXAMPLE_WEB_DIRS := $(patsubst %/package.json,%,$(sort $(wildcard examples/*/web/package.json)))
# npm packages that tests run (emulators and the like), installed but not built.
TEST_NODE_DIRS := $(patsubst %/package.json,%,$(sort $(wildcard plugins/*/tests-node/package.json)))

# Wall-clock budgets of the test suites, in seconds (pytest-timeout bounds each test).
UNIT_BUDGET ?= 1800
SLOW_BUDGET ?= 1500
BROWSER_BUDGET ?= 1800
PYTEST_WORKERS ?= 2
BENCH_ARGS ?=

.PHONY: run test dist bench install install-test web web-examples lint lint-python \
        lint-web test-python test-unit test-slow test-browser check-system clean test-node \
        remove-examples readme-settings

# --- make run -----------------------------------------------------------------

run: install remove-examples web
	@$(VENV_PYTHON) scripts/run_server.py --data-dir $(DATA_DIR) --host $(HOST) --port $(PORT)

# --- the virtualenv -----------------------------------------------------------

$(VENV)/.created:
	@test -x $(VENV_PYTHON) || { command -v $(PYTHON) >/dev/null || { \
	    echo "$(PYTHON) is not installed; install Python 3.11 (Debian: apt-get install -y python3.11 python3.11-venv) or run make PYTHON=/path/to/python3.11." >&2; exit 1; }; \
	    echo "==> Creating $(VENV) with $(PYTHON)"; $(PYTHON) -m venv $(VENV); }
	@$(PIP) install --quiet --upgrade pip "setuptools>=77" wheel
	@touch $@

$(VENV)/.installed: $(VENV)/.created pyproject.toml $(addsuffix /pyproject.toml,$(PLUGIN_DIRS))
	@echo "==> Installing the core and the plugins: $(notdir $(PLUGIN_DIRS))"
	@$(PIP) install --no-build-isolation -e . $(addprefix -e ,$(PLUGIN_DIRS)) \
	    >$(VENV)/install.log 2>&1 || { cat $(VENV)/install.log; exit 1; }
	@touch $@

# Every extra of the core and of each plugin: the tests reach the cloud SDKs
# and the emulators they run against through those.
$(VENV)/.installed-test: $(VENV)/.installed
	@echo "==> Installing the test dependencies (every extra of the core and the plugins)"
	@$(PIP) install --no-build-isolation \
	    $$($(VENV_PYTHON) scripts/distribution_names.py --extras . $(PLUGIN_DIRS)) \
	    >$(VENV)/install.log 2>&1 || { cat $(VENV)/install.log; exit 1; }
	@touch $@

install: $(VENV)/.installed

install-test: $(VENV)/.installed-test

# The example plugins stay out of .venv: `make run` serves the core and
# plugins/, and the browser tests install the example into a folder of their
# own. An example someone installed by hand is taken out again here.
remove-examples: install
	@names="$$($(VENV_PYTHON) scripts/distribution_names.py $(EXAMPLE_DIRS))"; \
	installed=""; for name in $$names; do \
	    $(PIP) show --quiet $$name >/dev/null 2>&1 && installed="$$installed $$name"; done; \
	if [ -n "$$installed" ]; then \
	    echo "==> Removing example plugins from $(VENV):$$installed"; \
	    $(PIP) uninstall --quiet --yes $$installed; fi

# --- web parts ------------------------------------------------------------------

# One rule set per web project: node_modules from its lock file, then a build
# whenever a file outside node_modules changed since the last one.
define web_project
$(1)/node_modules/.package-lock.json: $(1)/package-lock.json
	@echo "==> npm ci in $(1)"
	@cd $(1) && $(NPM_CI)

$(1)/node_modules/.labelcore-built: $(1)/node_modules/.package-lock.json $(shell find $(1) -path $(1)/node_modules -prune -o -type f -print 2>/dev/null) $(if $(filter-out webapp,$(1)),webapp/node_modules/.labelcore-built)
	@echo "==> Building $(1)"
	@cd $(1) && npm run --silent build
	@touch $$@
endef
$(foreach project,$(WEB_DIRS) $(EXAMPLE_WEB_DIRS),$(eval $(call web_project,$(project))))

define test_node_project
$(1)/node_modules/.package-lock.json: $(1)/package-lock.json
	@echo "==> npm ci in $(1)"
	@cd $(1) && $(NPM_CI)
endef
$(foreach project,$(TEST_NODE_DIRS),$(eval $(call test_node_project,$(project))))

test-node: $(addsuffix /node_modules/.package-lock.json,$(TEST_NODE_DIRS))

web: $(addsuffix /node_modules/.labelcore-built,$(WEB_DIRS))

web-examples: $(addsuffix /node_modules/.labelcore-built,$(EXAMPLE_WEB_DIRS))

# --- make test ------------------------------------------------------------------

check-system:
	@scripts/check_system.sh

test: check-system install-test remove-examples web web-examples test-node lint test-python

lint: lint-python lint-web

lint-python: install-test
	@echo "==> ruff format --check and ruff check"
	@$(VENV)/bin/ruff format --check .
	@$(VENV)/bin/ruff check .

lint-web: web
	@failed=""; for project in $(WEB_DIRS) $(EXAMPLE_WEB_DIRS); do \
	    echo "==> lint, typecheck and vitest in $$project"; \
	    (cd $$project && npm run --silent --if-present lint \
	        && npm run --silent --if-present typecheck \
	        && npm run --silent --if-present test) || failed="$$failed $$project"; \
	done; \
	if [ -n "$$failed" ]; then echo "==> Web checks failed in:$$failed" >&2; exit 1; fi

# The services the tests start are required here: a missing one fails the run.
PYTEST_ENV := VENV_PYTHON=$(VENV_PYTHON) LABELCORE_TEST_REQUIRE_SERVICES=1

test-python: test-unit test-slow test-browser

test-unit: install-test test-node
	@$(PYTEST_ENV) scripts/run_suite.sh "Unit and API tests on SQLite and PostgreSQL" \
	    $(UNIT_BUDGET) tests -q -m "not slow and not browser" -n $(PYTEST_WORKERS) \
	    --databases sqlite,postgres --durations=10

test-slow: install-test web test-node
	@$(PYTEST_ENV) scripts/run_suite.sh "Slow tests: packaging, RQ worker, faults" \
	    $(SLOW_BUDGET) tests -q -m "slow and not browser" -n $(PYTEST_WORKERS) --durations=10

test-browser: install-test web web-examples
	@$(PYTEST_ENV) scripts/run_suite.sh "Browser tests (Debian's chromium)" \
	    $(BROWSER_BUDGET) tests -q -m browser --durations=10

# --- make dist ------------------------------------------------------------------

# Wheels of the core (with migrations/ as labelcore.migrations and the built
# webapp) and of every plugin (with its data and built web modules).
dist: install web
	@$(PIP) install --quiet build
	@mkdir -p $(DIST_DIR)
	@for project in . $(PLUGIN_DIRS); do \
	    echo "==> Building the wheel of $$project"; \
	    rm -rf $$project/build; \
	    $(VENV_PYTHON) -m build --wheel --no-isolation --outdir $(DIST_DIR) $$project \
	        >$(DIST_DIR)/.build.log 2>&1 || { cat $(DIST_DIR)/.build.log; exit 1; }; \
	    rm -rf $$project/build; \
	done
	@rm -f $(DIST_DIR)/.build.log
	@ls -1 $(DIST_DIR)/*.whl

# --- make bench -----------------------------------------------------------------

# BENCH_ARGS passes options on, e.g. make bench BENCH_ARGS="--tasks 10000".
bench: install remove-examples web
	@$(VENV_PYTHON) -m bench $(BENCH_ARGS)

# --- upkeep ---------------------------------------------------------------------

readme-settings: install
	@$(VENV_PYTHON) scripts/settings_table.py --write README.md

clean:
	rm -rf $(DIST_DIR) build labelcore/static/app
	rm -rf $(addsuffix /node_modules,$(WEB_DIRS) $(EXAMPLE_WEB_DIRS) $(TEST_NODE_DIRS))

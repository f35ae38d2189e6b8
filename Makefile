# Two commands do everything on a fresh machine: `make demo` and `make test`.
# Everything else here is a step they take.

SHELL := /bin/bash
VENV ?= .venv
BIN := $(VENV)/bin
# The first Python 3.12+ found; override with `make PYTHON=/path/to/python3.13 ...`.
PYTHON ?= $(shell scripts/find-python)
CHROMIUM ?= $(shell command -v chromium || command -v chromium-browser || echo /usr/bin/chromium)
# pytest-xdist workers for the suite: `auto` is one per CPU core; `make test PYTEST_WORKERS=0`
# runs it in one process.
PYTEST_WORKERS ?= auto
TIMED := scripts/timed

.PHONY: demo test install browser xmlsec lint typecheck contracts pytest bench clean

demo: install
	$(BIN)/remento demo

test: install browser xmlsec lint typecheck contracts pytest

# The virtual environment, rebuilt whenever the lock file changes.
install: $(VENV)/.installed

$(VENV)/.installed: requirements.lock pyproject.toml
	@if [ -z "$(PYTHON)" ]; then echo "Remento needs Python 3.12 or newer; none found on PATH (set PYTHON=...)." >&2; exit 1; fi
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	# Compile the matching engine's Numba kernels into their cache now, so that the first
	# large match does not pay for it (small cohorts never need them).
	$(BIN)/python -m remento.matching.engine.warm
	touch $@

# Page tests drive Debian's Chromium; install it when it is missing (needs root or sudo).
browser:
	@if [ -x "$(CHROMIUM)" ]; then echo "chromium: $(CHROMIUM)"; else \
		echo "chromium missing: installing Debian's chromium"; \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium >/dev/null; \
	fi

# SAML signatures are checked by pysaml2 through xmlsec1 (Debian's package); install it when
# it is missing (needs root or sudo). Without it, SAML sign-in says so and its tests skip.
xmlsec:
	@if command -v xmlsec1 >/dev/null; then echo "xmlsec1: $$(command -v xmlsec1)"; else \
		echo "xmlsec1 missing: installing Debian's xmlsec1"; \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq xmlsec1 >/dev/null; \
	fi

# Each stage says how long it took (scripts/timed).
lint: install
	@$(TIMED) lint bash -c '$(BIN)/ruff format --check . && $(BIN)/ruff check .'

typecheck: install
	@SECRET_KEY=typecheck-only $(TIMED) typecheck $(BIN)/mypy remento

contracts: install
	@$(TIMED) contracts $(BIN)/lint-imports

# The whole suite on SQLite; then again on PostgreSQL when DATABASE_URL points at one, where
# only the tests that use the database run (the others, deselected, behave the same on any
# database: see tests/conftest.py). Both run in parallel (pytest-xdist, one worker per core);
# pytest-django gives each worker its own test database.
pytest: install
	@env -u DATABASE_URL $(TIMED) "pytest on SQLite" $(BIN)/pytest -n $(PYTEST_WORKERS)
	@case "$${DATABASE_URL:-}" in postgres*) \
		echo "== the tests that use the database again on PostgreSQL ($$DATABASE_URL)"; \
		REMENTO_TESTS_DATABASE_ONLY=1 $(TIMED) "pytest on PostgreSQL" \
			$(BIN)/pytest -p no:cacheprovider -n $(PYTEST_WORKERS);; \
		*) echo "DATABASE_URL is not PostgreSQL: the PostgreSQL run is skipped.";; esac

bench: install
	$(BIN)/python bench/import_people.py
	$(BIN)/python bench/matching.py

clean:
	rm -rf $(VENV) var/*.sqlite3 var/static var/mail var/test .coverage htmlcov

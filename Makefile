# Passerelle: `make run` to serve it, `make test` to test it. Needs only Python 3.11+
# (and npm for the browser tests' axe-core).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 5000
export FLASK_APP := matcher
TRANSLATIONS := matcher/translations
PO_FILES := $(wildcard $(TRANSLATIONS)/*/LC_MESSAGES/messages.po)
MO_FILES := $(PO_FILES:.po=.mo)

.PHONY: run test test-ahead screenshots fuzz setup install translations db bench lint audit messages clean

# The job worker (outbox, closing postings, alerts) runs in the background and stops
# with the web server.
run: setup
	@$(BIN)/flask demo-logins
	@echo "Passerelle: http://127.0.0.1:$(PORT) (with the job worker; Ctrl-C stops both)"
	@$(BIN)/flask jobs worker --quiet & worker=$$!; \
	trap 'kill -TERM $$worker 2>/dev/null; wait $$worker' EXIT INT TERM; \
	$(BIN)/flask run --host 127.0.0.1 --port $(PORT)

setup: install translations db

# The suite runs on one worker process per core (pytest-xdist; TEST_WORKERS=0 runs it in
# this process), each with its own database. A worker that runs out of tests takes some
# from the other's queue (worksteal), so the slow browser tests cannot end on one worker.
TEST_WORKERS ?= auto
# Byte code is written even where PYTHONDONTWRITEBYTECODE is set (some CI images set it):
# without it every worker compiles the app and pytest rewrites every test module again, at
# each run (about 6 s of CPU per worker). matcher is compiled once before the workers start.
test: install translations node_modules/.installed
	$(BIN)/python -m compileall -q matcher
	PYTHONDONTWRITEBYTECODE= $(BIN)/pytest -n $(TEST_WORKERS) --dist worksteal $(PYTEST_ARGS)

# The suite with the clock moved ahead (400 days unless DAYS=N): a test that writes a fixed
# date where it means "today" fails here before the calendar reaches that date.
test-ahead:
	TEST_DAYS_AHEAD=$${DAYS:-400} $(MAKE) test

# The browser tests again, saving a full-page PNG of each page they check under screenshots/
# for a person to look at (French, 360 px and desktop widths). `make test` does not save them.
screenshots: install translations node_modules/.installed
	SCREENSHOTS=1 $(BIN)/pytest -n $(TEST_WORKERS) --dist worksteal -m browser $(PYTEST_ARGS)

# Property tests with new random examples (ten times as many); the seed is printed so a
# failure can be replayed with HYPOTHESIS_SEED=... make fuzz, then pinned with @example.
fuzz: install translations
	@seed=$${HYPOTHESIS_SEED:-$$(od -An -N4 -tu4 /dev/urandom | tr -d ' ')}; \
	echo "hypothesis seed: $$seed"; \
	HYPOTHESIS_PROFILE=fuzz $(BIN)/pytest -q --hypothesis-seed=$$seed \
		$$(grep -rl "^from hypothesis" tests --include='test_*.py')

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml constraints.txt
	$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Python 3.11+ is needed"'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[dev]'
	touch $@

translations: $(MO_FILES)

$(TRANSLATIONS)/%/LC_MESSAGES/messages.mo: $(TRANSLATIONS)/%/LC_MESSAGES/messages.po $(VENV)/.installed
	$(BIN)/pybabel compile -d $(TRANSLATIONS) -l $*

db: install
	$(BIN)/flask db upgrade
	$(BIN)/flask seed --demo

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# Every benchmark, each printing its bar and PASS or FAIL, against the database of
# DATABASE_URL (an empty one they may fill, a schema per benchmark on PostgreSQL; by default
# temporary SQLite files). All run even when one fails; the target fails if any did.
BENCHMARKS := ranking occupations job_board my_matches ranked_page dashboard allocation
bench: install translations
	@failed=""; for name in $(BENCHMARKS); do \
		echo "== benchmarks/$$name.py ($${DATABASE_URL:-temporary SQLite})"; \
		$(BIN)/python benchmarks/machine.py; \
		$(BIN)/python benchmarks/$$name.py || failed="$$failed $$name"; \
	done; \
	$(BIN)/python benchmarks/machine.py; \
	if [ -n "$$failed" ]; then echo "bench: FAIL:$$failed"; exit 1; fi; echo "bench: all PASS"

lint: install
	$(BIN)/ruff check matcher tests benchmarks
	$(BIN)/vulture

# Known vulnerabilities in the pinned dependencies, from PyPI's advisory data. It needs
# PyPI's per-release JSON API, which this project's CI network does not reach, so it is
# not part of `make lint`: run it where PyPI answers (see docs/security.md).
# --strict: a pin PyPI cannot vouch for fails the audit instead of being skipped.
audit: install
	$(BIN)/pip-audit --strict --disable-pip --no-deps --progress-spinner off -r constraints.txt

# Re-extract the strings to translate after changing code or templates.
messages: install
	$(BIN)/pybabel extract -F babel.cfg -k _l -o $(TRANSLATIONS)/messages.pot \
		--ignore-dirs ".* __pycache__" --no-location --sort-output --omit-header matcher templates
	$(BIN)/pybabel update -i $(TRANSLATIONS)/messages.pot -d $(TRANSLATIONS) --no-fuzzy-matching \
		--ignore-obsolete

clean:
	rm -rf $(VENV) node_modules $(MO_FILES)

# Two commands on a fresh machine:
#   make run   — create the virtual environment, install, serve the app on http://localhost:$(PORT)
#   make test  — install the test extras and the system packages the suite needs, run every test
# (make test-fast: the inner loop without the browser, about three minutes)
PYTHON ?= python3
VENV ?= .venv
PORT ?= 8501
BIN := $(VENV)/bin

.PHONY: run test test-fast system-deps bench-deps bench capacity clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.run-installed: pyproject.toml requirements.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.test-installed: pyproject.toml requirements.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

# Bound to 127.0.0.1 here, not in .streamlit/config.toml (which Community Cloud reads too):
# a private finance app must not be open to the whole network by default.
run: $(VENV)/.run-installed
	$(BIN)/streamlit run app.py --server.address 127.0.0.1 --server.port $(PORT) --server.headless true

system-deps:
	bash scripts/system-deps.sh

# nginx, for the capacity run only.
bench-deps:
	bash scripts/bench-deps.sh

# Tests run on $(WORKERS) processes (pytest-xdist); a test file stays on one, so its fixtures are
# built once, and the files start in tests/conftest.py's order, the longest first (three workers
# were tried: no faster on two cores, and browser tests timed out). WORKERS=0 runs them in this process.
WORKERS ?= 2
FAST_WORKERS ?= 2
xdist = $(if $(filter-out 0,$(1)),-n $(1) --dist loadfile --no-loadscope-reorder,)

# Every test. Benchmarks run once, untimed (`--benchmark-disable`): their timing is `make bench`'s.
test: $(VENV)/.test-installed system-deps
	$(BIN)/python -m pytest --benchmark-disable $(call xdist,$(WORKERS))

# The inner loop: the core, the command line and every page in AppTest; no browser, no clean-install
# deploy check, no benchmarks, and a third of each property test's examples. CI always runs `make test`.
test-fast: $(VENV)/.test-installed
	OVERDUE_TEST_TIER=fast $(BIN)/python -m pytest -q --benchmark-disable $(call xdist,$(FAST_WORKERS)) --ignore=tests/browser --ignore=tests/deploy --ignore=tests/perf -m "not browser"

# Figures for docs/performance.md (minutes; needs Chromium). Never part of `make test`.
bench: $(VENV)/.test-installed
	$(BIN)/python scripts/bench_pages.py
	$(BIN)/python scripts/bench_core.py
	$(BIN)/python scripts/cold_start.py
	$(BIN)/python scripts/memory_per_session.py
	-$(BIN)/python scripts/loadtest.py
	$(BIN)/python scripts/bench_browser.py
	$(BIN)/python scripts/profile_browser.py
	$(BIN)/python -m pytest tests --benchmark-only -q -p no:cacheprovider
	$(MAKE) capacity

# Sessions one server and two behind nginx carry (30, 100, 300; about half an hour). Prints a
# table for docs/performance.md; LEVELS=10 SERVERS=2 for a quick look.
LEVELS ?= 30,100,300
SERVERS ?= 1,2
capacity: $(VENV)/.test-installed system-deps bench-deps
	$(BIN)/python scripts/capacity.py --levels $(LEVELS) --servers $(SERVERS)

clean:
	rm -rf $(VENV) .pytest_cache test-artifacts

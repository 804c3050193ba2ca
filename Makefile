# Two commands on a fresh machine:
#   make run   — create the virtual environment, install, serve the app on http://localhost:$(PORT)
#   make test  — install the test extras and the system packages the suite needs, run every test
PYTHON ?= python3
VENV ?= .venv
PORT ?= 8501
BIN := $(VENV)/bin

.PHONY: run test system-deps bench clean

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

test: $(VENV)/.test-installed system-deps
	$(BIN)/python -m pytest

# Figures for docs/performance.md (minutes; needs Chromium). Never part of `make test`.
bench: $(VENV)/.test-installed
	$(BIN)/python scripts/bench_pages.py
	$(BIN)/python scripts/bench_core.py
	$(BIN)/python scripts/cold_start.py
	$(BIN)/python scripts/memory_per_session.py
	-$(BIN)/python scripts/loadtest.py
	$(BIN)/python scripts/bench_browser.py
	$(BIN)/python scripts/profile_browser.py
	$(BIN)/python scripts/protocol_load.py
	$(BIN)/python -m pytest tests --benchmark-only -q -p no:cacheprovider

clean:
	rm -rf $(VENV) .pytest_cache test-artifacts

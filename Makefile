# One word per job. `make demo` and `make test` are the README's two commands.
VENV   := .venv
PY     := $(VENV)/bin/python
PIP    := $(PY) -m pip -q --disable-pip-version-check
BASE   := $(VENV)/.installed-base
TESTX  := $(VENV)/.installed-test

# Tool state stays inside the project; models never download at run time.
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1
export PREFECT_HOME := $(CURDIR)/.state/prefect
export PREFECT_SERVER_ANALYTICS_ENABLED := false
export DUCKDB_EXTENSION_DIRECTORY := $(CURDIR)/.state/duckdb_extensions

.PHONY: install install-test demo test lint format typecheck bench eval baseline train chromium clean

install: $(BASE)

$(VENV)/bin/python:
	python3 -m venv $(VENV)
	$(PIP) install -U pip

# torch first, pinned: pip takes the CPU wheel on this machine's disk.
$(BASE): pyproject.toml | $(VENV)/bin/python
	$(PIP) install torch==2.13.0
	$(PIP) install -e .
	touch $@

$(TESTX): $(BASE)
	$(PIP) install -e '.[test]'
	touch $@

install-test: $(TESTX) chromium

# Debian's Chromium renders the digest in one test (headless screenshot).
chromium:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "installing Debian's chromium for the digest screenshot test"; \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
	  || echo "WARNING: chromium could not be installed; the screenshot test will fail"; }

demo: install
	$(VENV)/bin/outagewatch demo

test: install-test
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy
	$(VENV)/bin/pytest

lint: install-test
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy

format: install-test
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

typecheck: install-test
	$(VENV)/bin/mypy

eval: install
	$(VENV)/bin/outagewatch eval --db data/demo/outagewatch.duckdb --gold corpus

# After a change that raises extraction quality: store the new scores the eval gate holds.
baseline: install
	$(VENV)/bin/outagewatch demo
	$(PY) -m nlp.baseline data/demo/outagewatch.duckdb corpus

# Retrain the claim topic/stance model from the tuning splits (seen, dev) of the corpus.
train: install
	$(PY) -m nlp.train corpus

bench: install-test
	$(PY) -m bench.run_all

clean:
	rm -rf $(VENV) .state data .pytest_cache .ruff_cache .mypy_cache

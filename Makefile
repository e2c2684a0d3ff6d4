# Two commands do all set-up on a fresh machine with Python 3.11+ and make:
#   make demo   create .venv, install core + every plugin, generate the demo
#               network, import it into the default store, print the report
#   make test   create .venv, install everything, run ruff, mypy and pytest
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PLUGINS := $(sort $(dir $(wildcard plugins/*/pyproject.toml)))
STAMP := $(VENV)/.installed
DEMO_DIR ?= demo-data

.PHONY: demo test lint typecheck pytest bench clean

$(STAMP): pyproject.toml $(wildcard plugins/*/pyproject.toml)
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11+ is needed; set PYTHON=python3.11")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]" $(foreach p,$(PLUGINS),-e "$(p)[test]")
	@# editable installs are not byte-compiled by pip; without it every start
	@# compiles the sources again where PYTHONDONTWRITEBYTECODE is set
	$(BIN)/python -m compileall -q core/netzwerker $(foreach p,$(PLUGINS),$(p)src) > /dev/null
	@touch $(STAMP)

demo: $(STAMP)
	$(BIN)/python -m demo.generate $(DEMO_DIR)
	$(BIN)/netzwerker import --quiet $(DEMO_DIR)/import/*
	$(BIN)/netzwerker report reciprocity

lint: $(STAMP)
	$(BIN)/ruff check core plugins tests demo benchmarks
	$(BIN)/ruff format --check core plugins tests demo benchmarks

typecheck: $(STAMP)
	$(BIN)/mypy core/netzwerker $(foreach p,$(PLUGINS),$(p)src)

pytest: $(STAMP)
	$(BIN)/pytest

test: lint typecheck pytest

clean:
	rm -rf $(VENV) $(DEMO_DIR)

# Everything runs from a repo-local virtualenv that this Makefile builds from nothing but python3.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PIP_VERSION := 26.3
SPECTRAL_VERSION := 6.16.3
SPECTRAL_OWASP_VERSION := 2.0.1
SPECTRAL := .tools/node_modules/.bin/spectral
# Reinstalled when either pinned version changes.
SPECTRAL_STAMP := .tools/.installed-$(SPECTRAL_VERSION)-owasp-$(SPECTRAL_OWASP_VERSION)
SPEC := openapi/vantage.yaml
GOLDEN := tests/golden

# Put the venv first so tools called by tools (ruff from the generator, for one) are the pinned ones.
export PATH := $(CURDIR)/$(BIN):$(PATH)

.PHONY: help venv generate check-generated regen-golden lint test demo bench docs

help:
	@echo "make venv             build .venv/ (python3 -m venv + pinned pip + pip install -e ./emulator -e '.[emulator,cli,progress,dev]')"
	@echo "make generate         regenerate vantage_sdk/_generated/ from $(SPEC) and overlays/"
	@echo "make check-generated  fail, listing the files, if vantage_sdk/_generated/ is not what the generator writes"
	@echo "make regen-golden     refresh $(GOLDEN)/expected/ from $(GOLDEN)/fixture.yaml"
	@echo "make lint             ruff, mypy --strict, openapi-spec-validator and Spectral (spectral:oas + OWASP API security)"
	@echo "make test             the whole test suite: tests/ (SDK) and emulator/tests/"
	@echo "make demo | bench | docs"

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python >= 3.11 is required, found " + sys.version.split()[0])'
	$(PYTHON) -m venv $(VENV)

# Both distributions of this repository, editable: the SDK and the emulator (emulator/) it is tested against.
# Reinstalled only when either pyproject.toml (or the emulator's build hook) changes.
$(STAMP): pyproject.toml emulator/pyproject.toml emulator/hatch_build.py | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check pip==$(PIP_VERSION)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e ./emulator -e '.[emulator,cli,progress,dev]'
	touch $@

venv: $(STAMP)

$(SPECTRAL_STAMP):
	mkdir -p .tools
	npm install --prefix .tools --no-audit --no-fund --no-save --loglevel=error @stoplight/spectral-cli@$(SPECTRAL_VERSION) \
		@stoplight/spectral-owasp-ruleset@$(SPECTRAL_OWASP_VERSION)
	touch $@

generate: $(STAMP)
	$(BIN)/python -m generator

check-generated: $(STAMP)
	$(BIN)/python -m generator --check

regen-golden: $(STAMP)
	$(BIN)/python -m generator --spec $(GOLDEN)/fixture.yaml --overlay $(GOLDEN)/overlay.yaml \
		--output $(GOLDEN)/expected/golden_client

lint: $(STAMP) $(SPECTRAL_STAMP)
	$(BIN)/ruff check --no-cache .
	$(BIN)/ruff format --no-cache --check .
	$(BIN)/ruff check --no-cache --config generator/ruff.toml vantage_sdk/_generated $(GOLDEN)/expected
	$(BIN)/ruff format --no-cache --config generator/ruff.toml --check vantage_sdk/_generated $(GOLDEN)/expected
	$(BIN)/mypy vantage_sdk generator emulator/vantage_emulator emulator/hatch_build.py
	MYPYPATH=$(GOLDEN)/expected $(BIN)/mypy --strict -p golden_client
	$(BIN)/openapi-spec-validator $(SPEC)
	$(SPECTRAL) lint $(SPEC) --ruleset .spectral.yaml --fail-severity=hint --quiet

test: $(STAMP)
	$(BIN)/python -m pytest

demo: $(STAMP)
	$(BIN)/python examples/run_demo.py examples/quickstart.py

bench: $(STAMP)
	$(BIN)/python bench/run.py

docs: $(STAMP)
	$(BIN)/python docs/build_api.py

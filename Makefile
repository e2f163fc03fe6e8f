# Everything runs from a repo-local virtualenv that this Makefile builds from nothing but python3.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PIP_VERSION := 26.3
SPECTRAL_VERSION := 6.16.3
SPECTRAL := .tools/node_modules/.bin/spectral
SPEC := openapi/vantage.yaml
GOLDEN := tests/golden

# Put the venv first so tools called by tools (ruff from the generator, for one) are the pinned ones.
export PATH := $(CURDIR)/$(BIN):$(PATH)

.PHONY: help venv generate check-generated regen-golden lint test demo bench docs test-go lint-go bench-go

help:
	@echo "make venv             build .venv/ (python3 -m venv + pinned pip + pip install -e '.[emulator,cli,progress,dev]')"
	@echo "make generate         regenerate vantage_sdk/_generated/ from $(SPEC) and overlays/"
	@echo "make check-generated  fail, listing the files, if vantage_sdk/_generated/ is not what the generator writes"
	@echo "make regen-golden     refresh $(GOLDEN)/expected/ from $(GOLDEN)/fixture.yaml"
	@echo "make lint             ruff, mypy --strict, openapi-spec-validator and Spectral (spectral:oas)"
	@echo "make test             the whole test suite"
	@echo "make demo | bench | docs"
	@echo "make test-go | lint-go | bench-go   the Go SDK alone (make test and make lint include it)"

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python >= 3.11 is required, found " + sys.version.split()[0])'
	$(PYTHON) -m venv $(VENV)

# Reinstalled only when pyproject.toml changes.
$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check pip==$(PIP_VERSION)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[emulator,cli,progress,dev]'
	touch $@

venv: $(STAMP)

$(SPECTRAL):
	mkdir -p .tools
	npm install --prefix .tools --no-audit --no-fund --no-save --loglevel=error @stoplight/spectral-cli@$(SPECTRAL_VERSION)

generate: $(STAMP)
	$(BIN)/python -m generator

check-generated: $(STAMP)
	$(BIN)/python -m generator --check

regen-golden: $(STAMP)
	$(BIN)/python -m generator --spec $(GOLDEN)/fixture.yaml --overlay $(GOLDEN)/overlay.yaml \
		--output $(GOLDEN)/expected/golden_client

lint: $(STAMP) $(SPECTRAL)
	$(BIN)/ruff check --no-cache .
	$(BIN)/ruff format --no-cache --check .
	$(BIN)/ruff check --no-cache --config generator/ruff.toml vantage_sdk/_generated $(GOLDEN)/expected
	$(BIN)/ruff format --no-cache --config generator/ruff.toml --check vantage_sdk/_generated $(GOLDEN)/expected
	$(BIN)/mypy vantage_sdk generator
	MYPYPATH=$(GOLDEN)/expected $(BIN)/mypy --strict -p golden_client
	$(BIN)/openapi-spec-validator $(SPEC)
	$(SPECTRAL) lint $(SPEC) --ruleset .spectral.yaml --fail-severity=hint --quiet
	$(MAKE) --no-print-directory lint-go

test: $(STAMP)
	$(BIN)/python -m pytest
	$(MAKE) --no-print-directory test-go

demo: $(STAMP)
	$(BIN)/python examples/run_demo.py examples/quickstart.py

bench: $(STAMP)
	$(BIN)/python bench/run.py

docs: $(STAMP)
	$(BIN)/python docs/build_api.py

# ---- Go SDK (sdks/go): needs only the Go toolchain and the module proxy; tests use the emulator from .venv ----
GO ?= go

test-go: $(STAMP)
	cd sdks/go && VANTAGE_EMULATOR_BIN=$(CURDIR)/$(BIN)/vantage-emulator $(GO) test -race -count=1 ./...

lint-go:
	cd sdks/go && $(GO) vet ./... && $(GO) tool -modfile=tools.mod staticcheck ./...

bench-go: $(STAMP)
	cd sdks/go && VANTAGE_EMULATOR_BIN=$(CURDIR)/$(BIN)/vantage-emulator $(GO) run ./bench

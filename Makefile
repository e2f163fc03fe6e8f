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
TS_DIR := sdks/typescript
TS_STAMP := $(TS_DIR)/node_modules/.installed

# Put the venv first so tools called by tools (ruff from the generator, for one) are the pinned ones.
export PATH := $(CURDIR)/$(BIN):$(PATH)

.PHONY: help venv generate check-generated regen-golden lint test demo bench docs test-go lint-go bench-go

help:
	@echo "make venv             build .venv/ (python3 -m venv + pinned pip + pip install -e ./emulator -e '.[emulator,cli,progress]' --group dev)"
	@echo "make generate         regenerate vantage_sdk/_generated/ from $(SPEC) and overlays/"
	@echo "make check-generated  fail, listing the files, if vantage_sdk/_generated/ is not what the generator writes"
	@echo "make regen-golden     refresh $(GOLDEN)/expected/ from $(GOLDEN)/fixture.yaml"
	@echo "make lint             ruff, mypy --strict, openapi-spec-validator and Spectral (spectral:oas + OWASP API security)"
	@echo "make test             the whole test suite: tests/ (SDK) and emulator/tests/"
	@echo "make demo | bench | docs"
	@echo "make ts-install | lint-ts | test-ts | demo-ts | bench-ts   the TypeScript SDK in $(TS_DIR)/"
	@echo "make test-go | lint-go | bench-go   the Go SDK alone (make test and make lint include it)"

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python >= 3.11 is required, found " + sys.version.split()[0])'
	$(PYTHON) -m venv $(VENV)

# Both distributions of this repository, editable: the SDK and the emulator (emulator/) it is tested against.
# Reinstalled only when either pyproject.toml (or the emulator's build hook) changes.
$(STAMP): pyproject.toml emulator/pyproject.toml emulator/hatch_build.py | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check pip==$(PIP_VERSION)
	@# The SDK's distribution was once called vantage-sdk: drop that stale copy from a venv made back then
	@# (first, as it shares the `vantage` script and the editable hook with the new one).
	$(BIN)/python -m pip uninstall --quiet --disable-pip-version-check -y vantage-sdk types-python-dateutil 2>/dev/null || true
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e ./emulator -e '.[emulator,cli,progress]' --group dev
	touch $@

venv: $(STAMP)

$(SPECTRAL_STAMP):
	mkdir -p .tools
	npm install --prefix .tools --no-audit --no-fund --no-save --loglevel=error @stoplight/spectral-cli@$(SPECTRAL_VERSION) \
		@stoplight/spectral-owasp-ruleset@$(SPECTRAL_OWASP_VERSION)
	touch $@

generate: $(STAMP) $(TS_STAMP)
	$(BIN)/python -m generator

check-generated: $(STAMP) $(TS_STAMP)
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
	$(MAKE) --no-print-directory lint-ts
	$(MAKE) --no-print-directory lint-go

test: $(STAMP)
	$(BIN)/python -m pytest
	$(MAKE) --no-print-directory test-ts
	$(MAKE) --no-print-directory test-go

demo: $(STAMP)
	$(BIN)/python examples/run_demo.py examples/quickstart.py --cluster gpu-cluster --scale

bench: $(STAMP)
	$(BIN)/python bench/run.py

docs: $(STAMP)
	$(BIN)/python docs/build_api.py

# --- TypeScript SDK (sdks/typescript): `npm ci` from package-lock.json, reinstalled when the lock changes ---
.PHONY: ts-install lint-ts test-ts demo-ts bench-ts

$(TS_STAMP): $(TS_DIR)/package.json $(TS_DIR)/package-lock.json
	cd $(TS_DIR) && npm ci --no-audit --no-fund --loglevel=error
	touch $@

ts-install: $(TS_STAMP)

lint-ts: $(TS_STAMP)
	@# The tests and examples import @vantage/sdk itself, whose types come from the built dist/.
	cd $(TS_DIR) && npm run build --silent && node_modules/.bin/tsc -p tsconfig.json && node_modules/.bin/biome check --error-on-warnings .

# The suite starts its own emulators from .venv/bin/vantage-emulator (or $$VANTAGE_EMULATOR_BIN).
test-ts: $(STAMP) $(TS_STAMP)
	cd $(TS_DIR) && npm test --silent

demo-ts: $(STAMP) $(TS_STAMP)
	cd $(TS_DIR) && npm run demo --silent

bench-ts: $(STAMP) $(TS_STAMP)
	cd $(TS_DIR) && npm run bench --silent

# ---- Go SDK (sdks/go): needs only the Go toolchain and the module proxy; tests use the emulator from .venv ----
GO ?= go

test-go: $(STAMP)
	cd sdks/go && VANTAGE_EMULATOR_BIN=$(CURDIR)/$(BIN)/vantage-emulator $(GO) test -race -count=1 ./...

lint-go:
	cd sdks/go && $(GO) vet ./... && $(GO) tool -modfile=tools.mod staticcheck ./...

bench-go: $(STAMP)
	cd sdks/go && VANTAGE_EMULATOR_BIN=$(CURDIR)/$(BIN)/vantage-emulator $(GO) run ./bench

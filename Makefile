# tutela — the verbs. `make` alone prints this help.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
EXAMPLE := examples/contact-center
DEMO_OUT := out/demo

.DEFAULT_GOAL := help
.PHONY: help setup setup-spark demo test lint goldens docs bench fuzz check clean

help: ## Show this help.
	@awk 'BEGIN {FS = ":.*## "} /^[a-z-]+:.*## / {printf "  make %-9s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

setup: $(STAMP) ## Create .venv and install tutela (editable) with its dev tools.

setup-spark: $(STAMP) ## Install PySpark and a Java runtime (OS package) for `tutela audit --engine spark`.
	@command -v java >/dev/null || (apt-get install -y default-jre-headless || (apt-get update && apt-get install -y default-jre-headless))
	$(BIN)/python -m pip install --quiet -e '.[dev,spark]'

demo: $(STAMP) ## Run the main job on examples/contact-center (writes to out/demo/).
	@bash scripts/demo.sh $(BIN) $(EXAMPLE) $(DEMO_OUT)

test: $(STAMP) ## Run the whole test suite (policies, SQL facts, notices, CLI, packaging).
	$(BIN)/python -m pytest -q

lint: $(STAMP) ## ruff (lint + format check) and mypy --strict.
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	bash scripts/mypy.sh $(BIN)

goldens: $(STAMP) ## Rewrite golden files (then review the diff with git diff).
	$(BIN)/python -m pytest -q --update-goldens

docs: $(STAMP) ## Regenerate docs/rules.md (English) and docs/rules.es.md (Spanish) from the METADATA.
	$(BIN)/tutela rules --format markdown --lang en > docs/rules.md
	$(BIN)/tutela rules --format markdown --lang es > docs/rules.es.md

bench: $(STAMP) ## Benchmarks: throughput and ratios against baselines measured in the same run.
	$(BIN)/python -m pip install --quiet 'sqlfluff~=4.5'  # the baseline; never a dependency of tutela
	@# Byte-compile tutela as pip does when it installs a wheel (and as SQLFluff is): an
	@# editable checkout under PYTHONDONTWRITEBYTECODE would otherwise recompile every start.
	$(BIN)/python -m compileall -q tutela cli generators
	$(BIN)/python benchmarks/run.py

fuzz: $(STAMP) ## Fuzz the SQL and YAML entry points locally with atheris (not part of make test).
	$(BIN)/python -m pip install --quiet 'atheris~=3.0'
	$(BIN)/python benchmarks/fuzz.py

check: lint test ## What CI should run on a developer machine: lint + test.

clean: ## Remove the virtualenv, caches and demo output.
	rm -rf $(VENV) out .tutela_cache build dist *.egg-info

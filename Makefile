# `make run` and `make test` set up .venv on their own: on a fresh machine they are all a user types.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
SAMPLE := sample_plans/single-site.toml
SCRATCH := $(or $(TMPDIR),/tmp)/wfm-tui-sample.toml

.PHONY: run test lint format bench tools clean

# Re-install whenever pyproject.toml changes.
$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $(STAMP)

# The install is editable: write the bytecode, as pip does for an installed copy, or every start
# compiles every module again where PYTHONDONTWRITEBYTECODE is set.
run: $(STAMP)
	$(BIN)/python -m compileall -q wfm_tui
	cp $(SAMPLE) $(SCRATCH)
	$(BIN)/wfm-tui $(SCRATCH)

test: $(STAMP) lint
	$(BIN)/python -m pytest -q

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

bench: $(STAMP)
	$(BIN)/python -m benchmarks.check_vs_tomllib
	$(BIN)/python -m benchmarks.export_vs_check
	$(BIN)/python -m benchmarks.bench_editor
	$(BIN)/python -m benchmarks.bench_type_ahead
	$(BIN)/python -m benchmarks.bench_cli_100k

# The real tools the integration tests drive (vim, taplo, the SARIF schema, ...); CI runs it
# before `make test`. Without them, those tests skip and say which tool is missing.
tools:
	bash .ci/install-tools

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .mypy_cache .hypothesis

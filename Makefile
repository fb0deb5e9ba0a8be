# Everything runs from the virtual environment in .venv, created on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint example-db bench eval clean flamegraph soak

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

# The main job on the embedded default: compare the newest run of the shipped example database
# with its baseline. It shows a real regression, so it exits 1 (the CI gate's code); make says so.
demo: $(STAMP)
	@$(BIN)/tracker compare --db benchmarks.db.example; code=$$?; \
	  echo "tracker compare exited with $$code (0 ok, 1 regression, 2 error, 3 too little data)"; \
	  [ $$code -eq 1 ]

# Installs the Debian packages the tests need when they are missing and it can (root or sudo);
# where it cannot, the tests that need them are skipped with a line saying so (CI fails them).
test: $(STAMP)
	scripts/system-packages --if-missing
	scripts/with-postgres $(BIN)/pytest -q

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports
	$(BIN)/pytest -q -p no:cacheprovider tests/publish/test_action_lint.py

EXAMPLE_RUNS := $(sort $(wildcard tests/data/pytest_benchmark/tubular__history__v0[1-6]__*.json))

# Rebuilt from the real tubular history under tests/data (six runs; v06 slowed SetValueTransformer).
example-db: $(STAMP)
	rm -f benchmarks.db.example.new
	$(BIN)/tracker ingest --db benchmarks.db.example.new $(EXAMPLE_RUNS)
	$(BIN)/python scripts/normalize_example.py benchmarks.db.example.new
	mv benchmarks.db.example.new benchmarks.db.example

# A flame graph of TEST (default: the largest profile in the newest profiled run) written to OUTPUT
# (default: TRACKER_FLAMEGRAPH_OUTPUT_PATH, else flamegraphs/); FORMAT=speedscope|chrome|folded.
flamegraph: $(STAMP)
	$(BIN)/tracker flamegraph $(if $(TEST),'$(TEST)') $(if $(OUTPUT),--output '$(OUTPUT)') $(if $(FORMAT),--format $(FORMAT))

bench: $(STAMP)
	$(BIN)/python -m benchmarks.run

# The long fuzzing variant (SOAK_INPUTS mutated inputs per parser) and the crash, idempotency and
# concurrency experiments (SOAK_KILLS ingests killed), PostgreSQL writers included; reproducers go
# to SOAK_FINDINGS. Not part of CI: it takes hours at the default count.
SOAK_INPUTS ?= 10000
SOAK_KILLS ?= 100
SOAK_FINDINGS ?= soak-findings
soak: $(STAMP)
	scripts/with-postgres $(BIN)/python -m benchmarks.soak --inputs $(SOAK_INPUTS) --kills $(SOAK_KILLS) --findings $(SOAK_FINDINGS)

# Accuracy on the labelled histories in ../shared/datasets (override with DATASETS=...).
DATASETS ?= ../shared/datasets
eval: $(STAMP)
	$(BIN)/python -m benchmarks.eval_gate $(DATASETS)
	$(BIN)/python -m benchmarks.eval_history $(DATASETS)

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache .import_linter_cache .grimp_cache

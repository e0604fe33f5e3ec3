# Every target creates .venv and installs the project on first use, and again only when
# pyproject.toml changes (the stamp file is older than it).
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp

.PHONY: run test lint bench eval eval-llm screenshots format clean

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

run: $(STAMP)  ## start the service with its embedded default (http://127.0.0.1:8000/docs)
	$(BIN)/alertgraph serve

test: lint  ## lint, type-check, then the whole test suite
	$(BIN)/pytest

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

bench: $(STAMP)  ## throughput benchmarks (not part of make test)
	$(BIN)/python tests/bench/ingest.py
	$(BIN)/python tests/bench/workflow.py
	$(BIN)/python tests/bench/pg.py
	$(BIN)/python tests/bench/replicas.py
	$(BIN)/python tests/bench/history.py --sizes 5000,20000,100000
	$(BIN)/python tests/bench/console.py
	$(BIN)/python tests/bench/soak.py
	$(BIN)/python tests/bench/analyzer.py
	$(BIN)/python tests/bench/evidence_bench.py
	$(BIN)/python tests/eval/run.py --no-confusion

eval: $(STAMP)  ## analyzer accuracy per category on the development and held-out sets
	$(BIN)/python tests/eval/run.py

eval-llm: $(STAMP)  ## the held-out set through the model beside the rules (needs LLM_BASE_URL, LLM_MODEL)
	$(BIN)/python tests/eval/llm_run.py $(ARGS)

screenshots: $(STAMP)  ## the web console's screenshots under docs/ (needs chromium)
	$(BIN)/python -m tests.browser.screenshots docs

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .hypothesis

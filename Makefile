# make run   — install into .venv if needed, migrate, seed on first start, serve on http://localhost:$(PORT)
# make test  — install the test extras and run the whole suite (unit, integration, pages, end to end)
# make bench — the benchmarks (history, workshop load, soak; about 35 minutes), never part of make test
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
PORT   ?= 8501
PYTEST_ARGS ?=
BENCH_ARGS  ?=

.PHONY: run test bench lint check clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -e '.[test]'
	touch $(VENV)/.installed $@

run: $(VENV)/.installed
	$(BIN)/trainer run --port $(PORT)

test: $(VENV)/.installed-test
	$(BIN)/python -m pytest $(PYTEST_ARGS)

$(VENV)/.installed-bench: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -e '.[test,bench]'
	touch $(VENV)/.installed $(VENV)/.installed-test $@

# make bench BENCH_ARGS="load --n 10 --path citizen"; BENCH_N, BENCH_PATHS, BENCH_SOAK_MINUTES work too
bench: $(VENV)/.installed-bench
	$(BIN)/python -m bench $(BENCH_ARGS)

lint: $(VENV)/.installed-test
	$(BIN)/ruff check trainer tests bench

check: $(VENV)/.installed
	$(BIN)/trainer check

clean:
	rm -rf $(VENV) var/*.db var/*.db-* .pytest_cache

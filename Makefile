# Two commands for a newcomer: `make run` (the main job) and `make test` (the test suite).
# Both create the virtual environment in .venv the first time.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin

.PHONY: run test bench lab install readme

$(BIN)/.mnist37-installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e ".[dev]"
	touch $@

install: $(BIN)/.mnist37-installed

run: install
	$(BIN)/mnist37 compare

test: install
	bash tools/test.sh

lab: install
	$(BIN)/jupyter lab nbs

readme: install
	bash tools/readme.sh

# Benchmark (not a test): the book's code path against mnist37's and scikit-learn's, written to bench/results.*
bench: install
	$(BIN)/python bench/bench.py --repeats 3

# Two commands for a newcomer: `make run` (the main job) and `make test` (the test suite).
# Both create the virtual environment in .venv the first time.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin

.PHONY: run test test-gpu browser-test bench bench-predict lab install readme

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

# The page of `mnist37 serve` in headless Chromium (apt-get install chromium chromium-driver); refreshes nbs/images/serve.png
browser-test: install
	$(BIN)/python -m tools.browser_test --require

# On a CUDA machine: every notebook's tests and `mnist37 compare` there, written to bench/results-gpu.md
# (`make test-gpu DEVICE=cpu` runs the same check on the CPU).
DEVICE ?= cuda
test-gpu: install
	PATH=$(abspath $(BIN)):$$PATH bash tools/gpu_check.sh --device $(DEVICE)

# Benchmarks (not tests): the book's code path against mnist37's and scikit-learn's, written to bench/results.*;
# and `mnist37 predict` throughput per approach, written to bench/predict.*
bench: install
	$(BIN)/python -m bench.bench

bench-predict: install
	$(BIN)/python -m bench.predict

# The course website in _docs/: nbdev's processing of the notebooks, then Sphinx with myst-nb, offline, from the
# outputs saved in the notebooks (tools/site_build.py); `make docs-test` checks it in headless Chromium.
.PHONY: docs docs-test colab-test
docs: install
	$(BIN)/nbdev-export
	$(BIN)/python -m tools.site_build

docs-test: docs
	$(BIN)/python -m tools.site_test --require

# A lesson's install cell in a fresh virtual environment that has PyTorch but not mnist37, as on Colab
colab-test:
	$(PYTHON) -m tools.colab_test

# The page of nbs/17_web.ipynb (no server) in headless Chromium, checked against Python; refreshes nbs/images/web.png
.PHONY: web-test exercises
web-test: install
	$(BIN)/python -m tools.web_test --require

# Self-test copies of the lessons (headings, questions and "Your turn" stubs, no answers), copied from the committed
# selftest/ into exercises/, which is yours (not in git). Copies already there are kept (they may hold your work):
# FORCE=1 (or yes, or true) replaces them, after a backup into exercises/backups/. Any other FORCE does not.
exercises: install
	$(BIN)/python -m tools.exercises $(if $(filter 1 yes true YES TRUE Yes True,$(strip $(FORCE))),--force)

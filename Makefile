# The two commands of the README's quick start:
#   make run   install into .venv, ingest seeds/ on first run, and serve the chat page
#   make test  install what the tests need and run the whole suite
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
TEST_TOOLS := $(VENV)/.test-tools
HOST ?= 127.0.0.1
PORT ?= 7860

.PHONY: run test

run: $(INSTALLED)
	$(BIN)/rag ui --host $(HOST) --port $(PORT) --seed seeds

test: $(INSTALLED) $(TEST_TOOLS)
	CI=$${CI:-1} $(BIN)/python -m pytest

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# torch first and pinned: a bare requirement would pull a multi-GB CUDA build.
$(INSTALLED): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet torch==2.13.0
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

# The real LLM path (llama.cpp server, from a cached wheel) and Debian's Chromium for browser tests.
$(TEST_TOOLS): $(INSTALLED) .ci/build-llama-wheel .ci/install-chromium
	PYTHON=$(BIN)/python .ci/build-llama-wheel
	.ci/install-chromium
	touch $@

# One venv, created on demand; every target installs what it needs from pyproject.toml.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: venv install crawl test lint bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

venv: $(BIN)/python

install: venv
	$(BIN)/pip install --quiet -e .

crawl: install
	$(BIN)/scrapy crawl site

test: venv
	$(BIN)/pip install --quiet -e '.[test]'
	$(MAKE) lint
	$(BIN)/pytest --cov --cov-report=term

lint:
	$(BIN)/ruff check newsspider tests benchmarks
	$(BIN)/ruff format --check newsspider tests benchmarks
	$(BIN)/mypy

bench: venv
	$(BIN)/pip install --quiet -e '.[test,bench]'
	$(BIN)/python -m benchmarks.run

clean:
	rm -rf $(VENV) .venv-* output/*.jsonl output/*.jsonl.part output/*.sqlite* output/.newsspider.lock

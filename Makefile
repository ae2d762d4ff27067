# Two commands on a fresh machine:  `make run`  and  `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: run test test-sqlite test-postgres train-deps lint clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

## make run: install, prepare the SQLite database under ./var and serve http://127.0.0.1:8000
run: $(STAMP)
	$(BIN)/meldungen serve

## make test: install and run the whole suite on SQLite, then the database tests on PostgreSQL
test: test-sqlite test-postgres

test-sqlite: $(STAMP)
	$(BIN)/python -m pytest

# Skips with a reason (in pytest's summary) when no PostgreSQL server answers.
test-postgres: $(STAMP)
	MELDUNGEN_TEST_POSTGRES=1 $(BIN)/python -m pytest -m db

## make train-deps: what `meldungen train ner` needs besides the portal (lexicon sources)
train-deps: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[train]'
	$(BIN)/python -m pip install --quiet --no-deps 'german-nouns>=1.2'

lint: $(STAMP)
	$(BIN)/ruff check meldungen tests bench
	$(BIN)/ruff format --check meldungen tests bench

clean:
	rm -rf $(VENV) test-artifacts

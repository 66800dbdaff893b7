# Kroniek: `make benchmark` (build or check the dataset, run every baseline, print the
# leaderboard) and `make test`. Both create .venv and install the project on first use.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: benchmark test install dataset clean-venv

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[baselines,dev]'
	@touch $(STAMP)

install: $(STAMP)

dataset: $(STAMP)
	$(BIN)/kroniek build --check || $(BIN)/kroniek build

benchmark: $(STAMP)
	$(BIN)/kroniek build --check
	$(BIN)/kroniek evaluate
	$(BIN)/python scripts/conll2002_names.py
	$(BIN)/python scripts/readme_tables.py

test: $(STAMP)
	$(BIN)/python -m pytest -q

clean-venv:
	rm -rf $(VENV)

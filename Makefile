# Kroniek: `make benchmark` (build or check the dataset, run every baseline, print the
# leaderboard) and `make test`. Both create .venv and install the project on first use.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

# The same bytes in results/ on every machine of the same kind: one thread per numeric
# library (a sum split over threads is added in another order) and a fixed hash seed.
# Training is seeded in each system (spaCy's [system] seed, scikit-learn's random_state).
PINNED := OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1 BLIS_NUM_THREADS=1 \
	VECLIB_MAXIMUM_THREADS=1 NUMEXPR_NUM_THREADS=1 PYTHONHASHSEED=0

.PHONY: benchmark test install dataset clean-venv

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[baselines,labelstudio,dev]'
	@touch $(STAMP)

install: $(STAMP)

dataset: $(STAMP)
	$(BIN)/kroniek build --check || $(BIN)/kroniek build

benchmark: $(STAMP)
	$(BIN)/kroniek build --check
	$(PINNED) $(BIN)/kroniek evaluate
	$(PINNED) $(BIN)/python scripts/readme_tables.py

test: $(STAMP)
	$(BIN)/python -m pytest -q

clean-venv:
	rm -rf $(VENV)

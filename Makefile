# Station PC or developer machine: `make run` and `make test` are all you need.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: install run test bench clean

install: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/radio run

test: $(STAMP)
	$(BIN)/python -m pytest -q -n 4 --dist loadgroup

bench: $(STAMP)
	$(BIN)/python bench/render.py
	$(BIN)/python bench/normalize.py
	$(BIN)/python bench/schedule.py
	$(BIN)/python bench/console.py
	$(BIN)/python bench/report.py
	$(BIN)/python bench/zones.py
	$(BIN)/python bench/offline.py
	$(BIN)/python bench/voices.py

clean:
	rm -rf $(VENV) .radio-cache audio/rendered logbook.sqlite*

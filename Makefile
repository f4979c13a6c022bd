# faktura — `make demo` runs the demo, `make test` runs the tests. Both set everything up first.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
DEMO_DIR ?= demo
# WeasyPrint's libraries (libharfbuzz-subset0 makes it ~3x faster), fonts, pdftoppm/pdftotext,
# hledger for the journal round-trip test, and chromium, the headless browser the tests open
# `report overview --html` in.
APT_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core \
	poppler-utils hledger chromium

.PHONY: all setup system-deps demo test test-fast lint bench clean
all: lint test

system-deps:
	@scripts/install-system-deps $(APT_PACKAGES)

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[test]'
	touch $@

setup: system-deps $(VENV)/.installed

demo: setup
	rm -f $(DEMO_DIR)/faktura.db $(DEMO_DIR)/faktura.db-wal $(DEMO_DIR)/faktura.db-shm
	rm -rf $(DEMO_DIR)/outbox
	$(BIN)/faktura --db $(DEMO_DIR)/faktura.db demo
	$(BIN)/faktura --db $(DEMO_DIR)/faktura.db run-due
	$(BIN)/faktura --db $(DEMO_DIR)/faktura.db recurring list
	$(BIN)/faktura --db $(DEMO_DIR)/faktura.db invoice pdf 1 -o $(DEMO_DIR)/faktura-1.pdf
	@echo "Delivered documents are in $(DEMO_DIR)/outbox/; the books in $(DEMO_DIR)/faktura.db."

test: setup
	$(BIN)/python -m mypy
	$(BIN)/python -m pytest

# The quick loop while working: everything but the tests marked slow (real processes, the
# official validators, crash and concurrency runs), on every core; under a minute.
test-fast: setup
	$(BIN)/python -m pytest -q -m "not slow" -n auto

lint: setup
	$(BIN)/ruff check src tests benchmarks

bench: setup
	@failed=0; for b in benchmarks/bench_*.py; do echo "== $$b"; $(BIN)/python $$b || failed=1; done; \
	exit $$failed

clean:
	rm -rf $(VENV) $(DEMO_DIR) .pytest_cache .ruff_cache .hypothesis

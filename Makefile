# Two commands on a fresh machine: `make demo` and `make test`. Both create .venv when missing.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: install demo test lint unit bench clean workbooks readme

# An install says nothing when all is well. The one filter: setuptools' editable install prints
# an "Editable installation" notice (information, not a warning about this project) whenever
# import names differ from folders, as orderdesk_addin/orderdesk_udfs do (addin/, udfs/).
$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	PYTHONWARNINGS="ignore:Editable installation" $(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(VENV)/bin/orderdesk demo --out demo-out

lint: $(STAMP)
	$(VENV)/bin/ruff check orderdesk addin udfs tests bench
	$(VENV)/bin/ruff format --check orderdesk addin udfs tests bench
	$(VENV)/bin/mypy orderdesk addin udfs

# Tests run on every core (pytest-xdist; WORKERS=0 runs them in this one process), a test file
# to a worker so a module's expensive fixture is built once. Each worker has its own temp folders;
# LibreOffice gets a profile per call and the sandboxes a free port, so nothing is shared.
WORKERS ?= auto
PYTEST := $(VENV)/bin/pytest -q -p no:cacheprovider -n $(WORKERS) --dist loadfile

# The slowest tests are listed at the end: where the suite's time goes, in every CI log.
unit: $(STAMP)
	$(PYTEST) --durations=30

# The fast tier while you work: ruff and the tests not marked slow (tests/conftest.py says which).
.PHONY: check
check: $(STAMP)
	$(VENV)/bin/ruff check orderdesk addin udfs tests bench
	$(VENV)/bin/ruff format --check orderdesk addin udfs tests bench
	$(PYTEST) -m "not slow"

test: lint unit

# What each test costs (CPU seconds, the processes it starts included) into tests/costs.tsv: the
# fast tier leaves out a test dearer than tests/costs.py's FAST_BUDGET. In one process, so each
# figure is the test's own; run it now and then (after adding expensive tests) and commit the file.
.PHONY: costs
costs: $(STAMP)
	$(VENV)/bin/pytest -q -p no:cacheprovider -n 0 --record-costs tests/costs.tsv

# The committed template and sample register (tests/sample checks they match the generator).
workbooks: $(STAMP)
	$(PY) -m orderdesk.sample.workbooks workbook

# The README's command reference, written from the CLI itself (a test checks that they agree).
readme: $(STAMP)
	$(PY) -m orderdesk.command_reference README.md

bench: $(STAMP)
	for b in bench/*.py; do echo "== $$b"; $(PY) $$b || exit 1; done

clean:
	rm -rf $(VENV) demo-out build *.egg-info .pytest_cache .mypy_cache .ruff_cache

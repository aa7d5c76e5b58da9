# Two commands on a fresh machine (Python 3.11): `make run` and `make test`.
# uv installs the locked dependencies (uv.lock) into .venv/; it is bootstrapped with pip when missing.

PYTHON ?= python3.11
UV := $(shell command -v uv 2>/dev/null || echo .tools/bin/uv)
VENV := .venv
# pytest-xdist processes running test files side by side (the project's machine has 2 cores)
TEST_WORKERS ?= 2
export PREFECT_SERVER_ANALYTICS_ENABLED := false

.PHONY: setup run test lint benchmark bench docs clean

setup: $(VENV)/bin/observatory

.tools/bin/uv:
	$(PYTHON) -m venv .tools
	.tools/bin/pip install --quiet uv

# --compile-bytecode: every process (crawl, Dask workers, dbt, the Prefect server) would otherwise compile the
# dependencies' sources at import, again and again where PYTHONDONTWRITEBYTECODE is set (≈ 17 CPU-s per process)
$(VENV)/bin/observatory: pyproject.toml uv.lock Makefile | $(UV)
	$(UV) sync --frozen --compile-bytecode --python $(PYTHON)
	@touch $@

run: setup  ## set everything up and run the nightly flow on the bundled sample sources
	$(VENV)/bin/observatory run

test: setup  ## run the test suite (real Scrapy, spaCy, Great Expectations, DuckDB, Prefect), files in parallel
	$(VENV)/bin/pytest -n $(TEST_WORKERS) --dist loadfile

lint: setup
	$(VENV)/bin/ruff check .

benchmark: setup  ## extraction throughput against spaCy's tokenizer alone
	$(VENV)/bin/python benchmarks/extraction_throughput.py

bench: setup  ## the night at 10k postings: wall, CPU and peak memory per stage, first and incremental night
	$(VENV)/bin/python benchmarks/nightly_scale.py --scales 10000

docs: setup  ## the warehouse's documentation and lineage (dbt docs) → data/dbt/docs/target/static_index.html
	$(VENV)/bin/python -m warehouse.docs

clean:
	rm -rf $(VENV) .tools data warehouse/observatory.duckdb reports/output

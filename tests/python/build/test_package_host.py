"""journeymap installed as a package in a host dbt project (integration_tests/package_host).

Skipped unless JOURNEYMAP_TEST_PACKAGE=1 (`make test-package` sets it, and
`make test` runs that target): the host project is copied to a clean folder,
its packages.yml pointed at this checkout, a generated raw folder loaded as
REAL DuckDB tables under the host's own schemas and table names (the
`journeymap__*_schema` / `*_identifier` vars), survey_responses switched off
(`journeymap__using_survey_responses: false`), then `dbt deps && dbt build`.
The Python models run too (journeymap importable because the Makefile installs
it into the virtualenv, as `pip install journeymap[ml]` would in a host's).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from _dbt_helpers import DBT, PROJECT, generate_raw, query

pytestmark = pytest.mark.skipif(
    os.environ.get("JOURNEYMAP_TEST_PACKAGE") != "1",
    reason="the host-project build runs with JOURNEYMAP_TEST_PACKAGE=1 (make test-package)",
)

HOST_SOURCE = PROJECT / "integration_tests" / "package_host"
PERSONS = 300


def _dbt(host: Path, env: dict, *args: str, timeout: float = 1500) -> subprocess.CompletedProcess:
    return subprocess.run(
        [DBT, *args], cwd=host, env=env, capture_output=True, text=True, timeout=timeout
    )


@pytest.fixture(scope="module")
def host_build(tmp_path_factory):
    work = Path(os.environ.get("JOURNEYMAP_PACKAGE_DIR") or tmp_path_factory.mktemp("package"))
    work.mkdir(parents=True, exist_ok=True)
    raw = generate_raw(work / "raw", persons=PERSONS, seed=11)
    host = work / "host"
    shutil.rmtree(host, ignore_errors=True)
    shutil.copytree(
        HOST_SOURCE, host, ignore=shutil.ignore_patterns("target", "logs", "dbt_packages")
    )
    # a clean directory elsewhere: the package is this checkout, by absolute path
    (host / "packages.yml").write_text(yaml.safe_dump({"packages": [{"local": str(PROJECT)}]}))
    env = {k: v for k, v in os.environ.items() if not k.startswith(("JOURNEYMAP_", "DBT_"))}
    env.update(
        {
            "JOURNEYMAP_HOST_DUCKDB_PATH": str(work / "host.duckdb"),
            "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
            "DBT_USE_COLORS": "false",
            # a raw folder in the environment must not switch the host to folder mode
            "JOURNEYMAP_RAW_DIR": str(raw),
        }
    )
    steps = {}
    for name, args in (
        ("deps", ("deps",)),
        (
            "load",
            ("run-operation", "load_landing_tables", "--args", json.dumps({"raw_dir": str(raw)})),
        ),
        ("build", ("build",)),
    ):
        proc = _dbt(host, env, *args)
        steps[name] = proc
        assert proc.returncode == 0, (
            f"dbt {name} failed:\n{proc.stdout[-6000:]}\n{proc.stderr[-2000:]}"
        )
    run_results = json.loads((host / "target" / "run_results.json").read_text())
    return {
        "work": work,
        "host": host,
        "env": env,
        "steps": steps,
        "run_results": run_results,
        "warehouse": work / "host.duckdb",
    }


def test_host_build_passes_with_its_own_tests(host_build):
    statuses = {r["unique_id"]: r["status"] for r in host_build["run_results"]["results"]}
    bad = {u: s for u, s in statuses.items() if s not in ("success", "pass", "no op", "no-op")}
    assert not bad, bad
    host_tests = [u for u in statuses if u.startswith("test.journeymap_host.")]
    assert len(host_tests) == 2 and all(statuses[u] == "pass" for u in host_tests), host_tests
    # journeymap's own data tests and unit tests ran in the host too
    assert sum(u.startswith("test.journeymap.") for u in statuses) > 300
    assert any(u.startswith("unit_test.journeymap.") for u in statuses)


def test_landing_tables_are_real_tables_under_host_names(host_build):
    rows = query(
        host_build["warehouse"],
        "select table_schema, table_name, table_type from information_schema.tables "
        "where table_schema in ('landing', 'landing_crm') order by 1, 2",
    )
    assert ("landing_crm", "src_crm_contacts", "BASE TABLE") in rows
    assert all(t == "BASE TABLE" and n.startswith("src_") for _, n, t in rows), rows
    assert "src_survey_responses" not in {n for _, n, _ in rows}
    schemas = {
        r[0]
        for r in query(
            host_build["warehouse"], "select schema_name from information_schema.schemata"
        )
    }
    # no folder-mode views, no journeymap schema named like a host's own
    assert "raw" not in schemas and "staging" not in schemas, schemas
    assert {
        "analytics",
        "analytics_staging",
        "analytics_intermediate",
        "analytics_reference",
    } <= schemas


def test_switched_off_table_is_an_empty_typed_relation(host_build):
    wh = host_build["warehouse"]
    assert query(wh, "select count(*) from analytics_staging.stg_survey__responses") == [(0,)]
    types = dict(
        query(
            wh,
            "select column_name, data_type from information_schema.columns "
            "where table_schema = 'analytics_staging' and table_name = 'stg_survey__responses'",
        )
    )
    # parsed like a real table's: the timestamp is a TIMESTAMP, not text
    assert types.get("responded_at") == "TIMESTAMP", types
    assert {"response_id", "email", "question_key", "answer"} <= set(types)
    presence = query(
        wh,
        "select distinct presence_status from analytics.fct_raw_column_presence "
        "where source_table = 'survey_responses'",
    )
    assert presence == [("table_switched_off",)]


def test_typed_and_partial_landing_tables_are_read(host_build):
    """The loader landed orders with typed columns and support tickets without
    `channel`: staged as from text, the missing optional column NULL."""
    wh = host_build["warehouse"]
    landed = dict(
        query(
            wh,
            "select column_name, data_type from information_schema.columns "
            "where table_schema = 'landing' and table_name = 'src_shop_orders'",
        )
    )
    assert landed["ordered_at"] == "TIMESTAMP WITH TIME ZONE", landed
    assert landed["order_total"].startswith("DECIMAL"), landed
    raw_orders = query(wh, "select count(*) from landing.src_shop_orders")[0][0]
    counts = query(
        wh,
        "select rows_in, rows_staged from analytics.fct_source_row_counts "
        "where source_table = 'shop_orders'",
    )
    assert counts[0][0] == raw_orders and counts[0][1] > 0, (counts, raw_orders)
    tickets = query(
        wh, "select count(*), count(channel) from analytics_staging.stg_support__tickets"
    )
    assert tickets[0][0] > 0 and tickets[0][1] == 0, tickets
    status = query(
        wh,
        "select presence_status from analytics.fct_raw_column_presence "
        "where source_table = 'support_tickets' and column_name = 'channel'",
    )
    assert status == [("column_missing",)]


def test_marts_and_ml_models_are_built(host_build):
    wh = host_build["warehouse"]
    for mart in ("customer_profiles", "customer_identity_map", "fct_orders", "customer_clusters"):
        assert query(wh, f"select count(*) from analytics.{mart}")[0][0] > 0, mart


def test_ml_models_switch_off_with_one_var(host_build):
    proc = _dbt(
        host_build["host"],
        host_build["env"],
        "ls",
        "--resource-type",
        "model",
        "--output",
        "name",
        "--vars",
        "{journeymap__using_ml: false}",
        "--quiet",
    )
    assert proc.returncode == 0, proc.stdout[-3000:]
    names = set(proc.stdout.split())
    assert "customer_profiles" in names
    assert not names & {"customer_clusters", "customer_churn_scores", "product_recommendations"}

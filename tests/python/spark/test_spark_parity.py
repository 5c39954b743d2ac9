"""The same SQL on Spark: DuckDB and Spark builds of the same raw data agree.

Skipped unless JOURNEYMAP_TEST_SPARK=1 (`make test-spark` sets it): Spark
needs Java, the .venv-spark virtualenv and a few minutes.

`make test-spark` builds the Spark side first (`dbt build --target spark`:
seeds, every SQL model, data tests) into $JOURNEYMAP_SPARK_DIR (default
artifacts/spark: raw data in raw/, tables in warehouse/<schema>.db/<table>).
This test builds the DuckDB side on the same raw folder and compares every
table model and seed both sides hold, row for row (as multisets), numbers
with a tolerance. The spec'd outputs and main marts must be among them.
When the Spark side is missing, the test builds it itself.
"""

from __future__ import annotations

import datetime as dt
import decimal
import json
import math
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(
    os.environ.get("JOURNEYMAP_TEST_SPARK") != "1",
    reason="Spark parity runs with JOURNEYMAP_TEST_SPARK=1 (make test-spark)",
)

PROJECT = Path(__file__).resolve().parents[3]
PERSONS = int(os.environ.get("JOURNEYMAP_SPARK_PERSONS", "300"))
SEED = 3
# The spec'd outputs and main marts: each must exist on both sides and agree.
REQUIRED = [
    "customer_identity_map",
    "customer_profiles",
    "customer_rfm",
    "fct_orders",
    "fct_order_items",
    "fct_sessions",
    "fct_source_row_counts",
    "fct_quarantined_records",
]
# Columns holding the build's own clock or identity (dbt's invocation_id, and
# ids hashed from it), not data: left out of the comparison.
BUILD_TIME_COLUMNS = {
    "built_at",
    "loaded_at",
    "dbt_updated_at",
    "_loaded_at",
    "run_started_at",
    "build_id",
    "data_quality_metric_id",
    # audience_memberships: build times of the member's entry / last change
    "entered_at",
    "last_updated_at",
    # the raw file a staged event came from: tracked where the raw tables are
    # files (DuckDB folder mode, incremental staging), NULL on Spark's tables
    "raw_file",
    "raw_file_rows",
}
# Erasure's own bookkeeping, which differs by design: on DuckDB the erased
# people's sessions are already deleted from the incremental tables it reads
# (macros/erasure/), on Spark (parquet, no DELETE) they are still there and
# listed here; the marts built from it agree.
ERASURE_BOOKKEEPING = {"int_web_sessions_of_erased"}
# Spark schema -> DuckDB schema (marts land in the target schema).
SCHEMA_MAP = {"journeymap": "main"}
FLOAT_DIGITS = 6


def _run(cmd, env, log: Path):
    with log.open("w") as out:
        done = subprocess.run(cmd, cwd=PROJECT, env=env, stdout=out, stderr=subprocess.STDOUT)
    if done.returncode != 0:
        tail = log.read_text().splitlines()[-40:]
        pytest.fail(f"{' '.join(map(str, cmd[:4]))} ... failed ({log}):\n" + "\n".join(tail))


@pytest.fixture(scope="module")
def builds():
    spark_dir = Path(
        os.environ.get("JOURNEYMAP_SPARK_DIR", PROJECT / "artifacts" / "spark")
    ).resolve()
    raw_dir = spark_dir / "raw"
    env = {**os.environ, "JOURNEYMAP_SPARK_DIR": str(spark_dir), "JOURNEYMAP_RAW_DIR": str(raw_dir)}
    env.pop("JOURNEYMAP_AS_OF_DATE", None)  # both sides derive it from the data
    if not (raw_dir / "crm_contacts.parquet").exists():
        spark_dir.mkdir(parents=True, exist_ok=True)
        _run(
            [
                sys.executable,
                "-m",
                "journeymap.generator",
                "--persons",
                str(PERSONS),
                "--seed",
                str(SEED),
                "--out",
                str(raw_dir),
                "--quiet",
            ],
            env,
            spark_dir / "generate.log",
        )
    warehouse = spark_dir / "warehouse"
    if not (warehouse / "journeymap.db").is_dir():
        spark_python = PROJECT / ".venv-spark" / "bin" / "python"
        if not spark_python.exists():
            pytest.fail("no .venv-spark: run `make test-spark` (it creates it)")
        _run(
            [
                str(spark_python),
                "-m",
                "journeymap.spark_raw",
                "--raw-dir",
                str(raw_dir),
                "--",
                "build",
                "--target",
                "spark",
                "--exclude",
                "resource_type:unit_test",
                "resource_type:snapshot",
                "--target-path",
                str(spark_dir / "target"),
            ],
            {**env, "DBT_LOG_PATH": str(spark_dir / "logs")},
            spark_dir / "dbt-spark.log",
        )

    duckdb_path = spark_dir / "parity.duckdb"
    if duckdb_path.exists():
        duckdb_path.unlink()
    dbt = Path(sys.executable).parent / "dbt"
    _run(
        [
            str(dbt),
            "build",
            "--target",
            "duckdb",
            "--exclude",
            "resource_type:test",
            "resource_type:unit_test",
            "path:python_models",
            "--target-path",
            str(spark_dir / "target-duckdb"),
        ],
        {
            **env,
            "JOURNEYMAP_DUCKDB_PATH": str(duckdb_path),
            "DBT_LOG_PATH": str(spark_dir / "logs-duckdb"),
        },
        spark_dir / "dbt-duckdb.log",
    )
    return warehouse, duckdb_path


def _spark_tables(warehouse: Path) -> dict[str, Path]:
    """{'schema.table' (DuckDB naming): folder} for every table the Spark build wrote."""
    tables = {}
    for schema_dir in sorted(warehouse.glob("*.db")):
        schema = schema_dir.name[:-3]
        if schema == "raw":
            continue
        for table_dir in sorted(p for p in schema_dir.iterdir() if p.is_dir()):
            if any(table_dir.glob("*.parquet")):
                tables[f"{SCHEMA_MAP.get(schema, schema)}.{table_dir.name}"] = table_dir
    return tables


def _norm(value):
    """A value in a form both engines' outputs compare equal on."""
    if value is None:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, (float, decimal.Decimal)):
        return round(float(value), FLOAT_DIGITS) + 0.0
    if isinstance(value, int):
        return float(value)
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(dt.UTC).replace(tzinfo=None)
        return value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return json.dumps([_norm(v) for v in value], default=str)
    if isinstance(value, dict):
        return json.dumps({k: _norm(v) for k, v in sorted(value.items())}, default=str)
    return str(value)


def _rows(con, sql: str):
    cur = con.execute(sql)
    columns = [d[0].lower() for d in cur.description]
    return columns, cur.fetchall()


def _multiset(columns, rows, skip):
    keep = [i for i, c in enumerate(columns) if c not in skip]
    normed = [tuple(_norm(row[i]) for i in keep) for row in rows]
    return sorted(normed, key=lambda r: tuple((v is None, str(v)) for v in r))


def _erased_rows_conditions(duckdb_path: Path) -> dict[str, str]:
    """relation -> SQL condition selecting its rows of erased customers, for
    the nodes declaring config.meta.erasure_keys (macros/erasure/). DuckDB
    deletes those rows from its incremental models after each build; on
    Spark the same models are parquet tables, which have no DELETE (the macro
    logs it, docs/spark.md): both sides are compared without them."""
    manifest = json.loads((duckdb_path.parent / "target-duckdb" / "manifest.json").read_text())
    nodes = manifest["nodes"].values()
    models = {n["name"]: n for n in nodes if n["resource_type"] == "model"}
    erased = "{schema}.{alias}".format(**models["int_customers_erased"])
    lookup = "{schema}.{alias}".format(**models["int_identity_identifier_lookup"])
    records = "{schema}.{alias}".format(**models["int_identity_records_resolved"])
    conditions = {}
    for node in nodes:
        keys = node["config"].get("meta", {}).get("erasure_keys") or []
        if node["resource_type"] != "model" or not keys:
            continue
        parts = []
        for key in keys:
            if key["identifier_type"] == "customer_id":
                matched = f"{key['column']} in (select customer_id from {erased})"
            elif key["identifier_type"] == "record_key":
                matched = (
                    f"{key['column']} in (select r.record_key from {records} as r"
                    f" inner join {erased} as e on r.customer_id = e.customer_id)"
                )
            else:
                matched = (
                    f"{key['column']} in (select l.identifier_value from {lookup} as l"
                    f" inner join {erased} as e on l.customer_id = e.customer_id"
                    f" where l.identifier_type = '{key['identifier_type']}')"
                )
            if key.get("where"):
                matched = f"({key['where']}) and {matched}"
            parts.append(f"({matched})")
        conditions[f"{node['schema']}.{node['alias']}"] = " or ".join(parts)
    return conditions


def test_spark_matches_duckdb(builds):
    import duckdb

    warehouse, duckdb_path = builds
    spark_tables = _spark_tables(warehouse)
    erased_rows = _erased_rows_conditions(duckdb_path)
    con = duckdb.connect(str(duckdb_path), read_only=True)
    duck_tables = {
        f"{s}.{t}"
        for s, t in con.execute(
            "select table_schema, table_name from information_schema.tables"
            " where table_type = 'BASE TABLE'"
        ).fetchall()
    }
    common = sorted(set(spark_tables) & duck_tables)
    missing = [name for name in REQUIRED if not any(t.endswith("." + name) for t in common)]
    only_duckdb = sorted(t for t in duck_tables - set(spark_tables) if not t.startswith("raw."))

    report, mismatches = [], []
    for name in common:
        if name.split(".")[-1] in ERASURE_BOOKKEEPING:
            continue
        kept = f" where not coalesce(({erased_rows[name]}), false)" if name in erased_rows else ""
        spark_columns, spark_rows = _rows(
            con, f"select * from read_parquet('{spark_tables[name]}/*.parquet'){kept}"
        )
        duck_columns, duck_rows = _rows(con, f"select * from {name}{kept}")
        if sorted(spark_columns) != sorted(duck_columns):
            mismatches.append(
                f"{name}: columns differ: spark-only "
                f"{sorted(set(spark_columns) - set(duck_columns))}, "
                f"duckdb-only {sorted(set(duck_columns) - set(spark_columns))}"
            )
            continue
        # Same column order on both sides before comparing rows.
        order = [spark_columns.index(c) for c in duck_columns]
        spark_rows = [tuple(row[i] for i in order) for row in spark_rows]
        left = _multiset(duck_columns, duck_rows, BUILD_TIME_COLUMNS)
        right = _multiset(duck_columns, spark_rows, BUILD_TIME_COLUMNS)
        report.append(f"{name}: {len(left)} rows (duckdb) / {len(right)} (spark)")
        if left != right:
            right_set, left_set = set(right), set(left)
            only_left = [r for r in left if r not in right_set][:3]
            only_right = [r for r in right if r not in left_set][:3]
            mismatches.append(
                f"{name}: rows differ ({len(left)} duckdb vs {len(right)} spark); "
                f"columns {duck_columns}\n"
                f"    duckdb only, e.g. {only_left}\n    spark only, e.g. {only_right}"
            )
    print("\n".join(report))
    if only_duckdb:
        print("tables built on DuckDB only:", ", ".join(only_duckdb))
    assert not missing, f"spec'd outputs missing from the comparison: {missing}"
    assert not mismatches, "\n".join(mismatches)

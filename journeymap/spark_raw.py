"""Locate the raw tables for the dbt `spark` target (local Spark, `method: session`).

On DuckDB, `register_raw_sources()` lists the raw folder and creates the raw
views at `on-run-start`. Spark SQL cannot list a folder, so this module does
the listing (and the contract's required-table check) and hands the result to
the same hook as var `spark_raw_tables`; `spark__register_raw_sources()` then
creates, in the dbt process's own Spark catalog, an external table over each
table's files and a view with the contract's columns as strings, at the
source's schema and identifier (vars `journeymap__<source>_schema`,
`journeymap__<table>_identifier`; Spark has no database level, so a
`journeymap__<source>_database` var is refused there). Paths reach SQL only
as escaped literals, so folders such as `/data/o'brien raw` work.

    # print the --vars value
    python -m journeymap.spark_raw --raw-dir artifacts/spark/raw
    # or run dbt (from the same virtualenv) with it
    python -m journeymap.spark_raw --raw-dir artifacts/spark/raw -- build --target spark

Why not register from here in a SparkSession of its own: the local target uses
Spark's in-memory catalog (a Derby Hive metastore costs about a second per
catalog call, which made a build several times slower), and an in-memory
catalog lives and dies with the dbt process. Only the standard library is
used, so it runs in either virtualenv.
"""

from __future__ import annotations

import argparse
import glob
import json
import os
import shutil
import sys
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent


class RawContractError(Exception):
    """The raw folder does not satisfy the raw contract."""


def contract_tables(project_dir: Path = PROJECT_DIR) -> dict[str, bool]:
    """{table: required} from models/staging/*/_*__sources.yml (the one place of the contract)."""
    import yaml  # PyYAML: installed with dbt in both virtualenvs

    tables = {}
    for path in sorted(
        glob.glob(str(project_dir / "models" / "staging" / "*" / "_*__sources.yml"))
    ):
        doc = yaml.safe_load(Path(path).read_text()) or {}
        for source in doc.get("sources") or []:
            for table in source.get("tables") or []:
                meta = table.get("meta") or (table.get("config") or {}).get("meta") or {}
                # files are named by the contract name; `identifier` (a
                # journeymap__<table>_identifier var) only names the view
                tables[table["name"]] = bool(meta.get("contract_required", False))
    if not tables:
        raise RawContractError(f"no sources yml found under {project_dir}/models/staging")
    return tables


def find_files(raw_dir: Path, table: str) -> dict | None:
    """{format, path} of a raw table in raw_dir, or None (same precedence as on DuckDB)."""
    if (raw_dir / f"{table}.parquet").is_file():
        return {"format": "parquet", "path": str(raw_dir / f"{table}.parquet")}
    if (raw_dir / f"{table}.csv").is_file():
        return {"format": "csv", "path": str(raw_dir / f"{table}.csv")}
    folder = raw_dir / table
    if folder.is_dir() and any(folder.rglob("*.parquet")):
        return {"format": "parquet", "path": str(folder)}
    return None


def locate(raw_dir: Path, project_dir: Path = PROJECT_DIR) -> dict:
    """The dbt vars for the spark target: spark_raw_tables (present tables) and spark_raw_dir."""
    raw_dir = Path(raw_dir).resolve()
    if not raw_dir.is_dir():
        raise RawContractError(
            f"raw folder '{raw_dir}' does not exist (set --raw-dir or JOURNEYMAP_RAW_DIR)"
        )
    located = {}
    for table, required in sorted(contract_tables(project_dir).items()):
        found = find_files(raw_dir, table)
        if found is not None:
            located[table] = found
        elif required:
            raise RawContractError(
                f"Required raw table '{table}' not found in '{raw_dir}'. Expected {table}.parquet, "
                f"{table}.csv or a folder {table}/ of Parquet files. Point JOURNEYMAP_RAW_DIR "
                f"at the folder of raw tables, or generate demo data with "
                f"`python -m journeymap.generator --out {raw_dir}`."
            )
    return {"spark_raw_dir": str(raw_dir), "spark_raw_tables": located}


def main(argv=None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    dbt_args = []
    if "--" in argv:
        cut = argv.index("--")
        argv, dbt_args = argv[:cut], argv[cut + 1 :]
    parser = argparse.ArgumentParser(
        prog="python -m journeymap.spark_raw",
        description=(
            "List the raw tables of a folder for the dbt `spark` target and print the --vars value "
            "that makes its on-run-start hook register them in Spark; with `-- DBT ARGS`, run dbt "
            "with those vars instead."
        ),
        epilog="example: python -m journeymap.spark_raw --raw-dir data/raw -- build --target spark",
    )
    parser.add_argument(
        "--raw-dir",
        default=os.environ.get("JOURNEYMAP_RAW_DIR", "data/raw"),
        help="folder of raw tables: <table>.parquet, <table>.csv or <table>/ of Parquet files "
        "(default: $JOURNEYMAP_RAW_DIR or data/raw)",
    )
    args = parser.parse_args(argv)
    try:
        dbt_vars = locate(Path(args.raw_dir))
    except RawContractError as exc:
        print(f"journeymap: {exc}", file=sys.stderr)
        return 2
    text = json.dumps(dbt_vars, sort_keys=True)
    if not dbt_args:
        print(text)
        return 0
    dbt = Path(sys.executable).parent / "dbt"
    dbt = str(dbt) if dbt.exists() else shutil.which("dbt")
    if dbt is None:
        print("journeymap: dbt not found next to this Python or on PATH", file=sys.stderr)
        return 2
    os.execv(dbt, [dbt, *dbt_args, "--vars", text])
    return 0  # not reached


if __name__ == "__main__":
    sys.exit(main())

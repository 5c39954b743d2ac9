"""Run the project's similarity macros over string pairs on one engine.

A helper of test_spark_similarity.py, run with the Python of the engine's
virtualenv (dbt-duckdb in .venv, dbt-spark + pyspark in .venv-spark):

    python tests/python/spark/similarity_engines.py --target spark PAIRS.json OUT.json

PAIRS.json is a list of [left, right] (strings or null). dbt compiles
`jaro_winkler` and `phonetic_key` for the target exactly as models use them;
the compiled query runs over the pairs and OUT.json gets one
{"jaro_winkler": float|null, "phonetic_left": str|null, "phonetic_right": ...}
per pair, in order. Only the standard library, dbt and the engine's own
Python package are used.
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[3]
QUERY = """
select
    pair_id,
    {{ journeymap.jaro_winkler('left_value', 'right_value') }} as jaro_winkler,
    {{ journeymap.phonetic_key('left_value') }} as phonetic_left,
    {{ journeymap.phonetic_key('right_value') }} as phonetic_right
from string_pairs
"""


def compile_query(target: str, work: Path) -> str:
    from dbt.cli.main import dbtRunner

    os.environ["JOURNEYMAP_DUCKDB_PATH"] = str(work / "similarity.duckdb")
    os.environ["JOURNEYMAP_SPARK_DIR"] = str(work / "spark")
    os.environ["DBT_LOG_PATH"] = str(work / "logs")
    result = dbtRunner().invoke(
        [
            "compile",
            "--quiet",
            "--target",
            target,
            "--target-path",
            str(work / "target"),
            "--project-dir",
            str(PROJECT),
            "--profiles-dir",
            str(PROJECT),
            "--inline",
            QUERY,
        ]
    )
    if not result.success:
        raise SystemExit(f"dbt compile failed: {result.exception}")
    return result.result.results[0].node.compiled_code


def run_duckdb(sql: str, pairs: list) -> list:
    import duckdb

    con = duckdb.connect()
    con.execute(
        "create table string_pairs (pair_id integer, left_value varchar, right_value varchar)"
    )
    con.executemany(
        "insert into string_pairs values (?, ?, ?)", [(i, a, b) for i, (a, b) in enumerate(pairs)]
    )
    return con.execute(f"select * from ({sql}) order by pair_id").fetchall()


def run_spark(sql: str, pairs: list) -> list:
    from pyspark.sql import SparkSession

    # dbt-spark `method: session` created the session with the profile's settings.
    spark = SparkSession.builder.getOrCreate()
    spark.createDataFrame(
        [(i, a, b) for i, (a, b) in enumerate(pairs)],
        "pair_id int, left_value string, right_value string",
    ).createOrReplaceTempView("string_pairs")
    return [tuple(row) for row in spark.sql(f"select * from ({sql}) order by pair_id").collect()]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--target", choices=["duckdb", "spark"], required=True)
    parser.add_argument("pairs", type=Path)
    parser.add_argument("out", type=Path)
    args = parser.parse_args()
    pairs = json.loads(args.pairs.read_text())
    with tempfile.TemporaryDirectory() as tmp:
        sql = compile_query(args.target, Path(tmp))
        if args.target == "spark":
            rows = run_spark(sql, pairs)
        else:
            rows = run_duckdb(sql, pairs)
    args.out.write_text(
        json.dumps(
            [
                {"jaro_winkler": jw, "phonetic_left": left, "phonetic_right": right}
                for _, jw, left, right in rows
            ]
        )
    )


if __name__ == "__main__":
    main()

"""Print what a build produced: where the warehouse is, key mart sizes, test
results and the quarantine by reason.

    python -m journeymap.summary --warehouse warehouse/journeymap.duckdb
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections import Counter
from pathlib import Path

import duckdb

KEY_MARTS = [
    "customer_identity_map",
    "customer_profiles",
    "customer_rfm",
    "fct_orders",
    "fct_sessions",
    "customer_segments",
    "next_best_actions",
]


def _relations(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    rows = con.execute(
        "select table_name, table_schema from information_schema.tables"
    ).fetchall()
    return {name: schema for name, schema in rows}


def test_results(run_results: Path) -> Counter:
    """Count dbt node statuses of tests (data and unit) in a run_results.json."""
    if not run_results.exists():
        return Counter()
    results = json.loads(run_results.read_text())["results"]
    return Counter(
        r["status"] for r in results if r["unique_id"].split(".")[0] in ("test", "unit_test")
    )


def summarize(warehouse: Path, run_results: Path) -> str:
    lines = [f"Warehouse: {warehouse.resolve()}"]
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        relations = _relations(con)
        lines.append("Key marts (rows):")
        for name in KEY_MARTS:
            if name in relations:
                count = con.execute(f'select count(*) from "{relations[name]}"."{name}"').fetchall()
                lines.append(f"  {name:<28}{count[0][0]:>12,}")
        if "fct_source_row_counts" in relations:
            schema = relations["fct_source_row_counts"]
            lines.append("Rows per source (in = staged + quarantined + deduplicated):")
            rows = con.execute(
                f'select source_table, rows_in, rows_staged, rows_quarantined, rows_deduplicated, '
                f'values_nulled from "{schema}".fct_source_row_counts order by source_table'
            ).fetchall()
            header = ("source", "in", "staged", "quarant.", "dedup", "nulled")
            lines.append(f"  {header[0]:<22}{header[1]:>11}{header[2]:>11}"
                         + "".join(f"{h:>10}" for h in header[3:]))
            for row in rows:
                lines.append(f"  {row[0]:<22}" + "".join(f"{v:>11,}" for v in row[1:3])
                             + "".join(f"{v:>10,}" for v in row[3:]))
        if "fct_quarantined_records" in relations:
            schema = relations["fct_quarantined_records"]
            rows = con.execute(
                "select quarantine_action, reason, count(*) "
                f'from "{schema}".fct_quarantined_records group by all order by 1, 3 desc, 2'
            ).fetchall()
            lines.append("Quarantine by reason:")
            for action, reason, count in rows:
                lines.append(f"  {action:<14}{reason:<28}{count:>10,}")
    finally:
        con.close()
    statuses = test_results(run_results)
    if statuses:
        lines.append("Tests: " + ", ".join(f"{n} {s}" for s, n in sorted(statuses.items())))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m journeymap.summary", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument(
        "--warehouse",
        type=Path,
        default=Path(os.environ.get("JOURNEYMAP_DUCKDB_PATH", "warehouse/journeymap.duckdb")),
        help="DuckDB warehouse file (default: $JOURNEYMAP_DUCKDB_PATH)",
    )
    parser.add_argument(
        "--run-results",
        type=Path,
        default=Path("target/run_results.json"),
        help="dbt run_results.json to count test results from",
    )
    args = parser.parse_args(argv)
    if not args.warehouse.exists():
        print(
            f"No warehouse at {args.warehouse}. Run `make build` first "
            "(or set JOURNEYMAP_DUCKDB_PATH).",
            file=sys.stderr,
        )
        return 1
    print(summarize(args.warehouse, args.run_results))
    return 0


if __name__ == "__main__":
    sys.exit(main())

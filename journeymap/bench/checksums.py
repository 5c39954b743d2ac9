"""Checksum every table and view of a DuckDB warehouse, to prove two builds equal.

    python -m journeymap.bench.checksums --warehouse warehouse/journeymap.duckdb > before.tsv
    python -m journeymap.bench.checksums --warehouse other.duckdb > after.tsv
    diff before.tsv after.tsv

One line per relation: schema.name, row count, and an order-independent hash
of its rows (the sum of each row's hash, so row order, which SQL does not
fix, does not matter). Columns are hashed by name in sorted order, so a
column moved within a table does not change the checksum but a changed value,
type rendering or a renamed column does. Columns that only record when or in
which build a row was written are left out (--exclude-columns), and floating
columns are rounded (--float-digits), so two builds of the same raw data
compare equal.
"""

from __future__ import annotations

import argparse
import sys

import duckdb

# Columns that record when or in which build a row was written, not what the
# build computed: two builds of the same data differ there and nowhere else
# (audience_changes, audience_memberships, fct_data_quality_history and the
# snapshot's dbt_* columns; data_quality_metric_id hashes the build id).
DEFAULT_EXCLUDED = (
    "build_id",
    "built_at",
    "entered_at",
    "last_updated_at",
    "data_quality_metric_id",
    "invocation_id",
    "dbt_updated_at",
    "dbt_valid_from",
    "dbt_valid_to",
    "dbt_scd_id",
)
# Sums of doubles depend on the order threads add them (1e-14 apart between
# two builds of fct_action_uplift): floating columns are hashed rounded.
DEFAULT_FLOAT_DIGITS = 6


def checksums(
    warehouse: str,
    excluded: tuple[str, ...] = DEFAULT_EXCLUDED,
    float_digits: int = DEFAULT_FLOAT_DIGITS,
) -> list[tuple[str, int, str]]:
    """(schema.name, rows, hash) for every table and view, sorted by name."""
    con = duckdb.connect(warehouse, read_only=True)
    try:
        relations = con.execute(
            "select table_schema, table_name from information_schema.tables "
            "where table_catalog = current_database() order by 1, 2"
        ).fetchall()
        out = []
        for schema, name in relations:
            columns = con.execute(
                "select column_name, data_type from information_schema.columns "
                "where table_catalog = current_database() "
                "and table_schema = ? and table_name = ? "
                "order by column_name",
                [schema, name],
            ).fetchall()
            values = []
            for column, data_type in columns:
                if column.lower() in excluded:
                    continue
                quoted = '"' + column.replace('"', '""') + '"'
                if data_type in ("DOUBLE", "FLOAT", "REAL"):
                    quoted = f"round({quoted}, {int(float_digits)})"
                values.append(quoted)
            relation = f'"{schema}"."{name}"'
            row_hash = f"hash(row({', '.join(values)}))::hugeint" if values else "0"
            rows, digest = con.execute(
                f"select count(*), coalesce(sum({row_hash}), 0) from {relation}"
            ).fetchone()
            out.append((f"{schema}.{name}", int(rows), str(digest)))
        return out
    finally:
        con.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m journeymap.bench.checksums",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--warehouse", required=True, help="DuckDB file to read (opened read-only)")
    parser.add_argument(
        "--exclude-columns",
        default=",".join(DEFAULT_EXCLUDED),
        help="comma-separated column names left out of the hash (default: %(default)s)",
    )
    parser.add_argument(
        "--float-digits",
        type=int,
        default=DEFAULT_FLOAT_DIGITS,
        help="decimals floating columns are rounded to before hashing (default: %(default)s)",
    )
    args = parser.parse_args(argv)
    excluded = tuple(c.strip().lower() for c in args.exclude_columns.split(",") if c.strip())
    for name, rows, digest in checksums(args.warehouse, excluded, args.float_digits):
        sys.stdout.write(f"{name}\t{rows}\t{digest}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

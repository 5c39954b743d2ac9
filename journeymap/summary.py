"""Print what THIS build produced: whether it passed (and if not, which nodes
failed), warnings (warn tests, missing raw columns, switched-off tables), where
the warehouse is, key mart sizes, test results and the quarantine by reason.

    python -m journeymap.summary --warehouse warehouse/journeymap.duckdb \\
        --run-results target/run_results.json --started-at 2026-12-02T10:00:00Z

Everything about the build comes from the run_results.json of this dbt
invocation: with --started-at, a run_results.json written before that moment
(left by an earlier build, e.g. when this one stopped before running any node)
is refused instead of being described as this build. Mart sizes are shown
only for the marts this invocation built; a mart that failed or was skipped
is named as such, never counted from a previous build's table.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
from collections import Counter
from dataclasses import dataclass, field
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
PRESENCE_MART = "fct_raw_column_presence"
# dbt node statuses that mean "this node broke the build"
FAILED_STATUSES = {"error", "fail", "runtime error"}
SUCCESS_STATUSES = {"success", "pass", "no op", "no-op"}


@dataclass
class BuildResults:
    """The parts of one run_results.json the summary reads."""

    path: Path
    invocation_id: str | None = None
    generated_at: dt.datetime | None = None
    elapsed_seconds: float | None = None
    statuses: dict[str, str] = field(default_factory=dict)
    messages: dict[str, str] = field(default_factory=dict)
    failures: dict[str, int | None] = field(default_factory=dict)

    @property
    def failed(self) -> dict[str, str]:
        return {u: s for u, s in self.statuses.items() if s in FAILED_STATUSES}

    @property
    def warned(self) -> dict[str, str]:
        return {u: s for u, s in self.statuses.items() if s == "warn"}

    def model_status(self, name: str) -> str | None:
        """Status of model `name` in this build (any package), None if not in it."""
        for unique_id, status in self.statuses.items():
            parts = unique_id.split(".")
            if parts[0] == "model" and parts[-1] == name:
                return status
        return None

    def test_counts(self) -> Counter:
        return Counter(
            s for u, s in self.statuses.items() if u.split(".")[0] in ("test", "unit_test")
        )


class StaleResults(Exception):
    """run_results.json does not describe the build that was just run."""


def _parse_time(text: str) -> dt.datetime:
    value = dt.datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


def read_run_results(path: Path, started_at: dt.datetime | None = None) -> BuildResults:
    """Read a run_results.json; with started_at, refuse one written before it."""
    if not path.exists():
        raise StaleResults(
            f"no {path}: dbt stopped before running any node (see its error above), or wrote "
            "its results elsewhere (pass --run-results, or set DBT_TARGET_PATH)"
        )
    doc = json.loads(path.read_text())
    metadata = doc.get("metadata") or {}
    results = BuildResults(path=path, invocation_id=metadata.get("invocation_id"))
    if metadata.get("generated_at"):
        results.generated_at = _parse_time(metadata["generated_at"])
    results.elapsed_seconds = doc.get("elapsed_time")
    if started_at is not None and (
        results.generated_at is None
        # one second of slack: --started-at is written with second resolution
        or results.generated_at < started_at - dt.timedelta(seconds=1)
    ):
        raise StaleResults(
            f"{path} was written at {metadata.get('generated_at')}, before this build started "
            f"({started_at.isoformat()}): it describes an earlier build. This build stopped "
            "before running any node; see dbt's error above"
        )
    for row in doc.get("results") or []:
        results.statuses[row["unique_id"]] = str(row.get("status")).replace("-", " ")
        results.messages[row["unique_id"]] = (row.get("message") or "").strip()
        results.failures[row["unique_id"]] = row.get("failures")
    return results


def _relations(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    rows = con.execute("select table_name, table_schema from information_schema.tables").fetchall()
    return {name: schema for name, schema in rows}


def _node_label(unique_id: str) -> str:
    parts = unique_id.split(".")
    return f"{parts[0]} {parts[-1]}"


def build_lines(results: BuildResults) -> list[str]:
    """Build status, failing nodes and warn tests of this invocation."""
    failed, warned = results.failed, results.warned
    when = results.generated_at.strftime("%Y-%m-%d %H:%M:%S UTC") if results.generated_at else "?"
    head = "FAILED" if failed else "OK"
    lines = [f"Build: {head} (dbt invocation {results.invocation_id}, finished {when})"]
    if failed:
        lines.append(f"Failing nodes ({len(failed)}):")
        for unique_id in sorted(failed):
            message = results.messages.get(unique_id, "").splitlines()
            first = next((m.strip() for m in message if m.strip()), "")
            lines.append(
                f"  {failed[unique_id]:<8}{_node_label(unique_id)}"
                + (f": {first[:160]}" if first else "")
            )
        skipped = sum(1 for s in results.statuses.values() if s == "skipped")
        if skipped:
            lines.append(f"  ({skipped:,} nodes skipped because of them)")
    if warned:
        lines.append(f"Warnings ({len(warned)} warn tests):")
        for unique_id in sorted(warned):
            count = results.failures.get(unique_id)
            lines.append(
                f"  WARN    {_node_label(unique_id)}"
                + (f" ({count:,} rows)" if count is not None else "")
            )
    return lines


def raw_column_lines(con: duckdb.DuckDBPyConnection, schema: str) -> list[str]:
    """Missing raw columns, absent and switched-off tables (fct_raw_column_presence)."""
    rows = con.execute(
        f"select source_table, column_name, presence_status, is_identity_critical "
        f"from \"{schema}\".{PRESENCE_MART} where presence_status <> 'present' "
        "order by presence_status, source_table, column_name"
    ).fetchall()
    lines = []
    missing = [(t, c, crit) for t, c, s, crit in rows if s == "column_missing"]
    if missing:
        lines.append("Raw columns missing (read as NULL):")
        for table, column, critical in missing:
            flag = "  <- identity-critical (warn test)" if critical else ""
            lines.append(f"  {table}.{column}{flag}")
    for status, title in (
        ("table_missing", "Optional raw tables absent (read as empty)"),
        ("table_switched_off", "Raw tables switched off (journeymap__using_<table>: false)"),
    ):
        tables = sorted({t for t, _, s, _ in rows if s == status})
        if tables:
            lines.append(f"{title}: " + ", ".join(tables))
    return lines


def warehouse_lines(warehouse: Path, results: BuildResults | None) -> list[str]:
    lines = [f"Warehouse: {warehouse.resolve()}"]
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        relations = _relations(con)

        def built(name: str) -> bool:
            if results is None:
                return name in relations
            return results.model_status(name) == "success" and name in relations

        if built(PRESENCE_MART):
            lines.extend(raw_column_lines(con, relations[PRESENCE_MART]))
        lines.append("Key marts (rows):")
        for name in KEY_MARTS:
            if built(name):
                count = con.execute(f'select count(*) from "{relations[name]}"."{name}"').fetchall()
                lines.append(f"  {name:<28}{count[0][0]:>12,}")
            else:
                status = results.model_status(name) if results is not None else None
                why = f" ({status})" if status else ""
                lines.append(f"  {name:<28}{'not built in this build' + why:>12}")
        if built("fct_source_row_counts"):
            schema = relations["fct_source_row_counts"]
            lines.append("Rows per source (in = staged + quarantined + deduplicated):")
            rows = con.execute(
                f"select source_table, rows_in, rows_staged, rows_quarantined, rows_deduplicated, "
                f'values_nulled from "{schema}".fct_source_row_counts order by source_table'
            ).fetchall()
            header = ("source", "in", "staged", "quarant.", "dedup", "nulled")
            lines.append(
                f"  {header[0]:<22}{header[1]:>11}{header[2]:>11}"
                + "".join(f"{h:>10}" for h in header[3:])
            )
            for row in rows:
                lines.append(
                    f"  {row[0]:<22}"
                    + "".join(f"{v:>11,}" for v in row[1:3])
                    + "".join(f"{v:>10,}" for v in row[3:])
                )
        if built("fct_quarantined_records"):
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
    return lines


def summarize(
    warehouse: Path, run_results: Path, started_at: dt.datetime | None = None
) -> tuple[str, bool]:
    """(summary text, build ok). The build is not ok when it failed or left no results."""
    lines: list[str] = []
    try:
        results = read_run_results(run_results, started_at)
    except StaleResults as exc:
        lines.append(f"Build: FAILED ({exc}).")
        return "\n".join(lines), False
    build = build_lines(results)
    lines.extend(build)
    if warehouse.exists():
        lines.extend(warehouse_lines(warehouse, results))
    else:
        lines.append(f"No warehouse at {warehouse}.")
    statuses = results.test_counts()
    if statuses:
        lines.append("Tests: " + ", ".join(f"{n} {s}" for s, n in sorted(statuses.items())))
    # repeated last: a long summary must not bury them
    if results.failed:
        lines.append(f"Build FAILED: {len(results.failed)} failing nodes (listed at the top).")
    elif results.warned:
        lines.append(f"Build OK with {len(results.warned)} warn tests (listed at the top).")
    return "\n".join(lines), not results.failed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m journeymap.summary",
        description=__doc__.split("\n\n")[0],
        epilog="Exit status 1 when the build failed or left no run_results.json of its own.",
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
        default=Path(os.environ.get("DBT_TARGET_PATH", "target")) / "run_results.json",
        help="run_results.json of the build to describe (default: $DBT_TARGET_PATH or target/)",
    )
    parser.add_argument(
        "--started-at",
        type=_parse_time,
        default=None,
        help="when the build started (ISO 8601, e.g. 2026-12-02T10:00:00Z): an older "
        "run_results.json is refused as a previous build's",
    )
    args = parser.parse_args(argv)
    if not args.warehouse.exists() and not args.run_results.exists():
        print(
            f"No warehouse at {args.warehouse} and no {args.run_results}. Run `make build` first "
            "(or set JOURNEYMAP_DUCKDB_PATH).",
            file=sys.stderr,
        )
        return 1
    text, ok = summarize(args.warehouse, args.run_results, args.started_at)
    print(text)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

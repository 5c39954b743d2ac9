"""Cut a raw folder by load day: the one place that decides which day a raw row arrived.

Two uses share the rules below (the day-file names, the load-time columns):

- `split` (tests/python and the command line) copies a raw folder as a daily
  load would have delivered it before a day:

      python -m journeymap.bench.daycut --raw-dir data/raw --before 2026-06-30 --out /tmp/raw_early

- `prepare_split` / `append_last_day` (the benchmark) hold back the last day
  and deliver it later.

`split`: a row's load day is, for tables delivered as a folder of day files
(`web_events/2026-06-29.parquet`), the file's day (late events sit in the
file of the day they arrived); for event tables in one file, the day of their
first load-time column (LOAD_COLUMNS) that starts with an ISO date (an order
version is loaded when it is updated); a row where none does is taken as
loaded on the first day (it is in every cut). Other tables (CRM, accounts,
products, rates, ...) are reference data and copied whole. The ground truth
and the generator's manifest are not copied (models never read them). Same
input, same output.

The benchmark's incremental step builds on the first part, then appends the
last day and builds again without a full refresh. `prepare_split` lays out
`dst` with every raw table of `src` (hard links where possible, so nothing
large is copied) except the last day of the event tables, which it writes to
`pending/`; `append_last_day` moves those files into `dst`.

Event tables and how the benchmark assigns a row to the last day:

- `web_events`, delivered as a folder of one file per day (`2026-06-30.parquet`):
  by file, as a loader would receive it. As a single file: by `event_at`.
- `email_events`: by `event_at`.
- `shop_orders`: by `coalesce(updated_at, ordered_at)` (a status change on the
  last day is a new row version delivered that day).
  These are the LOAD_COLUMNS of BENCH_SPLIT_TABLES.
- `shop_order_items`: the items of orders whose every version is on the last day.

A timestamp that does not parse keeps its row in the first part. Tables split
by timestamp become folders (`<table>/before-<day>.parquet`, then
`<table>/<day>.parquet`), which the raw contract allows for any table. Every
other table (CRM, accounts, consent, ...) is the same in both builds.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

MANIFEST = "generation_manifest.json"
# Event tables delivered as one file: the columns giving a row's load time,
# first non-empty one wins.
LOAD_COLUMNS: dict[str, tuple[str, ...]] = {
    "web_events": ("event_at",),
    "email_events": ("event_at",),
    "shop_orders": ("updated_at", "ordered_at"),
    "consent_events": ("event_at",),
    "erasure_requests": ("requested_at",),
    "support_tickets": ("opened_at",),
    "survey_responses": ("responded_at",),
}
# The benchmark's extra day touches only the high-volume event tables: the
# figure it measures is an incremental build, and consent, tickets and
# surveys are not incremental models.
BENCH_SPLIT_TABLES = ("web_events", "email_events", "shop_orders")
TIMESTAMP_SPLITS: dict[str, str] = {
    table: "coalesce(" + ", ".join(f"nullif(trim({c}), '')" for c in LOAD_COLUMNS[table]) + ")"
    for table in BENCH_SPLIT_TABLES
}
ITEMS = "shop_order_items"
NOT_COPIED = {"truth_identities", "generation_manifest"}
DAY_FILE = re.compile(r"^(\d{4}-\d{2}-\d{2})")
ISO_DATE = r"^\s*(?P<day>\d{4}-\d{2}-\d{2})"


@dataclass
class SplitPlan:
    src: Path
    dst: Path
    last_day: dt.date
    pending: Path
    # table -> (rows before the last day, rows on it)
    rows: dict[str, tuple[int, int]] = field(default_factory=dict)
    appended: bool = False

    def as_dict(self) -> dict:
        return {
            "src": str(self.src),
            "dst": str(self.dst),
            "last_day": self.last_day.isoformat(),
            "rows": {t: {"before": b, "last_day": n} for t, (b, n) in self.rows.items()},
        }


def _link(src: Path, dst: Path) -> None:
    """Hard link `src` to `dst` (same file system), else copy."""
    dst.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(src, dst)
    except OSError:
        shutil.copy2(src, dst)


def table_files(raw_dir: Path) -> dict[str, list[Path]]:
    """Raw tables in a folder: name -> files (`<t>.parquet`, `<t>.csv`, `<t>/*.parquet`)."""
    tables: dict[str, list[Path]] = {}
    for entry in sorted(raw_dir.iterdir()):
        if entry.is_dir():
            files = sorted(entry.rglob("*.parquet"))
            if files:
                tables[entry.name] = files
        elif entry.suffix in (".parquet", ".csv"):
            tables.setdefault(entry.stem, []).append(entry)
    return tables


def scan_expression(files: list[Path]) -> str:
    """A DuckDB table expression reading `files` (all columns as the files hold them)."""
    if len(files) == 1 and files[0].suffix == ".csv":
        return f"read_csv('{files[0]}', header = true, all_varchar = true)"
    listed = ", ".join(f"'{f}'" for f in files)
    return f"read_parquet([{listed}], union_by_name = true)"


def _day_of_file(path: Path) -> dt.date | None:
    """The day a day file (`2026-06-29.parquet`) was delivered, None for any other name."""
    match = DAY_FILE.match(path.name)
    if match is None:
        return None
    try:
        return dt.date.fromisoformat(match.group(1))
    except ValueError:
        return None


def find_last_day(raw_dir: Path) -> dt.date:
    """The last day of the data: the latest day-file of web_events, else the manifest."""
    days = [d for f in (raw_dir / "web_events").glob("*.parquet") if (d := _day_of_file(f))]
    if days:
        return max(days)
    manifest = raw_dir / MANIFEST
    if manifest.is_file():
        end = json.loads(manifest.read_text()).get("end_date")
        if end:
            return dt.date.fromisoformat(end)
    raise ValueError(
        f"cannot tell the last day of {raw_dir}: no web_events/<YYYY-MM-DD>.parquet files and "
        f"no {MANIFEST} with an end_date. Pass last_day explicitly (bench: --skip-incremental "
        "to build without the split)."
    )


def _copy(con: duckdb.DuckDBPyConnection, query: str, out: Path) -> int:
    out.parent.mkdir(parents=True, exist_ok=True)
    con.execute(f"copy ({query}) to '{out}' (format parquet, compression zstd)")
    return con.execute(f"select count(*) from read_parquet('{out}')").fetchall()[0][0]


def prepare_split(src: Path, dst: Path, last_day: dt.date | None = None) -> SplitPlan:
    """Lay out `dst` as `src` without its last day; the last day waits in `dst/../pending`."""
    src, dst = Path(src), Path(dst)
    if not src.is_dir():
        raise ValueError(
            f"raw folder {src} does not exist; generate one first "
            "(python -m journeymap.generator --out ...)"
        )
    day = last_day or find_last_day(src)
    pending = dst.parent / (dst.name + "-pending")
    for folder in (dst, pending):
        if folder.exists():
            shutil.rmtree(folder)
        folder.mkdir(parents=True)
    plan = SplitPlan(src=src, dst=dst, last_day=day, pending=pending)
    con = duckdb.connect()
    con.execute("set TimeZone = 'UTC'")
    start = f"timestamptz '{day.isoformat()} 00:00:00+00'"
    try:
        tables = table_files(src)
        for name, files in tables.items():
            by_day = name == "web_events" and all(_day_of_file(f) for f in files)
            if by_day:
                before = [f for f in files if _day_of_file(f) < day]  # type: ignore[operator]
                after = [f for f in files if _day_of_file(f) >= day]  # type: ignore[operator]
                for f in before:
                    _link(f, dst / name / f.name)
                for f in after:
                    _link(f, pending / name / f.name)
                plan.rows[name] = (_count(con, before), _count(con, after))
            elif name in TIMESTAMP_SPLITS:
                scan = scan_expression(files)
                is_new = (
                    f"coalesce(try_cast(trim({TIMESTAMP_SPLITS[name]}) as timestamptz) "
                    f">= {start}, false)"
                )
                old = _copy(
                    con,
                    f"select * from {scan} where not {is_new}",
                    dst / name / f"before-{day.isoformat()}.parquet",
                )
                new = _copy(
                    con,
                    f"select * from {scan} where {is_new}",
                    pending / name / f"{day.isoformat()}.parquet",
                )
                plan.rows[name] = (old, new)
            elif name != ITEMS:
                for f in files:
                    _link(f, dst / f.relative_to(src))
        if ITEMS in tables:
            _split_items(con, tables, plan, start)
    finally:
        con.close()
    return plan


def _count(con: duckdb.DuckDBPyConnection, files: list[Path]) -> int:
    if not files:
        return 0
    return con.execute(f"select count(*) from {scan_expression(files)}").fetchall()[0][0]


def _split_items(
    con: duckdb.DuckDBPyConnection, tables: dict[str, list[Path]], plan: SplitPlan, start: str
) -> None:
    items = scan_expression(tables[ITEMS])
    day = plan.last_day.isoformat()
    if "shop_orders" not in tables:
        for f in tables[ITEMS]:
            _link(f, plan.dst / f.relative_to(plan.src))
        return
    orders = scan_expression(tables["shop_orders"])
    is_new = (
        f"coalesce(try_cast(trim({TIMESTAMP_SPLITS['shop_orders']}) as timestamptz) "
        f">= {start}, false)"
    )
    con.execute(
        f"create or replace temp table new_orders as "
        f"select trim(order_id) as order_id from {orders} group by 1 "
        f"having bool_and({is_new})"
    )
    in_new = "trim(order_id) in (select order_id from new_orders)"
    old = _copy(
        con,
        f"select * from {items} where not coalesce({in_new}, false)",
        plan.dst / ITEMS / f"before-{day}.parquet",
    )
    new = _copy(
        con,
        f"select * from {items} where coalesce({in_new}, false)",
        plan.pending / ITEMS / f"{day}.parquet",
    )
    plan.rows[ITEMS] = (old, new)


def append_last_day(plan: SplitPlan) -> None:
    """Move the last day's files into the raw folder (the "one extra day" delivery)."""
    if plan.appended:
        return
    for f in sorted(plan.pending.rglob("*.parquet")):
        target = plan.dst / f.relative_to(plan.pending)
        target.parent.mkdir(parents=True, exist_ok=True)
        f.replace(target)
    plan.appended = True


def _load_days(table: pa.Table, columns: tuple[str, ...]) -> pa.Array:
    """Per row, the ISO day ('YYYY-MM-DD') of its first load column that has one, else ''."""
    days = pa.nulls(table.num_rows, pa.string())
    for column in columns:
        if column not in table.column_names:
            continue
        text = pc.cast(table[column], pa.string())
        found = pc.extract_regex(text, ISO_DATE)
        day = pc.struct_field(found, [0]) if table.num_rows else pa.array([], pa.string())
        days = pc.coalesce(days, day)
    return pc.fill_null(days, "")


def _read(path: Path) -> pa.Table:
    if path.suffix == ".csv":
        from pyarrow import csv

        names = csv.read_csv(path).column_names
        options = csv.ConvertOptions(column_types={n: pa.string() for n in names})
        return csv.read_csv(path, convert_options=options)
    return pq.read_table(path)


def _write(table: pa.Table, path: Path) -> None:
    if path.suffix == ".csv":
        from pyarrow import csv

        csv.write_csv(table, path)
    else:
        pq.write_table(table, path)


def split(raw_dir: Path, before: dt.date, out: Path) -> dict[str, int]:
    """Write the cut of `raw_dir` into `out`; returns rows kept per table."""
    raw_dir, out = Path(raw_dir), Path(out)
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    cut = before.isoformat()
    kept: dict[str, int] = {}
    for item in sorted(raw_dir.iterdir()):
        table = item.name.split(".")[0]
        if table in NOT_COPIED:
            continue
        if item.is_dir():
            (out / item.name).mkdir()
            rows = 0
            for part in sorted(item.rglob("*")):
                day = _day_of_file(part)
                if part.is_file() and (day is None or day < before):
                    target = out / item.name / part.relative_to(item)
                    target.parent.mkdir(parents=True, exist_ok=True)
                    shutil.copy2(part, target)
                    if part.suffix == ".parquet":
                        rows += pq.read_metadata(part).num_rows
            kept[table] = rows
        elif table in LOAD_COLUMNS and item.suffix in (".parquet", ".csv"):
            data = _read(item)
            days = _load_days(data, LOAD_COLUMNS[table])
            data = data.filter(pc.less(days, cut))
            _write(data, out / item.name)
            kept[table] = data.num_rows
        elif item.is_file():
            shutil.copy2(item, out / item.name)
    return kept


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m journeymap.bench.daycut",
        description=(
            "Copy a raw folder as it was loaded before a day: day files of folder tables "
            "(web_events/<day>.parquet) before --before, rows of one-file event tables "
            "whose load-time column (web/email/consent event_at, order updated_at, "
            "ticket opened_at, ...) is before it, reference tables whole. For trying "
            "incremental builds."
        ),
    )
    parser.add_argument("--raw-dir", required=True, type=Path, help="raw folder to cut")
    parser.add_argument(
        "--before",
        required=True,
        type=dt.date.fromisoformat,
        help="first day left out (ISO date, e.g. 2026-06-30)",
    )
    parser.add_argument("--out", required=True, type=Path, help="output folder (replaced)")
    args = parser.parse_args(argv)
    kept = split(args.raw_dir, args.before, args.out)
    for table, rows in sorted(kept.items()):
        print(f"{table:<20} {rows:>10,} rows")


if __name__ == "__main__":
    main()

"""Cut a raw folder back to what had been loaded before a day.

    python -m journeymap.raw_split --raw-dir data/raw --before 2026-06-30 --out /tmp/raw_early

writes into --out the raw tables as a daily load would have delivered them up
to (not including) --before, so an incremental build can be tried: build on
the early folder, then on the full one without --full-refresh, and compare
with a --full-refresh build on the full folder (tests/python/test_incremental.py).

A row's load day:

- tables delivered as a folder of day files (`web_events/2026-06-29.parquet`):
  the file's day (late events sit in the file of the day they arrived);
- event tables in one file: the day of their load-time column (LOAD_COLUMNS,
  first one that starts with an ISO date; e.g. an order version is loaded
  when it is updated). A row where none does is taken as loaded on the first
  day (it is in every cut);
- other tables (CRM, accounts, products, rates, ...) are reference data and
  copied whole.

The ground truth and the generator's manifest are not copied (models never
read them). Same input, same output.
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import shutil
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

# Event tables delivered as one file: the columns giving a row's load time.
LOAD_COLUMNS: dict[str, tuple[str, ...]] = {
    "web_events": ("event_at",),
    "email_events": ("event_at",),
    "shop_orders": ("updated_at", "ordered_at"),
    "consent_events": ("event_at",),
    "erasure_requests": ("requested_at",),
    "support_tickets": ("opened_at",),
    "survey_responses": ("responded_at",),
}
NOT_COPIED = {"truth_identities", "generation_manifest"}
DAY_FILE = re.compile(r"^(\d{4}-\d{2}-\d{2})")
ISO_DATE = r"^\s*(?P<day>\d{4}-\d{2}-\d{2})"


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
                match = DAY_FILE.match(part.name)
                if part.is_file() and (match is None or match.group(1) < cut):
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
        prog="python -m journeymap.raw_split",
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

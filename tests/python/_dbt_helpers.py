"""Helpers for pytest files that drive real dbt builds on hand-made raw folders.

Every dbt call runs in a subprocess from the project root with its own target,
log and DuckDB paths under a pytest temporary folder, never the project's
`target/` or `warehouse/` (others build in the same checkout concurrently).

Speed: dbt re-parses the whole project (tens of seconds) whenever the profile
changes, and a different DuckDB path *is* a profile change. `DbtWorkspace`
therefore runs its builds one after another with one fixed target path and
one fixed DuckDB path, so partial parsing is reused, and moves each finished
warehouse file to where the caller wants to keep it. The raw folder
(`JOURNEYMAP_RAW_DIR`) can change freely between calls: it is read at run
time, not at parse time.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

PROJECT = Path(__file__).resolve().parents[2]
DBT = str(Path(sys.executable).with_name("dbt"))
# Reference date of the builds. Empty = the day after the latest activity in
# the data, which depends only on the input (never on the day the tests run).
# Not pinned to a date: with JOURNEYMAP_AS_OF_DATE set, int_as_of_date
# currently returns one row per activity source (3) instead of one, which
# breaks the models that read it; pin it again once that is fixed.
AS_OF_DATE = "2026-07-01"


@dataclass
class DbtResult:
    args: tuple[str, ...]
    returncode: int
    stdout: str
    stderr: str
    seconds: float
    run_results: dict | None = None
    warehouse: Path | None = None
    extra: dict = field(default_factory=dict)

    @property
    def output(self) -> str:
        return self.stdout + "\n" + self.stderr

    def node_statuses(self) -> dict[str, str]:
        if not self.run_results:
            return {}
        return {r["unique_id"]: r["status"] for r in self.run_results.get("results", [])}

    def failures(self) -> dict[str, str]:
        """Nodes that did not succeed, with dbt's message."""
        if not self.run_results:
            return {}
        return {
            r["unique_id"]: (r.get("message") or "")[:500]
            for r in self.run_results.get("results", [])
            # exposures report "no-op" (dbt 1.11), older nodes "no op"
            if r["status"].replace("-", " ") not in ("success", "pass", "skipped", "no op")
        }

    def tail(self, chars: int = 6000) -> str:
        return self.stdout[-chars:] + "\n--- stderr ---\n" + self.stderr[-2000:]


class DbtWorkspace:
    """Sequential dbt invocations sharing one target path and one DuckDB path."""

    def __init__(self, root: Path):
        self.root = Path(root)
        self.root.mkdir(parents=True, exist_ok=True)
        self.target = self.root / "target"
        self.logs = self.root / "logs"
        self.warehouse = self.root / "jm.duckdb"

    def env(self, raw_dir: Path, **extra: str) -> dict[str, str]:
        env = dict(os.environ)
        env.update(
            {
                "DBT_TARGET_PATH": str(self.target),
                "DBT_LOG_PATH": str(self.logs),
                "JOURNEYMAP_DUCKDB_PATH": str(self.warehouse),
                "JOURNEYMAP_RAW_DIR": str(raw_dir),
                "JOURNEYMAP_AS_OF_DATE": AS_OF_DATE,
                "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
                "DBT_USE_COLORS": "false",
            }
        )
        env.update(extra)
        return env

    def _wal(self) -> Path:
        return self.warehouse.with_name(self.warehouse.name + ".wal")

    def reset_warehouse(self) -> None:
        for path in (self.warehouse, self._wal()):
            path.unlink(missing_ok=True)

    def keep_warehouse(self, keep_as: Path) -> Path:
        """Move the workspace's warehouse (and its WAL, if any) to `keep_as`."""
        keep_as = Path(keep_as)
        keep_as.parent.mkdir(parents=True, exist_ok=True)
        for suffix in ("", ".wal"):
            target = Path(str(keep_as) + suffix)
            target.unlink(missing_ok=True)
        shutil.move(str(self.warehouse), str(keep_as))
        if self._wal().exists():
            shutil.move(str(self._wal()), str(keep_as) + ".wal")
        return keep_as

    def _clear_results(self) -> None:
        (self.target / "run_results.json").unlink(missing_ok=True)

    def _read_results(self) -> dict | None:
        path = self.target / "run_results.json"
        if path.exists():
            return json.loads(path.read_text())
        return None

    def run(
        self,
        raw_dir: Path,
        *args: str,
        fresh: bool = True,
        keep_as: Path | None = None,
        timeout: float = 1200,
        env: dict | None = None,
    ) -> DbtResult:
        """Run `dbt <args>` on `raw_dir`. fresh: start from an empty warehouse.
        keep_as: move the warehouse there afterwards (also on failure)."""
        if fresh:
            self.reset_warehouse()
        self._clear_results()
        started = time.monotonic()
        proc = subprocess.run(
            [DBT, *args],
            cwd=PROJECT,
            env=self.env(raw_dir, **(env or {})),
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        result = DbtResult(
            tuple(args),
            proc.returncode,
            proc.stdout,
            proc.stderr,
            time.monotonic() - started,
            self._read_results(),
        )
        if keep_as is not None and self.warehouse.exists():
            result.warehouse = self.keep_warehouse(keep_as)
        return result

    def run_batch(
        self, args: tuple[str, ...], cases: dict[str, Path], timeout: float = 900
    ) -> dict:
        """`dbt <args>` once per raw folder in `cases`, in one process that parses once
        (see _dbt_batch.py). Returns {case: {"success": bool, "message": str}}."""
        spec = self.root / "batch_spec.json"
        out = self.root / "batch_results.json"
        spec.write_text(
            json.dumps({"args": list(args), "cases": {k: str(v) for k, v in cases.items()}})
        )
        out.unlink(missing_ok=True)
        proc = subprocess.run(
            [sys.executable, str(Path(__file__).with_name("_dbt_batch.py")), str(spec), str(out)],
            cwd=PROJECT,
            env=self.env(next(iter(cases.values()))),
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        assert out.exists(), proc.stdout[-4000:] + proc.stderr[-4000:]
        return json.loads(out.read_text())

    def start(self, raw_dir: Path, *args: str, fresh: bool = True) -> subprocess.Popen:
        """Start `dbt <args>` in its own process group (so it can be killed whole)."""
        if fresh:
            self.reset_warehouse()
        self._clear_results()
        self.logs.mkdir(parents=True, exist_ok=True)
        return subprocess.Popen(
            [DBT, *args],
            cwd=PROJECT,
            env=self.env(raw_dir),
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,
        )

    @staticmethod
    def kill(proc: subprocess.Popen) -> None:
        """SIGKILL the whole process group: a crash, no clean-up by dbt."""
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        proc.wait(timeout=60)


# ----------------------------------------------------------------------------
# raw folders


def generate_raw(out: Path, persons: int, seed: int, bad_rate: float = 0.0) -> Path:
    """A generated raw folder (every contract table, all columns text)."""
    subprocess.run(
        [
            sys.executable,
            "-m",
            "journeymap.generator",
            "--persons",
            str(persons),
            "--seed",
            str(seed),
            "--bad-rate",
            str(bad_rate),
            "--out",
            str(out),
            "--quiet",
        ],
        cwd=PROJECT,
        check=True,
        capture_output=True,
        text=True,
    )
    return out


def copy_raw(src: Path, dst: Path, exclude: tuple[str, ...] = ("truth_identities",)) -> Path:
    """Copy a raw folder, leaving out the ground truth (models never read it)."""
    dst.mkdir(parents=True, exist_ok=True)
    for item in Path(src).iterdir():
        if item.stem in exclude or item.name in exclude:
            continue
        if item.is_dir():
            shutil.copytree(item, dst / item.name)
        else:
            shutil.copy2(item, dst / item.name)
    return dst


def table_paths(folder: Path, table: str) -> list[Path]:
    folder = Path(folder)
    return [
        p
        for p in (folder / f"{table}.parquet", folder / f"{table}.csv", folder / table)
        if p.exists()
    ]


def read_table(folder: Path, table: str) -> pd.DataFrame:
    """A raw table as a DataFrame of strings/None, whatever its file layout."""
    folder = Path(folder)
    if (folder / f"{table}.parquet").exists():
        frame = pd.read_parquet(folder / f"{table}.parquet")
    elif (folder / f"{table}.csv").exists():
        frame = pd.read_csv(folder / f"{table}.csv", dtype=str, keep_default_na=False).replace(
            {"": None}
        )
    elif (folder / table).is_dir():
        frame = pd.read_parquet(folder / table)
    else:
        raise FileNotFoundError(f"{table} not in {folder}")
    return frame.astype(object).where(frame.notna(), None)


def remove_table(folder: Path, table: str) -> None:
    for path in table_paths(folder, table):
        if path.is_dir():
            shutil.rmtree(path)
        else:
            path.unlink()


def write_text_parquet(path: Path, frame: pd.DataFrame) -> None:
    """Every column as Parquet string (the generator's shape)."""
    table = pa.table(
        {
            c: pa.array([None if v is None else str(v) for v in frame[c]], pa.string())
            for c in frame.columns
        }
    )
    pq.write_table(table, path)


def write_table(folder: Path, table: str, frame: pd.DataFrame, fmt: str = "parquet") -> None:
    """Replace a raw table by `frame` as text Parquet or CSV."""
    remove_table(folder, table)
    if fmt == "parquet":
        write_text_parquet(Path(folder) / f"{table}.parquet", frame)
    elif fmt == "csv":
        frame.to_csv(Path(folder) / f"{table}.csv", index=False)
    else:
        raise ValueError(fmt)


def append_rows(frame: pd.DataFrame, rows: list[dict]) -> pd.DataFrame:
    """`frame` plus `rows` (dicts; missing columns are NULL, unknown keys refused)."""
    unknown = {k for row in rows for k in row} - set(frame.columns)
    assert not unknown, f"unknown columns {unknown}"
    extra = pd.DataFrame(
        [{c: row.get(c) for c in frame.columns} for row in rows],
        columns=frame.columns,
        dtype=object,
    )
    return pd.concat([frame, extra], ignore_index=True)


# ----------------------------------------------------------------------------
# warehouse


def query(warehouse, sql: str, params: list | None = None) -> list[tuple]:
    """Rows of `sql` on a warehouse file or an open DuckDB connection."""
    if isinstance(warehouse, duckdb.DuckDBPyConnection):
        return warehouse.execute(sql, params or []).fetchall()
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return con.execute(sql, params or []).fetchall()


def query_df(warehouse, sql: str, params: list | None = None) -> pd.DataFrame:
    if isinstance(warehouse, duckdb.DuckDBPyConnection):
        return warehouse.execute(sql, params or []).df()
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return con.execute(sql, params or []).df()


def table_checksums(
    warehouse: Path, schema: str = "main", exclude: tuple[str, ...] = ()
) -> dict[str, tuple]:
    """Per base table of `schema`: (row count, order-independent hash of all rows).

    Rows are hashed as their text rendering; floating-point columns are
    rounded to 6 decimals first, since parallel sums may differ in the last
    bits without any real difference.
    """
    sums: dict[str, tuple] = {}
    with duckdb.connect(str(warehouse), read_only=True) as con:
        tables = [
            r[0]
            for r in con.execute(
                "select table_name from information_schema.tables "
                "where table_schema = ? and table_type = 'BASE TABLE' order by table_name",
                [schema],
            ).fetchall()
        ]
        for table in tables:
            if table in exclude:
                continue
            columns = con.execute(
                "select column_name, data_type from information_schema.columns "
                "where table_schema = ? and table_name = ? order by ordinal_position",
                [schema, table],
            ).fetchall()
            parts = []
            for name, dtype in columns:
                quoted = '"' + name.replace('"', '""') + '"'
                if dtype.upper() in ("DOUBLE", "FLOAT", "REAL"):
                    parts.append(f"round({quoted}, 6)")
                else:
                    parts.append(quoted)
            row = "struct_pack(" + ", ".join(f"c{i} := {p}" for i, p in enumerate(parts)) + ")"
            count, digest = con.execute(
                f"select count(*), coalesce(sum(hash(cast({row} as varchar))::hugeint), 0) "
                f'from "{schema}"."{table}"'
            ).fetchone()
            sums[table] = (count, int(digest))
    return sums

"""Injection of bad input (`--bad-rate`): a fraction of the rows of each table is damaged."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import pyarrow as pa

from journeymap.generator import text as T
from journeymap.generator import vocab as V

DAY = 86400
YEAR = 365 * DAY

Values = Sequence[str] | None | Callable[[np.random.Generator, int], pa.Array]


@dataclass(frozen=True)
class Fault:
    """Replace `column` of the chosen rows by one of `values` (None = NULL).

    kind `duplicate_id` instead appends a copy of the row (same key).
    """

    kind: str
    column: str | None = None
    values: Values = None
    weight: float = 1.0


def future_ts(end_s: int) -> Callable[[np.random.Generator, int], pa.Array]:
    def make(rng: np.random.Generator, k: int) -> pa.Array:
        return T.mixed_ts(rng, end_s + rng.integers(YEAR, 10 * YEAR, k))

    return make


def future_date(end_s: int) -> Callable[[np.random.Generator, int], pa.Array]:
    def make(rng: np.random.Generator, k: int) -> pa.Array:
        days = end_s // DAY + rng.integers(YEAR // DAY, 20 * YEAR // DAY, k)
        return T.fmt_date(days, rng.integers(0, 3, k))

    return make


def negative_amount(rng: np.random.Generator, k: int) -> pa.Array:
    return T.money(-rng.integers(1, 50_000, k))


DUPLICATE = Fault("duplicate_id")


def null_key(column: str) -> Fault:
    return Fault("null_key", column, None)


def placeholder_email(column: str) -> Fault:
    return Fault("placeholder_email", column, V.PLACEHOLDER_EMAILS, weight=2.0)


def bad_email(column: str) -> Fault:
    return Fault("invalid_email", column, V.INVALID_EMAILS)


def bad_phone(column: str) -> Fault:
    return Fault("junk_phone", column, V.JUNK_PHONES, weight=2.0)


def bad_ts(column: str) -> Fault:
    return Fault("unparseable_timestamp", column, V.BAD_TIMESTAMPS)


def fut_ts(column: str, end_s: int) -> Fault:
    return Fault("future_timestamp", column, future_ts(end_s))


@dataclass
class Injected:
    table: pa.Table
    counts: dict[str, int]
    source_row: np.ndarray  # input row of every output row
    rows: dict[str, np.ndarray]  # damaged (input) rows per kind


def inject(
    rng: np.random.Generator, table: pa.Table, bad_rate: float, faults: Sequence[Fault]
) -> Injected:
    """Damage round(bad_rate * rows) distinct rows, one fault each (kinds drawn by weight)."""
    n = table.num_rows
    n_bad = int(round(bad_rate * n)) if faults else 0
    counts = {f.kind: 0 for f in faults}
    rows_by_kind: dict[str, np.ndarray] = {f.kind: np.zeros(0, dtype=np.int64) for f in faults}
    if n_bad == 0:
        return Injected(table, counts, np.arange(n), rows_by_kind)
    rows = np.sort(rng.choice(n, size=n_bad, replace=False))
    weights = np.array([f.weight for f in faults], dtype=np.float64)
    kind = rng.choice(len(faults), size=n_bad, p=weights / weights.sum())
    edits: dict[str, list[tuple[np.ndarray, pa.Array]]] = {}
    duplicates = np.zeros(0, dtype=np.int64)
    for i, fault in enumerate(faults):
        sel = rows[kind == i]
        counts[fault.kind] += int(sel.size)
        rows_by_kind[fault.kind] = np.concatenate([rows_by_kind[fault.kind], sel])
        if sel.size == 0:
            continue
        if fault.kind == "duplicate_id":
            duplicates = np.concatenate([duplicates, sel])
            continue
        if fault.values is None:
            new = pa.nulls(sel.size, T.S)
        elif callable(fault.values):
            new = fault.values(rng, sel.size)
        else:
            new = T.take(tuple(fault.values), rng.integers(0, len(fault.values), sel.size))
        edits.setdefault(fault.column, []).append((sel, new))
    columns = {}
    for name in table.column_names:
        if name in edits:
            sel = np.concatenate([e[0] for e in edits[name]])
            new = pa.concat_arrays([e[1].cast(T.S) for e in edits[name]])
            columns[name] = T.replace_rows(table.column(name).combine_chunks(), sel, new)
        else:
            columns[name] = table.column(name)
    out = pa.table(columns)
    source = np.arange(n)
    if duplicates.size:
        duplicates = np.sort(duplicates)
        out = pa.concat_tables([out, out.take(pa.array(duplicates))])
        source = np.concatenate([source, duplicates])
    return Injected(out, counts, source, rows_by_kind)

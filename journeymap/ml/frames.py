"""Reading dbt relations into pandas without pulling whole tables.

``dbt.ref()`` in a Python model returns the platform's frame type: a DuckDB
relation (dbt-duckdb), a Spark DataFrame (Databricks, BigQuery/Dataproc) or a
Snowpark DataFrame (Snowflake). :func:`to_pandas` filters and projects on the
platform first, then materialises only those columns. Duck-typed, so this
module imports neither dbt nor any platform library.

Not enough data
---------------
A build can legitimately lack what a model needs: a CRM-only load has no
orders or web events, so ``int_as_of_date.as_of_date`` is NULL and
``customer_rfm`` is empty. The :mod:`journeymap.ml` functions then raise
:class:`InsufficientData` (a :class:`ValueError`), never invent numbers; the
dbt Python model catches it and returns its table's ``empty_*`` frame (built
with :func:`empty_frame`): no rows, but the same columns and types as a
normal build, so the table and its tests keep their schema.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

import pandas as pd

#: dtype of a text column in an empty frame. The normal frames hold Python
#: strings (object dtype), but an empty object column gives DuckDB nothing to
#: infer a type from (it becomes type NULL); pandas' string dtype is VARCHAR.
TEXT = "string"


class InsufficientData(ValueError):
    """Not enough data for a meaningful result (no as-of date, too few customers, no history).

    Raised by the :mod:`journeymap.ml` functions; a dbt Python model catches it
    and returns the empty frame of its table (``empty_*`` functions) instead
    of failing the build.
    """


def empty_frame(dtypes: Mapping[str, str]) -> pd.DataFrame:
    """A frame with no rows and exactly these columns (in order) and dtypes."""
    return pd.DataFrame({name: pd.Series(dtype=dtype) for name, dtype in dtypes.items()})


def to_pandas(
    relation: Any, columns: Sequence[str], where: str | None = None, distinct: bool = False
) -> pd.DataFrame:
    """``select [distinct] <columns> from relation [where <where>] order by <columns>``.

    As a pandas frame, column names lower-case (Snowflake upper-cases them).
    Rows come sorted by every column: a table's scan order depends on how it
    was written (threads, materialisation), and float sums or model fits over
    rows in another order differ in the last bits; sorted input keeps the ML
    tables identical build after build.
    """
    rel = relation.filter(where) if where else relation
    if hasattr(rel, "project") and hasattr(rel, "df"):  # DuckDB relation
        rel = rel.project(", ".join(columns))
        rel = rel.distinct() if distinct else rel
        frame = rel.order(", ".join(columns)).df()
    else:
        rel = rel.select(*columns)
        rel = rel.distinct() if distinct else rel
        frame = rel.toPandas() if hasattr(rel, "toPandas") else rel.to_pandas()
        frame = frame.sort_values(list(frame.columns), kind="mergesort").reset_index(drop=True)
    frame.columns = [str(c).lower() for c in frame.columns]
    return frame


def single_date(relation: Any, column: str) -> date:
    """The one value of a date column in a one-row relation (e.g. int_as_of_date).

    Raises :class:`InsufficientData` when the value is NULL (int_as_of_date
    has no date when the data holds no order, web or email event).
    """
    frame = to_pandas(relation, [column])
    if len(frame) != 1:
        raise ValueError(f"expected one row with {column}, got {len(frame)}")
    return pd.Timestamp(require_date(frame[column].iloc[0], column)).date()


def require_date(value: Any, name: str = "as_of_date") -> Any:
    """``value`` unchanged; :class:`InsufficientData` when it is NULL / NaT."""
    if value is None or pd.isna(value):
        raise InsufficientData(f"{name} is NULL: no activity in the data to date it from")
    return value


def config_value(config: Mapping[str, Any] | Any, key: str, default: Any = None) -> Any:
    """``dbt.config.get(key)`` falling back to a default when unset or empty."""
    value = config.get(key) if hasattr(config, "get") else None
    return default if value is None or value == "" else value

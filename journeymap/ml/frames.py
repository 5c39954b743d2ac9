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

Dates
-----
pandas has no date type: a DATE read into pandas, or a ``datetime.date``
column written from it, becomes a TIMESTAMP. The tables' date columns
(``as_of_date``, ...) are declared :data:`DATE` in their ``*_DTYPES``, the
frames hold ``datetime.date`` values there, and a dbt Python model returns
:func:`to_output` of its frame: the platform's own frame with those columns
cast to DATE (DuckDB relation API; Spark ``cast("date")``).
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

#: dtype marker of a calendar-date column in the ``*_DTYPES`` tables: the
#: frames hold ``datetime.date`` objects (object dtype) and :func:`to_output`
#: types the column DATE on the platform.
DATE = "date"


class InsufficientData(ValueError):
    """Not enough data for a meaningful result (no as-of date, too few customers, no history).

    Raised by the :mod:`journeymap.ml` functions; a dbt Python model catches it
    and returns the empty frame of its table (``empty_*`` functions) instead
    of failing the build.
    """


def empty_frame(dtypes: Mapping[str, str]) -> pd.DataFrame:
    """A frame with no rows and exactly these columns (in order) and dtypes.

    :data:`DATE` columns are object columns (:func:`to_output` types them)."""
    return pd.DataFrame(
        {
            name: pd.Series(dtype="object" if dtype == DATE else dtype)
            for name, dtype in dtypes.items()
        }
    )


def as_date(value: Any) -> date:
    """``value`` (a date, datetime, pandas Timestamp or ISO text) as a ``datetime.date``."""
    return pd.Timestamp(value).date()


def to_output(frame: pd.DataFrame, session: Any, dtypes: Mapping[str, str]) -> Any:
    """What a dbt Python model returns: ``frame`` with its :data:`DATE` columns typed DATE.

    ``dtypes`` is the table's ``*_DTYPES`` mapping (its column order is the
    table's). DuckDB (dbt-duckdb passes the connection as ``session``): a
    relation over the frame that casts the date columns. PySpark: a Spark
    DataFrame with the table's schema (it also types an empty frame, from
    which Spark could infer nothing). Any other platform: the frame itself,
    whose ``datetime.date`` values its pandas writer reads as dates.
    """
    missing = [name for name in dtypes if name not in frame.columns]
    if missing:
        raise ValueError(f"frame lacks the table's columns {missing}")
    frame = frame[list(dtypes)]
    if hasattr(session, "from_df") and hasattr(session, "execute"):  # DuckDB connection
        columns = ", ".join(
            f'cast("{name}" as date) as "{name}"' if dtype == DATE else f'"{name}"'
            for name, dtype in dtypes.items()
        )
        return session.from_df(frame).project(columns)
    if type(session).__module__.startswith("pyspark"):
        from pyspark.sql import types as spark_types  # only on a Spark platform

        spark_type = {
            TEXT: spark_types.StringType(),
            "object": spark_types.StringType(),
            "int64": spark_types.LongType(),
            "float64": spark_types.DoubleType(),
            "bool": spark_types.BooleanType(),
            DATE: spark_types.DateType(),
        }
        schema = spark_types.StructType(
            [spark_types.StructField(name, spark_type[dtype]) for name, dtype in dtypes.items()]
        )
        rows = [
            tuple(None if _is_missing(v) else v for v in row)
            for row in frame.astype(object).itertuples(index=False, name=None)
        ]
        return session.createDataFrame(rows, schema=schema)
    return frame


def _is_missing(value: Any) -> bool:
    return value is None or (not isinstance(value, (str, bytes, date)) and bool(pd.isna(value)))


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

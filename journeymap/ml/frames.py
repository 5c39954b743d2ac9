"""Reading dbt relations into pandas without pulling whole tables.

``dbt.ref()`` in a Python model returns the platform's frame type: a DuckDB
relation (dbt-duckdb), a Spark DataFrame (Databricks, BigQuery/Dataproc) or a
Snowpark DataFrame (Snowflake). :func:`to_pandas` filters and projects on the
platform first, then materialises only those columns. Duck-typed, so this
module imports neither dbt nor any platform library.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

import pandas as pd


def to_pandas(
    relation: Any, columns: Sequence[str], where: str | None = None, distinct: bool = False
) -> pd.DataFrame:
    """``select [distinct] <columns> from relation [where <where>]`` as a pandas frame.

    Column names come back lower-case (Snowflake upper-cases them).
    """
    rel = relation.filter(where) if where else relation
    if hasattr(rel, "project") and hasattr(rel, "df"):  # DuckDB relation
        rel = rel.project(", ".join(columns))
        frame = (rel.distinct() if distinct else rel).df()
    else:
        rel = rel.select(*columns)
        rel = rel.distinct() if distinct else rel
        frame = rel.toPandas() if hasattr(rel, "toPandas") else rel.to_pandas()
    frame.columns = [str(c).lower() for c in frame.columns]
    return frame


def single_date(relation: Any, column: str) -> date:
    """The one value of a date column in a one-row relation (e.g. int_as_of_date)."""
    frame = to_pandas(relation, [column])
    if len(frame) != 1:
        raise ValueError(f"expected one row with {column}, got {len(frame)}")
    return pd.Timestamp(frame[column].iloc[0]).date()


def config_value(config: Mapping[str, Any] | Any, key: str, default: Any = None) -> Any:
    """``dbt.config.get(key)`` falling back to a default when unset or empty."""
    value = config.get(key) if hasattr(config, "get") else None
    return default if value is None or value == "" else value

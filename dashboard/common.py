"""What every dashboard page shares: the warehouse check, cached queries,
the sidebar filters, and small chart helpers.

Queries live in dashboard.data (tested without Streamlit); this
module only opens the warehouse, caches results and draws.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import altair as alt
import pandas as pd
import streamlit as st

from dashboard import data

FILTERS_KEY = "jm_filters"
ALL_SEGMENTS = "(all customers)"


def _warehouse_version(path: Path) -> tuple[int, int]:
    """Changes whenever a build rewrites the warehouse: the cache key that makes
    a rebuild show up without restarting the dashboard. The WAL counts too,
    since a build may end with changes not yet checkpointed into the file."""
    stamps = []
    for candidate in (path, Path(str(path) + ".wal")):
        try:
            stamps.append(candidate.stat().st_mtime_ns)
        except FileNotFoundError:
            stamps.append(0)
    return stamps[0], stamps[1]


@st.cache_data(show_spinner=False, max_entries=512)
def _cached_query(name: str, path: str, version: tuple[int, int], args: tuple) -> pd.DataFrame:
    del version  # only part of the cache key
    with data.connect(path) as con:
        return getattr(data, name)(con, *args)


def query(name: str, *args):
    """`dashboard.data.<name>(con, *args)` on the warehouse, cached
    until the warehouse file changes."""
    path = data.warehouse_path()
    return _cached_query(name, str(path), _warehouse_version(path), args)


def check_warehouse(tables: tuple[str, ...]) -> str | None:
    """None when the warehouse opens and has `tables`; else what to tell the user."""
    try:
        with data.connect(data.warehouse_path()) as con:
            data.require_tables(con, tables)
    except data.WarehouseUnavailable as exc:
        return str(exc)
    return None


def require(page: str) -> None:
    """Stop the page with a plain message when its tables are not there."""
    problem = check_warehouse(data.PAGE_TABLES[page])
    if problem:
        st.warning(problem, icon=":material/construction:")
        st.stop()


# ----------------------------------------------------------------------------
# filters


def sidebar_filters() -> data.Filters:
    """Draw the sidebar filters and remember them for the pages."""
    options = query("filter_options")
    st.sidebar.header("Filters")
    first, last = options["min_date"], options["max_date"]
    if first is None or last is None:
        first = last = dt.date.today()
    picked = st.sidebar.date_input(
        "Date range",
        value=(first, last),
        min_value=first,
        max_value=last,
        key="filter_dates",
        help="Orders, web sessions and triggers fired between these dates (inclusive).",
    )
    # While a range is being picked the widget holds only its start date.
    if isinstance(picked, tuple | list):
        start = picked[0] if len(picked) > 0 else first
        end = picked[1] if len(picked) > 1 else last
    else:
        start, end = picked, last
    countries = st.sidebar.multiselect(
        "Country",
        options["countries"],
        key="filter_countries",
        placeholder="All countries",
        help="The customer's country (dim_customers.country_code).",
    )
    segments = options["segments"]
    labels = {ALL_SEGMENTS: ALL_SEGMENTS}
    labels.update(
        {
            row.segment_key: f"{row.segment_name} ({row.segment_type}, {row.customers:,})"
            for row in segments.itertuples()
        }
    )
    segment = st.sidebar.selectbox(
        "Segment",
        list(labels),
        format_func=labels.get,
        key="filter_segment",
        help="Customers in this rule-based segment or loyalty tier (customer_segments).",
    )
    filters = data.Filters(
        start_date=start,
        end_date=end,
        countries=tuple(sorted(countries)),
        segment_key=None if segment == ALL_SEGMENTS else segment,
    )
    st.session_state[FILTERS_KEY] = filters
    st.sidebar.caption(f"Warehouse: `{data.warehouse_path()}` (read-only)")
    return filters


def filters() -> data.Filters:
    return st.session_state.get(FILTERS_KEY, data.Filters())


def as_of(table: str) -> str:
    """The as-of date `table` was computed for, read from the warehouse (the
    build's as-of date, not the day it ran), as the pages print it."""
    return data.as_of_text(query("as_of_date", table))


def applies(*which: str) -> None:
    """Say which filters a page's figures follow, so nobody wonders why a
    chart did not move."""
    st.caption("Filters applied here: " + ", ".join(which) + ".")


# ----------------------------------------------------------------------------
# drawing


def chart(spec: alt.Chart | alt.LayerChart | alt.HConcatChart, **kwargs) -> None:
    st.altair_chart(spec, width="stretch", **kwargs)


def empty(frame: pd.DataFrame, what: str) -> bool:
    """True (and a note) when there is nothing to draw for the current filters."""
    if frame.empty:
        st.info(f"No {what} for the current filters.")
        return True
    return False

"""Queries behind the dashboard (`make dashboard`, dashboard/app.py).

Plain functions from an open read-only DuckDB connection (and the sidebar's
`Filters`) to DataFrames, so the pages stay thin and every figure they show is
tested by pytest without Streamlit. Only BI-facing, PII-free marts are read:
never `customer_profiles` or the `audience_*` activation models.

Every result is ordered deterministically (ties broken by a key), so tables
and charts do not reshuffle between reruns.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd

DEFAULT_WAREHOUSE = "warehouse/journeymap.duckdb"

# What each page reads. A missing table means the build did not finish (or
# is an older build); the app names the tables and says to run `make build`.
PAGE_TABLES: dict[str, tuple[str, ...]] = {
    "overview": ("dim_customers", "fct_orders", "fct_sessions"),
    "rfm": ("customer_rfm", "dim_customers"),
    "segments": (
        "customer_segments",
        "customer_journey_stage",
        "fct_journey_funnel",
        "fct_journey_paths",
        "fct_segment_effectiveness",
    ),
    "clusters": ("customer_clusters", "customer_cluster_profiles", "customer_cluster_evaluation"),
    "personalisation": ("fct_triggers", "next_best_actions", "fct_action_uplift_overall"),
    "health": (
        "fct_quarantined_records",
        "fct_source_row_counts",
        "fct_data_quality_history",
        "identity_quality",
        "identity_largest_clusters",
        "identity_match_weights",
    ),
}
# Needed by the sidebar filters on every page.
CORE_TABLES = ("dim_customers", "customer_segments", "fct_orders")


class WarehouseUnavailable(Exception):
    """The warehouse cannot be read; `str()` says why and what to do next."""


@dataclass(frozen=True)
class Filters:
    """The sidebar's filters. Empty tuples / None mean "no filter".

    `countries` and `segment_key` narrow the customers every page counts;
    `start_date`/`end_date` (inclusive) narrow dated facts (orders, sessions,
    triggers fired). Frozen so it can key a cache.
    """

    start_date: dt.date | None = None
    end_date: dt.date | None = None
    countries: tuple[str, ...] = ()
    segment_key: str | None = None


def warehouse_path() -> Path:
    """The warehouse file: JOURNEYMAP_DUCKDB_PATH, as for `make build`."""
    return Path(os.environ.get("JOURNEYMAP_DUCKDB_PATH") or DEFAULT_WAREHOUSE)


def connect(path: Path | str) -> duckdb.DuckDBPyConnection:
    """Open the warehouse read-only, or raise WarehouseUnavailable with advice.

    Read-only so the dashboard can never change the warehouse, and so several
    dashboards may read it at once. A running `dbt build` holds DuckDB's write
    lock, and then no other process may open the file at all.
    """
    path = Path(path)
    if not path.exists():
        raise WarehouseUnavailable(
            f"No warehouse at `{path}` yet. Run `make build` to create it "
            "(or set JOURNEYMAP_DUCKDB_PATH to the warehouse file)."
        )
    try:
        return duckdb.connect(str(path), read_only=True)
    except duckdb.IOException as exc:
        if "lock" in str(exc).lower():
            raise WarehouseUnavailable(
                f"The warehouse `{path}` is being rebuilt (a `dbt build` holds it). "
                "Reload this page when the build has finished."
            ) from exc
        raise WarehouseUnavailable(
            f"The warehouse `{path}` could not be opened ({exc}). Run `make build` to rebuild it."
        ) from exc
    except duckdb.Error as exc:
        raise WarehouseUnavailable(
            f"The warehouse `{path}` could not be read ({exc}). Run `make build` to rebuild it."
        ) from exc


def missing_tables(con: duckdb.DuckDBPyConnection, tables: tuple[str, ...]) -> list[str]:
    """Which of `tables` are not in the marts schema (`main`), in the order given."""
    present = {
        r[0]
        for r in con.execute(
            "select table_name from information_schema.tables where table_schema = 'main'"
        ).fetchall()
    }
    return [t for t in tables if t not in present]


def require_tables(con: duckdb.DuckDBPyConnection, tables: tuple[str, ...]) -> None:
    missing = missing_tables(con, tables)
    if missing:
        raise WarehouseUnavailable(
            "The warehouse has no " + ", ".join(f"`{t}`" for t in missing) + " yet: "
            "the last build did not finish or predates them. Run `make build`."
        )


def _df(con: duckdb.DuckDBPyConnection, sql: str, params: list | None = None) -> pd.DataFrame:
    return con.execute(sql, params or []).df()


# ----------------------------------------------------------------------------
# filters


def filter_options(con: duckdb.DuckDBPyConnection) -> dict:
    """Choices for the sidebar: countries, segments, and the order date span."""
    countries = [
        r[0]
        for r in con.execute(
            "select distinct country_code from dim_customers "
            "where country_code is not null order by country_code"
        ).fetchall()
    ]
    segments = _df(
        con,
        """
        select segment_key, any_value(segment_name) as segment_name,
               any_value(segment_type) as segment_type,
               count(case when dim_customers.profile_type = 'known_person' then 1 end) as customers
        from customer_segments
        left join dim_customers using (customer_id)
        group by segment_key
        order by segment_type, segment_key
        """,
    )
    first, last = con.execute(
        "select min(order_date), max(order_date) from fct_orders where is_counted"
    ).fetchone()
    return {
        "countries": countries,
        "segments": segments,
        "min_date": first,
        "max_date": last,
    }


# The customers the country and segment filters select; every per-customer
# query starts from it.
_SELECTED_CUSTOMERS = """
    selected_customers as (
        select dim_customers.customer_id
        from dim_customers
        where (len(cast($countries as varchar[])) = 0
               or list_contains(cast($countries as varchar[]), dim_customers.country_code))
          and (cast($segment as varchar) is null or exists (
                select 1 from customer_segments
                where customer_segments.customer_id = dim_customers.customer_id
                  and customer_segments.segment_key = cast($segment as varchar)))
    )"""


# Orders of the selected customers. Without a country or segment filter that
# is every counted order, also those of guests the identity stage could not
# resolve to one customer (customer_id NULL), so revenue matches the books.
_ORDERS_OF_SELECTED = """(
    (len(cast($countries as varchar[])) = 0 and cast($segment as varchar) is null)
    or fct_orders.customer_id in (select customer_id from selected_customers))"""


def _params(filters: Filters, **extra) -> dict:
    params = {
        "countries": list(filters.countries),
        "segment": filters.segment_key,
    }
    params.update(extra)
    return params


def _date_params(filters: Filters) -> dict:
    # Open ends become far bounds so one predicate serves all cases.
    return {
        "start_date": filters.start_date or dt.date(1900, 1, 1),
        "end_date": filters.end_date or dt.date(2999, 12, 31),
    }


def _named(con: duckdb.DuckDBPyConnection, sql: str, params: dict) -> pd.DataFrame:
    # DuckDB refuses named parameters the statement does not use, so pass
    # only those that appear in it.
    used = {k: v for k, v in params.items() if f"${k}" in sql}
    return con.execute(sql, used).df()


# Of the selected customers, the known persons (dim_customers.profile_type):
# customer counts leave out anonymous visitors (bare web devices).
_KNOWN_SELECTED = """
    known_customers as (
        select selected_customers.customer_id
        from selected_customers
        join dim_customers using (customer_id)
        where dim_customers.profile_type = 'known_person'
    )"""


def _with_customers(body: str) -> str:
    body = body.replace("$orders_of_selected", _ORDERS_OF_SELECTED)
    return f"with {_SELECTED_CUSTOMERS},\n{body}"


# ----------------------------------------------------------------------------
# overview


def overview_kpis(con: duckdb.DuckDBPyConnection, filters: Filters) -> dict[str, float]:
    """Headline figures for the selected customers and date range.

    customers: selected known persons in the warehouse (any activity, any
    time; anonymous visitors are not customers); revenue_usd / orders:
    counted orders in the range; active_customers: known persons with a
    counted order or a web session in the range;
    new_customers: customers whose first counted order falls in the range.
    """
    sql = _with_customers(
        _KNOWN_SELECTED.strip()
        + """,
        orders as (
            select fct_orders.customer_id, fct_orders.order_date, fct_orders.order_total_usd
            from fct_orders
            where fct_orders.is_counted and $orders_of_selected
        ),
        sessions as (
            select fct_sessions.customer_id, fct_sessions.session_date
            from fct_sessions
            join known_customers using (customer_id)
        ),
        first_orders as (
            select customer_id, min(order_date) as first_order_date from orders
            where customer_id is not null
            group by 1
        ),
        active as (
            select customer_id from orders
            where order_date between $start_date and $end_date
            union
            select customer_id from sessions
            where session_date between $start_date and $end_date
        )
        select
            (select count(*) from known_customers) as customers,
            (select coalesce(sum(order_total_usd), 0) from orders
             where order_date between $start_date and $end_date) as revenue_usd,
            (select count(*) from orders
             where order_date between $start_date and $end_date) as orders,
            (select count(customer_id) from active) as active_customers,
            (select count(*) from first_orders
             where first_order_date between $start_date and $end_date) as new_customers
        """,
    )
    row = _named(con, sql, _params(filters, **_date_params(filters))).iloc[0]
    return {k: float(v) for k, v in row.items()}


def monthly_activity(con: duckdb.DuckDBPyConnection, filters: Filters) -> pd.DataFrame:
    """Per month in the range: revenue, orders, active and new customers."""
    sql = _with_customers(
        _KNOWN_SELECTED.strip()
        + """,
        orders as (
            select fct_orders.customer_id, fct_orders.order_date, fct_orders.order_total_usd
            from fct_orders
            where fct_orders.is_counted and $orders_of_selected
        ),
        first_orders as (
            select customer_id, min(order_date) as first_order_date from orders
            where customer_id is not null
            group by 1
        ),
        activity as (
            select customer_id, order_date as activity_date from orders
            union all
            select fct_sessions.customer_id, fct_sessions.session_date
            from fct_sessions
            join known_customers using (customer_id)
        ),
        months as (
            select distinct date_trunc('month', activity_date) as month from activity
            where activity_date between $start_date and $end_date
        ),
        revenue as (
            select date_trunc('month', order_date) as month,
                   sum(order_total_usd) as revenue_usd, count(*) as orders
            from orders where order_date between $start_date and $end_date
            group by 1
        ),
        active as (
            select date_trunc('month', activity_date) as month,
                   count(distinct customer_id) as active_customers
            from activity where activity_date between $start_date and $end_date
            group by 1
        ),
        new as (
            select date_trunc('month', first_order_date) as month, count(*) as new_customers
            from first_orders where first_order_date between $start_date and $end_date
            group by 1
        )
        select
            cast(months.month as date) as month,
            coalesce(revenue.revenue_usd, 0) as revenue_usd,
            coalesce(revenue.orders, 0) as orders,
            coalesce(active.active_customers, 0) as active_customers,
            coalesce(new.new_customers, 0) as new_customers
        from months
        left join revenue using (month)
        left join active using (month)
        left join new using (month)
        order by month
        """,
    )
    frame = _named(con, sql, _params(filters, **_date_params(filters)))
    return frame.astype(
        {
            "revenue_usd": "float64",
            "orders": "int64",
            "active_customers": "int64",
            "new_customers": "int64",
        }
    )


def revenue_by_country(con: duckdb.DuckDBPyConnection, filters: Filters) -> pd.DataFrame:
    """Counted revenue and customers per customer country in the range."""
    sql = _with_customers(
        """
        orders as (
            select fct_orders.customer_id, fct_orders.order_total_usd
            from fct_orders
            where fct_orders.is_counted and $orders_of_selected
              and fct_orders.order_date between $start_date and $end_date
        )
        select
            case
                when orders.customer_id is null then '(unresolved)'
                else coalesce(dim_customers.country_code, '(unknown)')
            end as country_code,
            count(distinct orders.customer_id) as customers,
            coalesce(sum(orders.order_total_usd), 0) as revenue_usd
        from orders
        left join dim_customers using (customer_id)
        group by 1
        order by revenue_usd desc, country_code
        """,
    )
    return _named(con, sql, _params(filters, **_date_params(filters)))


# ----------------------------------------------------------------------------
# RFM


def as_of_date(con: duckdb.DuckDBPyConnection, table: str) -> dt.date | None:
    """The as-of date `table` was computed for (its `as_of_date` column, one
    value per build: the build's int_as_of_date), not the day of the build.
    None when the table has no rows. Only marts the pages read."""
    if table not in {t for tables in PAGE_TABLES.values() for t in tables}:
        raise ValueError(f"{table} is not a dashboard mart")
    frame = _df(con, f"select max(as_of_date) as as_of_date from {table}")
    value = frame["as_of_date"].iloc[0] if len(frame) else None
    return None if value is None or pd.isna(value) else pd.Timestamp(value).date()


def as_of_text(as_of: dt.date | None) -> str:
    """How a page names the as-of date: ISO, or a plain word when there is none."""
    return as_of.isoformat() if as_of else "the as-of date (no rows yet)"


def rfm_grid(con: duckdb.DuckDBPyConnection, filters: Filters) -> pd.DataFrame:
    """Recency score x frequency score: customers, revenue and their segment.

    The full 5 x 5 grid, zeros included, so the heat map keeps its shape.
    """
    sql = _with_customers(
        """
        rfm as (
            select customer_rfm.*
            from customer_rfm
            join selected_customers using (customer_id)
        ),
        grid as (
            select r.r_score, f.f_score
            from range(1, 6) as r(r_score), range(1, 6) as f(f_score)
        ),
        cells as (
            select r_score, f_score, count(*) as customers,
                   sum(monetary) as revenue_usd,
                   mode(rfm_segment order by rfm_segment) as main_segment
            from rfm
            group by 1, 2
        )
        select cast(grid.r_score as integer) as r_score,
               cast(grid.f_score as integer) as f_score,
               coalesce(cells.customers, 0) as customers,
               coalesce(cells.revenue_usd, 0) as revenue_usd,
               cells.main_segment
        from grid
        left join cells using (r_score, f_score)
        order by r_score, f_score
        """,
    )
    frame = _named(con, sql, _params(filters))
    return frame.astype({"customers": "int64", "revenue_usd": "float64"})


def rfm_segments(con: duckdb.DuckDBPyConnection, filters: Filters) -> pd.DataFrame:
    """Per named RFM segment: customers, revenue, average recency/frequency/monetary."""
    sql = _with_customers(
        """
        rfm as (
            select customer_rfm.*
            from customer_rfm
            join selected_customers using (customer_id)
        )
        select rfm_segment, count(*) as customers,
               sum(monetary) as revenue_usd,
               avg(recency_days) as avg_recency_days,
               avg(frequency) as avg_frequency,
               avg(monetary) as avg_monetary_usd
        from rfm
        group by 1
        order by customers desc, rfm_segment
        """,
    )
    frame = _named(con, sql, _params(filters))
    return frame.astype({"customers": "int64", "revenue_usd": "float64"})


def rfm_segment_customers(
    con: duckdb.DuckDBPyConnection, filters: Filters, rfm_segment: str, limit: int = 500
) -> pd.DataFrame:
    """A segment's customers, best first. No PII: the pseudonymous customer_id,
    country, and RFM figures only."""
    sql = _with_customers(
        """
        rfm as (
            select customer_rfm.*
            from customer_rfm
            join selected_customers using (customer_id)
        )
        select rfm.customer_id, dim_customers.country_code, rfm.rfm_score,
               rfm.recency_days, rfm.frequency, rfm.monetary as monetary_usd,
               rfm.last_order_date
        from rfm
        left join dim_customers using (customer_id)
        where rfm.rfm_segment = $rfm_segment
        order by rfm.monetary desc, rfm.customer_id
        limit $limit
        """,
    )
    return _named(con, sql, _params(filters, rfm_segment=rfm_segment, limit=limit))


# ----------------------------------------------------------------------------
# segments and journeys


def segment_sizes(con: duckdb.DuckDBPyConnection, filters: Filters) -> pd.DataFrame:
    """Customers per rule-based segment (a customer may be in several)."""
    sql = _with_customers(
        """
        members as (
            select customer_segments.*
            from customer_segments
            join selected_customers using (customer_id)
        )
        select segment_type, segment_key, any_value(segment_name) as segment_name,
               count(distinct customer_id) as customers
        from members
        group by 1, 2
        order by segment_type, customers desc, segment_key
        """,
    )
    return _named(con, sql, _params(filters))


def segment_effectiveness(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Conversion and revenue after the cutoff per segment (whole base: the mart
    is computed per segment, not per customer)."""
    return _df(
        con,
        """
        select segment_type, segment_key, segment_name, cutoff_date, window_days,
               members_at_cutoff, converted_customers,
               cast(conversion_rate as double) as conversion_rate,
               cast(window_revenue_usd as double) as window_revenue_usd,
               cast(revenue_per_member_usd as double) as revenue_per_member_usd,
               cast(conversion_lift_vs_all as double) as conversion_lift_vs_all
        from fct_segment_effectiveness
        order by segment_type, segment_key
        """,
    )


def journey_funnel(con: duckdb.DuckDBPyConnection, filters: Filters) -> pd.DataFrame:
    """The journey funnel for the selected customers, recomputed from
    customer_journey_stage the way fct_journey_funnel computes it for all:
    customers currently in each stage, customers who reached it (furthest
    progression stage at or beyond it) and conversion from the previous stage.
    """
    sql = _with_customers(
        """
        stages as (
            select journey_stage, stage_order, is_progression, stage_description
            from fct_journey_funnel
        ),
        journey as (
            select customer_journey_stage.*
            from customer_journey_stage
            join selected_customers using (customer_id)
        ),
        figures as (
            select
                stages.journey_stage, stages.stage_order, stages.is_progression,
                stages.stage_description,
                (select count(*) from journey
                 where journey.journey_stage = stages.journey_stage) as customers_in_stage,
                case when stages.is_progression then
                    (select count(*) from journey
                     where journey.furthest_stage_order >= stages.stage_order)
                end as customers_reached
            from stages
        )
        select *,
            case when is_progression then
                customers_reached / nullif(lag(customers_reached) over (
                    partition by is_progression order by stage_order), 0)
            end as conversion_from_previous_stage
        from figures
        order by stage_order, journey_stage
        """,
    )
    frame = _named(con, sql, _params(filters))
    frame["conversion_from_previous_stage"] = frame["conversion_from_previous_stage"].astype(
        "float64"
    )
    return frame


def journey_paths(con: duckdb.DuckDBPyConnection, top: int = 10) -> pd.DataFrame:
    """The top event paths per outcome (purchase, abandonment, ...)."""
    return _df(
        con,
        """
        select outcome, path_rank, event_path, step_count, session_count, customer_count,
               cast(share_of_outcome_sessions as double) as share_of_outcome_sessions
        from fct_journey_paths
        where path_rank <= ?
        order by outcome, path_rank, event_path
        """,
        [top],
    )


# ----------------------------------------------------------------------------
# clusters


def cluster_profiles(con: duckdb.DuckDBPyConnection, filters: Filters) -> pd.DataFrame:
    """Per cluster: size among the selected customers and mean features."""
    sql = _with_customers(
        """
        members as (
            select customer_clusters.*
            from customer_clusters
            join selected_customers using (customer_id)
        )
        select cluster_number, any_value(cluster_label) as cluster_label,
               count(*) as customers,
               count(*) / sum(count(*)) over () as customer_share,
               avg(recency_days) as recency_days, avg(frequency) as frequency,
               avg(monetary) as monetary_usd, avg(sessions) as sessions,
               avg(product_views) as product_views,
               avg(cart_abandonment_rate) as cart_abandonment_rate,
               avg(email_open_rate) as email_open_rate,
               avg(email_click_rate) as email_click_rate,
               avg(tenure_days) as tenure_days
        from members
        group by cluster_number
        order by cluster_number
        """,
    )
    return _named(con, sql, _params(filters))


def cluster_evaluation(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Silhouette (and Davies-Bouldin) over k per algorithm; the chosen k marked."""
    return _df(
        con,
        """
        select algorithm, k, silhouette_score, davies_bouldin_score, is_chosen, n_customers
        from customer_cluster_evaluation
        order by algorithm, k
        """,
    )


# ----------------------------------------------------------------------------
# personalisation


def triggers_fired(con: duckdb.DuckDBPyConnection, filters: Filters) -> pd.DataFrame:
    """Triggers fired per week and trigger in the range, for the selected customers."""
    sql = _with_customers(
        """
        fired as (
            select fct_triggers.*
            from fct_triggers
            join selected_customers using (customer_id)
            where fct_triggers.fired_date between $start_date and $end_date
        )
        select cast(date_trunc('week', fired_date) as date) as week, trigger_name,
               count(*) as triggers, count(distinct customer_id) as customers,
               count(*) filter (where is_active) as active_triggers
        from fired
        group by 1, 2
        order by week, trigger_name
        """,
    )
    return _named(con, sql, _params(filters, **_date_params(filters)))


def next_best_actions_by_channel(con: duckdb.DuckDBPyConnection, filters: Filters) -> pd.DataFrame:
    """Next-best-actions per channel and action, with the holdout share.

    The actions are the current ones (as of the build's as-of date, see
    as_of_date), so the date range does not apply; country and segment do.
    """
    sql = _with_customers(
        """
        actions as (
            select next_best_actions.*
            from next_best_actions
            join selected_customers using (customer_id)
        )
        select channel, action, count(*) as actions,
               count(*) filter (where is_holdout) as holdout,
               avg(case when is_holdout then 1.0 else 0.0 end) as holdout_share
        from actions
        group by 1, 2
        order by channel, actions desc, action
        """,
    )
    return _named(con, sql, _params(filters))


def action_uplift(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Per trigger-based rule: treated vs held-out conversion in the window after
    the action, the lift and its interval (fct_action_uplift_overall).

    Over all customers and every complete window: the interval is the mart's
    own, so the sidebar filters do not apply.
    """
    return _df(
        con,
        """
        select channel, rule_id, action, treated_exposures, holdout_exposures,
               treated_conversion_rate, holdout_conversion_rate, conversion_lift,
               conversion_lift_lower, conversion_lift_upper, relative_conversion_lift,
               revenue_lift_usd, revenue_lift_lower_usd, revenue_lift_upper_usd,
               is_interval_reliable, window_days
        from fct_action_uplift_overall
        order by channel, rule_id
        """,
    )


# ----------------------------------------------------------------------------
# data health


def quarantine_by_source_reason(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Rows refused and values nulled in the latest build, by source and reason."""
    return _df(
        con,
        """
        select source_table, quarantine_action, reason, count(*) as records
        from fct_quarantined_records
        group by 1, 2, 3
        order by records desc, source_table, quarantine_action, reason
        """,
    )


def quarantine_history(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Rows quarantined per build, source and reason (fct_data_quality_history
    keeps one snapshot per build, so this shows the trend over builds)."""
    return _df(
        con,
        """
        select built_at, build_id, source_table,
               split_part(metric_detail, ':', 2) as reason,
               sum(metric_value) as rows_quarantined
        from fct_data_quality_history
        where metric = 'rows_quarantined_by_reason'
        group by 1, 2, 3, 4
        order by built_at, build_id, source_table, reason
        """,
    )


def null_rates(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Share of NULL per staged column in the latest build."""
    return _df(
        con,
        """
        with latest as (
            select build_id from fct_data_quality_history
            order by built_at desc, build_id limit 1
        )
        select source_table, metric_detail as column_name, metric_value as null_rate
        from fct_data_quality_history
        where metric = 'null_rate' and build_id = (select build_id from latest)
        order by source_table, column_name
        """,
    )


def source_row_counts(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    return _df(
        con,
        """
        select source_table, rows_in, rows_staged, rows_quarantined, rows_deduplicated,
               values_nulled
        from fct_source_row_counts
        order by source_table
        """,
    )


def identity_quality(con: duckdb.DuckDBPyConnection, metric_group: str) -> pd.DataFrame:
    """One group of identity_quality: cluster_size, records, hubs,
    fuzzy_score_band, devices or training."""
    return _df(
        con,
        """
        select metric_key, metric_value from identity_quality
        where metric_group = ?
        order by metric_key
        """,
        [metric_group],
    )


def fuzzy_matches_by_band(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Scored fuzzy pairs per match-probability band (lower bound) and decision."""
    return _df(
        con,
        """
        select split_part(metric_key, ':', 1) as decision,
               split_part(metric_key, ':', 2) as score_band,
               metric_value as pairs
        from identity_quality
        where metric_group = 'fuzzy_score_band'
        order by score_band, decision
        """,
    )


def identity_match_weights(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """The learned identity model: weight in bits per comparison level (prior first)."""
    return _df(
        con,
        """
        select comparison, level_name, match_weight_bits, m_probability, u_probability,
               training_pairs
        from identity_match_weights
        order by comparison_order, comparison_level
        """,
    )


def largest_clusters(con: duckdb.DuckDBPyConnection, top: int = 10) -> pd.DataFrame:
    return _df(
        con,
        """
        select size_rank, customer_id, record_count, crm_contact_count, shop_account_count,
               web_device_count
        from identity_largest_clusters
        where size_rank <= ?
        order by size_rank, customer_id
        """,
        [top],
    )

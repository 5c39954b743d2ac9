"""The dashboard's queries (dashboard.data) on a built demo warehouse:
figures agree with the marts, filters narrow them, results are ordered, no
PII model is read, and an unreadable warehouse raises a message that says
what to do."""

from __future__ import annotations

import datetime as dt
import inspect
import re
from pathlib import Path

import duckdb
import pytest
from _dashboard import demo_warehouse

from dashboard import data
from dashboard.data import Filters


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory, request) -> Path:
    return demo_warehouse(tmp_path_factory.mktemp("dashboard"), request)


@pytest.fixture(scope="module")
def con(warehouse):
    with data.connect(warehouse) as connection:
        yield connection


def _scalar(con, sql: str):
    return con.execute(sql).fetchone()[0]


def test_no_filter_kpis_match_the_marts(con):
    kpis = data.overview_kpis(con, Filters())
    # customers are known persons: anonymous visitors (bare devices) are not counted
    assert kpis["customers"] == _scalar(
        con, "select count(*) from dim_customers where profile_type = 'known_person'"
    )
    assert kpis["customers"] < _scalar(con, "select count(*) from dim_customers")
    assert kpis["orders"] == _scalar(con, "select count(*) from fct_orders where is_counted")
    revenue = _scalar(
        con,
        "select sum(order_total_usd) from fct_orders where is_counted",
    )
    assert kpis["revenue_usd"] == pytest.approx(float(revenue))
    assert 0 < kpis["new_customers"] <= kpis["active_customers"] <= kpis["customers"]


def test_monthly_activity_adds_up_to_the_kpis(con):
    filters = Filters()
    monthly = data.monthly_activity(con, filters)
    kpis = data.overview_kpis(con, filters)
    assert monthly["month"].is_monotonic_increasing
    assert monthly["orders"].sum() == kpis["orders"]
    assert monthly["new_customers"].sum() == kpis["new_customers"]
    assert monthly["revenue_usd"].sum() == pytest.approx(kpis["revenue_usd"])


def test_each_filter_narrows_the_figures(con):
    options = data.filter_options(con)
    everyone = data.overview_kpis(con, Filters())
    country = options["countries"][0]
    by_country = data.overview_kpis(con, Filters(countries=(country,)))
    assert 0 < by_country["customers"] < everyone["customers"]
    assert by_country["customers"] == _scalar(
        con,
        f"select count(*) from dim_customers where country_code = '{country}' "
        "and profile_type = 'known_person'",
    )

    segment = options["segments"].iloc[0]
    by_segment = data.overview_kpis(con, Filters(segment_key=segment.segment_key))
    assert by_segment["customers"] == segment.customers

    first, last = options["min_date"], options["max_date"]
    middle = first + (last - first) / 2
    early = data.overview_kpis(con, Filters(start_date=first, end_date=middle))
    late = data.overview_kpis(con, Filters(start_date=middle + dt.timedelta(days=1), end_date=last))
    assert early["orders"] + late["orders"] == everyone["orders"]
    assert early["customers"] == everyone["customers"]


def test_rfm_grid_is_complete_and_adds_up(con):
    grid = data.rfm_grid(con, Filters())
    assert len(grid) == 25
    assert list(zip(grid["r_score"], grid["f_score"], strict=True)) == [
        (r, f) for r in range(1, 6) for f in range(1, 6)
    ]
    assert grid["customers"].sum() == _scalar(con, "select count(*) from customer_rfm")
    segments = data.rfm_segments(con, Filters())
    assert segments["customers"].sum() == grid["customers"].sum()
    assert segments["revenue_usd"].sum() == pytest.approx(grid["revenue_usd"].sum())


def test_rfm_drill_down_is_pii_free_and_ordered(con):
    segment = data.rfm_segments(con, Filters())["rfm_segment"].iloc[0]
    members = data.rfm_segment_customers(con, Filters(), segment, limit=50)
    assert 0 < len(members) <= 50
    assert list(members.columns) == [
        "customer_id",
        "country_code",
        "rfm_score",
        "recency_days",
        "frequency",
        "monetary_usd",
        "last_order_date",
    ]
    keys = list(zip(-members["monetary_usd"], members["customer_id"], strict=True))
    assert keys == sorted(keys)


def test_funnel_without_filters_equals_the_mart(con):
    ours = data.journey_funnel(con, Filters()).set_index("journey_stage")
    mart = con.execute("select * from fct_journey_funnel").df().set_index("journey_stage")
    assert set(ours.index) == set(mart.index)
    for stage, row in mart.iterrows():
        assert ours.loc[stage, "customers_in_stage"] == row["customers_in_stage"]
        if row["is_progression"]:
            assert ours.loc[stage, "customers_reached"] == row["customers_reached"]
            if row["conversion_from_previous_stage"] == row["conversion_from_previous_stage"]:
                assert ours.loc[stage, "conversion_from_previous_stage"] == pytest.approx(
                    float(row["conversion_from_previous_stage"]), abs=1e-4
                )


def test_other_pages_queries_return_rows(con):
    f = Filters()
    for frame in (
        data.revenue_by_country(con, f),
        data.segment_sizes(con, f),
        data.segment_effectiveness(con),
        data.journey_paths(con),
        data.cluster_profiles(con, f),
        data.cluster_evaluation(con),
        data.triggers_fired(con, f),
        data.next_best_actions_by_channel(con, f),
        data.action_uplift(con),
        data.quarantine_by_source_reason(con),
        data.quarantine_history(con),
        data.null_rates(con),
        data.source_row_counts(con),
        data.identity_quality(con, "cluster_size"),
        data.fuzzy_matches_by_band(con),
        data.identity_match_weights(con),
        data.largest_clusters(con),
    ):
        assert not frame.empty
    actions = data.next_best_actions_by_channel(con, f)
    assert actions["holdout"].sum() == _scalar(
        con, "select count(*) from next_best_actions where is_holdout"
    )
    assert data.cluster_evaluation(con)["is_chosen"].sum() >= 1


def test_as_of_date_is_the_warehouse_as_of_date(con):
    expected = _scalar(con, "select as_of_date from intermediate.int_as_of_date")
    assert isinstance(expected, dt.date)
    assert data.as_of_date(con, "customer_rfm") == expected
    assert data.as_of_date(con, "next_best_actions") == expected
    assert data.as_of_text(expected) == expected.isoformat()
    with pytest.raises(ValueError, match="not a dashboard mart"):
        data.as_of_date(con, "customer_profiles")


def test_no_pii_model_is_read():
    """customer_profiles and audience_* hold contact details for activation;
    the dashboard reads only BI marts."""
    source = inspect.getsource(data)
    read = re.findall(r"\b(?:from|join)\s+([a-z_]+)", source, flags=re.IGNORECASE)
    assert read, "no table references found"
    assert not [t for t in read if t == "customer_profiles" or t.startswith("audience_")]


def test_missing_and_locked_warehouses_explain_what_to_do(tmp_path, warehouse):
    with pytest.raises(data.WarehouseUnavailable, match="make build"):
        data.connect(tmp_path / "absent.duckdb")

    empty = tmp_path / "empty.duckdb"
    duckdb.connect(str(empty)).close()
    with data.connect(empty) as con, pytest.raises(data.WarehouseUnavailable) as info:
        data.require_tables(con, data.CORE_TABLES)
    assert "`dim_customers`" in str(info.value) and "make build" in str(info.value)


def test_warehouse_path_follows_the_environment(monkeypatch):
    monkeypatch.delenv("JOURNEYMAP_DUCKDB_PATH", raising=False)
    assert data.warehouse_path() == Path("warehouse/journeymap.duckdb")
    monkeypatch.setenv("JOURNEYMAP_DUCKDB_PATH", "/x/y.duckdb")
    assert data.warehouse_path() == Path("/x/y.duckdb")


def test_customer_counts_leave_unresolved_orders_out(con):
    """Guest orders resolved to nobody count in revenue, never as a customer."""
    kpis = data.overview_kpis(con, Filters())
    buyers = _scalar(con, "select count(distinct customer_id) from fct_orders where is_counted")
    assert kpis["new_customers"] == buyers

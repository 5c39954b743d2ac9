"""The semantic layer (MetricFlow) on a real small build: `mf validate-configs`
passes, including its checks against the warehouse, and `mf query` results
equal the same figures computed in SQL on the marts (counts exactly, amounts
and rates to a small tolerance).

`mf` reads `<project>/target/semantic_manifest.json`, a fixed path, so it
runs in a throw-away copy of the project folder (symlinks) whose `target/`
holds the manifest of this build: the checkout's own `target/` is never
touched. Skipped when dbt-metricflow is not installed (requirements.txt pins it).
"""

from __future__ import annotations

import math
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from _dbt_helpers import PROJECT, query, query_df

MF = Path(sys.executable).with_name("mf")
pytestmark = pytest.mark.skipif(not MF.exists(), reason="dbt-metricflow (mf) is not installed")

# project entries the copy must not share: build outputs and environments
NOT_LINKED = {"target", "logs", "artifacts", "warehouse", "data", "dbt_packages"}


@pytest.fixture(scope="module")
def mf_project(small_build, base_raw, dbt_workspace, tmp_path_factory):
    """(project copy, environment, warehouse) for running `mf` on the small build."""
    root = tmp_path_factory.mktemp("semantic_layer")
    project = root / "project"
    project.mkdir()
    for entry in PROJECT.iterdir():
        if entry.name in NOT_LINKED or entry.name.startswith("."):
            continue
        (project / entry.name).symlink_to(entry)
    (project / "target").mkdir()
    shutil.copy(small_build.artifacts / "semantic_manifest.json", project / "target")
    env = dbt_workspace.env(base_raw)
    env.update(
        {
            "JOURNEYMAP_DUCKDB_PATH": str(small_build.warehouse),
            "DBT_LOG_PATH": str(root / "logs"),
            "DBT_TARGET_PATH": str(project / "target"),
        }
    )
    return project, env, small_build.warehouse


def _mf(mf_project, *args: str) -> subprocess.CompletedProcess:
    project, env, _ = mf_project
    return subprocess.run(
        [str(MF), *args], cwd=project, env=env, capture_output=True, text=True, timeout=600
    )


def mf_query(mf_project, metrics: list[str], group_by: list[str] = ()) -> pd.DataFrame:
    project, _, _ = mf_project
    out = project / f"query_{len(list(project.glob('query_*')))}.csv"
    args = ["query", "--metrics", ",".join(metrics), "--csv", str(out)]
    if group_by:
        args += ["--group-by", ",".join(group_by)]
    proc = _mf(mf_project, *args)
    assert proc.returncode == 0 and out.exists(), proc.stdout[-3000:] + proc.stderr[-3000:]
    return pd.read_csv(out, keep_default_na=True)


def _key(value):
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    return str(value)


def by_key(frame: pd.DataFrame, key: str, metric: str) -> dict:
    return {_key(k): v for k, v in zip(frame[key], frame[metric], strict=True)}


def assert_close(actual: dict, expected: dict, exact: bool, tolerance: float = 1e-6) -> None:
    assert set(actual) == set(expected), (sorted(map(str, actual)), sorted(map(str, expected)))
    for key, want in expected.items():
        got = actual[key]
        if want is None:
            assert got is None or math.isnan(got), (key, got)
        elif exact:
            assert int(got) == int(want), (key, got, want)
        else:
            assert math.isclose(float(got), float(want), rel_tol=tolerance, abs_tol=0.005), (
                key,
                got,
                want,
            )


def sql_by_key(warehouse, sql: str) -> dict[str, dict]:
    """{column: {str(first column): value}} of `sql`'s rows."""
    frame = query_df(warehouse, sql).astype(object)
    frame = frame.where(frame.notna(), None)
    key = frame.columns[0]
    return {c: by_key(frame, key, c) for c in frame.columns[1:]}


def test_validate_configs_passes_with_warehouse_checks(mf_project):
    proc = _mf(mf_project, "validate-configs")
    output = proc.stdout + proc.stderr
    assert proc.returncode == 0, output[-4000:]
    assert "Successfully validated metrics against data warehouse" in output, output[-4000:]
    assert "ERRORS: 0" in output


def test_order_metrics_by_month_match_fct_orders(mf_project):
    _, _, warehouse = mf_project
    frame = mf_query(
        mf_project,
        ["revenue", "orders", "average_order_value", "active_customers", "new_customers"],
        ["metric_time__month"],
    )
    # customers without a counted order have no first-order date (a NULL month)
    frame = frame[frame["metric_time__month"].notna()].copy()
    # a month without new customers has none (MetricFlow leaves the cell empty)
    frame["new_customers"] = frame["new_customers"].fillna(0)
    frame["month"] = pd.to_datetime(frame["metric_time__month"]).dt.strftime("%Y-%m")
    expected = sql_by_key(
        warehouse,
        """
        with orders as (
            select
                strftime(order_date, '%Y-%m') as month,
                sum(case when is_counted then order_total_usd end) as revenue,
                count(case when is_counted then 1 end) as orders,
                sum(case when is_counted then order_total_usd end)
                / count(case when is_counted and order_total_usd is not null then 1 end)
                    as average_order_value,
                count(distinct case when is_counted then customer_id end) as active_customers
            from main.fct_orders
            group by 1
        ),
        firsts as (
            select strftime(first_order_at, '%Y-%m') as month, count(*) as new_customers
            from main.customer_behaviour
            where first_order_at is not null
            group by 1
        )
        select coalesce(orders.month, firsts.month) as month, orders.* exclude (month),
            coalesce(firsts.new_customers, 0) as new_customers
        from orders full outer join firsts on orders.month = firsts.month
        """,
    )
    assert len(frame) >= 3
    for metric, exact in [
        ("orders", True),
        ("active_customers", True),
        ("new_customers", True),
        ("revenue", False),
        ("average_order_value", False),
    ]:
        assert_close(by_key(frame, "month", metric), expected[metric], exact)
    # summed over all months, new customers are the customers of customer_rfm
    total_new = int(frame["new_customers"].sum())
    assert total_new == query(warehouse, "select count(*) from main.customer_rfm")[0][0]
    assert total_new > 0


def test_session_rates_by_channel_match_fct_sessions(mf_project):
    _, _, warehouse = mf_project
    frame = mf_query(
        mf_project,
        ["sessions", "session_conversion_rate", "cart_abandonment_rate"],
        ["session__utm_source"],
    )
    expected = sql_by_key(
        warehouse,
        """
        select
            utm_source,
            count(*) as sessions,
            count(case when has_purchase then 1 end) * 1.0 / count(*) as session_conversion_rate,
            count(case when cart_adds > 0 and not has_purchase then 1 end) * 1.0
            / nullif(count(case when cart_adds > 0 then 1 end), 0) as cart_abandonment_rate
        from main.fct_sessions
        group by 1
        """,
    )
    assert len(frame) >= 3
    assert_close(by_key(frame, "session__utm_source", "sessions"), expected["sessions"], True)
    for metric in ("session_conversion_rate", "cart_abandonment_rate"):
        assert_close(by_key(frame, "session__utm_source", metric), expected[metric], False)


def test_metrics_sliced_by_rfm_segment_join_through_the_customer(mf_project):
    _, _, warehouse = mf_project
    frame = mf_query(
        mf_project, ["revenue", "repeat_rate", "churn_risk_share"], ["customer__rfm_segment"]
    )
    expected = sql_by_key(
        warehouse,
        """
        with revenue as (
            select rfm.rfm_segment, sum(orders.order_total_usd) as revenue
            from main.fct_orders as orders
            left join main.customer_rfm as rfm on orders.customer_id = rfm.customer_id
            where orders.is_counted
            group by 1
        ),
        rfm as (
            select
                rfm.rfm_segment,
                count(case when rfm.frequency >= 2 then 1 end) * 1.0 / count(*) as repeat_rate,
                count(case when churn.churn_probability >= 0.5 then 1 end) * 1.0
                / count(churn.customer_id) as churn_risk_share
            from main.customer_rfm as rfm
            left join main.customer_churn_scores as churn on rfm.customer_id = churn.customer_id
            group by 1
        )
        select coalesce(revenue.rfm_segment, rfm.rfm_segment) as rfm_segment,
            revenue.revenue, rfm.repeat_rate, rfm.churn_risk_share
        from revenue full outer join rfm on revenue.rfm_segment is not distinct from rfm.rfm_segment
        """,
    )
    assert len(frame) >= 3
    for metric in ("revenue", "repeat_rate", "churn_risk_share"):
        assert_close(by_key(frame, "customer__rfm_segment", metric), expected[metric], False)


def test_segment_and_cluster_sizes_match_their_marts(mf_project):
    _, _, warehouse = mf_project
    segments = mf_query(mf_project, ["segment_size"], ["customer_segment__segment_key"])
    expected = sql_by_key(
        warehouse, "select segment_key, count(*) as n from main.customer_segments group by 1"
    )
    assert len(segments) >= 3
    assert_close(
        by_key(segments, "customer_segment__segment_key", "segment_size"), expected["n"], True
    )

    clusters = mf_query(mf_project, ["clustered_customers"], ["customer__cluster_label"])
    expected = sql_by_key(
        warehouse,
        "select cluster_label, customer_count from main.customer_cluster_profiles",
    )
    assert len(clusters) >= 2
    assert_close(
        by_key(clusters, "customer__cluster_label", "clustered_customers"),
        expected["customer_count"],
        True,
    )


def test_overall_rates_match_their_marts(mf_project):
    _, _, warehouse = mf_project
    frame = mf_query(
        mf_project,
        [
            "email_click_rate",
            "holdout_share",
            "customers",
            "all_profiles",
            "journey_stage_customers",
        ],
    )
    assert len(frame) == 1
    row = frame.iloc[0]
    click_rate, holdout_share, customers, profiles = query(
        warehouse,
        """
        select
            (select count(case when is_sent and is_clicked then 1 end) * 1.0
                / count(case when is_sent then 1 end)
             from main.fct_email_campaign_engagement),
            (select count(case when is_holdout then 1 end) * 1.0 / count(*)
             from main.next_best_actions),
            (select count(*) from main.dim_customers where profile_type = 'known_person'),
            (select count(*) from main.dim_customers)
        """,
    )[0]
    assert math.isclose(row["email_click_rate"], click_rate, rel_tol=1e-9)
    assert math.isclose(row["holdout_share"], holdout_share, rel_tol=1e-9)
    # customers are known persons; anonymous visitors count only in all_profiles
    assert int(row["customers"]) == customers
    assert int(row["all_profiles"]) == profiles
    assert 0 < customers < profiles
    assert int(row["journey_stage_customers"]) == profiles
    assert 0 < click_rate < 1 and 0 < holdout_share < 1


def test_revenue_by_customer_reconciles_with_the_customer_marts(mf_project):
    """The semantic layer's revenue and orders per customer dimension equal the
    lifetime figures the customer marts report (dim_customers and
    customer_behaviour), plus, under no customer, the orders attributed to
    nobody: one revenue definition everywhere (int_orders_attributed)."""
    _, _, warehouse = mf_project
    frame = mf_query(mf_project, ["revenue", "orders"], ["customer__country_code"])
    expected = sql_by_key(
        warehouse,
        """
        with by_customer as (
            select dim_customers.country_code,
                   dim_customers.lifetime_revenue_usd as revenue,
                   dim_customers.lifetime_order_count as orders
            from main.dim_customers
            inner join main.customer_behaviour
                on dim_customers.customer_id = customer_behaviour.customer_id
                and dim_customers.lifetime_revenue_usd = customer_behaviour.lifetime_revenue_usd
                and dim_customers.lifetime_order_count = customer_behaviour.lifetime_orders
            union all
            select null, counted_revenue_usd, case when is_counted then 1 else 0 end
            from main.fct_orders
            where customer_id is null
        )
        select country_code, sum(revenue) as revenue, sum(orders) as orders
        from by_customer
        group by 1
        having sum(orders) > 0
        """,
    )
    frame = frame[frame["orders"].fillna(0) > 0]
    assert len(frame) >= 2
    assert_close(by_key(frame, "customer__country_code", "orders"), expected["orders"], True)
    assert_close(by_key(frame, "customer__country_code", "revenue"), expected["revenue"], False)


def test_dashboard_overview_reads_what_the_metrics_define(mf_project):
    """The Overview page computes revenue, orders, new customers and customers
    in its own SQL (dashboard/data.py, so its filters can narrow them); without
    filters its figures are the semantic layer's metrics of the same names.
    Its "active customers" is not compared: the page counts a web session as
    activity, the metric `active_customers` only purchases (both say so)."""
    from dashboard import data

    _, _, warehouse = mf_project
    with data.connect(warehouse) as con:
        monthly = data.monthly_activity(con, data.Filters())
        kpis = data.overview_kpis(con, data.Filters())
    monthly["month"] = pd.to_datetime(monthly["month"]).dt.strftime("%Y-%m")
    shown = {row.month: row for row in monthly.itertuples()}

    frame = mf_query(mf_project, ["revenue", "orders", "new_customers"], ["metric_time__month"])
    frame = frame[frame["metric_time__month"].notna()].copy()
    frame["month"] = pd.to_datetime(frame["metric_time__month"]).dt.strftime("%Y-%m")
    frame = frame.fillna({"revenue": 0.0, "orders": 0, "new_customers": 0})
    metric = {row.month: row for row in frame.itertuples()}
    months = set(shown) | set(metric)
    assert len(months) >= 3

    def cell(rows, month, column):
        row = rows.get(month)
        return 0 if row is None else getattr(row, column)

    for month in sorted(months):
        assert cell(shown, month, "orders") == cell(metric, month, "orders"), month
        assert cell(shown, month, "new_customers") == cell(metric, month, "new_customers"), month
        assert math.isclose(
            cell(shown, month, "revenue_usd"), cell(metric, month, "revenue"), abs_tol=1e-6
        ), month

    totals = mf_query(mf_project, ["revenue", "orders", "customers", "new_customers"])
    assert kpis["customers"] == totals["customers"].iloc[0]
    assert kpis["orders"] == totals["orders"].iloc[0]
    assert kpis["new_customers"] == totals["new_customers"].iloc[0]
    assert math.isclose(kpis["revenue_usd"], totals["revenue"].iloc[0], abs_tol=1e-6)


def test_dashboard_segments_and_personalisation_read_what_the_metrics_define(mf_project):
    """The Segments and Personalisation pages without filters: segment sizes,
    triggers fired (summed over the weeks shown) and next-best-actions per
    channel with their holdout share are the metrics segment_size,
    triggers_fired, next_best_actions and holdout_share."""
    from dashboard import data

    _, _, warehouse = mf_project
    with data.connect(warehouse) as con:
        segments = data.segment_sizes(con, data.Filters())
        triggers = data.triggers_fired(con, data.Filters())
        actions = data.next_best_actions_by_channel(con, data.Filters())

    sizes = mf_query(mf_project, ["segment_size"], ["customer_segment__segment_key"])
    assert_close(
        by_key(sizes, "customer_segment__segment_key", "segment_size"),
        {row.segment_key: row.customers for row in segments.itertuples()},
        exact=True,
    )

    fired = mf_query(mf_project, ["triggers_fired"], ["trigger__trigger_name"])
    shown = triggers.groupby("trigger_name")["triggers"].sum()
    assert_close(
        by_key(fired, "trigger__trigger_name", "triggers_fired"), dict(shown.items()), exact=True
    )

    per_channel = mf_query(
        mf_project, ["next_best_actions", "holdout_share"], ["next_best_action__channel"]
    )
    by_channel = actions.groupby("channel")[["actions", "holdout"]].sum()
    assert_close(
        by_key(per_channel, "next_best_action__channel", "next_best_actions"),
        {channel: row.actions for channel, row in by_channel.iterrows()},
        exact=True,
    )
    assert_close(
        by_key(per_channel, "next_best_action__channel", "holdout_share"),
        {channel: row.holdout / row.actions for channel, row in by_channel.iterrows()},
        exact=False,
    )

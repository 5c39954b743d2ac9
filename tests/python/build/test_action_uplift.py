"""fct_action_uplift recovers a lift planted in generated data.

Generated data has no treatment effect: the holdout is drawn by a hash in
dbt, after the fact, so treated and held-out customers behave alike and the
interval of every rule's lift should cover 0. Build 1 measures that. Then,
for a share of the treated exposures of the email cart rule that did not
convert, one counted order (USD 50, a day after the trigger) is added to the
raw shop orders of the customer's account: a known lift of
planted_conversions / treated_exposures in conversion and of
50 x planted_conversions / treated_exposures in revenue per exposure.
Build 2 must

- keep the exposures themselves unchanged (the planted orders touch no
  trigger of this rule), and change the held-out arm not at all;
- move the treated conversion rate and revenue per exposure by exactly the
  planted amounts;
- give intervals (normal approximation) that cover the planted lifts and
  exclude 0.

The rule's cooldown (7 days) equals the outcome window, and planted orders go
only to exposures with no other exposure of the same customer within a
window, so each planted order converts exactly one exposure.
"""

from __future__ import annotations

import datetime as dt

import duckdb
import pandas as pd
import pytest
from _dbt_helpers import append_rows, copy_raw, generate_raw, query_df, read_table, write_table

PERSONS = 2000
SEED = 7
RULE = "nba_email_cart"
PLANT_SHARE = 0.3
PLANT_AMOUNT = 50.0
BUILD = (
    "build",
    "--select",
    "+fct_action_uplift",
    "+fct_action_uplift_overall",
    "customer_identity_map",
    "--exclude",
    "resource_type:test",
    "resource_type:unit_test",
)
OVERALL = "select * from main.fct_action_uplift_overall where rule_id = ?"


def _exposures(warehouse) -> pd.DataFrame:
    return query_df(
        warehouse,
        """
        select exposure_id, customer_id, exposed_at, window_end_at, is_holdout,
               has_converted, revenue_usd
        from main.fct_action_exposures
        where rule_id = ?
        order by exposure_id
        """,
        [RULE],
    )


def _plant(warehouse, raw) -> list[str]:
    """Add one order per chosen exposure; returns the chosen exposure ids."""
    with duckdb.connect(str(warehouse), read_only=True) as con:
        candidates = con.execute(
            """
            with exposures as (
                select * from main.fct_action_exposures where rule_id = ?
            ),
            accounts as (
                select customer_id, min(source_record_id) as account_id
                from main.customer_identity_map
                where source_table = 'shop_customers'
                group by customer_id
            ),
            isolated as (
                select exposures.*
                from exposures
                where not exists (
                    select 1 from exposures as other
                    where other.customer_id = exposures.customer_id
                      and other.exposure_id <> exposures.exposure_id
                      and abs(epoch(other.exposed_at) - epoch(exposures.exposed_at))
                          <= 2 * 7 * 86400
                )
            )
            select isolated.exposure_id, isolated.exposed_at, accounts.account_id
            from isolated
            inner join accounts on isolated.customer_id = accounts.customer_id
            where not isolated.is_holdout and not isolated.has_converted
            order by isolated.exposure_id
            """,
            [RULE],
        ).fetchall()
        treated = con.execute(
            "select count(*) from main.fct_action_exposures where rule_id = ? and not is_holdout",
            [RULE],
        ).fetchone()[0]
    wanted = round(PLANT_SHARE * treated)
    assert len(candidates) >= wanted, (len(candidates), wanted)
    step = len(candidates) / wanted
    chosen = [candidates[int(i * step)] for i in range(wanted)]
    orders = read_table(raw, "shop_orders")
    rows = []
    for i, (_, exposed_at, account_id) in enumerate(chosen):
        at = (exposed_at + dt.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M:%SZ")
        rows.append(
            {
                "order_id": f"ORD-UPLIFT-{i:05d}",
                "account_id": account_id,
                "ordered_at": at,
                "status": "placed",
                "currency": "USD",
                "order_total": f"{PLANT_AMOUNT:.2f}",
                "shipping_country": "US",
                "updated_at": at,
            }
        )
    write_table(raw, "shop_orders", append_rows(orders, rows))
    return [c[0] for c in chosen]


@pytest.fixture(scope="module")
def builds(dbt_workspace, tmp_path_factory):
    root = tmp_path_factory.mktemp("action_uplift")
    raw = copy_raw(generate_raw(root / "generated", persons=PERSONS, seed=SEED), root / "raw")
    before = dbt_workspace.run(raw, *BUILD, keep_as=root / "before.duckdb")
    assert before.returncode == 0, before.tail()
    planted = _plant(before.warehouse, raw)
    after = dbt_workspace.run(raw, *BUILD, keep_as=root / "after.duckdb")
    assert after.returncode == 0, after.tail()
    return before.warehouse, after.warehouse, planted


def _row(warehouse) -> dict:
    frame = query_df(warehouse, OVERALL, [RULE])
    assert len(frame) == 1
    return frame.iloc[0].to_dict()


def test_without_a_planted_effect_the_interval_covers_zero(builds):
    before, _, _ = builds
    row = _row(before)
    assert row["treated_exposures"] >= 100 and row["holdout_exposures"] >= 10, row
    assert row["conversion_lift_lower"] <= 0 <= row["conversion_lift_upper"], row
    assert row["revenue_lift_lower_usd"] <= 0 <= row["revenue_lift_upper_usd"], row


def test_planting_changes_only_the_planted_outcomes(builds):
    before, after, planted = builds
    a, b = _exposures(before), _exposures(after)
    assert a[["exposure_id", "customer_id", "is_holdout"]].equals(
        b[["exposure_id", "customer_id", "is_holdout"]]
    )
    flipped = a["has_converted"].to_numpy() != b["has_converted"].to_numpy()
    changed = set(a.loc[flipped, "exposure_id"])
    assert changed == set(planted)
    assert bool(b.loc[b["exposure_id"].isin(planted), "has_converted"].all())
    held_a, held_b = _row(before), _row(after)
    for column in ("holdout_exposures", "holdout_conversions", "holdout_revenue_usd"):
        assert held_a[column] == held_b[column], column


def test_the_planted_lift_is_recovered_within_the_interval(builds):
    before, after, planted = builds
    a, b = _row(before), _row(after)
    n = b["treated_exposures"]
    planted_conversion_lift = len(planted) / n
    planted_revenue_lift = PLANT_AMOUNT * len(planted) / n
    # the estimate moves by exactly what was planted
    assert b["treated_conversion_rate"] - a["treated_conversion_rate"] == pytest.approx(
        planted_conversion_lift, abs=1e-9
    )
    assert b["conversion_lift"] - a["conversion_lift"] == pytest.approx(
        planted_conversion_lift, abs=1e-9
    )
    assert b["revenue_lift_usd"] - a["revenue_lift_usd"] == pytest.approx(
        planted_revenue_lift, abs=1e-6
    )
    # and the interval finds it: covers the planted lift, excludes no effect
    assert b["conversion_lift_lower"] <= planted_conversion_lift <= b["conversion_lift_upper"], b
    assert b["conversion_lift_lower"] > 0, b
    assert b["revenue_lift_lower_usd"] <= planted_revenue_lift <= b["revenue_lift_upper_usd"], b
    relative = b["conversion_lift"] / b["holdout_conversion_rate"]
    assert b["relative_conversion_lift"] == pytest.approx(relative)


def test_an_empty_arm_gives_no_lift(builds):
    """Rules whose held-out arm is empty have NULL lift and interval, not a number."""
    _, after, _ = builds
    frame = query_df(
        after,
        """
        select * from main.fct_action_uplift
        where holdout_exposures = 0 or treated_exposures = 0
        """,
    )
    assert not frame.empty
    for column in (
        "conversion_lift",
        "conversion_lift_lower",
        "conversion_lift_upper",
        "revenue_lift_usd",
        "relative_conversion_lift",
    ):
        assert frame[column].isna().all(), column
    assert not frame["is_interval_reliable"].any()

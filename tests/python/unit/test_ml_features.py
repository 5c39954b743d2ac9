"""Feature engineering for the ML models (journeymap.ml.features).

Includes the churn leakage test: point-in-time features read nothing at or
after the cutoff.
"""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
import pytest

from journeymap.ml.features import (
    CHURN_FEATURES,
    impute,
    point_in_time_features,
    prepare_cluster_features,
    standardise,
)

SPEC = [
    {"name": "monetary", "log": True, "impute": "zero"},
    {"name": "open_rate", "log": False, "impute": "median"},
    {"name": "recency_days", "log": False, "impute": "max"},
]


def _frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "customer_id": ["c3", "c1", "c2", "c4"],
            "monetary": [100.0, None, 10.0, 1000.0],
            "open_rate": [0.2, 0.4, None, 0.9],
            "recency_days": [5.0, 50.0, None, 1.0],
        }
    )


def test_impute_rules_are_documented_values():
    out, used = impute(_frame(), SPEC)
    assert used == {"monetary": 0.0, "open_rate": 0.4, "recency_days": 50.0}
    assert not out.isna().any().any()


def test_all_missing_column_falls_back_to_zero():
    frame = _frame().assign(open_rate=np.nan)
    _, used = impute(frame, SPEC)
    assert used["open_rate"] == 0.0


def test_unknown_rule_and_missing_column_are_refused():
    with pytest.raises(ValueError):
        impute(_frame(), [{"name": "monetary", "impute": "mean"}])
    with pytest.raises(KeyError):
        impute(_frame(), [{"name": "nope", "impute": "zero"}])


def test_standardise_unit_variance_and_constant_column():
    m = np.array([[1.0, 5.0], [3.0, 5.0], [5.0, 5.0]])
    z, mean, scale = standardise(m)
    assert np.allclose(z[:, 0].mean(), 0) and np.allclose(z[:, 0].std(), 1)
    assert np.allclose(z[:, 1], 0) and scale[1] == 1.0


def test_prepare_sorts_by_id_and_logs_flagged_features():
    prepared = prepare_cluster_features(_frame(), SPEC)
    assert list(prepared.customer_ids) == ["c1", "c2", "c3", "c4"]
    shuffled = prepare_cluster_features(_frame().sample(frac=1, random_state=3), SPEC)
    assert np.array_equal(prepared.matrix, shuffled.matrix)
    # monetary is log1p'd before standardising: reconstruct it
    logged = prepared.matrix[:, 0] * prepared.scale[0] + prepared.mean[0]
    assert np.allclose(np.expm1(logged), prepared.raw["monetary"])


def test_duplicate_ids_refused():
    frame = pd.concat([_frame(), _frame().head(1)])
    with pytest.raises(ValueError):
        prepare_cluster_features(frame, SPEC)


# ----------------------------------------------------------------- point in time

CUTOFF = date(2026, 4, 1)


def _orders() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "customer_id": ["a", "a", "a", "b", "b", "c"],
            "ordered_at": pd.to_datetime(
                [
                    "2026-01-10 10:00:00",
                    "2026-03-20 09:00:00",
                    "2026-03-31 23:59:59",
                    "2026-02-01 00:00:00",
                    "2026-02-15 00:00:00",
                    "2026-03-01 12:00:00",
                ]
            ),
            "order_total_usd": [10.0, 20.0, 30.0, 5.0, None, 100.0],
            "is_counted": [True, True, True, True, True, False],
        }
    )


def _activity() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "customer_id": ["a", "a", "b"],
            "activity_date": pd.to_datetime(["2026-03-25", "2026-03-31", "2026-01-05"]),
            "sessions": [2, 1, 1],
            "product_views": [5, 3, 1],
            "cart_adds": [1, 0, 0],
        }
    )


def test_point_in_time_values():
    f = point_in_time_features(_orders(), _activity(), CUTOFF, lookback_cap_days=365)
    assert list(f.columns) == ["customer_id", *CHURN_FEATURES]
    assert list(f["customer_id"]) == ["a", "b"]  # c's only order is not counted
    a = f.set_index("customer_id").loc["a"]
    assert a["frequency"] == 3 and a["monetary"] == 60.0
    assert a["recency_days"] == pytest.approx(1 / 86400)
    assert a["sessions_last_30d"] == 3 and a["product_views_last_30d"] == 8
    assert a["days_since_last_session"] == 1
    b = f.set_index("customer_id").loc["b"]
    assert b["monetary"] == 5.0  # NULL amount counts as 0
    assert b["sessions_last_30d"] == 0 and b["sessions_last_90d"] == 1


def test_no_leakage_from_data_at_or_after_cutoff():
    """Features at the cutoff ignore everything at/after it: adding, removing or
    rewriting such rows changes nothing, while the same change before the
    cutoff does change the features (so the test can fail)."""
    base = point_in_time_features(_orders(), _activity(), CUTOFF)

    future_orders = pd.DataFrame(
        {
            "customer_id": ["a", "b", "d", "a"],
            "ordered_at": pd.to_datetime(
                [
                    "2026-04-01 00:00:00",
                    "2026-04-02 00:00:00",
                    "2026-05-01 00:00:00",
                    "2026-06-30 00:00:00",
                ]
            ),
            "order_total_usd": [999.0, 999.0, 999.0, 999.0],
            "is_counted": [True, True, True, True],
        }
    )
    future_activity = pd.DataFrame(
        {
            "customer_id": ["a", "b", "d"],
            "activity_date": pd.to_datetime(["2026-04-01", "2026-04-05", "2026-04-02"]),
            "sessions": [50, 50, 50],
            "product_views": [50, 50, 50],
            "cart_adds": [50, 50, 50],
        }
    )
    with_future = point_in_time_features(
        pd.concat([_orders(), future_orders], ignore_index=True),
        pd.concat([_activity(), future_activity], ignore_index=True),
        CUTOFF,
    )
    pd.testing.assert_frame_equal(base, with_future)

    # the same kind of change one second / one day before the cutoff is seen
    past_orders = future_orders.assign(ordered_at=pd.to_datetime(["2026-03-31 23:59:59"] * 4))
    past_activity = future_activity.assign(activity_date=pd.to_datetime(["2026-03-31"] * 3))
    with_past = point_in_time_features(
        pd.concat([_orders(), past_orders], ignore_index=True),
        pd.concat([_activity(), past_activity], ignore_index=True),
        CUTOFF,
    )
    assert not base.equals(with_past)
    assert "d" in set(with_past["customer_id"])


def test_timezone_aware_input_is_converted_to_utc():
    o = _orders()
    o["ordered_at"] = o["ordered_at"].dt.tz_localize("UTC").dt.tz_convert("Europe/Berlin")
    f = point_in_time_features(o, None, CUTOFF)
    g = point_in_time_features(_orders(), None, CUTOFF)
    pd.testing.assert_frame_equal(f, g)

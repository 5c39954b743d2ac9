"""Customer feature engineering for clustering and churn.

Clustering features
-------------------
One row per customer, one column per feature named in a *feature spec*: a list
of mappings ``{"name": str, "log": bool, "impute": "zero" | "median" | "max"}``
(the dbt var ``ml_cluster_features`` holds the project's spec;
:data:`DEFAULT_CLUSTER_FEATURES` mirrors it for tests and scripts).

Imputation rule (applied before any transform):

- ``zero``: counts and amounts (orders, revenue, sessions, product views).
  A missing value means the mart saw no activity, so the count is 0.
- ``median``: rates with no denominator (no session → no cart-abandonment
  rate; no email sent → no open/click rate). The median of the observed values
  keeps such customers neutral on that axis after standardisation.
- ``max``: "days since" values; a missing value means "never", the most
  distant observed value is the conservative stand-in.

Then ``log1p`` on the features flagged ``log`` (skewed, non-negative: negatives
are clipped to 0 first), then standardisation to mean 0 / standard deviation 1
(a constant column gets standard deviation 1, so it becomes all zeros).

Churn features
--------------
:func:`point_in_time_features` computes, for one cutoff date, features from
counted orders with ``ordered_at < cutoff`` and daily web activity with
``activity_date < cutoff`` only — nothing at or after the cutoff is read.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime

import numpy as np
import pandas as pd

FeatureSpec = Sequence[Mapping[str, object]]

DEFAULT_CLUSTER_FEATURES: list[dict[str, object]] = [
    {"name": "recency_days", "log": True, "impute": "max"},
    {"name": "frequency", "log": True, "impute": "zero"},
    {"name": "monetary", "log": True, "impute": "zero"},
    {"name": "sessions", "log": True, "impute": "zero"},
    {"name": "product_views", "log": True, "impute": "zero"},
    {"name": "cart_abandonment_rate", "log": False, "impute": "median"},
    {"name": "email_open_rate", "log": False, "impute": "median"},
    {"name": "email_click_rate", "log": False, "impute": "median"},
    {"name": "tenure_days", "log": False, "impute": "median"},
]

_IMPUTE_RULES = ("zero", "median", "max")


@dataclass(frozen=True)
class PreparedFeatures:
    """Output of :func:`prepare_cluster_features`.

    ``raw`` holds the imputed features in original units (used for profiles),
    ``matrix`` the transformed and standardised matrix (used for fitting), in
    the order of ``names``; ``mean``/``scale`` undo the standardisation and
    ``impute_values`` records the value used per feature.
    """

    customer_ids: np.ndarray
    names: list[str]
    raw: pd.DataFrame
    matrix: np.ndarray
    mean: np.ndarray
    scale: np.ndarray
    impute_values: dict[str, float]


def _spec_names(spec: FeatureSpec) -> list[str]:
    names = [str(item["name"]) for item in spec]
    if len(set(names)) != len(names):
        raise ValueError(f"duplicate feature names in spec: {names}")
    for item in spec:
        if item.get("impute", "zero") not in _IMPUTE_RULES:
            raise ValueError(f"unknown impute rule {item.get('impute')!r} for {item['name']}")
    return names


def impute(frame: pd.DataFrame, spec: FeatureSpec) -> tuple[pd.DataFrame, dict[str, float]]:
    """Fill missing values per the spec's rule; return the frame and values used.

    A column with no observed value at all falls back to 0 whatever its rule.
    """
    names = _spec_names(spec)
    missing = [n for n in names if n not in frame.columns]
    if missing:
        raise KeyError(f"feature columns missing from the input: {missing}")
    out = frame[names].apply(pd.to_numeric, errors="coerce").astype("float64")
    used: dict[str, float] = {}
    for item in spec:
        name = str(item["name"])
        rule = item.get("impute", "zero")
        observed = out[name].dropna()
        if rule == "zero" or observed.empty:
            value = 0.0
        elif rule == "median":
            value = float(observed.median())
        else:
            value = float(observed.max())
        used[name] = value
        out[name] = out[name].fillna(value)
    return out, used


def transform(raw: pd.DataFrame, spec: FeatureSpec) -> np.ndarray:
    """Apply ``log1p`` to the features flagged ``log``; return a float matrix."""
    cols = []
    for item in spec:
        values = raw[str(item["name"])].to_numpy(dtype="float64")
        if item.get("log", False):
            values = np.log1p(np.clip(values, 0.0, None))
        cols.append(values)
    return np.column_stack(cols) if cols else np.empty((len(raw), 0))


def standardise(matrix: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Centre and scale columns to unit variance; constant columns keep scale 1."""
    mean = matrix.mean(axis=0)
    scale = matrix.std(axis=0)
    scale = np.where(scale > 0, scale, 1.0)
    return (matrix - mean) / scale, mean, scale


def prepare_cluster_features(
    frame: pd.DataFrame,
    spec: FeatureSpec = DEFAULT_CLUSTER_FEATURES,
    id_column: str = "customer_id",
) -> PreparedFeatures:
    """Impute, log-scale and standardise the spec's features.

    Rows are sorted by ``id_column`` first, so the output does not depend on
    the order the warehouse returned them in.
    """
    if frame[id_column].duplicated().any():
        raise ValueError(f"{id_column} is not unique in the feature frame")
    ordered = frame.sort_values(id_column, kind="mergesort").reset_index(drop=True)
    raw, used = impute(ordered, spec)
    matrix, mean, scale = standardise(transform(raw, spec))
    return PreparedFeatures(
        customer_ids=ordered[id_column].astype(str).to_numpy(),
        names=_spec_names(spec),
        raw=raw,
        matrix=matrix,
        mean=mean,
        scale=scale,
        impute_values=used,
    )


def prepare_with_stored(
    frame: pd.DataFrame,
    spec: FeatureSpec,
    impute_values: Mapping[str, float],
    mean: np.ndarray,
    scale: np.ndarray,
    id_column: str = "customer_id",
) -> PreparedFeatures:
    """:func:`prepare_cluster_features` with the imputation values and the
    standardisation of a stored model (its training population), not of
    ``frame``: today's customers in the units the model was fitted in."""
    if frame[id_column].duplicated().any():
        raise ValueError(f"{id_column} is not unique in the feature frame")
    ordered = frame.sort_values(id_column, kind="mergesort").reset_index(drop=True)
    names = _spec_names(spec)
    missing = [n for n in names if n not in ordered.columns]
    if missing:
        raise KeyError(f"feature columns missing from the input: {missing}")
    raw = ordered[names].apply(pd.to_numeric, errors="coerce").astype("float64")
    for name in names:
        raw[name] = raw[name].fillna(float(impute_values[name]))
    matrix = (transform(raw, spec) - mean) / scale
    return PreparedFeatures(
        customer_ids=ordered[id_column].astype(str).to_numpy(),
        names=names,
        raw=raw,
        matrix=matrix,
        mean=mean,
        scale=scale,
        impute_values=dict(impute_values),
    )


# --------------------------------------------------------------------------- churn


CHURN_FEATURES: list[str] = [
    "recency_days",
    "frequency",
    "monetary",
    "avg_order_value",
    "tenure_days",
    "days_per_order",
    "orders_last_30d",
    "orders_last_90d",
    "monetary_last_90d",
    "sessions_last_30d",
    "sessions_last_90d",
    "product_views_last_30d",
    "cart_adds_last_30d",
    "days_since_last_session",
]


def to_naive_utc(values: pd.Series) -> pd.Series:
    """Timestamps as tz-naive UTC ``datetime64[ns]`` (DuckDB may hand back either)."""
    out = pd.to_datetime(values, utc=True)
    return out.dt.tz_convert("UTC").dt.tz_localize(None).astype("datetime64[ns]")


def _as_timestamp(value: date | datetime | str) -> pd.Timestamp:
    ts = pd.Timestamp(value)
    if ts.tzinfo is not None:
        ts = ts.tz_convert("UTC").tz_localize(None)
    return ts


def point_in_time_features(
    orders: pd.DataFrame,
    activity: pd.DataFrame | None,
    cutoff: date | datetime | str,
    lookback_cap_days: int = 365,
) -> pd.DataFrame:
    """Customer features as they were known just before ``cutoff``.

    ``orders``: one row per counted order with ``customer_id``, ``ordered_at``
    (timestamp) and ``order_total_usd`` (NULL counts as 0); an ``is_counted``
    column, if present, is honoured. ``activity``: optional daily web activity
    with ``customer_id``, ``activity_date``, ``sessions``, ``product_views``,
    ``cart_adds``.

    Only orders with ``ordered_at < cutoff`` and activity with
    ``activity_date < cutoff`` are used; the population is every customer with
    at least one such order. ``days_since_last_session`` for customers never
    seen on the web is ``lookback_cap_days``. One row per customer, sorted by
    ``customer_id``, columns ``customer_id`` + :data:`CHURN_FEATURES`.
    """
    cut = _as_timestamp(cutoff)
    o = orders
    if "is_counted" in o.columns:
        o = o[o["is_counted"].astype("boolean").fillna(False).astype(bool)]
    o = pd.DataFrame(
        {
            "customer_id": o["customer_id"].astype(str).to_numpy(),
            "ordered_at": to_naive_utc(o["ordered_at"]).to_numpy(),
            "amount": pd.to_numeric(o["order_total_usd"], errors="coerce")
            .fillna(0.0)
            .to_numpy(dtype="float64"),
        }
    )
    o = o[o["ordered_at"].notna() & (o["ordered_at"] < cut)]
    day = np.timedelta64(1, "D")
    age_days = (cut - o["ordered_at"]) / day
    o = o.assign(
        age_days=age_days,
        in_30=(age_days <= 30).astype("int64"),
        in_90=(age_days <= 90).astype("int64"),
    )
    o = o.assign(amount_90=o["amount"] * o["in_90"])
    g = o.groupby("customer_id", sort=True)
    feats = pd.DataFrame(
        {
            "recency_days": g["age_days"].min(),
            "tenure_days": g["age_days"].max(),
            "frequency": g.size().astype("float64"),
            "monetary": g["amount"].sum(),
            "orders_last_30d": g["in_30"].sum().astype("float64"),
            "orders_last_90d": g["in_90"].sum().astype("float64"),
            "monetary_last_90d": g["amount_90"].sum(),
        }
    )
    feats["avg_order_value"] = feats["monetary"] / feats["frequency"]
    feats["days_per_order"] = feats["tenure_days"] / feats["frequency"]

    web_cols = {
        "sessions_last_30d": 0.0,
        "sessions_last_90d": 0.0,
        "product_views_last_30d": 0.0,
        "cart_adds_last_30d": 0.0,
        "days_since_last_session": float(lookback_cap_days),
    }
    if activity is not None and len(activity):
        a = pd.DataFrame(
            {
                "customer_id": activity["customer_id"].astype(str).to_numpy(),
                "activity_date": pd.to_datetime(activity["activity_date"]).to_numpy(),
                "sessions": pd.to_numeric(activity["sessions"]).fillna(0).to_numpy("float64"),
                "product_views": pd.to_numeric(activity["product_views"])
                .fillna(0)
                .to_numpy("float64"),
                "cart_adds": pd.to_numeric(activity["cart_adds"]).fillna(0).to_numpy("float64"),
            }
        )
        a = a[a["activity_date"].notna() & (a["activity_date"] < cut)]
        age = (cut - a["activity_date"]) / day
        in30 = (age <= 30).to_numpy()
        in90 = (age <= 90).to_numpy()
        a = a.assign(
            age=age,
            s30=a["sessions"] * in30,
            s90=a["sessions"] * in90,
            v30=a["product_views"] * in30,
            c30=a["cart_adds"] * in30,
        )
        sess = a[a["sessions"] > 0]
        ga = a.groupby("customer_id", sort=True)
        web = pd.DataFrame(
            {
                "sessions_last_30d": ga["s30"].sum(),
                "sessions_last_90d": ga["s90"].sum(),
                "product_views_last_30d": ga["v30"].sum(),
                "cart_adds_last_30d": ga["c30"].sum(),
            }
        )
        web["days_since_last_session"] = sess.groupby("customer_id", sort=True)["age"].min()
        feats = feats.join(web, how="left")
    for name, fill in web_cols.items():
        if name not in feats.columns:
            feats[name] = fill
        feats[name] = feats[name].fillna(fill).astype("float64")
    feats["days_since_last_session"] = feats["days_since_last_session"].clip(
        upper=float(lookback_cap_days)
    )
    feats = feats.reset_index().rename(columns={"index": "customer_id"})
    return (
        feats[["customer_id", *CHURN_FEATURES]]
        .sort_values("customer_id", kind="mergesort")
        .reset_index(drop=True)
    )


def cluster_feature_frame(
    rfm: pd.DataFrame, behaviour: pd.DataFrame, as_of_date: date | datetime | str
) -> pd.DataFrame:
    """Join the marts into the clustering feature frame (one row per RFM customer).

    ``rfm``: customer_id, recency_days, frequency, monetary (customer_rfm).
    ``behaviour``: customer_id, session_count, product_views,
    cart_abandonment_rate, email_open_rate, email_click_rate, first_order_at,
    first_session_at (customer_behaviour; customers without a row get NULLs,
    left to :func:`impute`).
    ``tenure_days``: days from the first order or session, whichever is
    earlier, to ``as_of_date``.
    """
    as_of = _as_timestamp(as_of_date)
    b = behaviour.copy()
    b["customer_id"] = b["customer_id"].astype(str)
    first_seen = pd.concat(
        [to_naive_utc(b["first_order_at"]), to_naive_utc(b["first_session_at"])], axis=1
    ).min(axis=1)
    b = pd.DataFrame(
        {
            "customer_id": b["customer_id"],
            "sessions": pd.to_numeric(b["session_count"], errors="coerce"),
            "product_views": pd.to_numeric(b["product_views"], errors="coerce"),
            "cart_abandonment_rate": pd.to_numeric(b["cart_abandonment_rate"], errors="coerce"),
            "email_open_rate": pd.to_numeric(b["email_open_rate"], errors="coerce"),
            "email_click_rate": pd.to_numeric(b["email_click_rate"], errors="coerce"),
            "tenure_days": ((as_of - first_seen) / np.timedelta64(1, "D")).clip(lower=0),
        }
    )
    r = pd.DataFrame(
        {
            "customer_id": rfm["customer_id"].astype(str),
            "recency_days": pd.to_numeric(rfm["recency_days"], errors="coerce").astype("float64"),
            "frequency": pd.to_numeric(rfm["frequency"], errors="coerce").astype("float64"),
            "monetary": pd.to_numeric(rfm["monetary"], errors="coerce").astype("float64"),
        }
    )
    out = r.merge(b, on="customer_id", how="left", validate="one_to_one")
    return out.sort_values("customer_id", kind="mergesort").reset_index(drop=True)


def cluster_inputs(rfm_relation, behaviour_relation, as_of_date: date) -> pd.DataFrame:
    """:func:`cluster_feature_frame` over the warehouse relations of
    ``customer_rfm`` and ``customer_behaviour``."""
    from journeymap.ml.frames import to_pandas

    rfm = to_pandas(rfm_relation, ["customer_id", "recency_days", "frequency", "monetary"])
    behaviour = to_pandas(
        behaviour_relation,
        [
            "customer_id",
            "session_count",
            "product_views",
            "cart_abandonment_rate",
            "email_open_rate",
            "email_click_rate",
            "first_order_at",
            "first_session_at",
        ],
    )
    return cluster_feature_frame(rfm, behaviour, as_of_date)

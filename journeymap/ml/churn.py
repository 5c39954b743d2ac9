"""Churn propensity: labels, time-based split, models, evaluation, scoring.

Definitions (``N`` = ``horizon_days``, ``T`` = ``as_of_date``):

- A customer *churns after cutoff c* when they have at least one counted
  order before ``c`` and no counted order in ``[c, c + N)``.
- Features at ``c`` come from :func:`journeymap.ml.features.point_in_time_features`,
  which reads only data strictly before ``c``.
- Test snapshot: ``c_test = T - N`` (its label window ends at ``T``, the first
  day without data). Training snapshots: ``c_test - N - i * step_days`` for
  ``i = 0 .. n_train_snapshots - 1``, so every training label window ends on or
  before ``c_test``: the model never sees the test period.
- Models: ``logistic_regression`` (log1p + standardise + L2 logistic) and
  ``hist_gradient_boosting``; baselines: ``baseline_prevalence`` (training
  churn rate for everyone) and ``baseline_recency`` (the rule "the longer
  since the last order, the likelier to churn": ranks by recency, with
  probabilities from an increasing isotonic fit of the training churn rate on
  recency).
- The model with the best test ROC AUC is refitted on all labelled snapshots
  (training ones and ``c_test``, :func:`fit_churn`; ``churn_model_fitted``
  stores it) and scores every current customer at ``T`` (:func:`score_with`;
  a daily run scores with the stored model, docs/cadence.md).
- Not enough history (no training or test customer, e.g. a CRM-only load):
  :func:`evaluate_churn` and :func:`score_churn` raise
  :class:`~journeymap.ml.frames.InsufficientData`; the dbt models then write
  :func:`empty_evaluation` / :func:`empty_scores` (no rows, same columns).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
import pandas as pd
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.isotonic import IsotonicRegression
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import brier_score_loss, log_loss, roc_auc_score
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import FunctionTransformer, StandardScaler
from threadpoolctl import threadpool_limits

from journeymap.ml.features import CHURN_FEATURES, point_in_time_features, to_naive_utc
from journeymap.ml.frames import (
    DATE,
    TEXT,
    InsufficientData,
    as_date,
    empty_frame,
    require_date,
    to_pandas,
)

MODEL_NAMES = ("logistic_regression", "hist_gradient_boosting")
BASELINE_NAMES = ("baseline_prevalence", "baseline_recency")


@dataclass(frozen=True)
class ChurnConfig:
    horizon_days: int = 60
    n_train_snapshots: int = 1
    step_days: int = 30
    seed: int = 42
    lookback_cap_days: int = 365
    n_deciles: int = 10
    hgb_max_iter: int = 200
    n_threads: int | None = 1  # BLAS/OpenMP threads; None = library default


def snapshot_dates(as_of_date: date, config: ChurnConfig) -> tuple[list[date], date]:
    """(training cutoffs oldest first, test cutoff)."""
    test_cutoff = as_of_date - timedelta(days=config.horizon_days)
    train = [
        test_cutoff - timedelta(days=config.horizon_days + i * config.step_days)
        for i in range(config.n_train_snapshots)
    ]
    return sorted(train), test_cutoff


def churn_labels(
    orders: pd.DataFrame, customer_ids: Sequence[str], cutoff: date, horizon_days: int
) -> np.ndarray:
    """1 where the customer has no counted order in ``[cutoff, cutoff + N)``."""
    o = orders
    if "is_counted" in o.columns:
        o = o[o["is_counted"].astype("boolean").fillna(False).astype(bool)]
    at = to_naive_utc(o["ordered_at"])
    start = pd.Timestamp(cutoff)
    end = start + pd.Timedelta(days=horizon_days)
    active = set(o.loc[((at >= start) & (at < end)).to_numpy(), "customer_id"].astype(str))
    return np.array([0 if c in active else 1 for c in customer_ids], dtype=np.int64)


def labelled_snapshot(
    orders: pd.DataFrame, activity: pd.DataFrame | None, cutoff: date, config: ChurnConfig
) -> pd.DataFrame:
    """Features at ``cutoff`` plus ``cutoff_date`` and the ``is_churned`` label."""
    feats = point_in_time_features(orders, activity, cutoff, config.lookback_cap_days)
    feats["is_churned"] = churn_labels(orders, feats["customer_id"], cutoff, config.horizon_days)
    feats.insert(1, "cutoff_date", cutoff.isoformat())
    return feats


def _log1p_nonneg(x: np.ndarray) -> np.ndarray:
    return np.log1p(np.clip(x, 0.0, None))


def make_model(name: str, seed: int, hgb_max_iter: int = 200):
    """Unfitted estimator for a model name (baselines included)."""
    if name == "logistic_regression":
        return make_pipeline(
            FunctionTransformer(_log1p_nonneg),
            StandardScaler(),
            LogisticRegression(C=1.0, max_iter=2000),
        )
    if name == "hist_gradient_boosting":
        return HistGradientBoostingClassifier(
            max_iter=hgb_max_iter,
            learning_rate=0.05,
            max_leaf_nodes=15,
            min_samples_leaf=20,
            l2_regularization=1.0,
            early_stopping=False,
            random_state=seed,
        )
    raise ValueError(f"unknown model {name!r}")


def _columns_for(name: str) -> list[str]:
    return ["recency_days"] if name == "baseline_recency" else list(CHURN_FEATURES)


class _Prevalence:
    """Constant predictor: the training churn rate."""

    def fit(self, x: np.ndarray, y: np.ndarray) -> _Prevalence:
        self.rate_ = float(np.mean(y))
        return self

    def predict_proba(self, x: np.ndarray) -> np.ndarray:
        p = np.full(len(x), self.rate_)
        return np.column_stack([1 - p, p])


class _RecencyRule:
    """Trivial baseline: score rises with recency (the rule is fixed, not learned).

    Probabilities come from an increasing isotonic fit of the training churn
    rate on recency; a tie-breaker below 1e-9 keeps the order of recency
    inside the fit's flat steps, so the ranking is exactly the rule's.
    """

    def fit(self, x: np.ndarray, y: np.ndarray) -> _RecencyRule:
        self.iso_ = IsotonicRegression(increasing=True, y_min=0.0, y_max=1.0, out_of_bounds="clip")
        self.iso_.fit(x[:, 0], y)
        return self

    def predict_proba(self, x: np.ndarray) -> np.ndarray:
        r = np.clip(x[:, 0], 0.0, None)
        p = self.iso_.predict(x[:, 0]) * (1.0 - 1e-9) + 1e-9 * r / (1.0 + r)
        return np.column_stack([1 - p, p])


def fit_model(name: str, train: pd.DataFrame, seed: int, hgb_max_iter: int = 200):
    x = train[_columns_for(name)].to_numpy(dtype="float64")
    y = train["is_churned"].to_numpy()
    if name == "baseline_prevalence":
        return _Prevalence().fit(x, y)
    if name == "baseline_recency":
        return _RecencyRule().fit(x, y)
    if len(np.unique(y)) < 2:
        return _Prevalence().fit(x, y)
    return make_model(name, seed, hgb_max_iter).fit(x, y)


def predict(name: str, model, frame: pd.DataFrame) -> np.ndarray:
    return model.predict_proba(frame[_columns_for(name)].to_numpy(dtype="float64"))[:, 1]


def risk_rank(scores: np.ndarray, ids: Sequence[str]) -> np.ndarray:
    """0-based rank, highest score first, ties by id (deterministic)."""
    order = np.lexsort((np.asarray(ids, dtype=object).astype(str), -np.round(scores, 12)))
    rank = np.empty(len(scores), dtype=np.int64)
    rank[order] = np.arange(len(scores))
    return rank


def deciles(scores: np.ndarray, ids: Sequence[str], n_deciles: int = 10) -> np.ndarray:
    """1 = highest-risk tenth ... n_deciles = lowest."""
    n = len(scores)
    return (risk_rank(scores, ids) * n_deciles // max(n, 1) + 1).astype(np.int64)


def evaluate_scores(
    name: str, y: np.ndarray, scores: np.ndarray, ids: Sequence[str], n_deciles: int = 10
) -> list[dict[str, object]]:
    """Overall metrics and per-decile calibration rows for one model."""
    n = len(y)
    prevalence = float(np.mean(y)) if n else np.nan
    both = len(np.unique(y)) == 2
    dec = deciles(scores, ids, n_deciles)
    top = dec == 1
    precision_top = float(y[top].mean()) if top.any() else np.nan
    rows: list[dict[str, object]] = [
        {
            "metric_name": "roc_auc",
            "bucket": "all",
            "metric_value": float(roc_auc_score(y, scores)) if both else np.nan,
            "n_customers": n,
        },
        {
            "metric_name": "precision_at_top_decile",
            "bucket": "all",
            "metric_value": precision_top,
            "n_customers": int(top.sum()),
        },
        {
            "metric_name": "lift_at_top_decile",
            "bucket": "all",
            "metric_value": precision_top / prevalence if prevalence else np.nan,
            "n_customers": int(top.sum()),
        },
        {
            "metric_name": "brier_score",
            "bucket": "all",
            "metric_value": float(brier_score_loss(y, scores)) if n else np.nan,
            "n_customers": n,
        },
        {
            "metric_name": "log_loss",
            "bucket": "all",
            "metric_value": float(log_loss(y, np.clip(scores, 1e-6, 1 - 1e-6), labels=[0, 1]))
            if n
            else np.nan,
            "n_customers": n,
        },
        {
            "metric_name": "mean_predicted",
            "bucket": "all",
            "metric_value": float(np.mean(scores)) if n else np.nan,
            "n_customers": n,
        },
        {
            "metric_name": "observed_rate",
            "bucket": "all",
            "metric_value": prevalence,
            "n_customers": n,
        },
    ]
    for d in range(1, n_deciles + 1):
        m = dec == d
        bucket = f"decile_{d:02d}"
        rows.append(
            {
                "metric_name": "mean_predicted",
                "bucket": bucket,
                "metric_value": float(scores[m].mean()) if m.any() else np.nan,
                "n_customers": int(m.sum()),
            }
        )
        rows.append(
            {
                "metric_name": "observed_rate",
                "bucket": bucket,
                "metric_value": float(y[m].mean()) if m.any() else np.nan,
                "n_customers": int(m.sum()),
            }
        )
    for row in rows:
        row["model_name"] = name
    return rows


EVALUATION_COLUMNS = [
    "model_name",
    "metric_name",
    "bucket",
    "metric_value",
    "n_customers",
    "is_baseline",
    "is_selected_model",
    "horizon_days",
    "train_cutoff_dates",
    "test_cutoff_date",
    "n_train",
    "train_churn_rate",
]

#: churn_model_evaluation: :func:`evaluate_churn` columns plus the model's as_of_date
EVALUATION_TABLE_DTYPES: dict[str, str] = {
    "model_name": TEXT,
    "metric_name": TEXT,
    "bucket": TEXT,
    "metric_value": "float64",
    "n_customers": "int64",
    "is_baseline": "bool",
    "is_selected_model": "bool",
    "horizon_days": "int64",
    "train_cutoff_dates": TEXT,
    "test_cutoff_date": DATE,
    "n_train": "int64",
    "train_churn_rate": "float64",
    "as_of_date": DATE,
}

#: customer_churn_scores: the columns of :func:`score_churn`
SCORES_DTYPES: dict[str, str] = {
    "customer_id": TEXT,
    "churn_probability": "float64",
    "churn_risk_decile": "int64",
    "recency_days": "float64",
    "frequency": "int64",
    "monetary": "float64",
    "model_name": TEXT,
    "horizon_days": "int64",
    "scored_as_of_date": DATE,
}


def empty_evaluation() -> pd.DataFrame:
    """churn_model_evaluation with no rows (not enough history to evaluate)."""
    return empty_frame(EVALUATION_TABLE_DTYPES)


def empty_scores() -> pd.DataFrame:
    """customer_churn_scores with no rows (no model was selected)."""
    return empty_frame(SCORES_DTYPES)


@dataclass(frozen=True)
class ChurnResult:
    evaluation: pd.DataFrame
    scores: pd.DataFrame
    selected_model: str


def evaluate_churn(
    orders: pd.DataFrame, activity: pd.DataFrame | None, as_of_date: date, config: ChurnConfig
) -> pd.DataFrame:
    """Train on the training snapshots, evaluate every model on the test snapshot.

    One row per (model_name, metric_name, bucket), ordered; the model with the
    best test ROC AUC (ties: the simpler, logistic regression) is flagged
    ``is_selected_model``. :class:`InsufficientData` when there is no as-of
    date or no training or test customer.
    """
    require_date(as_of_date)
    train_cutoffs, test_cutoff = snapshot_dates(as_of_date, config)
    with threadpool_limits(limits=config.n_threads):
        train = pd.concat(
            [labelled_snapshot(orders, activity, c, config) for c in train_cutoffs],
            ignore_index=True,
        )
        test = labelled_snapshot(orders, activity, test_cutoff, config)
        if train.empty or test.empty:
            raise InsufficientData(
                f"not enough history for churn: {len(train)} training rows before "
                f"{train_cutoffs[0]}, {len(test)} test rows at {test_cutoff}; "
                "lower ml_churn_horizon_days or load more history"
            )
        y_test = test["is_churned"].to_numpy()
        rows: list[dict[str, object]] = []
        auc: dict[str, float] = {}
        for name in (*BASELINE_NAMES, *MODEL_NAMES):
            model = fit_model(name, train, config.seed, config.hgb_max_iter)
            scores = predict(name, model, test)
            model_rows = evaluate_scores(
                name, y_test, scores, test["customer_id"], config.n_deciles
            )
            rows.extend(model_rows)
            auc[name] = next(r["metric_value"] for r in model_rows if r["metric_name"] == "roc_auc")
    selected = max(
        MODEL_NAMES, key=lambda m: (np.nan_to_num(auc[m], nan=-1.0), -MODEL_NAMES.index(m))
    )
    evaluation = pd.DataFrame(rows)
    evaluation["is_selected_model"] = evaluation["model_name"] == selected
    evaluation["is_baseline"] = evaluation["model_name"].isin(BASELINE_NAMES)
    evaluation["train_cutoff_dates"] = ",".join(c.isoformat() for c in train_cutoffs)
    evaluation["test_cutoff_date"] = as_date(test_cutoff)
    evaluation["horizon_days"] = config.horizon_days
    evaluation["n_train"] = len(train)
    evaluation["train_churn_rate"] = float(train["is_churned"].mean())
    model_order = {m: i for i, m in enumerate((*BASELINE_NAMES, *MODEL_NAMES))}
    evaluation = evaluation.assign(_m=evaluation["model_name"].map(model_order))
    evaluation = (
        evaluation.sort_values(["_m", "metric_name", "bucket"], kind="mergesort")
        .drop(columns="_m")
        .reset_index(drop=True)
    )
    return evaluation[EVALUATION_COLUMNS]


def selected_model(evaluation: pd.DataFrame, horizon_days: int | None = None) -> str:
    """The model flagged ``is_selected_model`` in an :func:`evaluate_churn` table.

    :class:`InsufficientData` when the table is empty (nothing was evaluated);
    ``ValueError`` when it was built with another ``horizon_days`` (if given).
    """
    if evaluation.empty:
        raise InsufficientData("churn_model_evaluation is empty: no model was selected")
    if horizon_days is not None and set(evaluation["horizon_days"]) != {horizon_days}:
        raise ValueError("churn_model_evaluation was built with another horizon; rebuild it")
    names = sorted(set(evaluation.loc[evaluation["is_selected_model"].astype(bool), "model_name"]))
    if len(names) != 1:
        raise ValueError(f"expected exactly one selected model, found {names}")
    return names[0]


@dataclass(frozen=True)
class ChurnFitted:
    """The selected model refitted on every labelled snapshot: what
    ``churn_model_fitted`` stores and a daily run scores with."""

    model_name: str
    horizon_days: int
    model: object
    training_rows: int


def fit_churn(
    orders: pd.DataFrame,
    activity: pd.DataFrame | None,
    as_of_date: date,
    config: ChurnConfig,
    model_name: str,
) -> ChurnFitted:
    """Refit ``model_name`` on every labelled snapshot (the training cutoffs
    and the test cutoff ``T - N``).

    :class:`InsufficientData` when there is no as-of date or no labelled row.
    """
    require_date(as_of_date)
    train_cutoffs, test_cutoff = snapshot_dates(as_of_date, config)
    with threadpool_limits(limits=config.n_threads):
        labelled = pd.concat(
            [labelled_snapshot(orders, activity, c, config) for c in (*train_cutoffs, test_cutoff)],
            ignore_index=True,
        )
        if labelled.empty:
            raise InsufficientData(
                f"not enough history for churn: no customer with an order before {test_cutoff}"
            )
        model = fit_model(model_name, labelled, config.seed, config.hgb_max_iter)
    return ChurnFitted(model_name, config.horizon_days, model, len(labelled))


def score_with(
    fitted: ChurnFitted,
    orders: pd.DataFrame,
    activity: pd.DataFrame | None,
    as_of_date: date,
    config: ChurnConfig,
) -> pd.DataFrame:
    """Score every customer with a counted order before ``as_of_date`` (features
    at ``as_of_date``) with a fitted model. One row per customer, ordered by id."""
    require_date(as_of_date)
    with threadpool_limits(limits=config.n_threads):
        current = point_in_time_features(orders, activity, as_of_date, config.lookback_cap_days)
        prob = predict(fitted.model_name, fitted.model, current) if len(current) else np.array([])
    scores = pd.DataFrame(
        {
            "customer_id": current["customer_id"].astype(str),
            "churn_probability": prob.astype("float64"),
            "churn_risk_decile": deciles(prob, current["customer_id"], config.n_deciles),
            "recency_days": current["recency_days"].astype("float64"),
            "frequency": current["frequency"].astype("int64"),
            "monetary": current["monetary"].astype("float64"),
            "model_name": fitted.model_name,
            "horizon_days": fitted.horizon_days,
            "scored_as_of_date": as_date(as_of_date),
        }
    )
    return scores.sort_values("customer_id", kind="mergesort").reset_index(drop=True)


def score_churn(
    orders: pd.DataFrame,
    activity: pd.DataFrame | None,
    as_of_date: date,
    config: ChurnConfig,
    model_name: str,
) -> pd.DataFrame:
    """:func:`fit_churn` then :func:`score_with` at ``as_of_date``: refit and score
    in one go (what a full build gives)."""
    fitted = fit_churn(orders, activity, as_of_date, config, model_name)
    return score_with(fitted, orders, activity, as_of_date, config)


def run_churn(
    orders: pd.DataFrame, activity: pd.DataFrame | None, as_of_date: date, config: ChurnConfig
) -> ChurnResult:
    """:func:`evaluate_churn` then :func:`score_churn` with the selected model."""
    evaluation = evaluate_churn(orders, activity, as_of_date, config)
    name = selected_model(evaluation)
    scores = score_churn(orders, activity, as_of_date, config, name)
    return ChurnResult(evaluation=evaluation, scores=scores, selected_model=name)


def churn_inputs(
    orders_relation, sessions_relation, as_of_date: date
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The counted orders and the sessions of known customers before ``as_of_date``,
    read from the warehouse relations of ``fct_orders`` and ``fct_sessions``:
    the inputs of :func:`fit_churn` and :func:`score_with`."""
    before = f"cast('{as_of_date.isoformat()}' as date)"
    orders = to_pandas(
        orders_relation,
        ["customer_id", "ordered_at", "order_total_usd"],
        where=f"is_counted and customer_id is not null and order_date < {before}",
    )
    sessions = to_pandas(
        sessions_relation,
        ["customer_id", "session_date", "product_views", "cart_adds"],
        where=f"customer_id is not null and session_date < {before}",
    )
    activity = sessions.rename(columns={"session_date": "activity_date"}).assign(sessions=1)
    return orders, activity

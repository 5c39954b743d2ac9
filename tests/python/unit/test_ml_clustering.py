"""Clustering (journeymap.ml.clustering): k choice, determinism, stable numbering, profiles."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from journeymap.ml.clustering import (
    ClusterConfig,
    cluster_customers,
    label_for,
    profile_clusters,
)
from journeymap.ml.features import prepare_cluster_features

SPEC = [
    {"name": "monetary", "log": True, "impute": "zero"},
    {"name": "frequency", "log": True, "impute": "zero"},
    {"name": "email_open_rate", "log": False, "impute": "median"},
]


def _blobs(n_per: int = 150, seed: int = 0) -> pd.DataFrame:
    """Three well separated groups: big spenders, mid, small with high open rate."""
    rng = np.random.default_rng(seed)
    groups = [(2000.0, 20.0, 0.1), (200.0, 4.0, 0.3), (20.0, 1.0, 0.8)]
    parts = []
    for g, (m, f, o) in enumerate(groups):
        parts.append(
            pd.DataFrame(
                {
                    "customer_id": [f"g{g}_{i:04d}" for i in range(n_per)],
                    "monetary": m * np.exp(rng.normal(0, 0.15, n_per)),
                    "frequency": np.round(f * np.exp(rng.normal(0, 0.1, n_per))),
                    "email_open_rate": np.clip(o + rng.normal(0, 0.03, n_per), 0, 1),
                }
            )
        )
    return pd.concat(parts, ignore_index=True)


def _run(frame: pd.DataFrame, **kw):
    config = ClusterConfig(k_min=2, k_max=6, seed=11, **kw)
    prepared = prepare_cluster_features(frame, SPEC)
    result = cluster_customers(prepared.matrix, prepared.names, prepared.raw, config)
    labels = pd.Series(result.labels, index=prepared.customer_ids)
    return prepared, result, labels


def test_silhouette_picks_the_true_k_and_reports_every_k():
    _, result, labels = _run(_blobs())
    assert result.chosen_k == 3
    ev = result.evaluation
    assert list(ev["k"]) == [2, 3, 4, 5, 6]
    assert ev[["silhouette_score", "davies_bouldin_score", "inertia"]].notna().all().all()
    assert ev.loc[ev["is_chosen"], "k"].tolist() == [3]
    assert ev["inertia"].is_monotonic_decreasing
    # each true group is one cluster, and the big spenders are cluster 1
    group = labels.index.str[:2]
    assert (pd.crosstab(group, labels.to_numpy()) > 0).sum(axis=1).eq(1).all()
    assert set(labels[group == "g0"]) == {1} and set(labels[group == "g2"]) == {3}


def test_deterministic_and_independent_of_row_order():
    frame = _blobs()
    _, r1, l1 = _run(frame)
    _, r2, l2 = _run(frame.sample(frac=1.0, random_state=5))
    pd.testing.assert_series_equal(l1.sort_index(), l2.sort_index())
    pd.testing.assert_frame_equal(r1.evaluation, r2.evaluation)


def test_minibatch_path_and_silhouette_sample():
    _, result, labels = _run(_blobs(), minibatch_threshold=100, silhouette_sample_size=200)
    assert result.chosen_k == 3
    assert (result.evaluation["silhouette_sample_size"] == 200).all()
    _, again, labels2 = _run(_blobs(), minibatch_threshold=100, silhouette_sample_size=200)
    pd.testing.assert_series_equal(labels, labels2)


def test_gaussian_mixture_alternative():
    _, result, _ = _run(_blobs(), algorithm="gmm")
    assert result.chosen_k == 3
    assert result.evaluation["bic"].notna().all()
    assert (result.evaluation["algorithm"] == "gmm").all()


def test_bad_config_refused():
    with pytest.raises(ValueError):
        ClusterConfig(algorithm="dbscan-ish")
    with pytest.raises(ValueError):
        ClusterConfig(k_min=1)


def test_profiles_in_original_units_with_unique_labels():
    prepared, result, _ = _run(_blobs())
    prof = profile_clusters(result.labels, prepared.raw, prepared.names, prepared.matrix)
    assert list(prof["cluster_number"]) == [1, 2, 3]
    assert prof["customer_count"].sum() == len(prepared.customer_ids)
    assert prof["avg_monetary"].is_monotonic_decreasing
    assert prof.loc[0, "avg_monetary"] == pytest.approx(2000, rel=0.1)
    assert prof["cluster_label"].is_unique
    assert "high spend" in prof.loc[0, "cluster_label"].lower()


def test_label_for():
    names = ["monetary", "recency_days", "sessions"]
    assert label_for(np.array([1.2, -0.8, 0.1]), names) == "High spend, recent"
    assert label_for(np.array([0.1, 0.0, -0.1]), names) == "Average customers"

"""Fitted models kept between runs (journeymap.ml.store): a stored model scores
what the fit gave, today's data is scored without refitting, and a row that
cannot be trusted is refused with the command that rebuilds it."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pandas as pd
import pytest
from test_ml_churn import AS_OF, _synthetic
from test_ml_clustering import SPEC, _blobs

from journeymap.ml import store
from journeymap.ml.churn import ChurnConfig, fit_churn, score_churn, score_with
from journeymap.ml.clustering import (
    ClusterConfig,
    fit_cluster_model,
    fit_final,
    freeze_spec,
    profile_clusters,
)
from journeymap.ml.features import prepare_cluster_features, prepare_with_stored
from journeymap.ml.frames import InsufficientData


def _round_trip(obj, name="m"):
    row = store.fitted_row(name, obj, date(2026, 7, 1), 10)
    loaded, stored = store.load_fitted(row, "the_table")
    return loaded, stored, row


def test_round_trip_and_row():
    loaded, stored, row = _round_trip({"a": np.arange(3)})
    assert np.array_equal(loaded["a"], np.arange(3))
    assert list(row.columns) == list(store.FITTED_DTYPES)
    assert stored["training_rows"] == 10 and stored["trained_as_of_date"] == date(2026, 7, 1)


def test_refuses_other_libraries_a_bad_checksum_and_many_rows():
    row = store.fitted_row("m", [1, 2], date(2026, 7, 1), 2)
    other = row.assign(library_versions="scikit-learn 0.1; numpy 0.1")
    with pytest.raises(store.StaleModel, match="selector ml_train"):
        store.load_fitted(other, "the_table")
    tampered = row.assign(model_sha256="0" * 64)
    with pytest.raises(store.StaleModel, match="checksum"):
        store.load_fitted(tampered, "the_table")
    with pytest.raises(store.StaleModel, match="2 rows"):
        store.load_fitted(pd.concat([row, row]), "the_table")
    with pytest.raises(InsufficientData):
        store.load_fitted(store.empty_fitted(), "the_table")


@pytest.mark.parametrize("algorithm", ["kmeans", "gmm"])
def test_a_stored_clustering_assigns_the_fit_numbers_and_labels(algorithm):
    frame = _blobs()
    config = ClusterConfig(k_min=2, k_max=6, seed=11, algorithm=algorithm)
    prepared = prepare_cluster_features(frame, SPEC)
    model, numbers = fit_cluster_model(prepared, SPEC, 3, config)
    expected, _ = fit_final(prepared.matrix, prepared.names, prepared.raw, 3, config)
    assert np.array_equal(numbers, expected)
    profiles = profile_clusters(numbers, prepared.raw, prepared.names, prepared.matrix)
    assert model.labels == dict(
        zip(profiles["cluster_number"], profiles["cluster_label"], strict=True)
    )

    loaded, _, _ = _round_trip(model)
    assert loaded.spec == freeze_spec(SPEC)
    again = prepare_with_stored(
        frame.sample(frac=1.0, random_state=3),
        loaded.feature_spec,
        loaded.impute_values,
        loaded.mean,
        loaded.scale,
    )
    np.testing.assert_allclose(again.matrix, prepared.matrix, rtol=0, atol=1e-12)
    assert np.array_equal(loaded.assign(again.matrix), numbers)


def test_a_stored_clustering_scores_new_customers_in_the_training_units():
    frame = _blobs()
    prepared = prepare_cluster_features(frame, SPEC)
    model, numbers = fit_cluster_model(prepared, SPEC, 3, ClusterConfig(seed=11))
    # a new big spender, with a missing open rate: imputed with the stored
    # (training) median, scaled with the training mean and scale
    big = frame.iloc[:1].assign(customer_id="new", email_open_rate=np.nan)
    today = pd.concat([frame, big], ignore_index=True)
    scored = prepare_with_stored(today, SPEC, model.impute_values, model.mean, model.scale)
    assert (
        scored.raw.loc[scored.customer_ids == "new", "email_open_rate"].item()
        == (model.impute_values["email_open_rate"])
    )
    assigned = pd.Series(model.assign(scored.matrix), index=scored.customer_ids)
    assert assigned["new"] == assigned[frame["customer_id"].iloc[0]] == 1


def test_a_stored_churn_model_scores_without_refitting():
    orders, activity = _synthetic()
    config = ChurnConfig(
        horizon_days=60, n_train_snapshots=2, step_days=20, seed=5, hgb_max_iter=60
    )
    fitted = fit_churn(orders, activity, AS_OF, config, "hist_gradient_boosting")
    loaded, _, _ = _round_trip(fitted, fitted.model_name)
    # the same day: what a full build gives
    pd.testing.assert_frame_equal(
        score_with(loaded, orders, activity, AS_OF, config),
        score_churn(orders, activity, AS_OF, config, "hist_gradient_boosting"),
    )
    # a week later, scored with the stored model: features move, the model does not
    later = AS_OF + timedelta(days=7)
    daily = score_with(loaded, orders, activity, later, config)
    refit = score_churn(orders, activity, later, config, "hist_gradient_boosting")
    assert (daily["scored_as_of_date"] == later).all()
    assert list(daily["customer_id"]) == list(refit["customer_id"])
    assert not np.allclose(daily["churn_probability"], refit["churn_probability"])

"""The run cadences of selectors.yml, on a real build.

`daily` must not train: it skips the k sweep, the churn model evaluation,
the recommendation evaluation and the fitted models, and the scoring models
load what the last `ml_train` run stored. The test rewrites the stored
clustering between runs: a daily run shows it, an `ml_train` run refits it.
"""

from __future__ import annotations

import dataclasses
import json

import duckdb
import pytest
from _dbt_helpers import query, query_df

from journeymap.ml import store

# what only ml_train (and a full build) builds: the model selections and the
# fitted models the daily run loads
TRAINING = (
    "customer_cluster_evaluation",
    "churn_model_evaluation",
    "recommendation_evaluation",
    "customer_cluster_model",
    "churn_model_fitted",
)


def _models_run(result) -> set[str]:
    return {
        uid.split(".")[-1] for uid in result.node_statuses() if uid.startswith("model.journeymap.")
    }


@pytest.fixture(scope="module")
def full_build(base_raw, dbt_workspace):
    result = dbt_workspace.run(
        base_raw, "build", "--exclude", "resource_type:test", "resource_type:unit_test"
    )
    assert result.returncode == 0, result.tail()
    return dbt_workspace


def _chosen_k(warehouse) -> int:
    rows = query(warehouse, "select k from main.customer_cluster_evaluation where is_chosen")
    assert len(rows) == 1, rows
    return int(rows[0][0])


def _store_renamed_cluster_labels(warehouse) -> None:
    """Rewrite customer_cluster_model as if the last ml_train had named the
    clusters `stored <n>`: only a run that loads the stored model shows them."""
    stored = query_df(warehouse, "select * from main.customer_cluster_model")
    model, row = store.load_fitted(stored, "customer_cluster_model")
    renamed = dataclasses.replace(model, labels={n: f"stored {n}" for n in model.labels})
    new = store.fitted_row(
        row["model_name"], renamed, row["trained_as_of_date"], row["training_rows"]
    )
    with duckdb.connect(str(warehouse)) as con:
        con.register("renamed", new)
        con.execute("delete from main.customer_cluster_model")
        con.execute(
            "insert into main.customer_cluster_model "
            "select * replace (cast(trained_as_of_date as date) as trained_as_of_date) from renamed"
        )


def test_daily_scores_with_the_stored_models_and_ml_train_refits_them(full_build, base_raw):
    workspace = full_build
    chosen = _chosen_k(workspace.warehouse)
    # as if the last ml_train had chosen another k and named its clusters otherwise
    with duckdb.connect(str(workspace.warehouse)) as con:
        con.execute(f"update main.customer_cluster_evaluation set is_chosen = (k = {chosen + 1})")
    _store_renamed_cluster_labels(workspace.warehouse)
    churn_before = query(workspace.warehouse, "select model_sha256 from main.churn_model_fitted")

    daily = workspace.run(base_raw, "build", "--selector", "daily", fresh=False)
    assert daily.returncode == 0, daily.tail()
    ran = _models_run(daily)
    assert not ran & set(TRAINING), ran & set(TRAINING)
    assert {"customer_clusters", "customer_churn_scores", "customer_identity_map"} <= ran
    # the stored clustering (its k and labels), not a new fit nor a new choice
    assert query(workspace.warehouse, "select distinct k from main.customer_clusters") == [
        (chosen,)
    ]
    labels = query(workspace.warehouse, "select distinct cluster_label from main.customer_clusters")
    assert labels and all(label.startswith("stored ") for (label,) in labels), labels
    profiles = query(
        workspace.warehouse, "select distinct cluster_label from main.customer_cluster_profiles"
    )
    assert sorted(profiles) == sorted(labels)
    assert query(workspace.warehouse, "select model_sha256 from main.churn_model_fitted") == (
        churn_before
    )

    train = workspace.run(base_raw, "build", "--selector", "ml_train", fresh=False)
    assert train.returncode == 0, train.tail()
    ran = _models_run(train)
    assert set(TRAINING) <= ran
    # only the ML layer: nothing upstream is rebuilt by the weekly run
    assert "customer_profiles" not in ran and "stg_web__events" not in ran
    assert _chosen_k(workspace.warehouse) == chosen
    assert query(workspace.warehouse, "select distinct k from main.customer_clusters") == [
        (chosen,)
    ]
    labels = query(workspace.warehouse, "select distinct cluster_label from main.customer_clusters")
    assert not any(label.startswith("stored ") for (label,) in labels), labels


def test_bi_selects_what_the_exposures_read(full_build, base_raw):
    result = full_build.run(
        base_raw,
        "ls",
        "-q",
        "--selector",
        "bi",
        "--resource-type",
        "model",
        "--output",
        "json",
        "--output-keys",
        "unique_id",
        fresh=False,
    )
    assert result.returncode == 0, result.tail()
    selected = {
        json.loads(line)["unique_id"]
        for line in result.stdout.splitlines()
        if line.strip().startswith("{")
    }
    manifest = json.loads((full_build.target / "manifest.json").read_text())
    read_by_bi = {
        uid
        for exposure in manifest["exposures"].values()
        for uid in exposure["depends_on"]["nodes"]
        if uid.startswith("model.")
    }
    assert read_by_bi, "no exposure reads a model"
    assert read_by_bi <= selected, read_by_bi - selected
    all_models = {uid for uid, n in manifest["nodes"].items() if n["resource_type"] == "model"}
    assert selected < all_models


def _status(result, prefix: str) -> str:
    statuses = [s for uid, s in result.node_statuses().items() if uid.startswith(prefix)]
    assert len(statuses) == 1, (prefix, result.node_statuses().keys())
    return statuses[0]


def test_daily_tests_check_the_window_and_other_runs_the_whole_table(full_build, base_raw):
    """On `--selector daily`, generic tests of the event models check the rows
    at or after the incremental cutoff (macros/incremental/test_window.sql):
    a bad row older than the window passes them, the same row inside the
    window fails them, and any other run checks the whole table."""
    workspace = full_build
    not_null = "test.journeymap.not_null_stg_web__events_event_type."
    bad_copy = (
        "insert into staging.stg_web__events "
        "select * replace ('{id}' as event_id, null as event_type) "
        "from staging.stg_web__events order by event_at {order}, event_id limit 1"
    )
    with duckdb.connect(str(workspace.warehouse)) as con:
        con.execute(bad_copy.format(id="zz-bad-old", order="asc"))
    try:
        daily = workspace.run(base_raw, "test", "--selector", "daily", fresh=False)
        assert daily.returncode == 0, daily.failures()
        assert _status(daily, not_null) == "pass"

        whole = workspace.run(base_raw, "test", "-s", "stg_web__events", fresh=False)
        assert _status(whole, not_null) == "fail"

        with duckdb.connect(str(workspace.warehouse)) as con:
            con.execute(bad_copy.format(id="zz-bad-new", order="desc"))
        window = workspace.run(
            base_raw,
            "test",
            "-s",
            "stg_web__events",
            "--vars",
            "{test_scope: window}",
            fresh=False,
        )
        assert _status(window, not_null) == "fail"
    finally:
        with duckdb.connect(str(workspace.warehouse)) as con:
            con.execute("delete from staging.stg_web__events where event_id like 'zz-bad-%'")

"""One row per customer in customer_rfm: its cluster number and label.

Assigns every customer with the clustering stored in customer_cluster_model
(fitted at the chosen k by the last ml_train run or full build: its feature
preparation, centres, numbers and labels); a daily run does not refit. On
the data it was fitted on, the numbers are the fit's. No rows (same columns)
when customer_cluster_model is empty.
"""


def model(dbt, session):
    import pandas as pd

    from journeymap.ml.clustering import clusters_table_dtypes, empty_clusters, freeze_spec
    from journeymap.ml.features import cluster_inputs, prepare_with_stored
    from journeymap.ml.frames import InsufficientData, single_date, to_output, to_pandas
    from journeymap.ml.store import FITTED_DTYPES, RETRAIN, StaleModel, load_fitted

    features = dbt.config.get("ml_cluster_features")
    names = [str(f["name"]) for f in features]
    stored = to_pandas(dbt.ref("customer_cluster_model"), list(FITTED_DTYPES))
    try:
        fitted, _ = load_fitted(stored, "customer_cluster_model")
        as_of_date = single_date(dbt.ref("int_as_of_date"), "as_of_date")
    except InsufficientData:
        return to_output(empty_clusters(names), session, clusters_table_dtypes(names))
    if fitted.spec != freeze_spec(features) or fitted.algorithm != dbt.config.get(
        "ml_cluster_algorithm"
    ):
        raise StaleModel(
            "customer_cluster_model was fitted with other ml_cluster_features or "
            f"ml_cluster_algorithm than the vars now say: {RETRAIN}"
        )
    prepared = prepare_with_stored(
        cluster_inputs(dbt.ref("customer_rfm"), dbt.ref("customer_behaviour"), as_of_date),
        fitted.feature_spec,
        fitted.impute_values,
        fitted.mean,
        fitted.scale,
    )
    numbers = fitted.assign(prepared.matrix, dbt.config.get("ml_n_threads"))

    out = pd.DataFrame({"customer_id": prepared.customer_ids, "cluster_number": numbers})
    out["cluster_label"] = out["cluster_number"].map(fitted.labels)
    for name in prepared.names:
        out[name] = prepared.raw[name].to_numpy(dtype="float64")
    out["algorithm"] = fitted.algorithm
    out["k"] = fitted.k
    out["as_of_date"] = as_of_date
    out = out.sort_values("customer_id", kind="mergesort").reset_index(drop=True)
    return to_output(out, session, clusters_table_dtypes(prepared.names))

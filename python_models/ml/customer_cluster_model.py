"""One row: the clustering at the k flagged is_chosen in
customer_cluster_evaluation, fitted (same seed and data as the sweep) and
stored (journeymap.ml.store) for customer_clusters: feature preparation,
centres, cluster numbers and labels. Built by `--selector ml_train` and full
builds; a daily run assigns clusters with the stored row. No rows (same
columns) when there are too few customers.
"""


def model(dbt, session):
    from journeymap.ml.clustering import ClusterConfig, chosen_k, fit_cluster_model
    from journeymap.ml.features import cluster_inputs, prepare_cluster_features
    from journeymap.ml.frames import InsufficientData, single_date, to_output, to_pandas
    from journeymap.ml.store import FITTED_DTYPES, empty_fitted, fitted_row

    features = dbt.config.get("ml_cluster_features")
    config = ClusterConfig(
        k_min=int(dbt.config.get("ml_cluster_k_min")),
        k_max=int(dbt.config.get("ml_cluster_k_max")),
        algorithm=str(dbt.config.get("ml_cluster_algorithm")),
        seed=int(dbt.config.get("ml_seed")),
        silhouette_sample_size=int(dbt.config.get("ml_cluster_silhouette_sample_size")),
        minibatch_threshold=int(dbt.config.get("ml_cluster_minibatch_threshold")),
        n_threads=dbt.config.get("ml_n_threads"),
    )
    evaluation = to_pandas(dbt.ref("customer_cluster_evaluation"), ["algorithm", "k", "is_chosen"])
    try:
        k = chosen_k(evaluation, algorithm=config.algorithm)
        as_of_date = single_date(dbt.ref("int_as_of_date"), "as_of_date")
    except InsufficientData:
        return to_output(empty_fitted(), session, FITTED_DTYPES)
    prepared = prepare_cluster_features(
        cluster_inputs(dbt.ref("customer_rfm"), dbt.ref("customer_behaviour"), as_of_date), features
    )
    fitted, _ = fit_cluster_model(prepared, features, k, config)
    row = fitted_row(f"{config.algorithm} k={k}", fitted, as_of_date, len(prepared.customer_ids))
    return to_output(row, session, FITTED_DTYPES)

"""Clustering k sweep: one row per k with silhouette, Davies-Bouldin, inertia.

Thin: reads the marts, calls journeymap.ml; settings come from the model's
config (vars ml_cluster_*, see _python_models__models.yml). Too few
customers (e.g. no as-of date on a CRM-only load): no rows, same columns.
"""


def model(dbt, session):
    from journeymap.ml.clustering import (
        EVALUATION_TABLE_DTYPES,
        ClusterConfig,
        empty_evaluation,
        sweep_k,
    )
    from journeymap.ml.features import cluster_inputs, prepare_cluster_features
    from journeymap.ml.frames import InsufficientData, single_date, to_output

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
    try:
        as_of_date = single_date(dbt.ref("int_as_of_date"), "as_of_date")
    except InsufficientData:
        return to_output(empty_evaluation(), session, EVALUATION_TABLE_DTYPES)
    prepared = prepare_cluster_features(
        cluster_inputs(dbt.ref("customer_rfm"), dbt.ref("customer_behaviour"), as_of_date), features
    )
    try:
        evaluation = sweep_k(prepared.matrix, config)
    except InsufficientData:
        return to_output(empty_evaluation(), session, EVALUATION_TABLE_DTYPES)
    evaluation["features"] = ",".join(prepared.names)
    evaluation["seed"] = config.seed
    evaluation["as_of_date"] = as_of_date
    return to_output(evaluation, session, EVALUATION_TABLE_DTYPES)

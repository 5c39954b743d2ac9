"""One row per customer in customer_rfm: its cluster number and label.

Fits the k flagged is_chosen in customer_cluster_evaluation (same seed and
data as the sweep, so the same labels it scored), numbers clusters stably.
No rows (same columns) when customer_cluster_evaluation is empty.
"""


def model(dbt, session):
    import pandas as pd

    from journeymap.ml.clustering import (
        ClusterConfig,
        chosen_k,
        clusters_table_dtypes,
        empty_clusters,
        fit_final,
        profile_clusters,
    )
    from journeymap.ml.features import cluster_feature_frame, prepare_cluster_features
    from journeymap.ml.frames import InsufficientData, single_date, to_output, to_pandas

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
        names = [str(f["name"]) for f in features]
        return to_output(empty_clusters(names), session, clusters_table_dtypes(names))
    rfm = to_pandas(
        dbt.ref("customer_rfm"), ["customer_id", "recency_days", "frequency", "monetary"]
    )
    behaviour = to_pandas(
        dbt.ref("customer_behaviour"),
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
    prepared = prepare_cluster_features(cluster_feature_frame(rfm, behaviour, as_of_date), features)
    numbers, _ = fit_final(prepared.matrix, prepared.names, prepared.raw, k, config)
    profiles = profile_clusters(numbers, prepared.raw, prepared.names, prepared.matrix)
    label_of = dict(zip(profiles["cluster_number"], profiles["cluster_label"], strict=True))

    out = pd.DataFrame({"customer_id": prepared.customer_ids, "cluster_number": numbers})
    out["cluster_label"] = out["cluster_number"].map(label_of)
    for name in prepared.names:
        out[name] = prepared.raw[name].to_numpy(dtype="float64")
    out["algorithm"] = config.algorithm
    out["k"] = k
    out["as_of_date"] = as_of_date
    out = out.sort_values("customer_id", kind="mergesort").reset_index(drop=True)
    return to_output(out, session, clusters_table_dtypes(prepared.names))

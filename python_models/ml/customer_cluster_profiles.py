"""One row per cluster: size, share, centre in original units, label.

Reads customer_clusters (which carries each customer's imputed features in
original units and the stored label of its cluster) and standardises them
again over the same population. No
rows (same columns) when customer_clusters is empty.
"""


def model(dbt, session):
    from journeymap.ml.clustering import empty_profiles, profile_clusters, profiles_table_dtypes
    from journeymap.ml.features import prepare_cluster_features
    from journeymap.ml.frames import as_date, to_output, to_pandas

    features = dbt.config.get("ml_cluster_features")
    names = [str(f["name"]) for f in features]
    clusters = to_pandas(
        dbt.ref("customer_clusters"),
        ["customer_id", "cluster_number", "cluster_label", "algorithm", "k", "as_of_date", *names],
    ).sort_values("customer_id", kind="mergesort")
    if clusters.empty:
        return to_output(empty_profiles(names), session, profiles_table_dtypes(names))
    prepared = prepare_cluster_features(clusters, features)
    profiles = profile_clusters(
        clusters["cluster_number"].to_numpy(), prepared.raw, prepared.names, prepared.matrix
    )
    # the label stored with the model (customer_cluster_model), which is
    # profile_clusters' label on the data it was fitted on: a daily run keeps
    # its clusters' names while their centres drift
    label_of = clusters.drop_duplicates("cluster_number").set_index("cluster_number")[
        "cluster_label"
    ]
    profiles["cluster_label"] = profiles["cluster_number"].map(label_of)
    profiles["algorithm"] = clusters["algorithm"].iloc[0]
    profiles["k"] = int(clusters["k"].iloc[0])
    profiles["as_of_date"] = as_date(clusters["as_of_date"].iloc[0])
    return to_output(profiles, session, profiles_table_dtypes(prepared.names))

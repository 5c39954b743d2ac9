"""Top-N products per customer (one row per customer and rank), bought ones excluded.

Blend of item-item similarity (co-purchase and co-view) and popularity, with
the weight recommendation_evaluation chose on its validation window; short
lists filled from popularity (source = 'popularity'). No interaction or no
as-of date (e.g. a CRM-only load): no rows, same columns.
"""


def model(dbt, session):
    from journeymap.ml.frames import InsufficientData, single_date, to_output, to_pandas
    from journeymap.ml.recommend import (
        RECOMMENDATIONS_DTYPES,
        RecommendConfig,
        empty_recommendations,
        interaction_events,
        parse_weights,
        recommend_current,
        served_popularity_weight,
    )

    config = RecommendConfig(
        top_n=int(dbt.config.get("ml_reco_top_n")),
        eval_k=int(dbt.config.get("ml_reco_eval_k")),
        neighbours=int(dbt.config.get("ml_reco_neighbours")),
        purchase_weight=float(dbt.config.get("ml_reco_purchase_weight")),
        view_weight=float(dbt.config.get("ml_reco_view_weight")),
        holdout_days=int(dbt.config.get("ml_reco_holdout_days")),
        popularity_weights=parse_weights(dbt.config.get("ml_reco_popularity_weights")),
        popularity_view_weight=float(dbt.config.get("ml_reco_popularity_view_weight")),
        validation_days=int(dbt.config.get("ml_reco_validation_days")),
        default_popularity_weight=float(dbt.config.get("ml_reco_default_popularity_weight")),
    )
    view_event_types = dbt.config.get("ml_reco_view_event_types")
    view_types = ", ".join(f"'{t}'" for t in view_event_types)
    try:
        as_of_date = single_date(dbt.ref("int_as_of_date"), "as_of_date")
    except InsufficientData:
        return to_output(empty_recommendations(), session, RECOMMENDATIONS_DTYPES)
    before = f"cast('{as_of_date.isoformat()}' as date)"
    purchases = to_pandas(
        dbt.ref("fct_order_items"),
        ["customer_id", "product_id", "order_date"],
        where=(
            "is_counted and customer_id is not null and product_id is not null"
            f" and order_date < {before}"
        ),
        distinct=True,
    )
    views = to_pandas(
        dbt.ref("fct_web_events"),
        ["customer_id", "product_id", "event_date"],
        where=(
            f"event_type in ({view_types}) and customer_id is not null"
            f" and product_id is not null and event_date < {before}"
        ),
        distinct=True,
    )
    products = to_pandas(dbt.ref("dim_products"), ["product_id"])
    catalogue = products["product_id"].astype(str)
    # the blend weight recommendation_evaluation chose on its validation window
    evaluation = to_pandas(
        dbt.ref("recommendation_evaluation"), ["model_name", "metric_name", "metric_value"]
    )
    weight = served_popularity_weight(evaluation, config.default_popularity_weight)
    try:
        recommendations = recommend_current(
            interaction_events(purchases, views),
            as_of_date,
            config,
            catalogue=catalogue.tolist(),
            popularity_weight=weight,
        )
    except InsufficientData:
        recommendations = empty_recommendations()
    return to_output(recommendations, session, RECOMMENDATIONS_DTYPES)

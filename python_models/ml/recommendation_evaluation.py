"""Recommendations on a time-based holdout: one row per (model, metric).

Trains on interactions before as_of_date - ml_reco_holdout_days, checks the
products bought in the holdout: the item-item / popularity blend (weight
chosen on the validation window before the holdout), item-item alone and a
popularity baseline.
No customer to evaluate or no as-of date (e.g. a CRM-only load): no rows,
same columns.
"""


def model(dbt, session):
    from journeymap.ml.frames import InsufficientData, single_date, to_output, to_pandas
    from journeymap.ml.recommend import (
        EVALUATION_TABLE_DTYPES,
        RecommendConfig,
        empty_evaluation,
        evaluate_holdout,
        interaction_events,
        parse_weights,
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
        return to_output(empty_evaluation(), session, EVALUATION_TABLE_DTYPES)
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
    try:
        evaluation = evaluate_holdout(
            interaction_events(purchases, views), as_of_date, config, catalogue=catalogue.tolist()
        )
    except InsufficientData:
        return to_output(empty_evaluation(), session, EVALUATION_TABLE_DTYPES)
    evaluation["as_of_date"] = as_of_date
    return to_output(evaluation, session, EVALUATION_TABLE_DTYPES)

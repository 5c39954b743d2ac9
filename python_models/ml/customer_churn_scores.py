"""One row per customer with a counted order before as_of_date: churn probability.

Refits the model selected in churn_model_evaluation on every labelled
snapshot and scores features at as_of_date. No rows (same columns) when
churn_model_evaluation is empty (not enough history).
"""


def model(dbt, session):
    from journeymap.ml.churn import (
        SCORES_DTYPES,
        ChurnConfig,
        empty_scores,
        score_churn,
        selected_model,
    )
    from journeymap.ml.frames import InsufficientData, single_date, to_output, to_pandas

    config = ChurnConfig(
        horizon_days=int(dbt.config.get("ml_churn_horizon_days")),
        n_train_snapshots=int(dbt.config.get("ml_churn_train_snapshots")),
        step_days=int(dbt.config.get("ml_churn_snapshot_step_days")),
        seed=int(dbt.config.get("ml_seed")),
        n_threads=dbt.config.get("ml_n_threads"),
    )
    evaluation = to_pandas(
        dbt.ref("churn_model_evaluation"), ["model_name", "is_selected_model", "horizon_days"]
    )
    try:
        model_name = selected_model(evaluation, horizon_days=config.horizon_days)
        as_of_date = single_date(dbt.ref("int_as_of_date"), "as_of_date")
    except InsufficientData:
        return to_output(empty_scores(), session, SCORES_DTYPES)
    before = f"cast('{as_of_date.isoformat()}' as date)"
    orders = to_pandas(
        dbt.ref("fct_orders"),
        ["customer_id", "ordered_at", "order_total_usd"],
        where=f"is_counted and customer_id is not null and order_date < {before}",
    )
    sessions = to_pandas(
        dbt.ref("fct_sessions"),
        ["customer_id", "session_date", "product_views", "cart_adds"],
        where=f"customer_id is not null and session_date < {before}",
    )
    activity = sessions.rename(columns={"session_date": "activity_date"}).assign(sessions=1)
    try:
        scores = score_churn(orders, activity, as_of_date, config, model_name)
    except InsufficientData:
        scores = empty_scores()
    return to_output(scores, session, SCORES_DTYPES)

"""Churn models on a time-based split: one row per (model, metric, bucket).

Trains on snapshots before as_of_date - 2N, tests at as_of_date - N (N =
ml_churn_horizon_days); baselines included; the best model by test ROC AUC is
flagged is_selected_model and scored by customer_churn_scores. Not enough
history (e.g. no as-of date on a CRM-only load): no rows, same columns.
"""


def model(dbt, session):
    from journeymap.ml.churn import (
        EVALUATION_TABLE_DTYPES,
        ChurnConfig,
        churn_inputs,
        empty_evaluation,
        evaluate_churn,
    )
    from journeymap.ml.frames import InsufficientData, single_date, to_output

    config = ChurnConfig(
        horizon_days=int(dbt.config.get("ml_churn_horizon_days")),
        n_train_snapshots=int(dbt.config.get("ml_churn_train_snapshots")),
        step_days=int(dbt.config.get("ml_churn_snapshot_step_days")),
        seed=int(dbt.config.get("ml_seed")),
        n_threads=dbt.config.get("ml_n_threads"),
    )
    try:
        as_of_date = single_date(dbt.ref("int_as_of_date"), "as_of_date")
    except InsufficientData:
        return to_output(empty_evaluation(), session, EVALUATION_TABLE_DTYPES)
    orders, activity = churn_inputs(dbt.ref("fct_orders"), dbt.ref("fct_sessions"), as_of_date)
    try:
        evaluation = evaluate_churn(orders, activity, as_of_date, config)
    except InsufficientData:
        return to_output(empty_evaluation(), session, EVALUATION_TABLE_DTYPES)
    evaluation["as_of_date"] = as_of_date
    return to_output(evaluation, session, EVALUATION_TABLE_DTYPES)

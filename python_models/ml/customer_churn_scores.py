"""One row per customer with a counted order before as_of_date: churn probability.

Scores features at as_of_date with the model stored in churn_model_fitted
(fitted by the last ml_train run or full build; a daily run does not refit).
No rows (same columns) when churn_model_fitted is empty (not enough history).
"""


def model(dbt, session):
    from journeymap.ml.churn import (
        SCORES_DTYPES,
        ChurnConfig,
        churn_inputs,
        empty_scores,
        score_with,
    )
    from journeymap.ml.frames import InsufficientData, single_date, to_output, to_pandas
    from journeymap.ml.store import FITTED_DTYPES, RETRAIN, StaleModel, load_fitted

    config = ChurnConfig(
        horizon_days=int(dbt.config.get("ml_churn_horizon_days")),
        seed=int(dbt.config.get("ml_seed")),
        n_threads=dbt.config.get("ml_n_threads"),
    )
    stored = to_pandas(dbt.ref("churn_model_fitted"), list(FITTED_DTYPES))
    try:
        fitted, _ = load_fitted(stored, "churn_model_fitted")
        as_of_date = single_date(dbt.ref("int_as_of_date"), "as_of_date")
    except InsufficientData:
        return to_output(empty_scores(), session, SCORES_DTYPES)
    if fitted.horizon_days != config.horizon_days:
        raise StaleModel(
            f"churn_model_fitted predicts a {fitted.horizon_days}-day horizon, "
            f"var ml_churn_horizon_days is {config.horizon_days}: {RETRAIN}"
        )
    orders, activity = churn_inputs(dbt.ref("fct_orders"), dbt.ref("fct_sessions"), as_of_date)
    return to_output(
        score_with(fitted, orders, activity, as_of_date, config), session, SCORES_DTYPES
    )

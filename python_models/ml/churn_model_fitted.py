"""One row: the churn model selected in churn_model_evaluation, refitted on
every labelled snapshot and stored (journeymap.ml.store) for
customer_churn_scores. Built by `--selector ml_train` and full builds; a
daily run scores with the stored row. No rows (same columns) when there is
not enough history.
"""


def model(dbt, session):
    from journeymap.ml.churn import ChurnConfig, churn_inputs, fit_churn, selected_model
    from journeymap.ml.frames import InsufficientData, single_date, to_output, to_pandas
    from journeymap.ml.store import FITTED_DTYPES, empty_fitted, fitted_row

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
        orders, activity = churn_inputs(dbt.ref("fct_orders"), dbt.ref("fct_sessions"), as_of_date)
        fitted = fit_churn(orders, activity, as_of_date, config, model_name)
    except InsufficientData:
        return to_output(empty_fitted(), session, FITTED_DTYPES)
    row = fitted_row(model_name, fitted, as_of_date, fitted.training_rows)
    return to_output(row, session, FITTED_DTYPES)

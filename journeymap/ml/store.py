"""Fitted models kept in the warehouse between runs (docs/cadence.md).

The weekly ``ml_train`` run fits a model and stores it as one row of a table
(``churn_model_fitted``, ``customer_cluster_model``); the daily run loads
that row and scores today's data with it instead of refitting. The row holds
the pickled object (base64 text, so any warehouse stores it), its SHA-256,
and the library versions it was pickled with: a pickle is only read back by
the same scikit-learn and NumPy, and anything else is refused with the
command that rebuilds it. The warehouse is this project's own output, the
same trust as its code; a fitted model holds model parameters (coefficients,
trees, centres), no customer data.
"""

from __future__ import annotations

import base64
import hashlib
import pickle
from datetime import date
from typing import Any

import numpy as np
import pandas as pd
import sklearn

from journeymap.ml.frames import DATE, TEXT, InsufficientData, as_date, empty_frame

RETRAIN = "rebuild it with `dbt build --selector ml_train` (or a full `dbt build`)"

FITTED_DTYPES: dict[str, str] = {
    "model_name": TEXT,
    "trained_as_of_date": DATE,
    "training_rows": "int64",
    "library_versions": TEXT,
    "model_sha256": TEXT,
    "model_pickle": TEXT,
}


class StaleModel(ValueError):
    """The stored model cannot be used by this run (other libraries, other config)."""


def library_versions() -> str:
    return f"scikit-learn {sklearn.__version__}; numpy {np.__version__}"


def fitted_row(
    model_name: str, obj: Any, trained_as_of_date: date, training_rows: int
) -> pd.DataFrame:
    """The one-row table that stores ``obj``."""
    data = pickle.dumps(obj, protocol=5)
    return pd.DataFrame(
        {
            "model_name": [model_name],
            "trained_as_of_date": [as_date(trained_as_of_date)],
            "training_rows": [int(training_rows)],
            "library_versions": [library_versions()],
            "model_sha256": [hashlib.sha256(data).hexdigest()],
            "model_pickle": [base64.b64encode(data).decode("ascii")],
        }
    )


def empty_fitted() -> pd.DataFrame:
    """The table when nothing could be fitted (not enough data)."""
    return empty_frame(FITTED_DTYPES)


def load_fitted(table: pd.DataFrame, what: str) -> tuple[Any, pd.Series]:
    """The stored object and its row.

    :class:`InsufficientData` when the table is empty (nothing was fitted, as
    the scoring models' empty output says); :class:`StaleModel` when the row
    was written by other library versions or does not match its checksum.
    """
    if table.empty:
        raise InsufficientData(f"{what} is empty: no model was fitted")
    if len(table) != 1:
        raise StaleModel(f"{what} holds {len(table)} rows, expected one: {RETRAIN}")
    row = table.iloc[0]
    if row["library_versions"] != library_versions():
        raise StaleModel(
            f"{what} was fitted with {row['library_versions']}, this run has "
            f"{library_versions()}: {RETRAIN}"
        )
    data = base64.b64decode(row["model_pickle"])
    if hashlib.sha256(data).hexdigest() != row["model_sha256"]:
        raise StaleModel(f"{what}: the stored model does not match its checksum: {RETRAIN}")
    return pickle.loads(data), row  # noqa: S301 - the project's own warehouse, see module doc

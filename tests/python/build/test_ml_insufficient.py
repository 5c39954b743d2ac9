"""Not enough data (journeymap.ml): InsufficientData and typed empty tables.

A CRM-only load has no orders or web events: int_as_of_date.as_of_date is
NULL and customer_rfm is empty. Every ML function raises InsufficientData
there (never made-up numbers) and every table has an empty frame with exactly
the columns and types of a normal build.
"""

from __future__ import annotations

import warnings
from datetime import date

import duckdb
import numpy as np
import pandas as pd
import pytest

from journeymap.ml import churn, clustering, recommend
from journeymap.ml.features import (
    DEFAULT_CLUSTER_FEATURES,
    cluster_feature_frame,
    prepare_cluster_features,
)
from journeymap.ml.frames import (
    DATE,
    TEXT,
    InsufficientData,
    as_date,
    empty_frame,
    single_date,
    to_output,
)

AS_OF = date(2026, 7, 1)
NAMES = [str(f["name"]) for f in DEFAULT_CLUSTER_FEATURES]
CHURN_CONFIG = churn.ChurnConfig(horizon_days=30, hgb_max_iter=20)
RECO_CONFIG = recommend.RecommendConfig(top_n=3, eval_k=3, neighbours=10, holdout_days=30)

# DuckDB type of each pandas dtype used in the tables
DUCKDB_TYPE = {TEXT: "VARCHAR", "object": "VARCHAR", "int64": "BIGINT", "float64": "DOUBLE"}
DUCKDB_TYPE["bool"] = "BOOLEAN"


def _empty_orders() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "customer_id": pd.Series(dtype="object"),
            "ordered_at": pd.Series(dtype="datetime64[ns]"),
            "order_total_usd": pd.Series(dtype="float64"),
        }
    )


def _empty_activity() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "customer_id": pd.Series(dtype="object"),
            "activity_date": pd.Series(dtype="datetime64[ns]"),
            "product_views": pd.Series(dtype="int64"),
            "cart_adds": pd.Series(dtype="int64"),
            "sessions": pd.Series(dtype="int64"),
        }
    )


def _orders(n: int = 120, seed: int = 1) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    rows = []
    for i in range(n):
        for day in np.sort(rng.choice(180, size=rng.integers(1, 8), replace=False)):
            rows.append((f"c{i:04d}", pd.Timestamp("2026-01-01") + pd.Timedelta(days=int(day))))
    o = pd.DataFrame(rows, columns=["customer_id", "ordered_at"])
    o["order_total_usd"] = rng.gamma(2, 30, len(o))
    return o


def _events() -> pd.DataFrame:
    rows = []
    for c in range(30):
        group = c % 2
        for p in range(3):
            rows.append((f"c{c:02d}", f"p{group}{p}", "purchase", pd.Timestamp("2026-05-01")))
        rows.append((f"c{c:02d}", f"p{group}{3 + c % 2}", "purchase", pd.Timestamp("2026-06-20")))
    return pd.DataFrame(
        rows, columns=["customer_id", "product_id", "interaction_type", "interaction_date"]
    )


def _empty_events() -> pd.DataFrame:
    purchases = pd.DataFrame(
        {c: pd.Series(dtype="object") for c in ("customer_id", "product_id", "order_date")}
    )
    views = pd.DataFrame(
        {c: pd.Series(dtype="object") for c in ("customer_id", "product_id", "event_date")}
    )
    return recommend.interaction_events(purchases, views)


def _duckdb_types(frame: pd.DataFrame) -> list[tuple[str, str]]:
    con = duckdb.connect()
    con.register("frame", frame)
    con.execute("create table t as select * from frame")
    return [(r[0], r[1]) for r in con.execute("describe t").fetchall()]


def _output_types(frame: pd.DataFrame, dtypes: dict[str, str]) -> list[tuple[str, str]]:
    """Column types of the table dbt-duckdb writes from a model returning
    to_output(frame): it registers the returned relation and selects from it."""
    con = duckdb.connect()
    con.register("model_output", to_output(frame, con, dtypes))
    con.execute("create table t as select * from model_output")
    return [(r[0], r[1]) for r in con.execute("describe t").fetchall()]


def _assert_same_schema(empty: pd.DataFrame, normal: pd.DataFrame, dtypes: dict) -> None:
    """Same columns in order and the same written types; the empty frame has no
    rows; every DATE column is written as DATE (pandas alone writes TIMESTAMP)."""
    assert len(empty) == 0
    assert list(empty.columns) == list(normal.columns) == list(dtypes)
    written = _output_types(normal, dtypes)
    assert _output_types(empty, dtypes) == written
    dates = [name for name, dtype in dtypes.items() if dtype == DATE]
    assert dates, "every ML table has a date column"
    assert [(n, t) for n, t in written if n in dates] == [(n, "DATE") for n in dates]


# --------------------------------------------------------------------------- frames


def test_insufficient_data_is_a_value_error():
    assert issubclass(InsufficientData, ValueError)


def test_single_date_raises_insufficient_data_on_null():
    con = duckdb.connect()
    rel = con.sql("select cast(null as date) as as_of_date")
    with pytest.raises(InsufficientData):
        single_date(rel, "as_of_date")
    ok = con.sql("select date '2026-07-01' as as_of_date")
    assert single_date(ok, "as_of_date") == AS_OF
    with pytest.raises(ValueError):
        single_date(con.sql("select date '2026-07-01' as as_of_date limit 0"), "as_of_date")


def test_empty_frame_types_text_as_varchar():
    frame = empty_frame({"a": TEXT, "b": "int64", "c": "float64", "d": "bool"})
    assert list(frame.columns) == ["a", "b", "c", "d"] and len(frame) == 0
    assert _duckdb_types(frame) == [
        ("a", "VARCHAR"),
        ("b", "BIGINT"),
        ("c", "DOUBLE"),
        ("d", "BOOLEAN"),
    ]


@pytest.mark.parametrize(
    "empty,dtypes",
    [
        (churn.empty_evaluation(), churn.EVALUATION_TABLE_DTYPES),
        (churn.empty_scores(), churn.SCORES_DTYPES),
        (clustering.empty_evaluation(), clustering.EVALUATION_TABLE_DTYPES),
        (clustering.empty_clusters(NAMES), clustering.clusters_table_dtypes(NAMES)),
        (clustering.empty_profiles(NAMES), clustering.profiles_table_dtypes(NAMES)),
        (recommend.empty_recommendations(), recommend.RECOMMENDATIONS_DTYPES),
        (recommend.empty_evaluation(), recommend.EVALUATION_TABLE_DTYPES),
    ],
)
def test_every_empty_table_has_no_rows_and_no_untyped_column(empty, dtypes):
    assert len(empty) == 0
    assert all(t != '"NULL"' for _, t in _output_types(empty, dtypes))


def test_to_output_on_spark_types_every_column_and_the_empty_frame():
    """Spark path (Databricks): the table's schema, dates as DateType, NaN as NULL;
    runs where pyspark is installed (the Spark virtualenv), skipped elsewhere."""
    pytest.importorskip("pyspark")
    from pyspark.sql import SparkSession

    spark = (
        SparkSession.builder.master("local[1]").config("spark.ui.enabled", "false").getOrCreate()
    )
    dtypes = {"customer_id": TEXT, "n": "int64", "x": "float64", "flag": "bool", "as_of_date": DATE}
    frame = pd.DataFrame(
        {
            "customer_id": pd.Series(["a", None], dtype=TEXT),
            "n": [1, 2],
            "x": [0.5, float("nan")],
            "flag": [True, False],
            "as_of_date": [AS_OF, AS_OF],
        }
    )
    schema = "struct<customer_id:string,n:bigint,x:double,flag:boolean,as_of_date:date>"
    written = to_output(frame, spark, dtypes)
    assert written.schema.simpleString() == schema
    assert [tuple(r) for r in written.collect()] == [
        ("a", 1, 0.5, True, AS_OF),
        (None, 2, None, False, AS_OF),
    ]
    empty = to_output(empty_frame(dtypes), spark, dtypes)
    assert empty.schema.simpleString() == schema and empty.count() == 0


def test_to_output_writes_dates_as_date_not_timestamp_or_text():
    """The as-of date of an ML table is a DATE, as in the SQL marts."""
    dtypes = {"customer_id": TEXT, "as_of_date": DATE}
    frame = pd.DataFrame({"customer_id": ["c1"], "as_of_date": [as_date("2026-07-01")]})
    assert _output_types(frame, dtypes) == [("customer_id", "VARCHAR"), ("as_of_date", "DATE")]
    # pandas on its own: the date would become a TIMESTAMP (why to_output exists)
    as_timestamps = frame.assign(as_of_date=pd.to_datetime(frame["as_of_date"]))
    written = dict(_duckdb_types(as_timestamps))
    assert written["as_of_date"].startswith("TIMESTAMP"), written
    con = duckdb.connect()
    (value,) = to_output(frame, con, dtypes).project("as_of_date").fetchall()[0]
    assert value == AS_OF
    with pytest.raises(ValueError, match="lacks"):
        to_output(frame[["customer_id"]], con, dtypes)


# --------------------------------------------------------------------------- churn


def test_churn_without_history_raises_insufficient_data():
    with pytest.raises(InsufficientData, match="not enough history"):
        churn.evaluate_churn(_empty_orders(), _empty_activity(), AS_OF, CHURN_CONFIG)
    with pytest.raises(InsufficientData):
        churn.evaluate_churn(_empty_orders(), _empty_activity(), pd.NaT, CHURN_CONFIG)
    with pytest.raises(InsufficientData):
        churn.score_churn(
            _empty_orders(), _empty_activity(), AS_OF, CHURN_CONFIG, "logistic_regression"
        )
    with pytest.raises(InsufficientData):
        churn.score_churn(_orders(), None, pd.NaT, CHURN_CONFIG, "logistic_regression")


def test_churn_selected_model_of_an_empty_evaluation():
    with pytest.raises(InsufficientData):
        churn.selected_model(churn.empty_evaluation(), horizon_days=30)
    evaluation = churn.evaluate_churn(_orders(), None, AS_OF, CHURN_CONFIG)
    with pytest.raises(ValueError, match="another horizon") as err:
        churn.selected_model(evaluation, horizon_days=60)
    assert not isinstance(err.value, InsufficientData)
    assert churn.selected_model(evaluation, horizon_days=30) == churn.selected_model(evaluation)


def test_churn_empty_tables_match_the_normal_schema():
    orders = _orders()
    evaluation = churn.evaluate_churn(orders, None, AS_OF, CHURN_CONFIG)
    evaluation["as_of_date"] = AS_OF  # as churn_model_evaluation does
    _assert_same_schema(churn.empty_evaluation(), evaluation, churn.EVALUATION_TABLE_DTYPES)
    scores = churn.score_churn(orders, None, AS_OF, CHURN_CONFIG, churn.selected_model(evaluation))
    assert len(scores) > 0
    _assert_same_schema(churn.empty_scores(), scores, churn.SCORES_DTYPES)


# --------------------------------------------------------------------------- clustering


@pytest.mark.parametrize("n", [0, 1, 2])
def test_sweep_k_with_too_few_customers_raises_insufficient_data(n):
    with pytest.raises(InsufficientData, match="at least 3 customers"):
        clustering.sweep_k(np.zeros((n, 2)), clustering.ClusterConfig(k_min=2, k_max=4))


def test_sweep_k_with_no_k_below_n_raises_insufficient_data():
    matrix = np.arange(8.0).reshape(4, 2)
    with pytest.raises(InsufficientData, match="k_min=4"):
        clustering.sweep_k(matrix, clustering.ClusterConfig(k_min=4, k_max=6))


def test_clustering_an_empty_customer_rfm_raises_insufficient_data():
    rfm = pd.DataFrame(
        {c: pd.Series(dtype="float64") for c in ("recency_days", "frequency", "monetary")}
    ).assign(customer_id=pd.Series(dtype="object"))
    behaviour = pd.DataFrame(
        {
            c: pd.Series(dtype="object")
            for c in (
                "customer_id",
                "session_count",
                "product_views",
                "cart_abandonment_rate",
                "email_open_rate",
                "email_click_rate",
                "first_order_at",
                "first_session_at",
            )
        }
    )
    with warnings.catch_warnings():  # mean / std of no rows
        warnings.simplefilter("ignore", RuntimeWarning)
        prepared = prepare_cluster_features(
            cluster_feature_frame(rfm, behaviour, AS_OF), DEFAULT_CLUSTER_FEATURES
        )
    assert prepared.matrix.shape == (0, len(NAMES))
    with pytest.raises(InsufficientData):
        clustering.sweep_k(prepared.matrix, clustering.ClusterConfig())


def test_chosen_k_and_profiles_of_nothing():
    with pytest.raises(InsufficientData):
        clustering.chosen_k(clustering.empty_evaluation(), algorithm="kmeans")
    with pytest.raises(InsufficientData):
        clustering.profile_clusters(
            np.array([], dtype=np.int64),
            pd.DataFrame({n: pd.Series(dtype="float64") for n in NAMES}),
            NAMES,
            np.empty((0, len(NAMES))),
        )


def test_chosen_k_refuses_another_algorithm():
    evaluation = pd.DataFrame({"algorithm": ["kmeans", "kmeans"], "k": [2, 3]})
    evaluation["is_chosen"] = [False, True]
    assert clustering.chosen_k(evaluation, algorithm="kmeans") == 3
    with pytest.raises(ValueError, match="another algorithm") as err:
        clustering.chosen_k(evaluation, algorithm="gmm")
    assert not isinstance(err.value, InsufficientData)


def test_clustering_empty_tables_match_the_normal_schema():
    rng = np.random.default_rng(0)
    n = 60
    frame = pd.DataFrame({"customer_id": [f"c{i:03d}" for i in range(n)]})
    for name in NAMES:
        frame[name] = rng.gamma(2.0, 3.0, n)
    prepared = prepare_cluster_features(frame, DEFAULT_CLUSTER_FEATURES)
    config = clustering.ClusterConfig(k_min=2, k_max=4, seed=3)
    # customer_cluster_evaluation
    evaluation = clustering.sweep_k(prepared.matrix, config)
    evaluation["features"] = ",".join(prepared.names)
    evaluation["seed"] = config.seed
    evaluation["as_of_date"] = AS_OF
    _assert_same_schema(
        clustering.empty_evaluation(), evaluation, clustering.EVALUATION_TABLE_DTYPES
    )
    # customer_clusters
    k = clustering.chosen_k(evaluation, algorithm=config.algorithm)
    numbers, _ = clustering.fit_final(prepared.matrix, prepared.names, prepared.raw, k, config)
    profiles = clustering.profile_clusters(numbers, prepared.raw, prepared.names, prepared.matrix)
    label_of = dict(zip(profiles["cluster_number"], profiles["cluster_label"], strict=True))
    out = pd.DataFrame({"customer_id": prepared.customer_ids, "cluster_number": numbers})
    out["cluster_label"] = out["cluster_number"].map(label_of)
    for name in prepared.names:
        out[name] = prepared.raw[name].to_numpy(dtype="float64")
    out["algorithm"] = config.algorithm
    out["k"] = k
    out["as_of_date"] = AS_OF
    _assert_same_schema(
        clustering.empty_clusters(NAMES), out, clustering.clusters_table_dtypes(NAMES)
    )
    # customer_cluster_profiles
    profiles["algorithm"] = config.algorithm
    profiles["k"] = k
    profiles["as_of_date"] = AS_OF
    _assert_same_schema(
        clustering.empty_profiles(NAMES), profiles, clustering.profiles_table_dtypes(NAMES)
    )


# --------------------------------------------------------------------------- recommendations


def test_recommendations_without_interactions_raise_insufficient_data():
    events = _empty_events()
    assert list(events.columns) == [
        "customer_id",
        "product_id",
        "interaction_type",
        "interaction_date",
    ]
    with pytest.raises(InsufficientData):
        recommend.recommend_current(events, AS_OF, RECO_CONFIG, catalogue=["p1", "p2"])
    with pytest.raises(InsufficientData):
        recommend.recommend_current(_events(), pd.NaT, RECO_CONFIG)


def test_holdout_without_customers_to_evaluate_raises_insufficient_data():
    # used to fail with KeyError 'customer_id' (no holdout purchase at all)
    with pytest.raises(InsufficientData):
        recommend.evaluate_holdout(_empty_events(), AS_OF, RECO_CONFIG, catalogue=["p1"])
    with pytest.raises(InsufficientData):
        recommend.evaluate_holdout(_events(), pd.NaT, RECO_CONFIG)
    # training interactions but no purchase in the holdout
    events = _events()
    before = events[events["interaction_date"] < pd.Timestamp("2026-06-01")]
    with pytest.raises(InsufficientData, match="no customer to evaluate"):
        recommend.evaluate_holdout(before, AS_OF, RECO_CONFIG)


def test_recommendation_empty_tables_match_the_normal_schema():
    events = _events()
    recs = recommend.recommend_current(events, AS_OF, RECO_CONFIG)
    assert len(recs) > 0
    _assert_same_schema(recommend.empty_recommendations(), recs, recommend.RECOMMENDATIONS_DTYPES)
    evaluation = recommend.evaluate_holdout(events, AS_OF, RECO_CONFIG)
    evaluation["as_of_date"] = AS_OF  # as recommendation_evaluation does
    _assert_same_schema(recommend.empty_evaluation(), evaluation, recommend.EVALUATION_TABLE_DTYPES)


def test_to_pandas_rows_do_not_depend_on_storage_order():
    """Two tables with the same rows written in different orders read back identically."""
    from journeymap.ml.frames import to_pandas

    con = duckdb.connect()
    rows = [(f"c{i % 7}", float(i) / 3, i % 2 == 0) for i in range(50)]
    con.execute("create table t1 (customer_id varchar, amount double, flag boolean)")
    con.execute("create table t2 (customer_id varchar, amount double, flag boolean)")
    con.executemany("insert into t1 values (?, ?, ?)", rows)
    con.executemany("insert into t2 values (?, ?, ?)", rows[::-1])
    cols = ["customer_id", "amount"]
    a = to_pandas(con.table("t1"), cols, where="flag")
    b = to_pandas(con.table("t2"), cols, where="flag")
    pd.testing.assert_frame_equal(a, b)
    assert list(a.itertuples(index=False)) == sorted(a.itertuples(index=False))
    distinct = to_pandas(con.table("t2"), ["customer_id"], distinct=True)
    assert distinct["customer_id"].tolist() == [f"c{i}" for i in range(7)]

"""Pairwise metrics of journeymap.evaluate from contingency cells (no dbt needed)."""

from __future__ import annotations

import itertools

import duckdb
import pytest

from journeymap.evaluate import evaluate_identity, pair_metrics_from_cells


def brute_force(pred: dict[str, str], truth: dict[str, str]) -> tuple[int, int, int]:
    tp = fp = fn = 0
    for a, b in itertools.combinations(sorted(pred), 2):
        same_pred, same_true = pred[a] == pred[b], truth[a] == truth[b]
        tp += same_pred and same_true
        fp += same_pred and not same_true
        fn += same_true and not same_pred
    return tp, fp, fn


def test_cells_match_brute_force_pairs():
    pred = {"r1": "c1", "r2": "c1", "r3": "c1", "r4": "c2", "r5": "c2", "r6": "c3"}
    truth = {"r1": "p1", "r2": "p1", "r3": "p2", "r4": "p2", "r5": "p2", "r6": "p3"}
    cells: dict[tuple[str, str], int] = {}
    for record, customer in pred.items():
        key = (customer, truth[record])
        cells[key] = cells.get(key, 0) + 1
    metrics = pair_metrics_from_cells("all", [(c, p, n) for (c, p), n in cells.items()])
    tp, fp, fn = brute_force(pred, truth)
    assert metrics.true_positive_pairs == tp
    assert metrics.predicted_pairs == tp + fp
    assert metrics.true_pairs == tp + fn
    assert metrics.precision == pytest.approx(tp / (tp + fp))
    assert metrics.recall == pytest.approx(tp / (tp + fn))


def test_perfect_and_empty():
    perfect = pair_metrics_from_cells("all", [("c1", "p1", 3), ("c2", "p2", 1)])
    assert (perfect.precision, perfect.recall, perfect.f1) == (1.0, 1.0, 1.0)
    singletons = pair_metrics_from_cells("all", [("c1", "p1", 1), ("c2", "p1", 1)])
    assert singletons.precision == 1.0 and singletons.recall == 0.0


def test_evaluate_identity_end_to_end(tmp_path):
    warehouse = tmp_path / "w.duckdb"
    with duckdb.connect(str(warehouse)) as con:
        con.execute(
            "create table customer_identity_map as select * from (values "
            "('crm_contacts', 's:1', 'c1'), ('crm_contacts', 's:2', 'c1'), "
            "('shop_customers', 'a1', 'c2')) as t(source_table, source_record_id, customer_id)"
        )
        truth_file = tmp_path / "truth_identities.parquet"
        con.execute(
            "copy (select * from (values ('crm_contacts', 's:1', 'P1'), "
            "('crm_contacts', 's:2', 'P1'), ('shop_customers', 'a1', 'P1'), "
            "('web_devices', 'd1', 'P2')) as t(source_table, source_record_id, person_id)) "
            f"to '{truth_file}' (format parquet)"
        )
    report = evaluate_identity(warehouse, tmp_path)
    overall = report["metrics"][0]
    assert report["coverage"] == {"truth_records": 4, "map_records": 3, "joined_records": 3}
    assert overall["precision"] == 1.0
    assert overall["recall"] == pytest.approx(1 / 3)
    assert report["worst_misses"][0]["person_id"] == "P1"


def test_evaluate_blocking_recall_and_name_only_cap(tmp_path):
    """P1 has three records: r1-r2 share a birth date, r3 shares only the
    names with them (name-only pairs, unreachable); only r1-r2 is proposed."""
    from journeymap.evaluate import evaluate_blocking

    warehouse = tmp_path / "w.duckdb"
    with duckdb.connect(str(warehouse)) as con:
        con.execute("create schema intermediate")
        con.execute(
            "create table intermediate.int_identity_person_records as select * from (values "
            "('crm_contacts|s:1', 'crm_contacts', 's:1', date '1980-01-01', '10001', null), "
            "('crm_contacts|s:2', 'crm_contacts', 's:2', date '1980-01-01', null, null), "
            "('crm_contacts|s:3', 'crm_contacts', 's:3', null, '94110', '5oakave'), "
            "('crm_contacts|s:4', 'crm_contacts', 's:4', date '1990-01-01', '94110', null)) "
            "as t(record_key, source_table, source_record_id, date_of_birth, postal_key, "
            "street_key)"
        )
        con.execute(
            "create table intermediate.int_identity_fuzzy_candidates as select * from (values "
            "('crm_contacts|s:1', 'crm_contacts|s:2'), ('crm_contacts|s:3', 'crm_contacts|s:4')) "
            "as t(record_key_a, record_key_b)"
        )
        con.execute(
            "copy (select * from (values ('crm_contacts', 's:1', 'P1'), "
            "('crm_contacts', 's:2', 'P1'), "
            "('crm_contacts', 's:3', 'P1'), ('crm_contacts', 's:4', 'P2')) "
            "as t(source_table, source_record_id, person_id)) "
            f"to '{tmp_path / 'truth_identities.parquet'}' (format parquet)"
        )
    report = evaluate_blocking(warehouse, tmp_path)
    assert report["true_pairs"] == 3
    assert report["proposed_true_pairs"] == 1
    assert report["blocking_recall"] == pytest.approx(1 / 3)
    assert report["name_only_pairs"] == 2
    assert report["recall_cap"] == pytest.approx(1 / 3)

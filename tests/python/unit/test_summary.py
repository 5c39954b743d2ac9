"""journeymap.summary on fabricated run_results.json files and a tiny warehouse:
the summary describes this invocation only (issue 15, defect 5)."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest

from journeymap import summary

STARTED = "2026-12-02T10:00:00Z"


def _run_results(
    path: Path,
    results: list[tuple[str, str]],
    generated_at: str,
    invocation_id: str = "inv-1",
    failures: dict | None = None,
) -> Path:
    failures = failures or {}
    path.write_text(
        json.dumps(
            {
                "metadata": {"invocation_id": invocation_id, "generated_at": generated_at},
                "elapsed_time": 12.5,
                "results": [
                    {
                        "unique_id": u,
                        "status": s,
                        "message": f"message of {u.split('.')[-1]}",
                        "failures": failures.get(u),
                    }
                    for u, s in results
                ],
            }
        )
    )
    return path


@pytest.fixture()
def warehouse(tmp_path) -> Path:
    """A warehouse as an earlier successful build left it."""
    path = tmp_path / "wh.duckdb"
    with duckdb.connect(str(path)) as con:
        con.execute("create table main.customer_profiles as select range as id from range(8881)")
        con.execute("create table main.fct_orders as select range as id from range(5)")
        con.execute(
            "create table main.fct_raw_column_presence as select * from (values "
            "('crm_contacts', 'email', 'column_missing', true), "
            "('crm_contacts', 'city', 'column_missing', false), "
            "('survey_responses', 'answer', 'table_switched_off', false), "
            "('products', 'brand', 'table_missing', false), "
            "('crm_contacts', 'phone', 'present', true)"
            ") t(source_table, column_name, presence_status, is_identity_critical)"
        )
    return path


def _main(capsys, *args) -> tuple[int, str]:
    code = summary.main([str(a) for a in args])
    return code, capsys.readouterr().out


def test_failed_build_says_failed_with_failing_nodes(tmp_path, warehouse, capsys):
    rr = _run_results(
        tmp_path / "run_results.json",
        [
            ("model.journeymap.customer_profiles", "error"),
            ("model.journeymap.fct_orders", "success"),
            ("model.journeymap.customer_rfm", "skipped"),
            ("test.journeymap.not_null_fct_orders_order_id", "fail"),
            ("test.journeymap.unique_fct_orders_order_id", "pass"),
        ],
        "2026-12-02T10:05:00Z",
    )
    code, out = _main(
        capsys, "--warehouse", warehouse, "--run-results", rr, "--started-at", STARTED
    )
    assert code == 1
    assert out.startswith("Build: FAILED"), out
    assert "model customer_profiles: message of customer_profiles" in out
    assert "test not_null_fct_orders_order_id" in out
    assert "1 nodes skipped" in out
    # the table of a mart that failed in THIS build is not counted (8,881 is a previous build's)
    assert "8,881" not in out and "not built in this build (error)" in out
    assert "fct_orders" in out and "5" in out
    assert out.rstrip().endswith("(listed at the top).")


def test_stale_run_results_are_refused(tmp_path, warehouse, capsys):
    """A run_results.json written before this build started belongs to another build."""
    rr = _run_results(
        tmp_path / "run_results.json",
        [
            ("model.journeymap.customer_profiles", "success"),
            ("test.journeymap.unique_x", "pass"),
        ],
        "2026-12-01T09:00:00Z",
    )
    code, out = _main(
        capsys, "--warehouse", warehouse, "--run-results", rr, "--started-at", STARTED
    )
    assert code == 1
    assert "FAILED" in out and "earlier build" in out, out
    assert "Tests:" not in out and "8,881" not in out, out


def test_missing_run_results_is_a_failed_build(tmp_path, warehouse, capsys):
    code, out = _main(
        capsys,
        "--warehouse",
        warehouse,
        "--run-results",
        tmp_path / "none.json",
        "--started-at",
        STARTED,
    )
    assert code == 1 and "FAILED" in out and "Tests:" not in out and "8,881" not in out, out


def test_successful_build_lists_warnings_and_raw_gaps(tmp_path, warehouse, capsys):
    rr = _run_results(
        tmp_path / "run_results.json",
        [
            ("model.journeymap.customer_profiles", "success"),
            ("model.journeymap.fct_raw_column_presence", "success"),
            ("test.journeymap.assert_identity_critical_raw_columns_present", "warn"),
            ("test.journeymap.unique_x", "pass"),
        ],
        "2026-12-02T10:05:00Z",
        failures={"test.journeymap.assert_identity_critical_raw_columns_present": 1},
    )
    code, out = _main(
        capsys, "--warehouse", warehouse, "--run-results", rr, "--started-at", STARTED
    )
    assert code == 0
    assert out.startswith("Build: OK (dbt invocation inv-1"), out
    assert "WARN    test assert_identity_critical_raw_columns_present (1 rows)" in out
    assert "crm_contacts.email  <- identity-critical (warn test)" in out
    assert "  crm_contacts.city\n" in out
    assert "switched off (journeymap__using_<table>: false): survey_responses" in out
    assert "absent (read as empty): products" in out
    assert "8,881" in out
    assert "Tests: 1 pass, 1 warn" in out
    assert out.rstrip().endswith("Build OK with 1 warn tests (listed at the top).")

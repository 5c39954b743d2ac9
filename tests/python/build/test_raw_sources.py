"""The raw layer on real dbt builds: paths that need quoting, a table switched
off, a missing identity-critical column, and the build summary of each.

- A raw folder whose path holds a space and an apostrophe (`o'brien raw`)
  builds: every path reaching SQL is escaped (register_raw_sources).
- `journeymap__using_support_tickets: false` makes stg_support__tickets an
  empty relation with the typed columns, and fct_raw_column_presence (and the
  summary) say the table is switched off.
- With `email` dropped from crm_contacts the build still succeeds (the column
  is read as NULL), but the warn-severity test
  assert_identity_critical_raw_columns_present warns, fct_raw_column_presence
  lists the column, and the summary prints both. On the untouched folder the
  same test passes.
- A build that stops in on-run-start (required table missing) is summarised
  as FAILED, never with an earlier build's figures.
"""

from __future__ import annotations

import datetime as dt
import shutil

import pytest
from _dbt_helpers import copy_raw, query, read_table, remove_table, write_table

from journeymap import summary

SELECT = (
    "+stg_crm__contacts",
    "+stg_support__tickets",
    "fct_raw_column_presence",
    "assert_identity_critical_raw_columns_present",
)
BUILD = (
    "build",
    "--select",
    *SELECT,
    "--exclude",
    "resource_type:unit_test",
    "--indirect-selection",
    "buildable",
)


def _summary(result, warehouse, started_at):
    run_results = result.extra["run_results_path"]
    text, ok = summary.summarize(warehouse, run_results, started_at)
    return text, ok


def _run(dbt_workspace, raw, tmp_path, name, *args):
    started = dt.datetime.now(dt.UTC).replace(microsecond=0)
    result = dbt_workspace.run(raw, *args, keep_as=tmp_path / f"{name}.duckdb")
    # keep this build's run_results beside its warehouse (the workspace reuses target/)
    saved = tmp_path / f"{name}_run_results.json"
    source = dbt_workspace.target / "run_results.json"
    if source.exists():
        shutil.copy(source, saved)
    result.extra["run_results_path"] = saved
    result.extra["started_at"] = started
    return result


@pytest.fixture(scope="module")
def builds(base_raw, dbt_workspace, tmp_path_factory):
    root = tmp_path_factory.mktemp("raw_sources")
    control = _run(dbt_workspace, base_raw, root, "control", *BUILD)
    damaged = copy_raw(base_raw, root / "x" / "o'brien raw")
    write_table(
        damaged, "crm_contacts", read_table(damaged, "crm_contacts").drop(columns=["email"])
    )
    dropped = _run(
        dbt_workspace,
        damaged,
        root,
        "dropped",
        *BUILD,
        "--vars",
        "{journeymap__using_support_tickets: false}",
    )
    broken = copy_raw(base_raw, root / "broken")
    remove_table(broken, "consent_events")
    failed = _run(
        dbt_workspace,
        broken,
        root,
        "failed",
        *BUILD,
        "--vars",
        "{journeymap__using_support_tickets: false}",
    )
    return {"control": control, "dropped": dropped, "failed": failed}


WARN_TEST = "test.journeymap.assert_identity_critical_raw_columns_present"


def test_control_build_passes_the_warn_test(builds):
    control = builds["control"]
    assert control.returncode == 0, control.tail()
    assert control.node_statuses()[WARN_TEST] == "pass"
    text, ok = _summary(control, control.warehouse, control.extra["started_at"])
    assert ok and text.startswith("Build: OK"), text
    assert "Raw columns missing" not in text and "Warnings" not in text, text


def test_path_with_space_and_apostrophe_builds(builds):
    dropped = builds["dropped"]
    assert dropped.returncode == 0, dropped.tail()
    staged = query(
        dropped.warehouse, "select count(*), count(email) from staging.stg_crm__contacts"
    )
    assert staged[0][0] > 0 and staged[0][1] == 0, staged


def test_missing_identity_critical_column_warns(builds):
    dropped = builds["dropped"]
    assert dropped.node_statuses()[WARN_TEST] == "warn", dropped.node_statuses().get(WARN_TEST)
    rows = query(
        dropped.warehouse,
        "select source_table, column_name, is_present, presence_status, is_identity_critical "
        "from main.fct_raw_column_presence where not is_present and source_table = 'crm_contacts'",
    )
    assert rows == [("crm_contacts", "email", False, "column_missing", True)], rows
    text, ok = _summary(dropped, dropped.warehouse, dropped.extra["started_at"])
    assert ok, text  # a warning, not a failure
    assert (
        "Warnings (1 warn tests)" in text and "assert_identity_critical_raw_columns_present" in text
    )
    assert "crm_contacts.email  <- identity-critical" in text, text


def test_switched_off_table_is_empty_typed_and_reported(builds):
    dropped = builds["dropped"]
    wh = dropped.warehouse
    assert query(wh, "select count(*) from staging.stg_support__tickets") == [(0,)]
    types = dict(
        query(
            wh,
            "select column_name, data_type from information_schema.columns "
            "where table_schema = 'staging' and table_name = 'stg_support__tickets'",
        )
    )
    control_types = dict(
        query(
            builds["control"].warehouse,
            "select column_name, data_type from information_schema.columns "
            "where table_schema = 'staging' and table_name = 'stg_support__tickets'",
        )
    )
    assert types == control_types and "TIMESTAMP" in types.values(), (types, control_types)
    statuses = query(
        wh,
        "select distinct presence_status from main.fct_raw_column_presence "
        "where source_table = 'support_tickets'",
    )
    assert statuses == [("table_switched_off",)]
    text, _ = _summary(dropped, wh, dropped.extra["started_at"])
    assert "switched off (journeymap__using_<table>: false): support_tickets" in text, text


def test_failed_build_is_summarised_as_failed(builds):
    failed = builds["failed"]
    assert failed.returncode != 0
    assert "Required raw table 'consent_events' not found" in failed.output
    # the previous (successful) build's warehouse is there; the summary must not describe it
    warehouse = builds["control"].warehouse
    text, ok = _summary(failed, warehouse, failed.extra["started_at"])
    assert not ok and "FAILED" in text, text
    assert "customer_profiles" not in text and "Tests:" not in text, text

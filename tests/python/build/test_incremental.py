"""An incremental build equals a full rebuild, table for table.

Generated raw data (with bad input, late and re-delivered events, order
status changes, plus three anonymous devices whose first login comes on the
last day) is cut back to what had been loaded before its last day
(journeymap.bench.daycut). Warehouse A is built on days 1..n-1, then built again
on all days without --full-refresh: the incremental models (docs/incremental.md)
only process their lookback window. Warehouse B is a --full-refresh build on
all days. Every table of every schema must hold the same rows (as multisets,
floats rounded to 6 decimals), with two exclusions, each for a reason:

- fct_data_quality_history appends one snapshot per build by design (A has
  two builds, B one);
- the Python (ML) models are not built: they are deterministic functions of
  the marts compared here, and the slowest part of a build;
- the snapshot (customer_segments_snapshot) is not built: it keeps one
  version per build by design.

The identity training runs in every build (identity_retrain: always): a
full build trains on all days, and the incremental build must match it.

The lookback is set to 7 days: the generator delivers events up to 6 days
late, and an event loaded later than the lookback is (by design) only picked
up by a --full-refresh. Both final builds use the same as-of date.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from _dbt_helpers import append_rows, generate_raw, table_checksums, write_text_parquet

from journeymap.bench.daycut import split

PERSONS = 800
SEED = 23
LOOKBACK_HOURS = 168


def build_args(**dbt_vars) -> tuple[str, ...]:
    """`dbt build` of everything compared here, with the lookback and `dbt_vars`."""
    return (
        "build",
        "--exclude",
        "resource_type:test",
        "resource_type:unit_test",
        "path:python_models",
        "resource_type:snapshot",
        "--vars",
        json.dumps({"incremental_lookback_hours": LOOKBACK_HOURS, **dbt_vars}),
    )


# The identity training trains in every build here: these builds check the
# incremental event models against a full build, which trains on all days
# (test_incremental_days.py checks the daily cadence that keeps it).
BUILD = build_args(identity_retrain="always")
INCREMENTAL_MODELS = {
    "int_web_events_sessionized",
    "int_web_sessions_aggregated",
    "int_web_session_accounts",
    "int_email_events_accumulated",
    "int_orders_versions_resolved",
}
# Appends one row set per build by design: A has seen two builds, B one
# (audience_memberships carries the build times of audience_changes;
# customer_identity_history lists every record as added in a first build;
# int_identity_training_state says why this build trained: `forced` in A,
# `no_stored_training` in B).
APPEND_PER_BUILD = (
    "fct_data_quality_history",
    "audience_changes",
    "audience_memberships",
    "customer_identity_history",
    "int_identity_training_state",
)
MARTS_REQUIRED = {
    "fct_web_events",
    "fct_sessions",
    "fct_orders",
    "fct_order_items",
    "customer_behaviour",
    "customer_rfm",
    "customer_profiles",
    "customer_identity_map",
    "fct_triggers",
    "customer_journey_stage",
}


def _schemas(warehouse: Path) -> list[str]:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return [
            r[0]
            for r in con.execute(
                "select distinct table_schema from information_schema.tables "
                "where table_type = 'BASE TABLE' and table_schema <> 'raw' order by 1"
            ).fetchall()
        ]


def _checksums(warehouse: Path) -> dict[str, tuple]:
    sums = {}
    for schema in _schemas(warehouse):
        for table, value in table_checksums(warehouse, schema, exclude=APPEND_PER_BUILD).items():
            sums[f"{schema}.{table}"] = value
    return sums


def _first_logins_on(raw_all: Path, day: str, devices: int = 3) -> None:
    """Devices that only browsed anonymously before `day` log in to an account on
    `day`: their earlier sessions must get the account's customer (a full build
    attributes them; an incremental one must too)."""
    with duckdb.connect() as con:
        rows = con.execute(
            f"""
            with events as (
                select anonymous_id, account_id, filename
                from read_parquet('{raw_all}/web_events/*.parquet', filename = true)
            ),
            anonymous_devices as (
                select anonymous_id
                from events
                where anonymous_id is not null
                group by anonymous_id
                having count(account_id) = 0 and max(filename) < '{raw_all}/web_events/{day}'
            ),
            accounts as (
                select account_id, row_number() over (order by account_id) as n
                from read_parquet('{raw_all}/shop_customers.parquet')
                where account_id is not null
            ),
            devices as (
                select anonymous_id, row_number() over (order by anonymous_id) as n
                from anonymous_devices
            )
            select devices.anonymous_id, accounts.account_id
            from devices
            inner join accounts on devices.n = accounts.n
            where devices.n <= {devices}
            order by devices.n
            """
        ).fetchall()
    assert len(rows) == devices, rows
    path = raw_all / "web_events" / f"{day}.parquet"
    frame = append_rows(
        pd.read_parquet(path).astype(object),
        [
            {
                "event_id": f"incremental-first-login-{i}",
                "anonymous_id": device,
                "account_id": account,
                "event_type": "login",
                "event_at": f"{day}T12:00:00+00:00",
            }
            for i, (device, account) in enumerate(rows)
        ],
    )
    write_text_parquet(path, frame.where(frame.notna(), None))


@pytest.fixture(scope="module")
def warehouses(dbt_workspace, tmp_path_factory):
    root = tmp_path_factory.mktemp("incremental")
    raw_all = generate_raw(root / "raw_all", persons=PERSONS, seed=SEED, bad_rate=0.02)
    days = sorted(p.stem for p in (raw_all / "web_events").glob("*.parquet"))
    last_day = dt.date.fromisoformat(days[-1])
    _first_logins_on(raw_all, days[-1])
    raw_early = root / "raw_early"
    kept = split(raw_all, last_day, raw_early)

    first = dbt_workspace.run(raw_early, *BUILD)
    assert first.returncode == 0, first.tail()
    early = root / "early.duckdb"
    shutil.copy2(dbt_workspace.warehouse, early)
    second = dbt_workspace.run(raw_all, *BUILD, fresh=False, keep_as=root / "incremental.duckdb")
    assert second.returncode == 0, second.tail()
    full = dbt_workspace.run(raw_all, *BUILD, "--full-refresh", keep_as=root / "full.duckdb")
    assert full.returncode == 0, full.tail()
    return {
        "raw_all": raw_all,
        "kept": kept,
        "second": second,
        "early": early,
        "incremental": second.warehouse,
        "full": full.warehouse,
    }


def test_the_last_day_adds_data(warehouses):
    """The cut really leaves rows out (else the comparison proves nothing)."""
    raw_all, kept = warehouses["raw_all"], warehouses["kept"]
    with duckdb.connect() as con:
        for table in ("web_events", "email_events", "shop_orders"):
            path = raw_all / table
            scan = f"'{path}/*.parquet'" if path.is_dir() else f"'{path}.parquet'"
            total = con.execute(f"select count(*) from read_parquet({scan})").fetchone()[0]
            assert kept[table] < total, table


def test_second_build_ran_incrementally(warehouses):
    """The second build ran the incremental branch of every incremental model
    (the comparison would prove nothing after a silent full rebuild)."""
    results = {
        r["unique_id"].split(".")[-1]: r for r in warehouses["second"].run_results["results"]
    }
    for model in INCREMENTAL_MODELS:
        assert results[model]["status"] == "success", model
        assert "cutoff_at" in (results[model].get("compiled_code") or ""), (
            f"{model} was not built incrementally"
        )


def test_incremental_equals_full_refresh(warehouses):
    incremental = _checksums(warehouses["incremental"])
    full = _checksums(warehouses["full"])
    assert set(incremental) == set(full)
    names = {name.split(".", 1)[1] for name in full}
    assert INCREMENTAL_MODELS | MARTS_REQUIRED <= names, sorted(
        (INCREMENTAL_MODELS | MARTS_REQUIRED) - names
    )
    differing = {
        name: {"incremental": incremental[name], "full": full[name]}
        for name in sorted(full)
        if incremental[name] != full[name]
    }
    assert not differing, json.dumps(differing, indent=1, default=str)
    assert full["main.fct_web_events"][0] > 0 and full["main.fct_sessions"][0] > 0


def test_boundary_cases_are_covered(warehouses):
    """The data exercises what incremental runs get wrong most easily: a session
    open before the cut that the last day extends (same session_id, more
    events), and a device's first login on the last day, which re-attributes
    its earlier anonymous sessions to the account's customer."""
    with duckdb.connect(str(warehouses["incremental"]), read_only=True) as con:
        con.execute(f"attach '{warehouses['early']}' as early (read_only)")
        extended = con.execute(
            "select count(*) from main.fct_sessions as now "
            "inner join early.main.fct_sessions as before using (session_id) "
            "where now.event_count > before.event_count"
        ).fetchone()[0]
        reattributed = con.execute(
            """
            select
                count(*),
                count(case when before.customer_id is distinct from login.customer_id then 1 end),
                count(case when now.customer_id = login.customer_id then 1 end)
            from main.fct_web_events as login
            inner join early.main.fct_sessions as before
                on login.anonymous_id = before.anonymous_id
            inner join main.fct_sessions as now
                on before.session_id = now.session_id
            where login.event_id like 'incremental-first-login-%'
            """
        ).fetchone()
    assert extended > 0
    sessions, had_other_customer, now_logged_in_customer = reattributed
    assert sessions > 0
    assert had_other_customer == sessions
    assert now_logged_in_customer == sessions

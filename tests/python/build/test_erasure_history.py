"""Erasure reaches history: an erasure request that arrives after a build
removes the person's rows from every snapshot and every incremental model.

Build once (snapshot included, as `make build` does), pick a customer who is
in customer_segments and whose email, devices and orders left rows in the
incremental models, add an erasure request for the customer's email to the
raw folder, build again without --full-refresh. Table marts are rebuilt and
were always clean; the snapshot (SCD2, `hard_deletes: invalidate`) and the
incremental models keep earlier runs' rows, so before the erasure hooks
(macros/erasure/: post-hook erase_from_this, on-run-end erase_from_history)
they still held the person (3 snapshot rows at 5k seed 42). Identifiers are
every identifier of the person, shared ones included (a household email).
"""

from __future__ import annotations

import json
import shutil

import duckdb
import pytest
from _dbt_helpers import append_rows, copy_raw, query, read_table, write_table

BUILD = (
    "build",
    "--exclude",
    "resource_type:test",
    "resource_type:unit_test",
    "path:python_models",
)

# every snapshot and incremental model: (column naming the person, identifier
# type, rows it applies to); a guest email names the person of a guest order only
HISTORY = {
    "snapshots.customer_segments_snapshot": [("customer_id", "customer_id", "true")],
    "intermediate.int_email_events_accumulated": [("email", "email", "true")],
    "intermediate.int_orders_versions_resolved": [
        ("account_id", "account_id", "true"),
        ("guest_email", "email", "account_id is null"),
    ],
    "intermediate.int_web_events_sessionized": [("anonymous_id", "anonymous_id", "true")],
    "intermediate.int_web_sessions_aggregated": [("anonymous_id", "anonymous_id", "true")],
    "intermediate.int_web_session_accounts": [("anonymous_id", "anonymous_id", "true")],
    # the sync's change log: the erased member's exit row keeps only the member hash
    "main.audience_changes": [("customer_id", "customer_id", "true")],
    # the map's change log: the person's records (CRM contacts included) and ids
    "main.customer_identity_history": [
        ("record_key", "record_key", "true"),
        ("customer_id", "customer_id", "true"),
        ("previous_customer_id", "customer_id", "true"),
    ],
}


def _rows_of(con, identifiers: dict[str, set[str]]) -> dict[str, int]:
    """Rows per history table that name one of the person's identifiers."""
    counts = {}
    for table, keys in HISTORY.items():
        total = 0
        for column, kind, applies in keys:
            values = sorted(identifiers.get(kind, ()))
            if values:
                total += con.execute(
                    f"select count(*) from {table} "
                    f"where ({applies}) and {column} in (select unnest(?))",
                    [values],
                ).fetchone()[0]
        counts[table] = total
    return counts


@pytest.fixture(scope="module")
def erasure_builds(base_raw, dbt_workspace, tmp_path_factory):
    root = tmp_path_factory.mktemp("erasure_history")
    raw = copy_raw(base_raw, root / "raw")
    first = dbt_workspace.run(raw, *BUILD)
    assert first.returncode == 0, first.tail()
    before = root / "before.duckdb"
    shutil.copy2(dbt_workspace.warehouse, before)

    with duckdb.connect(str(before), read_only=True) as con:
        # the segment member with the most history rows (ties by id): a real test of every table
        customer_id, email = con.execute(
            """
            with members as (
                select distinct customer_segments.customer_id, customer_profiles.email
                from main.customer_segments
                inner join main.customer_profiles using (customer_id)
                where customer_profiles.email is not null
            ),
            identifiers as (
                select customer_id, identifier_type, identifier_value
                from intermediate.int_identity_identifiers_unambiguous
            ),
            history as (
                select identifiers.customer_id, count(*) as row_count
                from intermediate.int_email_events_accumulated as events
                inner join identifiers
                    on identifiers.identifier_type = 'email'
                    and events.email = identifiers.identifier_value
                group by 1
                union all
                select identifiers.customer_id, count(*)
                from intermediate.int_web_sessions_aggregated as sessions
                inner join identifiers
                    on identifiers.identifier_type = 'anonymous_id'
                    and sessions.anonymous_id = identifiers.identifier_value
                group by 1
                union all
                select identifiers.customer_id, count(*)
                from intermediate.int_orders_versions_resolved as orders
                inner join identifiers
                    on identifiers.identifier_type = 'account_id'
                    and orders.account_id = identifiers.identifier_value
                group by 1
            )
            select members.customer_id, members.email
            from members
            inner join history using (customer_id)
            group by members.customer_id, members.email
            having count(*) = 3
            order by sum(history.row_count) desc, members.customer_id
            limit 1
            """
        ).fetchone()
        identifiers: dict[str, set[str]] = {"customer_id": {customer_id}}
        for kind, value in con.execute(
            # every identifier of the person, shared ones included (a shared
            # email of a household is still the person's)
            "select identifier_type, identifier_value "
            "from intermediate.int_identity_identifier_lookup where customer_id = ?",
            [customer_id],
        ).fetchall():
            identifiers.setdefault(kind, set()).add(value)
        identifiers["record_key"] = {
            row[0]
            for row in con.execute(
                "select record_key from intermediate.int_identity_records_resolved "
                "where customer_id = ?",
                [customer_id],
            ).fetchall()
        }

    requests = read_table(raw, "erasure_requests")
    requests = append_rows(
        requests,
        [
            {
                "request_id": "ER-TEST-HISTORY",
                "subject_type": "email",
                "subject_id": email,
                "requested_at": "2026-06-30 12:00:00",
            }
        ],
    )
    write_table(raw, "erasure_requests", requests)

    second = dbt_workspace.run(raw, *BUILD, fresh=False, keep_as=root / "after.duckdb")
    assert second.returncode == 0, second.tail()
    return {
        "customer_id": customer_id,
        "identifiers": identifiers,
        "before": before,
        "after": second.warehouse,
        "manifest": json.loads((dbt_workspace.target / "manifest.json").read_text()),
    }


def test_the_first_build_held_the_person_everywhere(erasure_builds):
    """Else the test below proves nothing."""
    with duckdb.connect(str(erasure_builds["before"]), read_only=True) as con:
        counts = _rows_of(con, erasure_builds["identifiers"])
    assert counts["snapshots.customer_segments_snapshot"] > 0, counts
    for table in (
        "intermediate.int_email_events_accumulated",
        "intermediate.int_orders_versions_resolved",
        "intermediate.int_web_sessions_aggregated",
        "main.customer_identity_history",
    ):
        assert counts[table] > 0, (table, counts)


def test_the_request_erased_the_customer(erasure_builds):
    erased = query(
        erasure_builds["after"],
        "select count(*) from intermediate.int_customers_erased where customer_id = ?",
        [erasure_builds["customer_id"]],
    )[0][0]
    assert erased == 1


def test_no_history_of_the_erased_person_survives(erasure_builds):
    with duckdb.connect(str(erasure_builds["after"]), read_only=True) as con:
        counts = _rows_of(con, erasure_builds["identifiers"])
    assert counts == {table: 0 for table in HISTORY}, json.dumps(counts, indent=1)


def test_every_snapshot_and_incremental_model_is_covered(erasure_builds):
    """HISTORY lists every relation that keeps rows across runs and holds people
    (fct_data_quality_history and int_identity_training_state hold only
    counts): a new snapshot
    or incremental model must be checked here too."""
    nodes = erasure_builds["manifest"]["nodes"].values()
    kept = {
        f"{node['schema']}.{node['alias']}": node
        for node in nodes
        if node["resource_type"] == "snapshot"
        or (node["resource_type"] == "model" and node["config"]["materialized"] == "incremental")
    }
    # staging kept by raw file mirrors the raw folder (a file that changes is
    # parsed again, a file that goes away is forgotten): it holds what a full
    # rebuild would, so it is declared, not erased
    mirrors = {name for name, node in kept.items() if node["config"]["meta"].get("mirrors_raw")}
    assert mirrors == {
        "staging.base_web__events",
        "staging.stg_web__events",
        "staging.base_esp__email_events",
        "staging.stg_esp__email_events",
        "staging.base_shop__orders",
        "staging.base_shop__order_items",
    }
    # and two that hold no person: counts per raw table, the identity
    # training's one row of counts and dates
    no_person = {"main.fct_data_quality_history", "intermediate.int_identity_training_state"}
    assert set(kept) - mirrors == set(HISTORY) | no_person

"""Audience change tracking (audience_changes, audience_memberships) over three
builds of one warehouse.

Build 1 on generated data lists every member as entered. Between build 1 and
build 2 the raw data changes for four members, each a different customer:

- `erased`: an erasure request for a member of both channel audiences;
- `withdrawn`: an email_marketing consent withdrawal;
- `unsubscribed`: an unsubscribe email event (consent unchanged, the email
  audience no longer takes the customer);
- `new_device`: a new device logs in to an onsite member's shop account
  (the member's visitor_id_count changes: an update, not an entry).

Build 2 must record exactly those exits with their reasons and the update,
leave no identifier or contact detail of the erased customer in the three
activation tables, and keep everyone else's entered_at. Build 3 is
`dbt build --full-refresh` on the same data: it must not list anyone as
entered or exited (the state survives), and memberships keep their times.
"""

from __future__ import annotations

import shutil

import duckdb
import pytest
from _dbt_helpers import append_rows, copy_raw, generate_raw, query, read_table, write_table

PERSONS = 300
SEED = 5
SELECT = ("--select", "+audience_memberships", "+audiences")
BUILD = ("build", *SELECT, "--exclude", "resource_type:test", "resource_type:unit_test")
# the dbt tests of the activation tables, run after each build
TESTS = (
    "test",
    "--select",
    "audience_changes",
    "audience_memberships",
    "audiences",
    "int_audience_members_current",
    "assert_audience_changes_enter_only_consented_customers",
    "assert_audience_changes_replay_to_memberships",
    "assert_no_erased_customer_in_marts",
    "assert_no_contact_details_in_bi_marts",
)
ACTIVATION_TABLES = ("audiences", "audience_memberships", "audience_changes")
EVENT_AT = "2026-06-30T23:30:00Z"


def _pick_members(warehouse) -> dict[str, dict]:
    """Four distinct customers to change, read from build 1."""
    with duckdb.connect(str(warehouse), read_only=True) as con:
        both = con.execute(
            """
            select email.customer_id, email.email, email.first_name, email.last_name
            from main.audience_email_marketing as email
            inner join main.audience_onsite_personalization as onsite
                on email.customer_id = onsite.customer_id
            where email.first_name is not null and email.last_name is not null
            group by all
            order by email.customer_id
            """
        ).fetchall()
        email_only = con.execute(
            """
            select customer_id, email
            from main.audience_email_marketing
            order by customer_id desc
            """
        ).fetchall()
        onsite_accounts = con.execute(
            """
            select customer_id, visitor_id
            from main.audience_onsite_personalization
            where visitor_id_type = 'account_id'
            order by customer_id
            """
        ).fetchall()
    assert both and len(email_only) >= 3 and onsite_accounts, "too few audience members"
    erased = both[0]
    picked = {
        "erased": {
            "customer_id": erased[0],
            "email": erased[1],
            "first_name": erased[2],
            "last_name": erased[3],
        }
    }
    others = [row for row in email_only if row[0] != erased[0]]
    picked["withdrawn"] = {"customer_id": others[0][0], "email": others[0][1]}
    picked["unsubscribed"] = {"customer_id": others[1][0], "email": others[1][1]}
    taken = {p["customer_id"] for p in picked.values()}
    device = next(row for row in onsite_accounts if row[0] not in taken)
    picked["new_device"] = {"customer_id": device[0], "account_id": device[1]}
    return picked


def _change_raw(raw, picked) -> None:
    erasures = read_table(raw, "erasure_requests")
    write_table(
        raw,
        "erasure_requests",
        append_rows(
            erasures,
            [
                {
                    "request_id": "ER-TEST-ACTIVATION",
                    "subject_type": "email",
                    "subject_id": picked["erased"]["email"],
                    "requested_at": EVENT_AT,
                }
            ],
        ),
    )
    consent = read_table(raw, "consent_events")
    write_table(
        raw,
        "consent_events",
        append_rows(
            consent,
            [
                {
                    "consent_event_id": "CE-TEST-WITHDRAWN",
                    "subject_type": "email",
                    "subject_id": picked["withdrawn"]["email"],
                    "purpose": "email_marketing",
                    "status": "withdrawn",
                    "event_at": EVENT_AT,
                    "jurisdiction": None,
                    "collection_point": "preference_center",
                }
            ],
        ),
    )
    email_events = read_table(raw, "email_events")
    write_table(
        raw,
        "email_events",
        append_rows(
            email_events,
            [
                {
                    "event_id": "test-activation-unsubscribe",
                    "email": picked["unsubscribed"]["email"],
                    "campaign_id": "CMP-TEST",
                    "event_type": "unsubscribe",
                    "event_at": EVENT_AT,
                }
            ],
        ),
    )
    day_file = sorted((raw / "web_events").glob("*.parquet"))[-1]
    frame = read_table(raw / "web_events", day_file.stem)
    write_table(
        raw / "web_events",
        day_file.stem,
        append_rows(
            frame,
            [
                {
                    "event_id": "test-activation-new-device",
                    "anonymous_id": "test-activation-device",
                    "account_id": picked["new_device"]["account_id"],
                    "event_type": "login",
                    "event_at": EVENT_AT,
                }
            ],
        ),
    )


@pytest.fixture(scope="module")
def builds(dbt_workspace, tmp_path_factory):
    root = tmp_path_factory.mktemp("audience_changes")
    raw = copy_raw(generate_raw(root / "generated", persons=PERSONS, seed=SEED), root / "raw")
    results = {}

    first = dbt_workspace.run(raw, *BUILD)
    assert first.returncode == 0, first.tail()
    tests = dbt_workspace.run(raw, *TESTS, fresh=False)
    assert tests.returncode == 0, tests.tail()
    results["first"] = shutil.copy2(dbt_workspace.warehouse, root / "first.duckdb")
    picked = _pick_members(results["first"])

    _change_raw(raw, picked)
    second = dbt_workspace.run(raw, *BUILD, fresh=False)
    assert second.returncode == 0, second.tail()
    tests = dbt_workspace.run(raw, *TESTS, fresh=False)
    assert tests.returncode == 0, tests.tail()
    results["second"] = shutil.copy2(dbt_workspace.warehouse, root / "second.duckdb")

    third = dbt_workspace.run(raw, *BUILD, "--full-refresh", fresh=False)
    assert third.returncode == 0, third.tail()
    tests = dbt_workspace.run(raw, *TESTS, fresh=False)
    assert tests.returncode == 0, tests.tail()
    results["third_result"] = third
    results["third"] = dbt_workspace.keep_warehouse(root / "third.duckdb")
    results["picked"] = picked
    return results


def _changes(warehouse, build_number: int) -> list[tuple]:
    return query(
        warehouse,
        """
        select audience_id, customer_id, change_type, change_reason
        from main.audience_changes
        where build_number = ?
        order by all
        """,
        [build_number],
    )


def _audiences_of(warehouse, customer_id: str) -> set[str]:
    rows = query(
        warehouse,
        "select audience_id from main.audience_memberships where customer_id = ?",
        [customer_id],
    )
    return {r[0] for r in rows}


def test_first_build_lists_every_member_as_entered(builds):
    first = builds["first"]
    members = query(first, "select count(*) from main.audience_memberships")[0][0]
    entered = query(
        first,
        "select count(*), count(distinct change_type), min(build_number), max(build_number) "
        "from main.audience_changes",
    )[0]
    assert members > 50
    assert entered == (members, 1, 1, 1)
    same_time = query(
        first,
        "select count(*) from main.audience_memberships "
        "where entered_at = last_updated_at and entered_at is not null",
    )[0][0]
    assert same_time == members


def test_second_build_records_exits_with_their_reasons(builds):
    first, second, picked = builds["first"], builds["second"], builds["picked"]
    changes = _changes(second, 2)
    by_customer: dict[str | None, set[tuple]] = {}
    for audience_id, customer_id, change_type, reason in changes:
        by_customer.setdefault(customer_id, set()).add((audience_id, change_type, reason))

    withdrawn = picked["withdrawn"]["customer_id"]
    email_audiences = {
        row[0]
        for row in query(
            first,
            "select audience_id from main.audience_memberships "
            "where customer_id = ? and consent_purpose = 'email_marketing'",
            [withdrawn],
        )
    }
    assert "email_marketing" in email_audiences
    # every email audience (channel and email rules) loses them, for that reason
    exits = {(a, "exited", "consent_withdrawn") for a in email_audiences}
    assert exits <= by_customer[withdrawn], by_customer.get(withdrawn)
    assert not email_audiences & _audiences_of(second, withdrawn)

    unsubscribed = picked["unsubscribed"]["customer_id"]
    assert ("email_marketing", "exited", "left_audience") in by_customer[unsubscribed]
    assert "email_marketing" not in _audiences_of(second, unsubscribed)

    device = picked["new_device"]["customer_id"]
    assert ("onsite_personalization", "updated", "attributes_changed") in by_customer[device]
    assert "onsite_personalization" in _audiences_of(second, device)
    # (the login is also a session, so a browsing-based rule audience may take them in)
    assert ("onsite_personalization", "entered", "joined") not in by_customer[device]

    # nobody else changed: the raw data changed only for these four
    assert set(by_customer) <= {p["customer_id"] for p in picked.values()} | {None}


def test_erasure_exits_everywhere_and_leaves_no_pii(builds):
    first, second, picked = builds["first"], builds["second"], builds["picked"]
    erased = picked["erased"]
    was_in = query(
        first,
        "select audience_member_id from main.audience_memberships where customer_id = ?",
        [erased["customer_id"]],
    )
    assert len(was_in) >= 2
    exits = query(
        second,
        """
        select audience_member_id, customer_id, change_reason
        from main.audience_changes
        where build_number = 2 and change_type = 'exited' and change_reason = 'erased'
        """,
    )
    assert {r[0] for r in exits} == {r[0] for r in was_in}
    assert all(r[1] is None for r in exits)
    # no identifier or contact detail of the person in any column of any row
    needles = {erased["customer_id"], erased["email"], erased["first_name"], erased["last_name"]}
    with duckdb.connect(str(second), read_only=True) as con:
        for table in ACTIVATION_TABLES:
            columns = [
                r[0]
                for r in con.execute(
                    "select column_name from information_schema.columns "
                    "where table_schema = 'main' and table_name = ? and data_type = 'VARCHAR'",
                    [table],
                ).fetchall()
            ]
            for column in columns:
                hits = con.execute(
                    f'select count(*) from main."{table}" where "{column}" in (?, ?, ?, ?)',
                    list(needles),
                ).fetchone()[0]
                assert hits == 0, (table, column)
    # the earlier entered rows are still there, only without the customer
    kept = query(
        second,
        "select count(*), count(customer_id) from main.audience_changes "
        "where build_number = 1 and audience_member_id in (select unnest(?))",
        [[r[0] for r in was_in]],
    )[0]
    assert kept == (len(was_in), 0)


def test_unchanged_members_keep_their_entry_time(builds):
    second = builds["second"]
    sql = "select min(built_at) from main.audience_changes where build_number = ?"
    built_at = {n: query(second, sql, [n])[0][0] for n in (1, 2)}
    assert built_at[1] < built_at[2]
    stayed = query(
        second,
        """
        select count(*), count(case when entered_at = ? then 1 end)
        from main.audience_memberships
        where audience_member_id in (
            select audience_member_id from main.audience_changes where build_number = 1
        )
        """,
        [built_at[1]],
    )[0]
    assert stayed[0] > 50 and stayed[0] == stayed[1]
    device = builds["picked"]["new_device"]["customer_id"]
    updated = query(
        second,
        "select entered_at, last_updated_at from main.audience_memberships "
        "where customer_id = ? and audience_id = 'onsite_personalization'",
        [device],
    )
    assert updated == [(built_at[1], built_at[2])]


def test_full_refresh_lists_no_false_entries(builds):
    second, third = builds["second"], builds["third"]
    statuses = builds["third_result"].node_statuses()
    assert statuses["model.journeymap.audience_changes"] == "success"
    assert statuses["model.journeymap.audience_memberships"] == "success"
    # the full refresh on unchanged data neither added nor dropped a change
    everything = "select * from main.audience_changes order by change_id"
    assert query(third, everything) == query(second, everything)
    times = (
        "select audience_member_id, entered_at, last_updated_at "
        "from main.audience_memberships order by 1"
    )
    before, after = query(second, times), query(third, times)
    assert before == after and len(after) > 50

"""Several daily runs equal one full build.

Generated raw data is cut back to three days before its end; the warehouse
is built on that, then on each following day in turn without
--full-refresh (three appended days), and compared table for table with a
--full-refresh build on all days. The days carry what daily runs get wrong
most easily:

- late and re-delivered events (the generator delivers events up to 6 days
  late, inside the 7-day lookback);
- first logins of anonymous devices on the second appended day, which
  re-attribute their earlier sessions to the account's customer;
- a device that had logged in to one account logging in to another on the
  same day (a shared device: it must not join the two customers);
- a new CRM contact of a person the first days left split in two customers
  (generator truth), with one customer's email and the other's phone and
  name, which merges the two;
- an erasure request that arrives with the second appended day, for a
  customer with email, web and order history.

The merge and the split (the shared device leaves its customer) must also
show in customer_identity_history, the map's change log.

Same exclusions as test_incremental.py (tables that append one row set per
build by design, the Python models, the snapshot).
"""

from __future__ import annotations

import datetime as dt
import json
import shutil

import duckdb
import pandas as pd
import pytest
from _dbt_helpers import (
    append_rows,
    generate_raw,
    query,
    read_table,
    write_table,
    write_text_parquet,
)
from test_incremental import _checksums, _first_logins_on, build_args

from journeymap.bench.daycut import split

PERSONS = 600
SEED = 41
# the daily cadence: the identity training is kept unless its rules retrain
BUILD = build_args()
# the documented rule for equality (docs/identity.md, "Training cadence"):
# a full rebuild with the same parameters, on a copy of the daily warehouse
FULL_REBUILD = (*BUILD, "--full-refresh", "--exclude", "tag:identity_training")


def _login_to_a_second_account(raw_all, day: str) -> tuple[str, str, str]:
    """A device seen logged in to one account logs in to another on `day`."""
    with duckdb.connect() as con:
        device, first = con.execute(
            f"""
            select anonymous_id, min(account_id)
            from read_parquet('{raw_all}/web_events/*.parquet')
            where account_id is not null and anonymous_id is not null
            group by anonymous_id
            having count(distinct account_id) = 1
            order by anonymous_id
            limit 1
            """
        ).fetchone()
        second = con.execute(
            f"""
            select max(account_id) from read_parquet('{raw_all}/shop_customers.parquet')
            where account_id is not null and account_id <> ?
            """,
            [first],
        ).fetchone()[0]
    path = raw_all / "web_events" / f"{day}.parquet"
    frame = append_rows(
        pd.read_parquet(path).astype(object),
        [
            {
                "event_id": "days-second-account-login",
                "anonymous_id": device,
                "account_id": second,
                "event_type": "login",
                "event_at": f"{day}T13:00:00+00:00",
            }
        ],
    )
    write_text_parquet(path, frame.where(frame.notna(), None))
    return device, first, second


@pytest.fixture(scope="module")
def daily_runs(dbt_workspace, tmp_path_factory):
    root = tmp_path_factory.mktemp("incremental_days")
    raw_all = generate_raw(root / "raw_all", persons=PERSONS, seed=SEED, bad_rate=0.02)
    days = sorted(p.stem for p in (raw_all / "web_events").glob("*.parquet"))
    appended = days[-3:]
    _first_logins_on(raw_all, appended[1])
    shared_device = _login_to_a_second_account(raw_all, appended[1])

    cuts = [root / f"raw_before_{day}" for day in appended]
    kept = [
        split(raw_all, dt.date.fromisoformat(day), cut)
        for day, cut in zip(appended, cuts, strict=True)
    ]
    assert kept[0]["web_events"] < kept[1]["web_events"] < kept[2]["web_events"]

    first = dbt_workspace.run(cuts[0], *BUILD)
    assert first.returncode == 0, first.tail()
    day_one = dbt_workspace.run(cuts[1], *BUILD, fresh=False)
    assert day_one.returncode == 0, day_one.tail()

    # the customer with the most email events asks for erasure with the next day
    email = query(
        dbt_workspace.warehouse,
        """
        select profiles.email
        from main.customer_profiles as profiles
        inner join intermediate.int_email_events_accumulated as events
            on profiles.email = events.email
        group by profiles.email
        order by count(*) desc, profiles.email
        limit 1
        """,
    )[0][0]
    # a person the first days left split in two customers (generator truth)
    # gets a new CRM contact with one customer's email and the other's phone
    with duckdb.connect(str(dbt_workspace.warehouse), read_only=True) as con:
        merge = con.execute(
            f"""
            with truth as (
                select * from read_parquet('{raw_all}/truth_identities.parquet')
            ),
            records as (
                select distinct resolved.customer_id, truth.person_id
                from intermediate.int_identity_records_resolved as resolved
                inner join truth using (source_table, source_record_id)
            ),
            -- customers with a CRM contact or shop account (in the map, not
            -- only a guest email), so that the contact merges two of them
            person_customers as (
                select distinct customer_id
                from intermediate.int_identity_records_resolved
                where source_table in ('crm_contacts', 'shop_customers')
            ),
            split_persons as (
                select * from records
                where
                    customer_id in (select customer_id from person_customers)
                    and person_id in (
                        select person_id from records
                        where customer_id in (select customer_id from person_customers)
                        group by 1 having count(distinct customer_id) > 1
                    )
            ),
            unambiguous as (
                select identifier_type, identifier_value, customer_id
                from intermediate.int_identity_identifiers_unambiguous
            )
            select emails.identifier_value, a.customer_id, phones.identifier_value, b.customer_id,
                golden.first_name, golden.last_name
            from split_persons as a
            inner join split_persons as b
                on a.person_id = b.person_id and a.customer_id <> b.customer_id
            inner join unambiguous as emails
                on emails.customer_id = a.customer_id and emails.identifier_type = 'email'
            inner join unambiguous as phones
                on phones.customer_id = b.customer_id and phones.identifier_type = 'phone'
            -- the phone customer's name: a shared phone links named records
            -- of one person (int_identity_household_pairs)
            inner join intermediate.int_identity_golden_records as golden
                on golden.customer_id = b.customer_id
            where golden.first_name is not null and golden.last_name is not null
            order by a.person_id, a.customer_id, b.customer_id, 1, 3
            limit 1
            """
        ).fetchone()
    assert merge is not None, "no person split across customers to merge"
    shutil.copy2(dbt_workspace.warehouse, root / "day_one.duckdb")
    contact = {
        "contact_id": "TEST-MERGE-0001",
        "source_system": "salesforce",
        "email": merge[0],
        "phone": merge[2],
        "first_name": merge[4],
        "last_name": merge[5],
        "created_at": f"{appended[1]}T08:00:00Z",
        "updated_at": f"{appended[1]}T08:00:00Z",
        "is_deleted": "false",
    }
    for folder in (cuts[2], raw_all):
        contacts = append_rows(read_table(folder, "crm_contacts"), [contact])
        write_table(folder, "crm_contacts", contacts)

    request = {
        "request_id": "ER-TEST-DAYS",
        "subject_type": "email",
        "subject_id": email,
        "requested_at": f"{appended[1]} 09:00:00",
    }
    for folder in (cuts[2], raw_all):
        write_table(
            folder,
            "erasure_requests",
            append_rows(read_table(folder, "erasure_requests"), [request]),
        )

    day_two = dbt_workspace.run(cuts[2], *BUILD, fresh=False)
    assert day_two.returncode == 0, day_two.tail()
    day_three = dbt_workspace.run(raw_all, *BUILD, fresh=False, keep_as=root / "daily.duckdb")
    assert day_three.returncode == 0, day_three.tail()
    shutil.copy2(day_three.warehouse, dbt_workspace.warehouse)
    full = dbt_workspace.run(raw_all, *FULL_REBUILD, fresh=False, keep_as=root / "full.duckdb")
    assert full.returncode == 0, full.tail()
    return {
        "daily": day_three.warehouse,
        "full": full.warehouse,
        "day_one": root / "day_one.duckdb",
        "email": email,
        "merge": merge,
        "shared_device": shared_device,
    }


def test_three_daily_runs_equal_a_full_build(daily_runs):
    daily = _checksums(daily_runs["daily"])
    full = _checksums(daily_runs["full"])
    assert set(daily) == set(full)
    differing = {
        name: {"daily": daily[name], "full": full[name]}
        for name in sorted(full)
        if daily[name] != full[name]
    }
    assert not differing, json.dumps(differing, indent=1, default=str)


def test_the_erasure_reached_the_daily_warehouse(daily_runs):
    for table, column in (
        ("intermediate.int_email_events_accumulated", "email"),
        ("main.customer_profiles", "email"),
    ):
        assert query(
            daily_runs["daily"],
            f"select count(*) from {table} where {column} = ?",
            [daily_runs["email"]],
        ) == [(0,)], table


def test_the_new_contact_merged_earlier_customers(daily_runs):
    """The new contact merges two customers the first days had built (the
    comparison above then covers a retroactive identity change): its email
    and its phone resolve to one customer, the one of the two whose anchor
    comes first (docs/identity.md, "Stable customer_id")."""
    email, email_customer, phone, phone_customer, _, _ = daily_runs["merge"]
    assert email_customer != phone_customer
    lookup = (
        "select identifier_type, customer_id from intermediate.int_identity_identifier_lookup "
        "where (identifier_type, identifier_value) in (('email', ?), ('phone', ?))"
    )
    before = dict(query(daily_runs["day_one"], lookup, [email, phone]))
    assert before == {"email": email_customer, "phone": phone_customer}
    for warehouse in (daily_runs["daily"], daily_runs["full"]):
        after = dict(query(warehouse, lookup, [email, phone]))
        assert after["email"] == after["phone"], after
        assert after["email"] in (email_customer, phone_customer), after


def _history(warehouse, where: str, params: list) -> list[tuple]:
    return query(
        warehouse,
        "select build_number, change_type, previous_customer_id, customer_id "
        f"from main.customer_identity_history where {where} order by build_number",
        params,
    )


def test_the_history_shows_the_merge(daily_runs):
    """The new contact arrives in the third build: it is added to the customer
    that survives, and the records of the other customer show as merged into
    it."""
    _, email_customer, _, phone_customer, _, _ = daily_runs["merge"]
    contact = ["crm_contacts", "salesforce:TEST-MERGE-0001"]
    added = _history(daily_runs["daily"], "source_table = ? and source_record_id = ?", contact)
    assert [row[:3] for row in added] == [(3, "added", None)], added
    survivor = added[0][3]
    assert survivor in (email_customer, phone_customer)
    absorbed = phone_customer if survivor == email_customer else email_customer
    merged = _history(
        daily_runs["daily"], "build_number = 3 and previous_customer_id = ?", [absorbed]
    )
    assert merged, "no record left the absorbed customer"
    assert {row[:2] for row in merged} == {(3, "merged")}, merged
    assert {row[3] for row in merged} == {survivor}
    # the full refresh kept the history (full_refresh: false) and changed nothing
    history = "select * from main.customer_identity_history order by change_id"
    assert query(daily_runs["full"], history) == query(daily_runs["daily"], history)


def test_the_history_shows_the_split(daily_runs):
    """The device that logs in to a second account leaves the first account's
    customer (a shared device stays on its own): a split of that customer."""
    device, first_account, _ = daily_runs["shared_device"]
    before = query(
        daily_runs["day_one"],
        "select customer_id from main.customer_identity_map "
        "where source_table = ? and source_record_id = ?",
        ["shop_customers", first_account],
    )[0][0]
    rows = _history(
        daily_runs["daily"], "source_table = ? and source_record_id = ?", ["web_devices", device]
    )
    assert [row[:3] for row in rows] == [(1, "added", None), (3, "split", before)], rows
    assert rows[-1][3] not in (None, before)


def test_the_daily_runs_kept_the_identity_training(daily_runs):
    """Three days move the CRM record count by less than
    identity_training.max_record_change (the builds share one as-of date):
    every daily run scores with the first build's parameters, and the
    comparison above holds against a rebuild that keeps them."""
    state = (
        "select decision, trained_crm_records, checked_crm_records "
        "from intermediate.int_identity_training_state"
    )
    ((decision, trained, checked),) = query(daily_runs["daily"], state)
    assert decision == "kept"
    assert trained < checked <= trained * 1.05, (trained, checked)
    assert query(daily_runs["day_one"], state)[0][:2] == ("kept", trained)
    weights = "select * from intermediate.int_identity_match_weights order by all"
    assert query(daily_runs["daily"], weights) == query(daily_runs["day_one"], weights)

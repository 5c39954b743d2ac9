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
  (generator truth), with one customer's email and the other's phone, which
  re-resolves earlier customers;
- an erasure request that arrives with the second appended day, for a
  customer with email, web and order history.

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
from test_incremental import BUILD, _checksums, _first_logins_on

from journeymap.bench.daycut import split

PERSONS = 600
SEED = 41


def _login_to_a_second_account(raw_all, day: str) -> tuple[str, str]:
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
    return first, second


@pytest.fixture(scope="module")
def daily_runs(dbt_workspace, tmp_path_factory):
    root = tmp_path_factory.mktemp("incremental_days")
    raw_all = generate_raw(root / "raw_all", persons=PERSONS, seed=SEED, bad_rate=0.02)
    days = sorted(p.stem for p in (raw_all / "web_events").glob("*.parquet"))
    appended = days[-3:]
    _first_logins_on(raw_all, appended[1])
    _login_to_a_second_account(raw_all, appended[1])

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
            split_persons as (
                select * from records
                where person_id in (
                    select person_id from records group by 1 having count(distinct customer_id) > 1
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
            inner join intermediate.int_identity_golden_records as golden
                on golden.customer_id = a.customer_id
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
    full = dbt_workspace.run(raw_all, *BUILD, "--full-refresh", keep_as=root / "full.duckdb")
    assert full.returncode == 0, full.tail()
    return {
        "daily": day_three.warehouse,
        "full": full.warehouse,
        "day_one": root / "day_one.duckdb",
        "email": email,
        "merge": merge,
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


def test_the_new_contact_changed_earlier_identities(daily_runs):
    """The new contact re-resolves customers the first days had built (the
    comparison above then covers a retroactive identity change)."""
    email, email_customer, phone, phone_customer, _, _ = daily_runs["merge"]
    assert email_customer != phone_customer
    lookup = (
        "select identifier_value, customer_id from intermediate.int_identity_identifier_lookup "
        "where identifier_type = 'email' and identifier_value = ?"
    )
    before = dict(query(daily_runs["day_one"], lookup, [email]))
    assert before == {email: email_customer}
    for warehouse in (daily_runs["daily"], daily_runs["full"]):
        after = dict(query(warehouse, lookup, [email]))
        assert after[email] != email_customer, after

"""assert_no_contact_details_in_bi_marts finds what it is for.

The singular test passes on every clean build, so a clean build alone cannot
tell whether it still looks. Here a copy of the small build's warehouse gets
three planted leaks, each in a different BI mart and column:

- a staged email in clear (`email`);
- the MD5 hex of a staged email (`email_hash`);
- the SHA-256 hex of a staged phone, upper-cased (`phone_hash`: the check
  lower-cases before comparing).

The test must fail and name exactly those three (mart, column, shape). Its
hash side gathers every hash-long value of every mart into one join, so a
leak in a large event mart and one in a small dimension are found the same way.
"""

from __future__ import annotations

import hashlib
import shutil

import duckdb
import pytest

TEST = "assert_no_contact_details_in_bi_marts"


@pytest.fixture(scope="module")
def leaked(small_build, base_raw, dbt_workspace):
    dbt_workspace.reset_warehouse()
    shutil.copy(small_build.warehouse, dbt_workspace.warehouse)
    with duckdb.connect(str(dbt_workspace.warehouse)) as con:
        email, phone = con.execute(
            """
            select email, phone
            from intermediate.int_identity_person_records
            where email is not null and phone is not null
            order by record_key
            limit 1
            """
        ).fetchall()[0]
        planted = [
            ("dim_products", "brand", email, "email"),
            ("fct_web_events", "event_type", hashlib.md5(email.encode()).hexdigest(), "email_hash"),
            (
                "customer_segments",
                "segment_name",
                hashlib.sha256(phone.encode()).hexdigest().upper(),
                "phone_hash",
            ),
        ]
        for table, column, value, _ in planted:
            con.execute(
                f"""
                update main.{table} set {column} = ?
                where rowid = (select min(rowid) from main.{table})
                """,
                [value],
            )
    result = dbt_workspace.run(base_raw, "test", "--select", TEST, "--store-failures", fresh=False)
    with duckdb.connect(str(dbt_workspace.warehouse), read_only=True) as con:
        schemas = [
            row[0]
            for row in con.execute(
                "select table_schema from information_schema.tables where table_name = ?",
                [TEST],
            ).fetchall()
        ]
        assert schemas, result.tail()
        found = con.execute(
            f"""
            select model_name, column_name, value_shape
            from "{schemas[0]}".{TEST}
            order by all
            """
        ).fetchall()
    dbt_workspace.reset_warehouse()
    return result, planted, found


def test_the_check_fails_on_planted_contact_details(leaked):
    result, _, _ = leaked
    assert result.returncode != 0, result.tail()
    assert result.node_statuses().get(f"test.journeymap.{TEST}") == "fail", result.tail()


def test_the_check_names_each_planted_leak_and_nothing_else(leaked):
    _, planted, found = leaked
    assert found == sorted((table, column, shape) for table, column, _, shape in planted)

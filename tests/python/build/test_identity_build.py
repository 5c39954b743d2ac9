"""End-to-end identity tests that run dbt on small hand-built raw folders.

- test_long_chain_converges: the closure macro on a chain of 800 links.
- test_customer_ids_stable_across_builds: ids survive a rebuild and the
  arrival of new records, and a merge keeps the older customer's id.
- test_hard_negatives_and_fuzzy_rules: twins, namesakes and households stay
  apart; typo'd, email-less duplicates merge (among 500 generated persons'
  contacts: the fuzzy weights are learned from the data).

Each test builds into its own temporary DuckDB file and target folder, so it
never touches the developer's warehouse. Slow: each test runs dbt.
"""

from __future__ import annotations

import csv
import os
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

PROJECT = Path(__file__).resolve().parents[3]
DBT = str(Path(sys.executable).with_name("dbt"))

IDENTITY_SELECTOR = "+customer_identity_map +customer_profiles"

CRM_COLUMNS = [
    "contact_id",
    "source_system",
    "email",
    "phone",
    "first_name",
    "last_name",
    "date_of_birth",
    "street_address",
    "city",
    "postal_code",
    "state",
    "country",
    "created_at",
    "updated_at",
    "is_deleted",
]
SHOP_COLUMNS = [
    "account_id",
    "email",
    "phone",
    "first_name",
    "last_name",
    "country",
    "created_at",
    "updated_at",
]
ORDER_COLUMNS = [
    "order_id",
    "account_id",
    "guest_email",
    "ordered_at",
    "status",
    "currency",
    "order_total",
    "discount_total",
    "shipping_country",
    "updated_at",
]
WEB_COLUMNS = [
    "event_id",
    "anonymous_id",
    "account_id",
    "event_type",
    "event_at",
    "page_url",
    "product_id",
    "order_id",
    "device_type",
    "utm_source",
    "utm_medium",
    "utm_campaign",
    "referrer",
]
CONSENT_COLUMNS = [
    "consent_event_id",
    "subject_type",
    "subject_id",
    "purpose",
    "status",
    "event_at",
    "jurisdiction",
    "collection_point",
]
ERASURE_COLUMNS = ["request_id", "subject_type", "subject_id", "requested_at"]


def crm(
    contact_id,
    first,
    last,
    dob=None,
    email=None,
    phone=None,
    street=None,
    postal=None,
    city=None,
    created="2024-01-01 00:00:00",
    system="salesforce",
    country="US",
):
    return {
        "contact_id": contact_id,
        "source_system": system,
        "email": email,
        "phone": phone,
        "first_name": first,
        "last_name": last,
        "date_of_birth": dob,
        "street_address": street,
        "city": city,
        "postal_code": postal,
        "state": None,
        "country": country,
        "created_at": created,
        "updated_at": created,
        "is_deleted": "false",
    }


def write_csv(path: Path, columns: list[str], rows: list[dict]) -> None:
    with path.open("w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns)
        writer.writeheader()
        for row in rows:
            writer.writerow({column: row.get(column) for column in columns})


def write_raw(
    folder: Path,
    crm_rows,
    shop_rows=(),
    order_rows=(),
    web_rows=(),
    consent_rows=(),
    erasure_rows=(),
):
    folder.mkdir(parents=True, exist_ok=True)
    write_csv(folder / "crm_contacts.csv", CRM_COLUMNS, list(crm_rows))
    write_csv(folder / "shop_customers.csv", SHOP_COLUMNS, list(shop_rows))
    write_csv(folder / "shop_orders.csv", ORDER_COLUMNS, list(order_rows))
    write_csv(folder / "web_events.csv", WEB_COLUMNS, list(web_rows))
    write_csv(folder / "consent_events.csv", CONSENT_COLUMNS, list(consent_rows))
    if erasure_rows:
        write_csv(folder / "erasure_requests.csv", ERASURE_COLUMNS, list(erasure_rows))


def run_dbt(work: Path, raw_dir: Path, *args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ)
    env.update(
        {
            "DBT_TARGET_PATH": str(work / "target"),
            "DBT_LOG_PATH": str(work / "logs"),
            "JOURNEYMAP_DUCKDB_PATH": str(work / "jm.duckdb"),
            "JOURNEYMAP_RAW_DIR": str(raw_dir),
            "JOURNEYMAP_AS_OF_DATE": "2025-01-01",
        }
    )
    result = subprocess.run([DBT, *args], cwd=PROJECT, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-3000:]
    return result


def build(work: Path, raw_dir: Path) -> None:
    run_dbt(
        work,
        raw_dir,
        "build",
        "--select",
        IDENTITY_SELECTOR,
        "--exclude",
        "resource_type:unit_test",
        "--indirect-selection",
        "cautious",
    )


def identity_map(work: Path) -> dict[tuple[str, str], str]:
    with duckdb.connect(str(work / "jm.duckdb"), read_only=True) as con:
        rows = con.sql(
            "select source_table, source_record_id, customer_id from main.customer_identity_map"
        ).fetchall()
    return {(table, record): customer for table, record, customer in rows}


def same(mapping, a: str, b: str, table: str = "crm_contacts") -> bool:
    return (
        mapping[(table, f"salesforce:{a}" if table == "crm_contacts" else a)]
        == mapping[(table, f"salesforce:{b}" if table == "crm_contacts" else b)]
    )


@pytest.fixture()
def work(tmp_path):
    yield tmp_path
    shutil.rmtree(tmp_path, ignore_errors=True)


def test_long_chain_converges(work):
    """A scrambled chain of 800 links closes into one component (not a fixed hop count)."""
    result = run_dbt(work, work, "run-operation", "identity_cc_selftest", "--args", "{length: 800}")
    assert "identity_cc_selftest passed" in result.stdout


BASE_CRM = [
    # the same person three times, chained by email then phone
    crm("c1", "Maria", "Lopez", "1985-03-14", email="maria@x.org", created="2020-01-01 00:00:00"),
    crm(
        "c2",
        "Maria",
        "Lopez",
        "1985-03-14",
        email="maria@x.org",
        phone="+14155550101",
        created="2021-01-01 00:00:00",
    ),
    crm("c3", "Maria", "Lopez", None, phone="+14155550101", created="2022-01-01 00:00:00"),
    # twins: same household phone, address, birth date and last name
    crm(
        "t1",
        "Anna",
        "Berg",
        "1990-06-01",
        phone="+14155550202",
        street="1 Elm Street",
        postal="94110",
        city="San Francisco",
        created="2020-02-01 00:00:00",
    ),
    crm(
        "t2",
        "Erik",
        "Berg",
        "1990-06-01",
        phone="+14155550202",
        street="1 Elm Street",
        postal="94110",
        city="San Francisco",
        created="2020-02-02 00:00:00",
    ),
    # namesakes with different birth dates in the same city
    crm("n1", "John", "Smith", "1950-01-01", street="5 Oak Ave", postal="10001", city="New York"),
    crm("n2", "John", "Smith", "1980-07-09", street="9 Pine Rd", postal="10001", city="New York"),
    # an email-less duplicate with typos and a transposed birth date
    crm(
        "f1",
        "Katherine",
        "Johnson",
        "1972-04-11",
        street="12 Baker Street",
        postal="30301",
        city="Atlanta",
        created="2019-05-05 00:00:00",
    ),
    crm(
        "f2",
        "Katherine",
        "Jonson",
        "1972-11-04",
        street="12 Baker Str",
        postal="30301",
        city="Atlanta",
        created="2023-05-05 00:00:00",
        system="hubspot",
    ),
]


def background_crm(work: Path, persons: int = 500) -> list[dict]:
    """Generated CRM contacts (no email or phone) around the hand-built cases: the
    fuzzy matcher learns its weights from the data, so the hard cases need a
    population to be judged against, as in real use."""
    from journeymap import generator as G

    out = work / "background"
    G.generate(persons, 9, out, profile="crm_only_no_contact", bad_rate=0.0)
    rows = duckdb.sql(f"select * from read_parquet('{out / 'crm_contacts.parquet'}')").fetchall()
    columns = [
        c[0]
        for c in duckdb.sql(
            f"describe select * from read_parquet('{out / 'crm_contacts.parquet'}')"
        ).fetchall()
    ]
    background = [dict(zip(columns, row, strict=True)) for row in rows]
    for row in background:
        row["contact_id"] = f"bg{row['contact_id']}"
    return background


def test_hard_negatives_and_fuzzy_rules(work):
    raw = work / "raw"
    write_raw(raw, BASE_CRM + background_crm(work))
    build(work, raw)
    mapping = identity_map(work)
    assert same(mapping, "c1", "c2") and same(mapping, "c2", "c3")
    assert not same(mapping, "t1", "t2"), "twins sharing a household phone were merged"
    assert not same(mapping, "n1", "n2"), "namesakes with different birth dates were merged"
    assert mapping[("crm_contacts", "salesforce:f1")] == mapping[("crm_contacts", "hubspot:f2")]


def test_customer_ids_stable_across_builds(work):
    raw = work / "raw"
    write_raw(
        raw,
        BASE_CRM,
        shop_rows=[
            {
                "account_id": "a1",
                "email": "zed@x.org",
                "first_name": None,
                "last_name": None,
                "created_at": "2021-06-01 00:00:00",
                "updated_at": "2021-06-01 00:00:00",
            },
        ],
    )
    build(work, raw)
    first = identity_map(work)
    build(work, raw)
    assert identity_map(work) == first, "customer_id changed on a plain rebuild"

    # new records: one joins Maria (later created), one bridges Maria and the
    # (nameless) account a1 through its email and Maria's phone
    added = BASE_CRM + [
        crm(
            "c4", "Maria", "Lopez", "1985-03-14", email="maria@x.org", created="2024-03-01 00:00:00"
        ),
        crm(
            "b1",
            "Maria",
            "Lopez",
            None,
            email="zed@x.org",
            phone="+14155550101",
            created="2024-04-01 00:00:00",
            system="hubspot",
        ),
        crm(
            "new", "Nora", "Quinn", "2000-01-01", email="nora@x.org", created="2024-05-01 00:00:00"
        ),
    ]
    write_raw(
        raw,
        added,
        shop_rows=[
            {
                "account_id": "a1",
                "email": "zed@x.org",
                "first_name": None,
                "last_name": None,
                "created_at": "2021-06-01 00:00:00",
                "updated_at": "2021-06-01 00:00:00",
            },
        ],
    )
    build(work, raw)
    second = identity_map(work)
    maria = first[("crm_contacts", "salesforce:c1")]
    # every record that existed keeps its id, except the merged account, which
    # takes the id of the customer with the older anchor (Maria, 2020)
    for key, customer in first.items():
        if key == ("shop_customers", "a1"):
            continue
        assert second[key] == customer, f"{key} changed id"
    assert second[("crm_contacts", "salesforce:c4")] == maria
    assert second[("shop_customers", "a1")] == maria
    assert second[("crm_contacts", "salesforce:new")] not in set(first.values())

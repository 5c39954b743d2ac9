"""Tests of the synthetic data generator (journeymap.generator)."""

from __future__ import annotations

import hashlib
import json
import re
import subprocess
import sys
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest

from journeymap import generator as G
from journeymap.generator.vocab import NICKNAMES, PLACEHOLDER_EMAILS, UNKNOWN_CURRENCIES

REPO = Path(__file__).resolve().parents[3]
SPEC = REPO / "docs" / "raw-contract.md"
PERSONS = 600
SEED = 11
BAD_RATE = 0.04  # above the default so that every kind of fault shows up at this small size


# ----------------------------------------------------------------- helpers
def read(out: Path, table: str) -> pa.Table:
    if table in G.FOLDER_TABLES:
        files = sorted((out / table).glob("*.parquet"))
        return pa.concat_tables([pq.read_table(f) for f in files])
    return pq.read_table(out / f"{table}.parquet")


def col(out: Path, table: str, column: str) -> list:
    return read(out, table).column(column).to_pylist()


def digests(out: Path) -> dict[str, str]:
    return {
        str(p.relative_to(out)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(out.rglob("*"))
        if p.is_file()
    }


def manifest(out: Path) -> dict:
    return json.loads((out / G.MANIFEST).read_text())


@pytest.fixture(scope="module")
def full(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("full")
    G.generate(PERSONS, SEED, out, bad_rate=BAD_RATE)
    return out


@pytest.fixture(scope="module")
def crm_only(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("crm_only")
    G.generate(PERSONS, SEED, out, profile="crm_only", bad_rate=BAD_RATE)
    return out


# ----------------------------------------------------------------- CLI
def test_help_works() -> None:
    res = subprocess.run(
        [sys.executable, "-m", "journeymap.generator", "--help"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert res.returncode == 0
    for flag in (
        "--persons",
        "--seed",
        "--out",
        "--bad-rate",
        "--profile",
        "--start-date",
        "--end-date",
        "--quiet",
        "--force",
    ):
        assert flag in res.stdout


def test_cli_writes_summary_and_manifest(tmp_path: Path) -> None:
    lines: list[str] = []
    rc = G.main(
        ["--persons", "50", "--seed", "3", "--out", str(tmp_path / "o"), "--quiet"],
        echo=lines.append,
    )
    assert rc == 0
    text = "\n".join(lines)
    assert "crm_contacts" in text and "web_events" in text and "total" in text
    m = manifest(tmp_path / "o")
    assert m["generator"] == G.GENERATOR and m["persons"] == 50 and m["seed"] == 3
    assert m["start_date"] == G.DEFAULT_START and m["end_date"] == G.DEFAULT_END


def test_refuses_foreign_non_empty_folder(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    out = tmp_path / "mine"
    out.mkdir()
    (out / "notes.txt").write_text("keep me")
    rc = G.main(["--persons", "20", "--out", str(out), "--quiet"], echo=lambda _: None)
    assert rc == 2
    err = capsys.readouterr().err
    assert "refusing" in err and "--force" in err and "empty" in err
    assert sorted(p.name for p in out.iterdir()) == ["notes.txt"]
    rc = G.main(["--persons", "20", "--out", str(out), "--quiet", "--force"], echo=lambda _: None)
    assert rc == 0
    assert (out / "notes.txt").read_text() == "keep me"
    assert (out / "crm_contacts.parquet").is_file()


def test_rerun_into_previous_output_replaces_it(tmp_path: Path) -> None:
    out = tmp_path / "o"
    G.generate(30, 1, out)
    assert (out / "products.parquet").is_file()
    G.generate(30, 1, out, profile="crm_only")  # no --force needed: it is our own output
    assert not (out / "products.parquet").exists()
    assert manifest(out)["profile"] == "crm_only"


def test_bad_arguments_are_reported(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    assert G.main(["--persons", "0", "--out", str(tmp_path / "x")]) == 2
    assert (
        G.main(
            [
                "--persons",
                "5",
                "--out",
                str(tmp_path / "x"),
                "--start-date",
                "2026-02-01",
                "--end-date",
                "2026-01-01",
            ]
        )
        == 2
    )
    assert "--end-date" in capsys.readouterr().err


# ----------------------------------------------------------------- determinism
def test_same_arguments_give_identical_bytes(full: Path, tmp_path: Path) -> None:
    again = tmp_path / "again"
    G.generate(PERSONS, SEED, again, bad_rate=BAD_RATE)
    assert digests(again) == digests(full)


def test_other_seed_differs(tmp_path: Path) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    G.generate(60, 1, a, profile="crm_only")
    G.generate(60, 2, b, profile="crm_only")
    assert digests(a)["crm_contacts.parquet"] != digests(b)["crm_contacts.parquet"]


# ----------------------------------------------------------------- contract
def _spec_tables() -> dict[str, tuple[bool, list[str]]]:
    """Tables and columns as written in the raw contract (markdown)."""
    text = SPEC.read_text()
    out = {}
    for m in re.finditer(r"^### (\w+) \((R|O)\)[^\n]*\n(.*?)(?=^##)", text, re.S | re.M):
        name, flag, body = m.group(1), m.group(2), m.group(3)
        cols: list[str] = []
        if "| column |" in body:
            for line in body.splitlines():
                cells = [c.strip() for c in line.strip().strip("|").split("|")]
                if not line.startswith("|") or cells[0] in ("column", "") or set(cells[0]) <= {"-"}:
                    continue
                cols += [c.strip(" *`") for c in cells[0].split(",")]
        else:
            para = body.strip().split("\n\n")[0]
            while re.search(r"\([^()]*\)", para):
                para = re.sub(r"\([^()]*\)", "", para)
            para = re.split(r"\.\s", para + " ")[0]
            cols = [c.strip(" *`\n") for c in para.split(",")]
        out[name] = (flag == "R", [c for c in cols if c])
    return out


@pytest.mark.skipif(not SPEC.is_file(), reason="raw contract not found beside the repo")
def test_contract_constant_matches_the_spec() -> None:
    spec = _spec_tables()
    assert set(spec) == set(G.CONTRACT)
    for name, (required, cols) in spec.items():
        assert G.CONTRACT[name] == (required, tuple(cols)), name


def test_every_table_and_column_present_as_text(full: Path) -> None:
    for name, (_req, cols) in G.CONTRACT.items():
        if name in G.FOLDER_TABLES:
            assert not (full / f"{name}.parquet").exists()
            files = sorted((full / name).glob("*.parquet"))
            assert files, name
            schemas = [pq.read_schema(f) for f in files]
        else:
            schemas = [pq.read_schema(full / f"{name}.parquet")]
        for schema in schemas:
            assert tuple(schema.names) == cols, name
            assert all(t == pa.string() for t in schema.types), name
        assert read(full, name).num_rows > 0, name
    truth = pq.read_schema(full / f"{G.TRUTH}.parquet")
    assert tuple(truth.names) == G.TRUTH_COLUMNS
    assert all(t == pa.string() for t in truth.types)


def test_web_events_one_file_per_day(full: Path) -> None:
    names = sorted(p.name for p in (full / "web_events").iterdir())
    assert names[0] == "2026-01-01.parquet" and names[-1] == "2026-06-30.parquet"
    assert len(names) == 181
    assert all(re.fullmatch(r"\d{4}-\d{2}-\d{2}\.parquet", n) for n in names)
    # ~25 events per person
    m = manifest(full)
    assert 18 * PERSONS < m["tables"]["web_events"]["rows"] < 35 * PERSONS


def test_manifest_row_counts_match_files(full: Path) -> None:
    m = manifest(full)
    for name in [*G.CONTRACT, G.TRUTH]:
        assert m["tables"][name]["rows"] == read(full, name).num_rows, name
        assert m["tables"][name]["bytes"] > 0


# ----------------------------------------------------------------- truth
def _truth(out: Path) -> dict[str, dict[str, str]]:
    t = read(out, G.TRUTH)
    res: dict[str, dict[str, str]] = {}
    for st, key, pid in zip(*(t.column(c).to_pylist() for c in G.TRUTH_COLUMNS), strict=True):
        assert key not in res.setdefault(st, {}), "truth keys must be unique"
        res[st][key] = pid
    return res


def test_truth_covers_exactly_the_keyed_records(full: Path) -> None:
    truth = _truth(full)
    assert set(truth) == {"crm_contacts", "shop_customers", "web_devices"}
    crm = read(full, "crm_contacts")
    crm_keys = {
        f"{s}:{c}"
        for s, c in zip(
            crm.column("source_system").to_pylist(),
            crm.column("contact_id").to_pylist(),
            strict=True,
        )
        if s is not None and c is not None
    }
    assert set(truth["crm_contacts"]) == crm_keys
    shop_keys = {a for a in col(full, "shop_customers", "account_id") if a is not None}
    assert set(truth["shop_customers"]) == shop_keys
    devices = {a for a in col(full, "web_events", "anonymous_id") if a is not None}
    assert set(truth["web_devices"]) == devices
    persons = {p for part in truth.values() for p in part.values()}
    assert len(persons) == PERSONS
    assert all(re.fullmatch(r"P\d{7}", p) for p in persons)
    # several records per person on average
    assert len(truth["crm_contacts"]) > 1.4 * PERSONS


def test_key_formats(full: Path) -> None:
    assert all(re.fullmatch(r"A\d{6,}", a) for a in col(full, "shop_customers", "account_id") if a)
    uuid = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")
    assert all(uuid.fullmatch(a) for a in col(full, "web_events", "anonymous_id") if a)
    assert all(re.fullmatch(r"ORD-\d{8,}", o) for o in col(full, "shop_orders", "order_id") if o)
    systems = set(col(full, "crm_contacts", "source_system"))
    assert systems == {"salesforce", "hubspot"}


# ----------------------------------------------------------------- realism and mess
def test_bad_input_is_injected(full: Path) -> None:
    m = manifest(full)
    emails = set(col(full, "crm_contacts", "email")) | set(col(full, "shop_customers", "email"))
    assert emails & set(PLACEHOLDER_EMAILS)
    assert m["faults"]["crm_contacts"]["placeholder_email"] > 0
    assert None in col(full, "crm_contacts", "contact_id")
    assert None in col(full, "web_events", "event_id")
    assert None in col(full, "shop_orders", "order_id")
    assert set(col(full, "shop_orders", "currency")) & set(UNKNOWN_CURRENCIES)
    ok_date = re.compile(r"\d{4}-\d{2}-\d{2}|\d{4}/\d{2}/\d{2}|\d{2}\.\d{2}\.\d{4}")
    dobs = [d for d in col(full, "crm_contacts", "date_of_birth") if d is not None]
    assert any(not ok_date.fullmatch(d) for d in dobs)
    ok_ts = re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(Z|[+-]\d{2}:\d{2})?")
    assert any(not ok_ts.fullmatch(t) for t in col(full, "web_events", "event_at") if t)
    totals = [t for t in col(full, "shop_orders", "order_total") if t is not None]
    assert any(t.startswith("-") for t in totals)
    assert any(not re.fullmatch(r"-?\d+\.\d{2}", t) for t in totals)
    # the share of damaged rows follows --bad-rate
    assert m["bad_rate"] == BAD_RATE
    for table in ("crm_contacts", "shop_orders", "web_events", "email_events", "consent_events"):
        faults = sum(m["faults"][table].values())
        rows = m["tables"][table]["rows"]
        assert 0.5 * BAD_RATE * rows < faults < 1.5 * BAD_RATE * rows, table


def test_at_least_once_and_late_delivery(full: Path) -> None:
    ids = [i for i in col(full, "web_events", "event_id") if i is not None]
    dup_share = 1 - len(set(ids)) / len(ids)
    assert 0.004 < dup_share < 0.02
    late = 0
    for f in sorted((full / "web_events").glob("*.parquet")):
        day = f.stem
        at = pq.read_table(f, columns=["event_at"]).column("event_at").to_pylist()
        late += sum(
            1
            for t in at
            if t
            and re.match(r"\d{4}-\d{2}-\d{2}", t)
            and t[:10] < day
            and t[:10] < _minus_days(day, 1)
        )
    assert late > 0
    email_ids = [i for i in col(full, "email_events", "event_id") if i is not None]
    assert len(set(email_ids)) < len(email_ids)


def _minus_days(day: str, n: int) -> str:
    import datetime as dt

    return (dt.date.fromisoformat(day) - dt.timedelta(days=n)).isoformat()


def test_order_status_updates_and_purchases(full: Path) -> None:
    orders = read(full, "shop_orders")
    ids = orders.column("order_id").to_pylist()
    status = [s.strip().lower() if s else s for s in orders.column("status").to_pylist()]
    by_id: dict[str, set] = {}
    for i, s in zip(ids, status, strict=True):
        if i is not None:
            by_id.setdefault(i, set()).add(s)
    assert sum(1 for s in by_id.values() if len(s) > 1) > 0.2 * len(by_id)
    assert {"placed", "shipped", "delivered", "cancelled", "returned"} <= set(status)
    raw_status = set(orders.column("status").to_pylist())
    assert any(s and s != s.lower() for s in raw_status)  # case varies
    assert None in orders.column("account_id").to_pylist()  # guest checkouts
    web = read(full, "web_events")
    purchase_orders = set(
        web.filter(pc.equal(web.column("event_type"), "purchase")).column("order_id").to_pylist()
    ) - {None}
    assert purchase_orders and len(purchase_orders - set(by_id)) <= 0.05 * len(purchase_orders)
    currencies = {c for c in col(full, "fx_rates", "currency")}
    assert {"USD", "EUR", "GBP", "CAD"} <= currencies


def test_mixed_formats(full: Path) -> None:
    at = [t for t in col(full, "web_events", "event_at") if t]
    assert any(t.endswith("Z") for t in at)
    assert any(re.search(r"[+-]\d{2}:\d{2}$", t) for t in at)
    assert any(re.fullmatch(r"\S+ \d{2}:\d{2}:\d{2}", t) for t in at)
    dobs = [d for d in col(full, "crm_contacts", "date_of_birth") if d]
    assert any(re.fullmatch(r"\d{4}-\d{2}-\d{2}", d) for d in dobs)
    assert any(re.fullmatch(r"\d{4}/\d{2}/\d{2}", d) for d in dobs)
    assert any(re.fullmatch(r"\d{2}\.\d{2}\.\d{4}", d) for d in dobs)
    countries = set(col(full, "crm_contacts", "country"))
    assert "US" in countries and "United States" in countries
    assert any(c and c != c.strip() for c in countries)
    emails = [e for e in col(full, "crm_contacts", "email") if e]
    assert any(e != e.strip() for e in emails) and any(e != e.lower() for e in emails)
    phones = [p for p in col(full, "crm_contacts", "phone") if p]
    assert any(p.startswith("+") for p in phones) and any(p.startswith("(") for p in phones)
    deleted = set(col(full, "crm_contacts", "is_deleted"))
    assert {"true", "false"} <= deleted and ({"0", "1", "yes", "no"} & deleted)
    labels = {c.strip().lower() for c in col(full, "products", "category") if c}
    raw = set(col(full, "products", "category"))
    assert len(raw) > len(labels)  # `Shoes`, `shoes `, `SHOES` ...


def _crm_by_person(out: Path) -> list[dict]:
    truth = _truth(out)["crm_contacts"]
    rows = read(out, "crm_contacts").to_pylist()
    for r in rows:
        r["person"] = truth.get(f"{r['source_system']}:{r['contact_id']}")
    return [r for r in rows if r["person"]]


def test_identity_variation_between_records(full: Path) -> None:
    rows = _crm_by_person(full)
    firsts: dict[str, set] = {}
    for r in rows:
        if r["first_name"]:
            firsts.setdefault(r["person"], set()).add(r["first_name"])
    assert sum(1 for f in firsts.values() if len(f) > 1) > 10
    nick = {n for ns in NICKNAMES.values() for n in ns}
    assert any(f & nick and len(f) > 1 for f in firsts.values())
    assert any(any(ord(ch) > 127 for ch in r["first_name"] or "") for r in rows)
    # some records of a person share no e-mail and no phone with the person's other records
    assert manifest(full)["stats"]["crm_records_sharing_no_email_or_phone"] > 0


def _digits(phone: str | None) -> str | None:
    d = re.sub(r"\D", "", phone or "")
    return d[-9:] if len(d) >= 9 and len(set(d)) > 1 else None


def test_hard_negatives(full: Path) -> None:
    rows = _crm_by_person(full)
    # households: different persons share phone, address and last name
    by_phone: dict[str, dict[str, dict]] = {}
    for r in rows:
        key = _digits(r["phone"])
        if key:
            by_phone.setdefault(key, {})[r["person"]] = r
    households = [v for v in by_phone.values() if len(v) > 1]
    assert households
    same_last = [
        v for v in households if len({(r["last_name"] or "").lower() for r in v.values()}) == 1
    ]
    assert same_last
    same_postcode = [
        v for v in households if len({(r["postal_code"] or "?").lower() for r in v.values()}) == 1
    ]
    assert same_postcode
    assert any(len({r["first_name"] for r in v.values()}) > 1 for v in same_last)
    # namesakes: different persons with the same first and last name
    names: dict[tuple, set] = {}
    for r in rows:
        if r["first_name"] and r["last_name"]:
            names.setdefault((r["first_name"], r["last_name"]), set()).add(r["person"])
    assert any(len(p) > 1 for p in names.values())
    # a shared family device logs into the accounts of two different persons
    truth = _truth(full)["shop_customers"]
    web = read(full, "web_events").select(["anonymous_id", "account_id"]).to_pylist()
    persons_on_device: dict[str, set] = {}
    for e in web:
        if e["anonymous_id"] and e["account_id"] in truth:
            persons_on_device.setdefault(e["anonymous_id"], set()).add(truth[e["account_id"]])
    assert any(len(p) > 1 for p in persons_on_device.values())
    stats = manifest(full)["stats"]
    assert stats["households"] > 0 and stats["namesake_persons"] > 0
    assert stats["shared_devices"] > 0


def test_demographics_hash_matches_emails(full: Path) -> None:
    emails = {e.strip().lower() for e in col(full, "crm_contacts", "email") if e}
    hashes = {hashlib.sha256(e.encode()).hexdigest() for e in emails}
    vendor = {h for h in col(full, "demographics_vendor", "email_sha256") if h}
    assert len(vendor & hashes) > 0.3 * len(vendor)


# ----------------------------------------------------------------- profiles
def test_crm_only_profile(crm_only: Path, full: Path) -> None:
    for name, (required, cols) in G.CONTRACT.items():
        if name in G.FOLDER_TABLES:
            exists = (crm_only / name).is_dir() and any((crm_only / name).glob("*.parquet"))
        else:
            exists = (crm_only / f"{name}.parquet").is_file()
        assert exists == required, name
        if required:
            t = read(crm_only, name)
            assert tuple(t.column_names) == cols
            assert (t.num_rows > 0) == (name == "crm_contacts"), name
    assert set(_truth(crm_only)) == {"crm_contacts"}
    # the CRM is the same as in the full profile
    assert digests(crm_only)["crm_contacts.parquet"] == digests(full)["crm_contacts.parquet"]


def test_crm_only_no_contact_profile(tmp_path: Path) -> None:
    out = tmp_path / "nc"
    G.generate(PERSONS, SEED, out, profile="crm_only_no_contact")
    crm = read(out, "crm_contacts")
    assert crm.num_rows > PERSONS
    assert crm.column("email").null_count == crm.num_rows
    assert crm.column("phone").null_count == crm.num_rows
    assert crm.column("last_name").null_count < 0.1 * crm.num_rows
    assert crm.column("date_of_birth").null_count < 0.5 * crm.num_rows
    assert crm.column("street_address").null_count < 0.3 * crm.num_rows


def test_zero_bad_rate_injects_nothing(tmp_path: Path) -> None:
    out = tmp_path / "clean"
    G.generate(150, 5, out, bad_rate=0.0)
    m = manifest(out)
    assert all(v == 0 for f in m["faults"].values() for v in f.values())
    emails = set(col(out, "crm_contacts", "email"))
    assert not emails & set(PLACEHOLDER_EMAILS)
    assert None not in col(out, "crm_contacts", "contact_id")


def test_corruption_profiles(tmp_path: Path) -> None:
    """--corruption changes only duplicate CRM field values: same records and truth,
    more noise from light to realistic (default) to heavy."""
    outs = {}
    for level in ("light", "realistic", "heavy"):
        outs[level] = tmp_path / level
        G.generate(400, 3, outs[level], profile="crm_only", corruption=level)
    stats = {level: manifest(out)["stats"] for level, out in outs.items()}
    assert manifest(outs["realistic"])["corruption"] == "realistic"
    assert all(v == 0 for k, v in stats["light"].items() if k.startswith("crm_duplicates_"))
    for key in ("crm_duplicates_first_name_replaced", "crm_duplicates_postal_code_edited"):
        assert 0 < stats["realistic"][key] < stats["heavy"][key]
    assert (
        digests(outs["light"])["truth_identities.parquet"]
        == digests(outs["heavy"])["truth_identities.parquet"]
    )
    assert (
        digests(outs["light"])["crm_contacts.parquet"]
        != digests(outs["heavy"])["crm_contacts.parquet"]
    )
    default = tmp_path / "default"
    G.generate(400, 3, default, profile="crm_only")
    assert (
        digests(default)["crm_contacts.parquet"]
        == digests(outs["realistic"])["crm_contacts.parquet"]
    )

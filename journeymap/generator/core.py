"""Synthetic raw data for journeymap: every table of the raw contract, plus ground truth.

Usage::

    python -m journeymap.generator --persons 5000 --seed 42 --out data/raw

Writes one Parquet file per table (``<table>.parquet``; ``web_events/`` is a folder of
one file per day), ``truth_identities.parquet`` (source_table, source_record_id,
person_id) and ``generation_manifest.json``. Every column is text, as the contract
allows. The output depends only on the arguments: same arguments, same bytes.

The library entry point is :func:`generate`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import time
import zlib
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from journeymap.generator import commerce as C
from journeymap.generator import faults as F
from journeymap.generator import marketing as M
from journeymap.generator import people as P
from journeymap.generator import text as T
from journeymap.generator import vocab as V
from journeymap.generator import web as W

# Written into every manifest and matched when re-writing a folder: kept as it
# was before the generator became a sub-package, so older outputs are still ours.
GENERATOR = "journeymap.generate"
FORMAT_VERSION = 1
MANIFEST = "generation_manifest.json"
TRUTH = "truth_identities"
PROFILES = ("full", "crm_only", "crm_only_no_contact")
DEFAULT_START = "2026-01-01"
DEFAULT_END = "2026-06-30"
DAY = 86400

# table -> (required, columns): the raw contract as the sources yml declares it
# (tests/python/unit/test_source_registry.py checks the two agree)
CONTRACT: dict[str, tuple[bool, tuple[str, ...]]] = {
    "crm_contacts": (
        True,
        (
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
        ),
    ),
    "shop_customers": (
        True,
        (
            "account_id",
            "email",
            "phone",
            "first_name",
            "last_name",
            "country",
            "created_at",
            "updated_at",
        ),
    ),
    "shop_orders": (
        True,
        (
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
        ),
    ),
    "shop_order_items": (
        False,
        ("order_id", "line_number", "product_id", "quantity", "unit_price"),
    ),
    "products": (
        False,
        ("product_id", "product_name", "category", "brand", "list_price", "currency", "updated_at"),
    ),
    "fx_rates": (False, ("rate_date", "currency", "usd_per_unit")),
    "web_events": (True, W.WEB_COLUMNS),
    "email_events": (
        False,
        ("event_id", "email", "campaign_id", "event_type", "event_at", "link_url"),
    ),
    "support_tickets": (
        False,
        (
            "ticket_id",
            "requester_email",
            "requester_phone",
            "channel",
            "category",
            "opened_at",
            "resolved_at",
            "csat_score",
        ),
    ),
    "demographics_vendor": (
        False,
        ("email_sha256", "age", "household_income", "region", "interests", "vendor_updated_at"),
    ),
    "survey_responses": (False, ("response_id", "email", "question_key", "answer", "responded_at")),
    "consent_events": (
        True,
        (
            "consent_event_id",
            "subject_type",
            "subject_id",
            "purpose",
            "status",
            "event_at",
            "jurisdiction",
            "collection_point",
        ),
    ),
    "erasure_requests": (False, ("request_id", "subject_type", "subject_id", "requested_at")),
}
FOLDER_TABLES = ("web_events",)
TRUTH_COLUMNS = ("source_table", "source_record_id", "person_id")


class GenerateError(Exception):
    """A problem with the arguments or the output folder (message is meant for the user)."""


def schema_of(table: str) -> pa.Schema:
    cols = TRUTH_COLUMNS if table == TRUTH else CONTRACT[table][1]
    return pa.schema([pa.field(c, pa.string()) for c in cols])


def _rng(seed: int, stream: str) -> np.random.Generator:
    """An independent, reproducible random stream per part of the data."""
    return np.random.Generator(
        np.random.PCG64(np.random.SeedSequence([seed, zlib.crc32(stream.encode())]))
    )


def _epoch(day: dt.date) -> int:
    return int((day - dt.date(1970, 1, 1)).days) * DAY


def _conform(name: str, table: pa.Table) -> pa.Table:
    schema = schema_of(name)
    return pa.table([table.column(f.name).cast(pa.string()) for f in schema], schema=schema)


def _write_parquet(path: Path, table: pa.Table) -> int:
    pq.write_table(table, path, compression="zstd", row_group_size=512 * 1024)
    return path.stat().st_size


# ----------------------------------------------------------------- output folder
def _our_files(out: Path) -> list[Path]:
    files = [out / f"{t}.parquet" for t in CONTRACT if t not in FOLDER_TABLES]
    files += [out / f"{TRUTH}.parquet", out / MANIFEST]
    for t in FOLDER_TABLES:
        if (out / t).is_dir():
            files += sorted((out / t).glob("*.parquet"))
    return files


def prepare_out_dir(out: Path, force: bool) -> None:
    """Create `out`, or clear a previous generator output there. Refuse foreign folders."""
    if out.exists() and not out.is_dir():
        raise GenerateError(f"--out {out} exists and is not a folder; choose a folder path.")
    if out.is_dir() and any(out.iterdir()):
        ours = False
        manifest = out / MANIFEST
        if manifest.is_file():
            try:
                ours = json.loads(manifest.read_text()).get("generator") == GENERATOR
            except (ValueError, OSError):
                ours = False
        if not ours and not force:
            raise GenerateError(
                f"refusing to write into {out}: the folder is not empty and does not look like "
                f"a previous journeymap.generator output (no {MANIFEST} from this generator).\n"
                f"Choose an empty or new folder with --out, or pass --force to write into it "
                f"anyway (files named like the contract tables are then replaced; other files "
                f"are left alone)."
            )
        for f in _our_files(out):
            if f.is_file():
                f.unlink()
        clashes = sorted(p.name for p in out.glob("*.csv") if p.stem in CONTRACT)
        if clashes:
            print(
                f"warning: {out} also holds {', '.join(clashes)}; readers may find two copies "
                f"of those tables",
                file=sys.stderr,
            )
        for t in FOLDER_TABLES:
            d = out / t
            if d.is_dir() and not any(d.iterdir()):
                d.rmdir()
    out.mkdir(parents=True, exist_ok=True)


# ----------------------------------------------------------------- progress
class _Progress:
    """One progress bar (stderr) over weighted steps, with elapsed time and ETA."""

    def __init__(self, total: float, quiet: bool) -> None:
        self.quiet = quiet
        self.bar = None
        if not quiet:
            from tqdm import tqdm

            self.bar = tqdm(
                total=total,
                file=sys.stderr,
                unit="",
                leave=True,
                mininterval=0.5,
                bar_format="{desc:<30}{percentage:3.0f}%|{bar:30}| [{elapsed}<{remaining}]",
            )

    def desc(self, text: str) -> None:
        if self.bar is not None:
            self.bar.set_description_str(text, refresh=False)

    def advance(self, units: float) -> None:
        if self.bar is not None:
            self.bar.update(units)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.n = self.bar.total
            self.bar.refresh()
            self.bar.close()


# ----------------------------------------------------------------- generation
class _Run:
    def __init__(self, out: Path, seed: int, bad_rate: float, progress: _Progress) -> None:
        self.out = out
        self.seed = seed
        self.bad_rate = bad_rate
        self.progress = progress
        self.tables: dict[str, dict[str, Any]] = {}
        self.faults: dict[str, dict[str, int]] = {}
        self.stats: dict[str, int] = {}
        self.pool = ThreadPoolExecutor(max_workers=1)
        self.pending: list[tuple[str, Future[int]]] = []

    def rng(self, stream: str) -> np.random.Generator:
        return _rng(self.seed, stream)

    def _register(self, name: str, rows: int, fut: Future[int], files: int = 1) -> None:
        entry = self.tables.setdefault(name, {"rows": 0, "files": 0, "bytes": 0})
        entry["rows"] += rows
        entry["files"] += files
        self.pending.append((name, fut))
        if len(self.pending) > 4:
            self._drain(keep=2)

    def _drain(self, keep: int = 0) -> None:
        while len(self.pending) > keep:
            name, fut = self.pending.pop(0)
            self.tables[name]["bytes"] += fut.result()

    def write(self, name: str, table: pa.Table) -> None:
        table = _conform(name, table)
        if name in FOLDER_TABLES:
            raise ValueError(name)
        path = self.out / (f"{name}.parquet")
        self._register(name, table.num_rows, self.pool.submit(_write_parquet, path, table))

    def write_day(self, name: str, day: dt.date, table: pa.Table) -> None:
        table = _conform(name, table)
        folder = self.out / name
        folder.mkdir(exist_ok=True)
        path = folder / f"{day.isoformat()}.parquet"
        self._register(name, table.num_rows, self.pool.submit(_write_parquet, path, table))

    def write_empty(self, name: str, day: dt.date) -> None:
        empty = schema_of(name).empty_table()
        if name in FOLDER_TABLES:
            self.write_day(name, day, empty)
        else:
            self.write(name, empty)

    def faulty(
        self, name: str, table: pa.Table, faults: list[F.Fault], stream: str | None = None
    ) -> F.Injected:
        inj = F.inject(self.rng(stream or f"{name}:faults"), table, self.bad_rate, faults)
        self.add_faults(name, inj.counts)
        return inj

    def add_faults(self, name: str, counts: dict[str, int]) -> None:
        entry = self.faults.setdefault(name, {})
        for k, v in counts.items():
            entry[k] = entry.get(k, 0) + int(v)

    def finish(self) -> None:
        self._drain()
        self.pool.shutdown(wait=True)


def _crm_faults(end_s: int, no_contact: bool) -> list[F.Fault]:
    faults = [
        F.null_key("contact_id"),
        F.Fault("unparseable_date", "date_of_birth", V.BAD_DATES),
        F.Fault("future_date", "date_of_birth", F.future_date(end_s)),
        F.bad_ts("created_at"),
        F.fut_ts("updated_at", end_s),
        F.Fault("unknown_country", "country", V.BAD_COUNTRIES),
        F.Fault("bad_boolean", "is_deleted", V.BAD_BOOLEANS),
        F.DUPLICATE,
    ]
    if not no_contact:
        faults += [F.placeholder_email("email"), F.bad_email("email"), F.bad_phone("phone")]
    return faults


def _shop_faults(end_s: int) -> list[F.Fault]:
    return [
        F.null_key("account_id"),
        F.placeholder_email("email"),
        F.bad_email("email"),
        F.bad_phone("phone"),
        F.bad_ts("created_at"),
        F.fut_ts("updated_at", end_s),
        F.Fault("unknown_country", "country", V.BAD_COUNTRIES),
        F.DUPLICATE,
    ]


def _truth(source_table: str, keys: pa.Array, person_id: pa.Array) -> pa.Table:
    valid = pc.is_valid(keys)
    return pa.table(
        {
            "source_table": pa.array(
                np.full(int(pc.sum(valid).as_py() or 0), source_table, dtype=object), pa.string()
            ),
            "source_record_id": keys.filter(valid),
            "person_id": person_id.filter(valid),
        }
    )


def generate(
    persons: int,
    seed: int,
    out: str | Path,
    profile: str = "full",
    bad_rate: float = 0.02,
    corruption: str = "realistic",
    start_date: str | dt.date = DEFAULT_START,
    end_date: str | dt.date = DEFAULT_END,
    quiet: bool = True,
    force: bool = False,
) -> dict[str, Any]:
    """Generate the raw tables into `out`; returns the manifest (also written as JSON)."""
    start, end = _check_args(persons, bad_rate, profile, start_date, end_date)
    if corruption not in P.CORRUPTION_PROFILES:
        raise GenerateError(f"--corruption must be one of {', '.join(P.CORRUPTION_PROFILES)}")
    out = Path(out)
    prepare_out_dir(out, force)
    n_days = (end - start).days + 1
    start_s = _epoch(start)
    end_s = _epoch(end) + DAY - 1
    start_day = start_s // DAY
    full = profile == "full"
    n_camp = len(W.make_campaigns(start_s, end_s).ts)
    # progress units: see the pr.advance() calls in _generate
    progress = _Progress(83 + 0.3 * n_camp if full else 20, quiet)
    run = _Run(out, seed, bad_rate, progress)
    t0 = time.perf_counter()
    try:
        _generate(run, persons, profile, corruption, start, start_s, end_s, start_day, n_days)
    finally:
        run.finish()
        progress.close()
    manifest = {
        "generator": GENERATOR,
        "format_version": FORMAT_VERSION,
        "persons": persons,
        "seed": seed,
        "profile": profile,
        "corruption": corruption,
        "bad_rate": bad_rate,
        "start_date": start.isoformat(),
        "end_date": end.isoformat(),
        "tables": {k: run.tables[k] for k in [*CONTRACT, TRUTH] if k in run.tables},
        "faults": {k: dict(sorted(v.items())) for k, v in sorted(run.faults.items())},
        "stats": dict(sorted(run.stats.items())),
    }
    (out / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n")
    manifest["seconds"] = round(time.perf_counter() - t0, 2)
    return manifest


def _generate(
    run: _Run,
    persons: int,
    profile: str,
    corruption: str,
    start: dt.date,
    start_s: int,
    end_s: int,
    start_day: int,
    n_days: int,
) -> None:
    pr = run.progress
    full = profile == "full"
    pr.desc("persons")
    p, st = P.make_persons(run.rng("persons"), persons, start_day)
    run.stats.update(st)
    pr.advance(4)

    pr.desc("crm_contacts")
    no_contact = profile == "crm_only_no_contact"
    crm, crm_person, st, crm_primary = P.make_crm(run.rng("crm"), p, start_s, end_s, no_contact)
    run.stats.update(st)
    # its own stream: the profile changes duplicate CRM records, nothing else
    crm, st = P.corrupt_duplicates(run.rng("crm_corruption"), crm, crm_primary, corruption)
    run.stats.update(st)
    inj = run.faulty("crm_contacts", crm, _crm_faults(end_s, no_contact))
    crm = inj.table
    run.write("crm_contacts", crm)
    truth = [
        _truth(
            "crm_contacts",
            T.cat(
                crm.column("source_system").combine_chunks(),
                ":",
                crm.column("contact_id").combine_chunks(),
            ),
            p.person_id.take(pa.array(crm_person[inj.source_row])),
        )
    ]
    pr.advance(12)

    if not full:
        for name, (required, _cols) in CONTRACT.items():
            if required and name != "crm_contacts":
                run.write_empty(name, start)
        _write_truth(run, truth)
        pr.advance(4)
        return

    pr.desc("shop_customers")
    dev, force_account = W.make_devices(run.rng("devices"), p)
    acc = P.make_accounts(run.rng("accounts"), p, force_account, start_s)
    shop, shop_person = P.make_shop_customers(run.rng("shop"), p, acc, start_s)
    inj = run.faulty("shop_customers", shop, _shop_faults(end_s))
    run.write("shop_customers", inj.table)
    truth.append(
        _truth(
            "shop_customers",
            inj.table.column("account_id").combine_chunks(),
            p.person_id.take(pa.array(shop_person[inj.source_row])),
        )
    )
    run.stats["accounts"] = int(acc.person.size)
    pr.advance(3)

    pr.desc("products, fx_rates")
    prod_table, prod, st = C.make_products(run.rng("products"), persons, start_s, end_s)
    run.stats.update(st)
    run.write("products", run.faulty("products", prod_table, C.product_faults(end_s)).table)
    fx, rates = C.make_fx(run.rng("fx"), start_day, n_days)
    fx_rng = run.rng("fx_rates:faults")
    n_bad = int(round(run.bad_rate * fx.num_rows))
    if n_bad:
        copies = fx.take(pa.array(np.sort(fx_rng.choice(fx.num_rows, n_bad, replace=False))))
        bad = F.inject(fx_rng, copies, 1.0, C.fx_faults())
        run.add_faults("fx_rates", bad.counts)
        fx = pa.concat_tables([fx, bad.table])
    run.write("fx_rates", fx)
    pr.advance(1)

    pr.desc("sessions")
    camp = W.make_campaigns(start_s, end_s)
    sess = W.make_sessions(run.rng("sessions"), p, dev, acc, prod, camp, start_s, n_days)
    run.stats.update(sess.stats)
    pr.advance(5)

    n_orders = int((sess.order >= 0).sum())
    state = W.WebState(
        device_seen=np.zeros(dev.person.size, dtype=bool),
        order_ts=np.zeros(n_orders, dtype=np.int64),
        faults={},
    )
    web_rng = run.rng("web")
    for d, table in W.web_days(
        web_rng, sess, dev, acc, prod, n_orders, start_s, n_days, end_s, run.bad_rate, state
    ):
        day = start + dt.timedelta(days=d)
        pr.desc(f"web_events {day.isoformat()}")
        run.write_day("web_events", day, table)
        pr.advance(45 / n_days)
    run.add_faults("web_events", state.faults)
    run.stats["web_duplicate_event_ids"] = state.duplicates
    run.stats["web_late_events"] = state.late
    seen = np.flatnonzero(state.device_seen)
    truth.append(
        _truth(
            "web_devices",
            dev.anonymous_id.take(pa.array(seen)),
            p.person_id.take(pa.array(dev.person[seen])),
        )
    )
    run.stats["devices"] = int(seen.size)

    pr.desc("shop_orders, items")
    orders, items, st = C.make_orders(
        run.rng("orders"), p, acc, sess, prod, rates, state.order_ts, start_s, end_s
    )
    run.stats.update(st)
    run.write("shop_orders", run.faulty("shop_orders", orders, C.order_faults(end_s)).table)
    run.write("shop_order_items", run.faulty("shop_order_items", items, C.item_faults()).table)
    del orders, items
    pr.advance(5)

    pr.desc("email_events")
    subs = M.make_subscriptions(run.rng("subscriptions"), p, start_s, end_s)
    _write_email_events(run, subs, camp, persons, end_s, n_camp=len(camp.ts))

    pr.desc("consent_events")
    consent, st = M.make_consent(run.rng("consent"), p, acc, dev, sess, subs, start_s, end_s)
    run.stats.update(st)
    del sess
    run.write(
        "consent_events", run.faulty("consent_events", consent, M.consent_faults(end_s)).table
    )
    del consent
    pr.advance(4)

    pr.desc("support, vendor, surveys")
    tickets = M.make_tickets(run.rng("tickets"), p, start_s, end_s)
    run.write(
        "support_tickets", run.faulty("support_tickets", tickets, M.ticket_faults(start_s)).table
    )
    demo = M.make_demographics(run.rng("demographics"), p, start_s, end_s)
    run.write(
        "demographics_vendor",
        run.faulty("demographics_vendor", demo, M.demographics_faults()).table,
    )
    surveys = M.make_surveys(run.rng("surveys"), p, start_s, end_s)
    run.write(
        "survey_responses", run.faulty("survey_responses", surveys, M.survey_faults(end_s)).table
    )
    erasures, _erased = M.make_erasures(run.rng("erasures"), p, acc, start_s, end_s)
    run.write(
        "erasure_requests", run.faulty("erasure_requests", erasures, M.erasure_faults()).table
    )
    pr.advance(3)

    pr.desc("truth_identities")
    _write_truth(run, truth)
    pr.advance(1)


def _write_email_events(
    run: _Run, subs: M.Subscriptions, camp: W.Campaigns, persons: int, end_s: int, n_camp: int
) -> None:
    path = run.out / "email_events.parquet"
    schema = schema_of("email_events")
    counts: dict[str, int] = {}
    rows = 0
    buffer: list[pa.Table] = []
    buffered = 0
    writer = pq.ParquetWriter(path, schema, compression="zstd")
    try:
        for table in M.email_event_blocks(
            run.rng("email"), subs, camp, persons, end_s, run.bad_rate, counts, run.stats
        ):
            buffer.append(_conform("email_events", table))
            buffered += table.num_rows
            rows += table.num_rows
            if buffered >= 512 * 1024:
                writer.write_table(pa.concat_tables(buffer), row_group_size=buffered)
                buffer, buffered = [], 0
            run.progress.advance(0.3)
        if buffer:
            writer.write_table(pa.concat_tables(buffer), row_group_size=buffered)
        if rows == 0:
            writer.write_table(schema.empty_table())
    finally:
        writer.close()
    run.add_faults("email_events", counts)
    done: Future[int] = Future()
    done.set_result(path.stat().st_size)
    run._register("email_events", rows, done)


def _write_truth(run: _Run, parts: list[pa.Table]) -> None:
    truth = pa.concat_tables(parts)
    truth = (
        truth.group_by(["source_table", "source_record_id"], use_threads=False)
        .aggregate([("person_id", "min")])
        .rename_columns(list(TRUTH_COLUMNS))
    )
    truth = truth.sort_by([("source_table", "ascending"), ("source_record_id", "ascending")])
    run.write(TRUTH, truth)
    counts = pc.value_counts(truth.column("source_table")).to_pylist()
    for c in sorted(counts, key=lambda x: x["values"]):
        run.stats[f"truth_{c['values']}"] = int(c["counts"])


# ----------------------------------------------------------------- CLI
def _parse_date(value: str | dt.date, flag: str) -> dt.date:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise GenerateError(f"{flag} must be a date like 2026-01-01, got {value!r}") from exc


def _check_args(
    persons: int, bad_rate: float, profile: str, start_date: str | dt.date, end_date: str | dt.date
) -> tuple[dt.date, dt.date]:
    if persons < 1:
        raise GenerateError("--persons must be at least 1")
    if not 0.0 <= bad_rate <= 0.5:
        raise GenerateError("--bad-rate must be between 0 and 0.5")
    if profile not in PROFILES:
        raise GenerateError(f"--profile must be one of {', '.join(PROFILES)}")
    start = _parse_date(start_date, "--start-date")
    end = _parse_date(end_date, "--end-date")
    if end < start:
        raise GenerateError("--end-date must not be before --start-date")
    if (end - start).days > 3 * 366:
        raise GenerateError("the date range may span at most 3 years")
    return start, end


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m journeymap.generator",
        description="Generate synthetic raw data for journeymap (every table of the raw "
        "contract as Parquet, all columns text) plus truth_identities.parquet and "
        "generation_manifest.json. Same arguments -> byte-identical files.",
    )
    parser.add_argument(
        "--persons",
        type=int,
        required=True,
        help="number of true persons (e.g. 5000; 1000000 takes a few minutes)",
    )
    parser.add_argument("--seed", type=int, default=42, help="random seed (default 42)")
    parser.add_argument(
        "--out",
        required=True,
        type=Path,
        help="output folder (created; must be empty or a previous output)",
    )
    parser.add_argument(
        "--bad-rate",
        type=float,
        default=0.02,
        help="fraction of rows per table with injected bad input (default 0.02)",
    )
    parser.add_argument(
        "--profile",
        choices=PROFILES,
        default="full",
        help="full = all tables; crm_only = only crm_contacts filled, other "
        "required tables empty, optional ones omitted; "
        "crm_only_no_contact = crm_only with every e-mail and phone blank",
    )
    parser.add_argument(
        "--corruption",
        choices=P.CORRUPTION_PROFILES,
        default="realistic",
        help="noise on duplicate CRM records: light = typos, case, nicknames, "
        "swapped names, moves and blanks; realistic (default) adds replaced "
        "first/last names and birth dates, house-number, flat and postcode "
        "edits, OCR-like substitutions, more swaps and emptied fields; "
        "heavy = about twice as much",
    )
    parser.add_argument(
        "--start-date",
        default=DEFAULT_START,
        help=f"first day of activity (default {DEFAULT_START})",
    )
    parser.add_argument(
        "--end-date", default=DEFAULT_END, help=f"last day of activity (default {DEFAULT_END})"
    )
    parser.add_argument(
        "--quiet",
        action="store_true",
        help="no progress bar on stderr (the final summary is still printed)",
    )
    parser.add_argument(
        "--force",
        action="store_true",
        help="write into a non-empty folder that is not a previous output",
    )
    return parser


def _fmt_bytes(n: int) -> str:
    size = float(n)
    for unit in ("B", "KB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return f"{size:.0f} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1024
    return f"{n} B"


def summary(manifest: dict[str, Any], out: Path) -> str:
    lines = [
        f"journeymap.generator: {manifest['persons']} persons, seed {manifest['seed']}, "
        f"profile {manifest['profile']}, corruption {manifest['corruption']}, "
        f"bad rate {manifest['bad_rate']} -> {out}"
    ]
    lines.append(f"  {'table':<22}{'rows':>12}{'files':>7}{'size':>11}")
    total_rows = total_bytes = 0
    for name, t in manifest["tables"].items():
        lines.append(f"  {name:<22}{t['rows']:>12,}{t['files']:>7}{_fmt_bytes(t['bytes']):>11}")
        total_rows += t["rows"]
        total_bytes += t["bytes"]
    lines.append(f"  {'total':<22}{total_rows:>12,}{'':>7}{_fmt_bytes(total_bytes):>11}")
    faults = sum(sum(v.values()) for v in manifest["faults"].values())
    lines.append(f"  injected faults: {faults:,}; finished in {manifest['seconds']:.1f} s")
    return "\n".join(lines)


def main(argv: list[str] | None = None, echo: Callable[[str], None] = print) -> int:
    args = build_parser().parse_args(argv)
    try:
        manifest = generate(
            persons=args.persons,
            seed=args.seed,
            out=args.out,
            profile=args.profile,
            corruption=args.corruption,
            bad_rate=args.bad_rate,
            start_date=args.start_date,
            end_date=args.end_date,
            quiet=args.quiet,
            force=args.force,
        )
    except GenerateError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    echo(summary(manifest, args.out))
    return 0


if __name__ == "__main__":
    sys.exit(main())

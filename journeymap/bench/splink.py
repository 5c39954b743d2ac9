"""De-duplicate raw crm_contacts with Splink, the way a Splink user would.

    .venv-bench/bin/python -m journeymap.bench.splink --raw-dir data/raw \
        --out /tmp/splink_clusters.parquet

Runs in the benchmark's own virtualenv (`make bench-venv`, pinned in
`requirements-bench.txt`): Splink is a dev-only dependency, so this module
imports only Splink, DuckDB, pandas and the standard library, never the rest
of journeymap.

Steps (all on Splink's DuckDB backend, fixed seeds, so reruns give the same
model): read the raw CRM file, normalise minimally (lower-cased trimmed names,
birth date parsed from the contract's three formats, postcode without spaces,
lower-cased email, the last 9 digits of the phone), estimate the match prior
from deterministic rules, u by random sampling (seeded), m by EM blocked on
birth date and then on both names (the Splink tutorial's recipe), with
term-frequency adjustments on last name, email and phone; predict on the
blocking rules below, cluster at `--threshold`, and write (unique_id,
cluster_id) as Parquet. `unique_id` is `source_system:contact_id`, the key
`truth_identities` and `customer_identity_map` use. Prints one JSON line
with timings and counts.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
import time
from pathlib import Path
from typing import Any

import duckdb

# The contract's date formats (raw-sources.md): ISO, YYYY/MM/DD, DD.MM.YYYY, YYYYMMDD.
PREPARE_SQL = """
with raw as (
    select
        nullif(trim(source_system), '') as source_system,
        nullif(trim(contact_id), '') as contact_id,
        lower(trim(first_name)) as first_name,
        lower(trim(last_name)) as last_name,
        coalesce(
            try_strptime(trim(date_of_birth), '%Y-%m-%d'),
            try_strptime(trim(date_of_birth), '%Y/%m/%d'),
            try_strptime(trim(date_of_birth), '%d.%m.%Y'),
            try_strptime(trim(date_of_birth), '%Y%m%d')
        )::date::varchar as dob,
        upper(regexp_replace(trim(postal_code), '\\s+', '', 'g')) as postcode,
        lower(trim(city)) as city,
        lower(regexp_replace(trim(street_address), '\\s+', ' ', 'g')) as street,
        -- the house number: the first token of the line, when it is a number
        regexp_extract(trim(street_address), '^([0-9]+)', 1) as house_number,
        lower(trim(email)) as email,
        regexp_replace(phone, '[^0-9]', '', 'g') as phone_digits,
        row_number() over () as row_order
    from {scan}
),

keyed as (
    select
        source_system || ':' || contact_id as unique_id,
        nullif(first_name, '') as first_name,
        nullif(last_name, '') as last_name,
        dob,
        nullif(postcode, '') as postcode,
        nullif(city, '') as city,
        nullif(street, '') as street,
        nullif(house_number, '') as house_number,
        case when email like '%_@_%.%' then email end as email,
        case when length(phone_digits) >= 7 then right(phone_digits, 9) end as phone,
        row_order
    from raw
    where source_system is not null and contact_id is not null
)

-- a raw row delivered twice keeps its first copy (one record per id)
select * exclude (row_order)
from keyed
qualify row_number() over (partition by unique_id order by row_order) = 1
"""


def crm_scan(raw_dir: Path) -> str:
    """DuckDB table expression over raw crm_contacts (Parquet file, folder or CSV)."""
    parquet = raw_dir / "crm_contacts.parquet"
    folder = raw_dir / "crm_contacts"
    csv = raw_dir / "crm_contacts.csv"
    if parquet.is_file():
        return f"read_parquet('{parquet}')"
    if folder.is_dir():
        return f"read_parquet('{folder}/**/*.parquet', union_by_name = true)"
    if csv.is_file():
        return f"read_csv('{csv}', header = true, all_varchar = true)"
    raise SystemExit(
        f"crm_contacts not found in {raw_dir}: expected crm_contacts.parquet, a folder "
        "crm_contacts/ or crm_contacts.csv. Point --raw-dir at a raw folder "
        "(python -m journeymap.generator writes one)."
    )


def settings(seed: int) -> Any:
    """Splink model settings: blocking rules and comparisons a user would pick."""
    import splink.comparison_library as cl
    from splink import SettingsCreator, block_on

    del seed  # the seeds go to the training calls; kept for one signature
    return SettingsCreator(
        link_type="dedupe_only",
        unique_id_column_name="unique_id",
        blocking_rules_to_generate_predictions=[
            block_on("email"),
            block_on("phone"),
            block_on("dob", "substr(last_name, 1, 2)"),
            block_on("dob", "substr(first_name, 1, 2)"),
            block_on("postcode", "substr(first_name, 1, 2)"),
            block_on("postcode", "substr(last_name, 1, 2)"),
            block_on("street", "city"),
            # single-field rules, as Splink's FEBRL example blocks
            block_on("dob"),
            block_on("postcode", "house_number"),
            block_on("first_name", "last_name"),
        ],
        comparisons=[
            cl.NameComparison("first_name").configure(term_frequency_adjustments=True),
            cl.NameComparison("last_name").configure(term_frequency_adjustments=True),
            cl.DateOfBirthComparison(
                "dob", input_is_string=True, datetime_thresholds=[1], datetime_metrics=["month"]
            ),
            cl.ExactMatch("postcode").configure(term_frequency_adjustments=True),
            cl.ExactMatch("house_number"),
            cl.ExactMatch("city"),
            # the street line: a user with addresses compares them too
            cl.JaroWinklerAtThresholds("street", [0.9, 0.7]),
            # frequent values (placeholders, shared landlines) weigh less
            cl.EmailComparison("email").configure(term_frequency_adjustments=True),
            cl.ExactMatch("phone").configure(term_frequency_adjustments=True),
        ],
        retain_intermediate_calculation_columns=False,
        retain_matching_columns=False,
    )


def run(
    raw_dir: Path, out: Path, seed: int, threshold: float, threads: int, u_max_pairs: float
) -> dict[str, Any]:
    from splink import DuckDBAPI, Linker, block_on

    timings: dict[str, float] = {}
    started = time.perf_counter()

    def lap(name: str, since: float) -> float:
        now = time.perf_counter()
        timings[name] = round(now - since, 2)
        print(f"  splink: {name} {timings[name]:.1f} s", file=sys.stderr, flush=True)
        return now

    con = duckdb.connect()
    con.execute(f"set threads = {int(threads)}")
    records = con.execute(PREPARE_SQL.format(scan=crm_scan(raw_dir))).df()
    t = lap("read_and_normalise", started)

    db_api = DuckDBAPI(connection=con)
    frame = db_api.register(records, table_name="crm_records")
    linker = Linker(frame, settings(seed), log_level=logging.WARNING)
    linker.training.estimate_probability_two_random_records_match(
        [block_on("first_name", "last_name", "dob"), block_on("email")], recall=0.7
    )
    t = lap("train_prior", t)
    linker.training.estimate_u_using_random_sampling(max_pairs=u_max_pairs, seed=seed)
    t = lap("train_u", t)
    linker.training.estimate_parameters_using_expectation_maximisation(
        block_on("dob"), max_pairs=2e6
    )
    t = lap("train_em_dob", t)
    linker.training.estimate_parameters_using_expectation_maximisation(
        block_on("first_name", "last_name"), max_pairs=2e6
    )
    t = lap("train_em_names", t)

    predictions = linker.inference.predict(threshold_match_probability=min(threshold, 0.5))
    pair_count = con.execute(f"select count(*) from {predictions.physical_name}").fetchall()[0][0]
    t = lap("predict", t)

    clusters = linker.clustering.cluster_pairwise_predictions_at_threshold(
        predictions, threshold_match_probability=threshold
    )
    out.parent.mkdir(parents=True, exist_ok=True)
    con.execute(
        f"copy (select cast(unique_id as varchar) as unique_id, "
        f"cast(cluster_id as varchar) as cluster_id from {clusters.physical_name}) "
        f"to '{out}' (format parquet)"
    )
    cluster_count = con.execute(
        f"select count(distinct cluster_id) from read_parquet('{out}')"
    ).fetchall()[0][0]
    lap("cluster_and_write", t)
    return {
        "records": len(records),
        "scored_pairs": int(pair_count),
        "clusters": int(cluster_count),
        "threshold_match_probability": threshold,
        "seed": seed,
        "seconds": round(time.perf_counter() - started, 2),
        "timings": timings,
        "out": str(out),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m journeymap.bench.splink", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument(
        "--raw-dir",
        type=Path,
        required=True,
        help="folder holding crm_contacts (.parquet, folder or .csv)",
    )
    parser.add_argument(
        "--out", type=Path, required=True, help="Parquet file to write (unique_id, cluster_id)"
    )
    parser.add_argument("--seed", type=int, default=42, help="seed for u sampling (default 42)")
    parser.add_argument(
        "--threshold",
        type=float,
        default=0.999,
        help="match probability at which pairs are clustered (default 0.999, "
        "the best F1 of 0.9 / 0.99 / 0.999 on 20,000 persons)",
    )
    parser.add_argument("--threads", type=int, default=2, help="DuckDB threads (default 2)")
    parser.add_argument(
        "--u-max-pairs", type=float, default=5e6, help="pairs sampled to estimate u (default 5e6)"
    )
    args = parser.parse_args(argv)
    try:
        import splink  # noqa: F401
    except ImportError:
        print(
            "Splink is not installed in this Python. Run `make bench-venv` and use "
            ".venv-bench/bin/python (make bench does both).",
            file=sys.stderr,
        )
        return 2
    result = run(args.raw_dir, args.out, args.seed, args.threshold, args.threads, args.u_max_pairs)
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Incremental staging by raw file equals a full parse, whatever happened to the files.

The event-scale base and staging models (web and email events, orders and
order items) parse a raw file once (macros/raw/raw_files.sql). Between two
builds the raw folder here changes in every way a loader can change it:

- a new day file arrives (the last day, cut off for the first build);
- a day file is removed;
- a day file is rewritten: two rows dropped (an erasure at the source, say)
  and a re-delivered copy of an event of another day added, earlier than the
  kept copy, so it must take that copy's place;
- the one-file email table grows (a changed file, parsed again).

The second build runs without --full-refresh; a --full-refresh build on the
same folder is the reference. Staging (base, staged and quarantine rows) and
the row accounting must be equal, rows must be conserved, and the second
build must have taken the incremental branch.
"""

from __future__ import annotations

import datetime as dt
import shutil

import pandas as pd
import pytest
from _dbt_helpers import (
    append_rows,
    copy_raw,
    generate_raw,
    query,
    table_checksums,
    write_text_parquet,
)

from journeymap.bench.daycut import split

STAGED_BY_FILE = (
    "base_web__events",
    "stg_web__events",
    "base_esp__email_events",
    "stg_esp__email_events",
    "base_shop__orders",
    "base_shop__order_items",
)
BUILD = (
    "build",
    "--select",
    "+fct_source_row_counts",
    "fct_quarantined_records",
    "assert_row_conservation",
    "--exclude",
    "resource_type:unit_test",
    # tests that also read models outside the selection stay out
    "--indirect-selection",
    "cautious",
)


def _rewrite_day(raw: pd.DataFrame, donor: pd.DataFrame) -> pd.DataFrame:
    """Drop two rows; add a copy of a donor event one minute earlier (it ranks first)."""
    kept = raw.iloc[2:].astype(object)
    copy = donor.iloc[0].to_dict()
    first_at = pd.Timestamp(copy["event_at"])
    copy["event_at"] = (first_at - pd.Timedelta(minutes=1)).isoformat()
    copy["page_url"] = "/re-delivered-earlier"
    return append_rows(kept, [copy])


@pytest.fixture(scope="module")
def builds(dbt_workspace, tmp_path_factory):
    root = tmp_path_factory.mktemp("incremental_staging")
    raw_all = generate_raw(root / "raw_all", persons=300, seed=31, bad_rate=0.02)
    days = sorted(p.stem for p in (raw_all / "web_events").glob("*.parquet"))
    early = root / "raw_early"
    split(raw_all, dt.date.fromisoformat(days[-1]), early)

    later = copy_raw(raw_all, root / "raw_later")
    web = later / "web_events"
    (web / f"{days[1]}.parquet").unlink()
    donor = pd.read_parquet(web / f"{days[3]}.parquet")
    donor = donor[donor["event_id"].notna() & donor["event_at"].str.match(r"^\d{4}-")]
    changed = web / f"{days[2]}.parquet"
    frame = _rewrite_day(pd.read_parquet(changed), donor)
    write_text_parquet(changed, frame.where(frame.notna(), None))

    first = dbt_workspace.run(early, *BUILD)
    assert first.returncode == 0, first.tail()
    second = dbt_workspace.run(later, *BUILD, fresh=False, keep_as=root / "incremental.duckdb")
    assert second.returncode == 0, second.tail()
    full = dbt_workspace.run(later, *BUILD, "--full-refresh", keep_as=root / "full.duckdb")
    assert full.returncode == 0, full.tail()
    shutil.rmtree(raw_all)
    return {
        "second": second,
        "incremental": second.warehouse,
        "full": full.warehouse,
        "removed": f"web_events/{days[1]}.parquet",
        "raw": later,
        "workspace": dbt_workspace,
        "donor_event": str(donor.iloc[0]["event_id"]).strip(),
    }


def test_second_build_parsed_by_file(builds):
    results = {r["unique_id"].split(".")[-1]: r for r in builds["second"].run_results["results"]}
    for model in STAGED_BY_FILE:
        code = results[model].get("compiled_code") or ""
        marker = "parsed_files" if model.startswith("base_") else "staged_files"
        assert marker in code, f"{model} was not built incrementally"


def test_staging_equals_full_parse(builds):
    incremental = table_checksums(builds["incremental"], "staging")
    full = table_checksums(builds["full"], "staging")
    assert set(STAGED_BY_FILE) <= set(full)
    assert incremental == full, {
        t: (incremental.get(t), full[t]) for t in full if incremental.get(t) != full[t]
    }
    for table in ("fct_source_row_counts", "fct_quarantined_records"):
        assert (
            table_checksums(builds["incremental"], "main")[table]
            == (table_checksums(builds["full"], "main")[table])
        ), table


def test_removed_file_is_forgotten_and_earlier_copy_wins(builds):
    warehouse = builds["incremental"]
    removed = builds["removed"]
    assert query(
        warehouse,
        "select count(*) from staging.base_web__events where raw_file = ?",
        [removed],
    ) == [(0,)]
    assert query(
        warehouse,
        "select page_url from staging.stg_web__events where event_id = ?",
        [builds["donor_event"]],
    ) == [("/re-delivered-earlier",)]


def test_other_parse_settings_ask_for_a_full_refresh(builds):
    """A file is parsed once, so a var that changes how rows parse (an event
    type added) would reach only new files: the run stops instead, naming the
    full refresh that re-parses everything."""
    workspace = builds["workspace"]
    workspace.reset_warehouse()
    shutil.copy(builds["full"], workspace.warehouse)
    run = workspace.run(
        builds["raw"],
        "build",
        "--select",
        "base_web__events",
        "--exclude",
        "resource_type:test",
        "resource_type:unit_test",
        "--vars",
        "{web_event_types: [page_view, product_view, add_to_cart, remove_from_cart, "
        "checkout_started, purchase, login, search, teleport]}",
        fresh=False,
    )
    assert run.returncode != 0
    assert "dbt build --full-refresh --select base_web__events+" in run.output, run.tail()
    again = workspace.run(
        builds["raw"],
        "build",
        "--select",
        "base_web__events",
        "--exclude",
        "resource_type:test",
        "resource_type:unit_test",
        fresh=False,
    )
    assert again.returncode == 0, again.tail()

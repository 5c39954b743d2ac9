"""Whole-build properties on real dbt builds of a small clean generated folder.

- Determinism: two builds of the same input (same JOURNEYMAP_AS_OF_DATE), the
  second with a different thread count, give identical marts: every table of
  the marts schema (`main`) has the same row count and the same
  order-independent checksum of its rows.
- Interrupted build: a build killed (SIGKILL, as a crash) part-way leaves only
  complete tables behind (each table present equals the clean build's), and a
  re-run on the same warehouse yields marts equal to the clean build's.

The builds run seeds and models (`dbt build` without data or unit tests: those
do not change the marts and are run by `make test-dbt`).
"""

from __future__ import annotations

import shutil
import time

import duckdb
import pytest
from _dbt_helpers import DbtResult, table_checksums

BUILD_ARGS = ("build", "--exclude", "resource_type:test", "resource_type:unit_test")
# Marts that are per build by design, so never equal between two builds:
# the build-over-build data-quality history appends one snapshot per build,
# audience changes record build ids and times (so do memberships' entered_at),
# and so does the identity map's change log.
PER_BUILD_MARTS = (
    "fct_data_quality_history",
    "audience_changes",
    "audience_memberships",
    "customer_identity_history",
)
MODEL_SCHEMAS = ("main", "staging", "intermediate", "reference")
# Kill once this many nodes have finished (seeds and the first staging tables).
KILL_AFTER_NODES = 12


@pytest.fixture(scope="module")
def clean_builds(base_raw, dbt_workspace, tmp_path_factory) -> tuple[DbtResult, DbtResult]:
    root = tmp_path_factory.mktemp("clean_builds")
    first = dbt_workspace.run(base_raw, *BUILD_ARGS, keep_as=root / "first.duckdb")
    assert first.returncode == 0, first.tail()
    second = dbt_workspace.run(
        base_raw, *BUILD_ARGS, "--threads", "4", keep_as=root / "second.duckdb"
    )
    assert second.returncode == 0, second.tail()
    return first, second


def _mart_checksums(warehouse) -> dict[str, tuple]:
    return table_checksums(warehouse, "main", exclude=PER_BUILD_MARTS)


def test_two_builds_give_identical_marts(clean_builds):
    first, second = clean_builds
    a, b = _mart_checksums(first.warehouse), _mart_checksums(second.warehouse)
    assert a, "no marts were built"
    assert set(a) == set(b)
    differing = {table: (a[table], b[table]) for table in a if a[table] != b[table]}
    assert not differing, f"marts differ between two builds of the same input: {differing}"


def test_identity_marts_are_in_the_comparison(clean_builds):
    """Guard: the comparison covers the public marts, not an empty schema."""
    marts = set(_mart_checksums(clean_builds[0].warehouse))
    assert {"customer_identity_map", "customer_profiles", "fct_quarantined_records"} <= marts, marts


def _finished_nodes(log_text: str) -> int:
    return sum(log_text.count(marker) for marker in (" OK created ", " OK loaded seed "))


def _relations(con: duckdb.DuckDBPyConnection) -> list[tuple[str, str, str]]:
    return con.execute(
        "select table_schema, table_name, table_type from information_schema.tables "
        "where table_schema in (select unnest(?))",
        [list(MODEL_SCHEMAS)],
    ).fetchall()


def test_interrupted_build_is_never_half_written_and_recovers(
    clean_builds, base_raw, dbt_workspace, tmp_path
):
    clean = clean_builds[0].warehouse
    log = dbt_workspace.logs / "dbt.log"
    offset = log.stat().st_size if log.exists() else 0

    proc = dbt_workspace.start(base_raw, *BUILD_ARGS)
    deadline = time.monotonic() + 600
    finished = 0
    while time.monotonic() < deadline and proc.poll() is None:
        if log.exists():
            with log.open(errors="replace") as handle:
                handle.seek(offset)
                finished = _finished_nodes(handle.read())
        if finished >= KILL_AFTER_NODES:
            break
        time.sleep(0.2)
    still_running = proc.poll() is None
    dbt_workspace.kill(proc)
    assert still_running, f"the build ended before it could be interrupted ({finished} nodes)"

    # What a reader sees after the crash: a copy of the warehouse as left behind.
    crashed = tmp_path / "crashed.duckdb"
    shutil.copy(dbt_workspace.warehouse, crashed)
    wal = dbt_workspace.warehouse.with_name(dbt_workspace.warehouse.name + ".wal")
    if wal.exists():
        shutil.copy(wal, str(crashed) + ".wal")
    with duckdb.connect(str(crashed)) as con:
        relations = _relations(con)
    tables = {(schema, name) for schema, name, kind in relations if kind == "BASE TABLE"}
    model_tables = {(s, n) for s, n in tables if "__dbt" not in n}
    assert model_tables, "the build was killed before any table was written"

    # every table readable under its real name is complete: equal to the clean build's
    incomplete = {}
    for schema in MODEL_SCHEMAS:
        left = table_checksums(crashed, schema)
        right = table_checksums(clean, schema)
        for name, checksum in left.items():
            if "__dbt" in name:
                continue
            if right.get(name) != checksum:
                incomplete[f"{schema}.{name}"] = (checksum, right.get(name))
    assert not incomplete, (
        f"tables readable after the crash differ from a clean build: {incomplete}"
    )
    clean_marts = _mart_checksums(clean)
    assert len([1 for s, n in model_tables if s == "main"]) < len(clean_marts), (
        "nothing was left to build"
    )

    # re-run on the same warehouse: complete and equal to the clean build
    rerun = dbt_workspace.run(base_raw, *BUILD_ARGS, fresh=False, keep_as=tmp_path / "rerun.duckdb")
    assert rerun.returncode == 0, rerun.tail()
    assert _mart_checksums(rerun.warehouse) == clean_marts
    with duckdb.connect(str(rerun.warehouse), read_only=True) as con:
        leftovers = [r for r in _relations(con) if "__dbt" in r[1]]
    assert not leftovers, f"temporary relations left after the re-run: {leftovers}"

"""The built demo warehouse the dashboard tests read.

`make test` runs `test-dbt` first, which builds artifacts/test/jm.duckdb from
2,000 generated persons (seed 7, the generator's default share of bad
input); the dashboard tests reuse it (copied, so a concurrent `make test-dbt`
cannot hold its lock under them). Run alone (plain `pytest`), they generate
and build the same data themselves, which takes a few minutes.
JOURNEYMAP_DASHBOARD_WAREHOUSE names another built warehouse to use.

The tests expect what that data gives: every page's charts non-empty (bad
input in the raw data, so quarantine charts have rows; enough buyers for
clusters and a VIP segment).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from _dbt_helpers import PROJECT, generate_raw

from dashboard import data as dashboard_data

MAKE_TEST_WAREHOUSE = PROJECT / "artifacts" / "test" / "jm.duckdb"
BUILD_ARGS = ("build", "--exclude", "resource_type:test", "resource_type:unit_test")
# The data `make test-dbt` builds (Makefile: TEST_PERSONS, seed 7).
PERSONS, SEED, BAD_RATE = 2000, 7, 0.02
ALL_TABLES = tuple(sorted({t for tables in dashboard_data.PAGE_TABLES.values() for t in tables}))

_built: dict[str, Path] = {}


def _complete(path: Path) -> bool:
    """A warehouse every page can read (an older or half-finished build is not)."""
    try:
        with dashboard_data.connect(path) as con:
            return not dashboard_data.missing_tables(con, ALL_TABLES + dashboard_data.CORE_TABLES)
    except dashboard_data.WarehouseUnavailable:
        return False


def demo_warehouse(tmp_root: Path, request) -> Path:
    """A copy of a complete built warehouse, made once per pytest session.
    `request`: the calling fixture's, to get the dbt workspace only when a
    build is needed."""
    if "path" in _built:
        return _built["path"]
    target = Path(tmp_root) / "dashboard.duckdb"
    explicit = os.environ.get("JOURNEYMAP_DASHBOARD_WAREHOUSE")
    for candidate in (Path(explicit) if explicit else None, MAKE_TEST_WAREHOUSE):
        if candidate is not None and candidate.exists() and _complete(candidate):
            shutil.copyfile(candidate, target)
            break
    else:
        workspace = request.getfixturevalue("dbt_workspace")
        raw = generate_raw(Path(tmp_root) / "raw", PERSONS, SEED, bad_rate=BAD_RATE)
        result = workspace.run(raw, *BUILD_ARGS, keep_as=target)
        assert result.returncode == 0, result.tail()
    assert _complete(target), f"{target} lacks some of {ALL_TABLES}"
    _built["path"] = target
    return target

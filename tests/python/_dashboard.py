"""The built demo warehouse the dashboard tests read.

`make test` runs `test-dbt` first, which builds artifacts/test/jm.duckdb from
2,000 generated persons; the dashboard tests reuse it (copied, so a
concurrent `make test-dbt` cannot hold its lock under them). Run alone (plain
`pytest`), they build one on the session's small base raw folder instead.
JOURNEYMAP_DASHBOARD_WAREHOUSE names another built warehouse to use.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from _dbt_helpers import PROJECT

from journeymap import dashboard_data

MAKE_TEST_WAREHOUSE = PROJECT / "artifacts" / "test" / "jm.duckdb"
BUILD_ARGS = ("build", "--exclude", "resource_type:test", "resource_type:unit_test")
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
    `request`: the calling fixture's, to get the build fixtures only when needed
    (generating the base raw folder is not free)."""
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
        base_raw = request.getfixturevalue("base_raw")
        result = workspace.run(base_raw, *BUILD_ARGS, keep_as=target)
        assert result.returncode == 0, result.tail()
    assert _complete(target), f"{target} lacks some of {ALL_TABLES}"
    _built["path"] = target
    return target

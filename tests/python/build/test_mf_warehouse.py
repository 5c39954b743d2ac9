"""`make mf` follows the warehouse in use (JOURNEYMAP_DUCKDB_PATH).

The semantic manifest names the DuckDB catalog of the build that wrote it,
the warehouse file's stem, so a plain `mf query` after a build to another
file reads a catalog that is not attached. `make mf ARGS=...` refreshes the
manifest for the current JOURNEYMAP_DUCKDB_PATH (dbt parse) and then runs
mf. Two warehouses (`alpha.duckdb`, `beta.duckdb`) are built from different
raw data into one project copy's target/ (as `make build` does); each is
queried right after a build of the other one, and the result must equal
the same count in SQL on that warehouse. The stale-manifest failure is
checked too, so the test shows the problem it guards against.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from _dbt_helpers import PROJECT, generate_raw, query

MF = Path(sys.executable).with_name("mf")
pytestmark = pytest.mark.skipif(not MF.exists(), reason="dbt-metricflow (mf) is not installed")

NOT_LINKED = {"target", "logs", "artifacts", "warehouse", "data", "dbt_packages"}
BUILD = (
    "build",
    "--select",
    "+fct_orders",
    "+metricflow_time_spine",
    "--exclude",
    "resource_type:test",
    "resource_type:unit_test",
)
COUNTED_ORDERS = "select count(*) from main.fct_orders where is_counted"


def _make(*args: str) -> list[str]:
    """`make <args>` that uses the virtualenv as it is: `-o` the Makefile's
    install stamp, so make never re-creates .venv (a checkout newer than the
    stamp would otherwise trigger it)."""
    # the Makefile's STAMP: md5 of requirements.txt and pyproject.toml, concatenated
    stamped = b"".join(
        (PROJECT / name).read_bytes() for name in ("requirements.txt", "pyproject.toml")
    )
    digest = hashlib.md5(stamped).hexdigest()[:12]
    return [
        shutil.which("make") or "make",
        "--no-print-directory",
        "-o",
        f".venv/.installed-{digest}",
        *args,
    ]


@pytest.fixture(scope="module")
def setup(dbt_workspace, base_raw, tmp_path_factory):
    root = tmp_path_factory.mktemp("mf_warehouse")
    project = root / "project"
    project.mkdir()
    for entry in PROJECT.iterdir():
        if entry.name in NOT_LINKED or (entry.name.startswith(".") and entry.name != ".venv"):
            continue
        (project / entry.name).symlink_to(entry)
    (project / "target").mkdir()
    raws = {
        "alpha": base_raw,
        "beta": generate_raw(root / "raw_beta", persons=120, seed=29),
    }
    warehouses = {name: root / f"{name}.duckdb" for name in raws}
    return project, raws, warehouses


def _build(dbt_workspace, setup, name: str) -> None:
    project, raws, warehouses = setup
    for path in (warehouses[name], Path(str(warehouses[name]) + ".wal")):
        path.unlink(missing_ok=True)
    result = dbt_workspace.run(
        raws[name],
        *BUILD,
        fresh=False,
        env={
            "JOURNEYMAP_DUCKDB_PATH": str(warehouses[name]),
            "DBT_TARGET_PATH": str(project / "target"),
        },
    )
    assert result.returncode == 0, result.tail()
    assert (project / "target" / "semantic_manifest.json").exists()


def _env(setup, name: str) -> dict[str, str]:
    project, raws, warehouses = setup
    env = dict(os.environ)
    env.update(
        {
            "JOURNEYMAP_DUCKDB_PATH": str(warehouses[name]),
            "JOURNEYMAP_RAW_DIR": str(raws[name]),
            "DBT_TARGET_PATH": str(project / "target"),
            "DBT_LOG_PATH": str(project.parent / "logs"),
            "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
        }
    )
    env.pop("MAKEFLAGS", None)
    return env


def _plain_mf(setup, name: str, out: Path) -> subprocess.CompletedProcess:
    project = setup[0]
    return subprocess.run(
        [str(MF), "query", "--metrics", "orders", "--csv", str(out)],
        cwd=project,
        env=_env(setup, name),
        capture_output=True,
        text=True,
        timeout=600,
    )


def _make_mf(setup, name: str, out: Path) -> subprocess.CompletedProcess:
    project = setup[0]
    return subprocess.run(
        _make("mf", f"ARGS=query --metrics orders --csv {out}"),
        cwd=project,
        env=_env(setup, name),
        capture_output=True,
        text=True,
        timeout=900,
    )


def _orders(out: Path) -> int:
    frame = pd.read_csv(out)
    assert len(frame) == 1, frame
    return int(frame["orders"].iloc[0])


def test_mf_queries_the_warehouse_in_use_after_another_build(dbt_workspace, setup):
    project, _, warehouses = setup
    _build(dbt_workspace, setup, "alpha")
    _build(dbt_workspace, setup, "beta")
    expected = {name: query(path, COUNTED_ORDERS)[0][0] for name, path in warehouses.items()}
    assert expected["alpha"] != expected["beta"] and min(expected.values()) > 0

    # the problem: the manifest of beta's build names catalog "beta"
    stale = _plain_mf(setup, "alpha", project / "stale.csv")
    assert stale.returncode != 0, stale.stdout[-2000:]
    assert "beta" in (stale.stdout + stale.stderr)

    out = project / "alpha.csv"
    proc = _make_mf(setup, "alpha", out)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    assert _orders(out) == expected["alpha"]

    # and the other way round, right after a build of alpha
    _build(dbt_workspace, setup, "alpha")
    out = project / "beta.csv"
    proc = _make_mf(setup, "beta", out)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    assert _orders(out) == expected["beta"]


def test_make_mf_says_what_to_do_without_a_warehouse(setup, tmp_path):
    project = setup[0]
    env = _env(setup, "alpha")
    env["JOURNEYMAP_DUCKDB_PATH"] = str(tmp_path / "missing.duckdb")
    proc = subprocess.run(
        _make("mf", "ARGS=list metrics"),
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode != 0
    assert "run make build" in proc.stdout + proc.stderr

"""Shared fixtures for the pytest files that drive real dbt builds.

- `dbt_workspace`: one DbtWorkspace for the session (see _dbt_helpers): builds
  run one after another with a fixed target and DuckDB path so dbt parses the
  project once, and each build's warehouse is moved aside to be inspected.
- `base_raw`: a small clean generated raw folder (no injected faults), made
  once per session; tests copy it and inject what they need. Read-only.
- `small_build`: one clean build of `base_raw` (seeds and models) shared by
  the tests that only read a warehouse and its manifest. Read-only.
"""

from __future__ import annotations

import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _dbt_helpers import DbtWorkspace, generate_raw  # noqa: E402

BASE_PERSONS = 200
BASE_SEED = 11


@pytest.fixture(scope="session")
def dbt_workspace(tmp_path_factory) -> DbtWorkspace:
    return DbtWorkspace(tmp_path_factory.mktemp("dbt_workspace"))


@pytest.fixture(scope="session")
def base_raw(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("base_raw") / "raw"
    return generate_raw(out, persons=BASE_PERSONS, seed=BASE_SEED, bad_rate=0.0)


@dataclass
class SmallBuild:
    """A clean build of `base_raw` (seeds and models): its warehouse and a copy
    of the artifacts it wrote (the workspace's target is reused by later builds)."""

    warehouse: Path
    artifacts: Path


@pytest.fixture(scope="session")
def small_build(base_raw, dbt_workspace, tmp_path_factory) -> SmallBuild:
    root = tmp_path_factory.mktemp("small_build")
    result = dbt_workspace.run(
        base_raw,
        "build",
        "--exclude",
        "resource_type:test",
        "resource_type:unit_test",
        keep_as=root / "jm.duckdb",
    )
    assert result.returncode == 0, result.tail()
    artifacts = root / "target"
    artifacts.mkdir()
    for name in ("manifest.json", "semantic_manifest.json"):
        shutil.copy(dbt_workspace.target / name, artifacts / name)
    return SmallBuild(result.warehouse, artifacts)

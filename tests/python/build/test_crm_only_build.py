"""A CRM-only de-duplication job is a supported use: every raw table but
crm_contacts empty (required ones present with zero rows, optional ones
absent), no as-of date configured. The whole DAG, Python models included,
must build and test green, and identity must still resolve the contacts."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from _dbt_helpers import PROJECT, DbtWorkspace, query


def test_crm_only_folder_builds_end_to_end(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "journeymap.generator",
            "--persons",
            "300",
            "--seed",
            "5",
            "--profile",
            "crm_only",
            "--out",
            str(raw),
            "--quiet",
        ],
        cwd=PROJECT,
        check=True,
        capture_output=True,
        text=True,
    )
    workspace = DbtWorkspace(tmp_path / "dbt")
    # no as-of date: with no orders or events it is NULL, which every model must survive
    result = workspace.run(raw, "build", env={"JOURNEYMAP_AS_OF_DATE": ""})

    assert result.returncode == 0, result.tail()
    assert result.failures() == {}
    warehouse = workspace.warehouse
    contacts = query(warehouse, "select count(*) from staging.stg_crm__contacts")[0][0]
    mapped = query(
        warehouse,
        "select count(*), count(distinct customer_id) from main.customer_identity_map "
        "where source_table = 'crm_contacts'",
    )[0]
    assert contacts > 0
    assert mapped[0] > 0 and mapped[1] < mapped[0], "CRM records should be de-duplicated"
    assert query(warehouse, "select count(*) from main.customer_rfm")[0][0] == 0
    assert query(warehouse, "select count(*) from main.customer_cluster_evaluation")[0][0] == 0

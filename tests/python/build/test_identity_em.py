"""EM of the identity model (macro identity_em) on planted mixtures.

`identity_em_selftest` writes the exact expected comparison-pattern counts of
a known mixture (match / non-match, and with households a third class whose
first name and birth date agree only at random rates), runs the same EM the
build runs and fails unless every planted m, h and prior comes back within
0.01. Slow-ish: each case runs dbt once.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[3]
DBT = str(Path(sys.executable).with_name("dbt"))


def run_operation(work: Path, *args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ)
    env.update(
        {
            "DBT_TARGET_PATH": str(work / "target"),
            "DBT_LOG_PATH": str(work / "logs"),
            "JOURNEYMAP_DUCKDB_PATH": str(work / "jm.duckdb"),
            "JOURNEYMAP_RAW_DIR": str(work),
        }
    )
    return subprocess.run(
        [DBT, "run-operation", "identity_em_selftest", *args],
        cwd=PROJECT,
        env=env,
        capture_output=True,
        text=True,
    )


@pytest.mark.parametrize("households", [False, True])
def test_em_recovers_planted_mixture(tmp_path, households):
    result = run_operation(tmp_path, "--args", f"{{households: {str(households).lower()}}}")
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert "identity_em_selftest passed" in result.stdout


def test_em_selftest_can_fail(tmp_path):
    """The check is real: a tolerance no estimate can meet makes it fail."""
    result = run_operation(tmp_path, "--args", "{households: false, tolerance: -1}")
    assert result.returncode != 0
    assert "identity_em_selftest failed" in result.stdout

"""Self-test of the expect_* generic tests in macros/tests/expectations.

Runs `dbt build` once in integration_tests/ (a tiny dbt project whose
macro-paths point at the real ../macros) and checks target/run_results.json
against the tags of each test: `expect_pass` tests must pass, `expect_fail`
tests must fail (status 'fail', not 'error' = broken SQL), every fixture
model must build, and every test macro must have instances of both kinds.

dbt exits non-zero because some tests fail on purpose; that is expected.
Everything (DuckDB file, target/, logs/) goes to a temporary folder, so the
run neither touches the repo nor clashes with a parallel run. No network,
no `dbt deps` (the project has no packages).

Optional: JM_IT_SPARK_DBT=/path/to/dbt (a dbt with dbt-spark[session] and
pyspark, plus a JDK) also runs the same project on an in-process Spark.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parents[3]
PROJECT = REPO / "integration_tests"
EXPECTATIONS = REPO / "macros" / "tests" / "expectations"
MACROS_DOC = REPO / "macros" / "tests" / "_expectations__macros.yml"
PASS_TAG, FAIL_TAG = "expect_pass", "expect_fail"
TEST_DEF = re.compile(r"{%-?\s*test\s+(\w+)\s*\(([^)]*)\)", re.S)


def _venv_dbt() -> str:
    candidate = Path(sys.executable).with_name("dbt")
    return str(candidate) if candidate.exists() else "dbt"


def _test_macros() -> dict[str, list[str]]:
    """{test name: [argument names]} from the {% test %} blocks."""
    found: dict[str, list[str]] = {}
    for path in sorted(EXPECTATIONS.glob("*.sql")):
        for name, args in TEST_DEF.findall(path.read_text()):
            found[name] = [a.split("=")[0].strip() for a in args.split(",") if a.strip()]
    return found


def _run_build(dbt: str, out: Path, target: str, timeout: int) -> dict:
    out.mkdir(parents=True, exist_ok=True)
    env = {
        **os.environ,
        "DO_NOT_TRACK": "1",
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
        "JM_IT_TARGET": target,
        "JM_IT_DUCKDB_PATH": str(out / "jm_it.duckdb"),
    }
    target_path = out / "target"
    cmd = [
        dbt,
        "build",
        "--project-dir",
        str(PROJECT),
        "--profiles-dir",
        str(PROJECT),
        "--target-path",
        str(target_path),
        "--log-path",
        str(out / "logs"),
        "--no-partial-parse",
    ]
    # cwd = out: Spark's session mode writes spark-warehouse/ into the cwd.
    proc = subprocess.run(cmd, cwd=out, env=env, capture_output=True, text=True, timeout=timeout)
    results_file = target_path / "run_results.json"
    assert results_file.exists(), (
        f"dbt build wrote no run_results.json\n{proc.stdout[-4000:]}\n{proc.stderr[-2000:]}"
    )
    return {
        "returncode": proc.returncode,
        "stdout": proc.stdout,
        "run_results": json.loads(results_file.read_text()),
        "manifest": json.loads((target_path / "manifest.json").read_text()),
    }


def _outcomes(build: dict) -> dict:
    manifest = build["manifest"]
    statuses = {r["unique_id"]: r for r in build["run_results"]["results"]}
    tests, others = [], []
    for unique_id, node in manifest["nodes"].items():
        if node["resource_type"] == "test":
            tests.append((node, statuses.get(unique_id)))
        elif node["resource_type"] in ("model", "seed"):
            others.append((node, statuses.get(unique_id)))
    return {"tests": tests, "others": others}


def _problems(build: dict) -> list[str]:
    out = _outcomes(build)
    problems = []
    for node, result in out["others"]:
        if result is None or result["status"] != "success":
            problems.append(
                f"{node['name']}: {result and result['status']} {result and result['message']}"
            )
    for node, result in out["tests"]:
        tags = set(node["tags"]) & {PASS_TAG, FAIL_TAG}
        if len(tags) != 1:
            problems.append(
                f"{node['name']}: needs exactly one of {PASS_TAG}/{FAIL_TAG}, has {sorted(tags)}"
            )
            continue
        expected = "pass" if PASS_TAG in tags else "fail"
        status = result and result["status"]
        if status != expected:
            message = (result and result["message"]) or "not run"
            problems.append(f"{node['name']}: expected {expected}, got {status}: {message[:500]}")
        elif expected == "fail" and not result.get("failures"):
            problems.append(f"{node['name']}: failed without failing rows")
    return problems


@pytest.fixture(scope="module")
def duckdb_build(tmp_path_factory) -> dict:
    return _run_build(_venv_dbt(), tmp_path_factory.mktemp("jm_it_duckdb"), "duckdb", timeout=300)


def test_every_test_has_the_expected_outcome(duckdb_build):
    problems = _problems(duckdb_build)
    assert not problems, "\n".join(problems)


def test_build_fails_only_because_of_expected_failures(duckdb_build):
    # Some tests fail on purpose, so dbt exits 1 (not 2 = crash).
    assert duckdb_build["returncode"] == 1, duckdb_build["stdout"][-4000:]
    assert any(r["status"] == "fail" for r in duckdb_build["run_results"]["results"])


def test_every_macro_has_a_passing_and_a_failing_instance(duckdb_build):
    macros = _test_macros()
    assert len(macros) >= 13, sorted(macros)
    kinds: dict[str, set[str]] = {name: set() for name in macros}
    for node, _ in _outcomes(duckdb_build)["tests"]:
        name = (node.get("test_metadata") or {}).get("name")
        if name in kinds:
            kinds[name] |= set(node["tags"]) & {PASS_TAG, FAIL_TAG}
    missing = {
        name: sorted({PASS_TAG, FAIL_TAG} - got)
        for name, got in kinds.items()
        if got != {PASS_TAG, FAIL_TAG}
    }
    assert not missing, f"test macros without both kinds of instance: {missing}"


def test_every_macro_and_argument_is_documented():
    doc = yaml.safe_load(MACROS_DOC.read_text())
    documented = {m["name"]: [a["name"] for a in m.get("arguments", [])] for m in doc["macros"]}
    for name, args in _test_macros().items():
        key = f"test_{name}"
        assert key in documented, f"{key} missing from {MACROS_DOC.name}"
        assert documented[key] == args, f"{key}: documented {documented[key]} != signature {args}"
    assert "regexp_like" in documented


@pytest.mark.skipif(
    not os.environ.get("JM_IT_SPARK_DBT"),
    reason="set JM_IT_SPARK_DBT to a dbt with dbt-spark[session]",
)
def test_same_outcomes_on_spark(tmp_path):
    build = _run_build(os.environ["JM_IT_SPARK_DBT"], tmp_path, "spark", timeout=1200)
    problems = _problems(build)
    assert not problems, "\n".join(problems)

"""Run one dbt command on several raw folders in one process, parsing once.

    python _dbt_batch.py <spec.json> <results.json>

spec: {"args": ["run", "--select", "..."], "cases": {"<name>": "<raw dir>", ...}}
results: {"<name>": {"success": bool, "message": str}, ...}

For the builds that must stop in `on-run-start` (a required raw table or
column missing, a file that is not Parquet/CSV): each would otherwise cost a
full dbt start-up and (partial) parse, while the failure itself takes a second.
The raw folder is read at run time (`var('raw_dir')` from the environment),
so one parsed manifest serves every case. Run from the project root with the
target/log/warehouse environment already set (see _dbt_helpers.DbtWorkspace).
"""

from __future__ import annotations

import json
import os
import sys
import traceback

from dbt.cli.main import dbtRunner


def main(spec_path: str, results_path: str) -> None:
    with open(spec_path) as handle:
        spec = json.load(handle)
    parsed = dbtRunner().invoke(["parse", "--quiet"])
    if not parsed.success:
        raise SystemExit(f"dbt parse failed: {parsed.exception}")
    runner = dbtRunner(manifest=parsed.result)
    results = {}
    for name, raw_dir in spec["cases"].items():
        os.environ["JOURNEYMAP_RAW_DIR"] = raw_dir
        try:
            outcome = runner.invoke(list(spec["args"]))
            messages = [str(outcome.exception or "")]
            for node in getattr(outcome.result, "results", None) or []:
                if node.status not in ("success", "pass"):
                    messages.append(f"{node.node.unique_id}: {node.message}")
            results[name] = {"success": bool(outcome.success), "message": "\n".join(messages)}
        except Exception:  # noqa: BLE001 - reported to the test, which decides
            results[name] = {"success": False, "message": traceback.format_exc()}
    with open(results_path, "w") as handle:
        json.dump(results, handle)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])

"""Benchmark the whole build at scale and journeymap's identity against Splink.

    python -m journeymap.bench --persons 1000000          # make bench
    python -m journeymap.bench --quick                    # 100,000 persons (make bench-quick)
    python -m journeymap.bench --raw-dir /data/raw1m      # reuse generated raw data

Figures, not a timed test. Steps, each printed with its time:

1. generate raw data (skipped with --raw-dir, or when <work-dir>/source-raw
   already holds a generator output of the same persons and seed);
2. split it into every day but the last, and the last day (journeymap.bench.daycut);
3. floor: a fresh DuckDB reads every raw table of the build's raw folder once,
   decoding every value of every column (`sum(strlen(column))` over all columns;
   no writes; OS file cache warmed first, as it is for dbt);
4. full build: `dbt build` (models, seeds, snapshots, tests) on a new warehouse,
   under a peak-memory probe (resident memory of dbt's process tree, sampled
   from /proc, and the largest process's maximum from the kernel);
   then the identity stage alone: the identity models (models/intermediate/
   identity and customer_identity_map) rebuilt on the staged data, tests
   excluded, timed the same way (dbt start-up included);
5. daily run: the last day appended, then the run a team schedules every day:
   `dbt build --selector daily` (selectors.yml; with no `daily` selector there,
   a plain `dbt build` without --full-refresh), with the identity models'
   share of it; `--also-plain-incremental` adds a plain `dbt build` after it;
6. identity: Splink (in its own virtualenv, .venv-bench) de-duplicates the raw
   CRM contacts; journeymap resolves the same CRM-only input
   (`dbt build -s +customer_identity_map`, tests excluded); both are scored
   pairwise against truth_identities on the same CRM records;
7. Spark (with --spark): the same raw folder (all days) built on local Spark
   (dbt-spark `method: session`, .venv-spark), as `make test-spark` does;
8. a summary with the targets, also written to <work-dir>/bench.json.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import re
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import duckdb

from journeymap.bench.daycut import SplitPlan, append_last_day, prepare_split, scan_expression
from journeymap.evaluate import PairMetrics, pair_metrics_from_cells

PROJECT = Path(__file__).resolve().parents[2]
DEFAULT_PERSONS = 1_000_000
QUICK_PERSONS = 100_000
GIB = 1024**3
MIB = 1024**2
TRUTH = "truth_identities"
# Targets of issue #7 (2-core, 24 GiB machine, 1,000,000 persons).
TARGET_FULL_SECONDS = 300.0
TARGET_FLOOR_RATIO = 10.0
TARGET_INCREMENTAL_RATIO = 0.10
TARGET_PEAK_BYTES = 12 * GIB
TARGET_IDENTITY_STAGE_SECONDS = 180.0
# issue #17: incremental identity on one day's new records
TARGET_DAILY_IDENTITY_SECONDS = 15.0
DAILY_SELECTOR = "daily"
# the identity stage: every identity model, on the staging tables a build left
IDENTITY_STAGE_SELECTOR = ["path:models/intermediate/identity", "customer_identity_map"]
LAYERS = ("staging", "intermediate", "marts", "ml", "seeds", "snapshots", "tests", "hooks", "other")


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def fmt_seconds(seconds: float) -> str:
    if seconds < 60:
        return f"{seconds:.1f} s"
    minutes, rest = divmod(int(round(seconds)), 60)
    return f"{minutes}m{rest:02d}s"


def fmt_bytes(n: float) -> str:
    for unit, size in (("GiB", GIB), ("MiB", MIB), ("KiB", 1024)):
        if n >= size:
            return f"{n / size:.1f} {unit}"
    return f"{int(n)} B"


# ----------------------------------------------------------------- raw data
def raw_tables(raw_dir: Path) -> dict[str, list[Path]]:
    """The contract tables found in a raw folder (truth and manifest left out)."""
    from journeymap.bench.daycut import table_files
    from journeymap.generator import CONTRACT

    return {name: files for name, files in table_files(raw_dir).items() if name in CONTRACT}


def raw_size(raw_dir: Path) -> tuple[int, int]:
    """(bytes, files) of the contract tables in a raw folder."""
    files = [f for fs in raw_tables(raw_dir).values() for f in fs]
    return sum(f.stat().st_size for f in files), len(files)


def floor_query(scan: str, columns: Iterable[str]) -> str:
    """One pass over a table decoding every value: row count + byte length of each column."""
    parts = ["count(*)"] + [f'sum(strlen(cast("{c}" as varchar)))' for c in columns]
    return f"select {', '.join(parts)} from {scan}"


def warm_cache(files: Iterable[Path]) -> None:
    """Read files once so the timed floor, like dbt after it, meets a warm OS cache."""
    for f in files:
        with open(f, "rb") as handle:
            while handle.read(16 * MIB):
                pass


def measure_floor(raw_dir: Path, threads: int | None = None) -> dict[str, Any]:
    """Seconds a fresh in-memory DuckDB takes to read every raw table once (all columns)."""
    tables = raw_tables(raw_dir)
    if not tables:
        raise SystemExit(f"no raw tables found in {raw_dir}; point --raw-dir at a raw folder")
    warm_cache(f for fs in tables.values() for f in fs)
    con = duckdb.connect()
    if threads:
        con.execute(f"set threads = {int(threads)}")
    per_table: dict[str, dict[str, float]] = {}
    started = time.perf_counter()
    try:
        for name, files in tables.items():
            scan = scan_expression(files)
            columns = [row[0] for row in con.execute(f"describe select * from {scan}").fetchall()]
            t0 = time.perf_counter()
            rows = con.execute(floor_query(scan, columns)).fetchall()[0][0]
            per_table[name] = {"rows": int(rows), "seconds": round(time.perf_counter() - t0, 3)}
    finally:
        con.close()
    return {
        "seconds": round(time.perf_counter() - started, 2),
        "definition": "fresh in-memory DuckDB, warm OS cache: for every raw table, "
        "count(*) and sum(strlen(column)) over every column (every value decoded once, "
        "nothing written)",
        "tables": per_table,
        "rows": sum(int(t["rows"]) for t in per_table.values()),
    }


# ----------------------------------------------------------------- running dbt under a probe
def _children_map() -> dict[int, list[int]]:
    children: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat") as handle:
                stat = handle.read()
        except OSError:
            continue
        # the command name (field 2) is in parentheses and may hold spaces
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        children.setdefault(ppid, []).append(int(entry.name))
    return children


def _rss_bytes(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status") as handle:
            for line in handle:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def tree_rss(root: int) -> int:
    """Resident bytes of a process and all its descendants, now (Linux /proc)."""
    children = _children_map()
    total, stack = 0, [root]
    while stack:
        pid = stack.pop()
        total += _rss_bytes(pid)
        stack.extend(children.get(pid, ()))
    return total


DBT_NODE_DONE = re.compile(
    r"\b(\d+) of (\d+) (OK|PASS|WARN|ERROR|FAIL|SKIP|NO-OP)\b\s*(.*?)(?:\s+\.{2,}|\s+\[|$)"
)
ANSI = re.compile(r"\x1b\[[0-9;]*m")


def node_name_from_line(line: str) -> str | None:
    """The node a dbt "N of M OK created sql table model main.x" line finished, or None."""
    match = DBT_NODE_DONE.search(ANSI.sub("", line))
    if not match:
        return None
    words = match.group(4).split()
    return words[-1].split(".")[-1] if words else ""


def reference_seconds(run_results: dict) -> dict[str, float]:
    """Node name (as dbt prints it) -> seconds, from a previous run_results.json."""
    out: dict[str, float] = {}
    for result in run_results.get("results", []):
        parts = result["unique_id"].split(".")
        name = (
            f"{parts[2]}::{parts[3]}"
            if parts[0] == "unit_test" and len(parts) > 3
            else parts[2]
            if len(parts) > 2
            else parts[-1]
        )
        out[name] = float(result.get("execution_time") or 0.0)
    return out


class BuildProgress:
    """Share of a dbt build done: by a previous run's node times when known, else by nodes."""

    def __init__(self, reference: dict[str, float] | None = None) -> None:
        self.reference = reference or {}
        self.reference_total = sum(self.reference.values())
        self.default = (self.reference_total / len(self.reference)) if self.reference else 0.0
        self.nodes = 0
        self.total = 0
        self.weight_done = 0.0

    def feed(self, line: str) -> None:
        name = node_name_from_line(line)
        if name is None:
            return
        self.nodes += 1
        match = DBT_NODE_DONE.search(ANSI.sub("", line))
        self.total = int(match.group(2)) if match else self.total
        self.weight_done += self.reference.get(name, self.default)

    def eta(self, elapsed: float) -> tuple[float, str] | None:
        if self.reference_total and self.weight_done:
            left = max(self.reference_total - self.weight_done, 0.0)
            return elapsed * left / self.weight_done, "by the previous run's node times"
        if self.total and self.nodes:
            return elapsed * max(self.total - self.nodes, 0) / self.nodes, "by nodes done"
        return None


@dataclass
class Monitored:
    label: str
    command: list[str]
    returncode: int
    seconds: float
    peak_tree_rss: int
    peak_process_rss: int
    log_path: str

    @property
    def peak_bytes(self) -> int:
        return max(self.peak_tree_rss, self.peak_process_rss)


def run_monitored(
    label: str,
    command: list[str],
    env: dict[str, str],
    log_path: Path,
    cwd: Path = PROJECT,
    expected_seconds: float | None = None,
    reference: dict[str, float] | None = None,
    report_every: float = 15.0,
) -> Monitored:
    """Run a command, tee its output to `log_path`, sample its tree's RSS, print progress.

    The ETA comes from dbt's "N of M" lines, weighted by a previous run's node
    times (`reference`) when given, else from `expected_seconds`.
    """
    log_path.parent.mkdir(parents=True, exist_ok=True)
    progress = BuildProgress(reference)

    started = time.perf_counter()
    with open(log_path, "w") as sink:
        process = subprocess.Popen(
            command,
            cwd=cwd,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            bufsize=1,
        )

        def pump() -> None:
            assert process.stdout is not None
            for line in process.stdout:
                sink.write(line)
                progress.feed(line)

        reader = threading.Thread(target=pump, daemon=True)
        reader.start()
        peak_tree = 0
        last_report = started
        rusage = None
        while True:
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                rusage = usage
                process.returncode = os.waitstatus_to_exitcode(status)
                break
            peak_tree = max(peak_tree, tree_rss(process.pid))
            now = time.perf_counter()
            if now - last_report >= report_every:
                last_report = now
                log(_progress_line(label, now - started, progress, expected_seconds, peak_tree))
            time.sleep(0.25)
        reader.join(timeout=10)
    seconds = time.perf_counter() - started
    peak_process = int(rusage.ru_maxrss) * 1024 if rusage else 0
    return Monitored(
        label,
        command,
        process.returncode,
        round(seconds, 2),
        peak_tree,
        peak_process,
        str(log_path),
    )


def _progress_line(
    label: str, elapsed: float, progress: BuildProgress, expected: float | None, peak: int
) -> str:
    parts = [f"  [{label}] {fmt_seconds(elapsed)} elapsed"]
    if progress.nodes:
        parts.append(f"{progress.nodes} nodes done")
    eta = progress.eta(elapsed)
    if eta:
        parts.append(f"ETA ~{fmt_seconds(eta[0])} ({eta[1]})")
    elif expected:
        parts.append(f"ETA ~{fmt_seconds(max(expected - elapsed, 0))} (expected)")
    parts.append(f"peak memory so far {fmt_bytes(peak)}")
    return ", ".join(parts)


# ----------------------------------------------------------------- run_results
@dataclass
class NodeTiming:
    unique_id: str
    name: str
    resource_type: str
    layer: str
    status: str
    seconds: float
    # the node's file (models/..., python_models/...), when the manifest was read
    path: str = ""


def layer_of(resource_type: str, path: str | None, name: str) -> str:
    """staging / intermediate / marts / ml / seeds / snapshots / tests / other."""
    if resource_type in ("test", "unit_test"):
        return "tests"
    if resource_type == "seed":
        return "seeds"
    if resource_type == "snapshot":
        return "snapshots"
    if resource_type == "operation":
        return "hooks"
    if resource_type != "model":
        return "other"
    if path:
        parts = Path(path).parts
        if parts and parts[0] == "python_models":
            return "ml"
        if len(parts) > 1 and parts[0] == "models" and parts[1] in LAYERS:
            return parts[1]
    for prefix, layer in (("base_", "staging"), ("stg_", "staging"), ("int_", "intermediate")):
        if name.startswith(prefix):
            return layer
    return "marts"


def parse_run_results(run_results: dict, manifest: dict | None = None) -> list[NodeTiming]:
    """Per-node execution times from a dbt run_results.json (paths from manifest.json)."""
    nodes = (manifest or {}).get("nodes", {})
    out = []
    for result in run_results.get("results", []):
        unique_id = result["unique_id"]
        kind = unique_id.split(".")[0]
        node = nodes.get(unique_id, {})
        name = node.get("name") or unique_id.split(".")[-1]
        out.append(
            NodeTiming(
                unique_id=unique_id,
                name=name,
                resource_type=kind,
                layer=layer_of(kind, node.get("original_file_path"), name),
                status=str(result.get("status")),
                seconds=float(result.get("execution_time") or 0.0),
                path=str(node.get("original_file_path") or ""),
            )
        )
    return out


def layer_totals(nodes: Iterable[NodeTiming]) -> dict[str, dict[str, float]]:
    totals: dict[str, dict[str, float]] = {}
    for node in nodes:
        entry = totals.setdefault(node.layer, {"nodes": 0, "seconds": 0.0})
        entry["nodes"] += 1
        entry["seconds"] = round(entry["seconds"] + node.seconds, 3)
    return {layer: totals[layer] for layer in LAYERS if layer in totals}


def read_build_results(target: Path) -> list[NodeTiming]:
    results_path = target / "run_results.json"
    if not results_path.is_file():
        return []
    manifest_path = target / "manifest.json"
    manifest = json.loads(manifest_path.read_text()) if manifest_path.is_file() else None
    return parse_run_results(json.loads(results_path.read_text()), manifest)


def failed_nodes(nodes: Iterable[NodeTiming]) -> list[str]:
    return [f"{n.name} ({n.status})" for n in nodes if n.status in ("error", "fail")]


# ----------------------------------------------------------------- identity scoring
def crm_pair_metrics(
    truth_files: list[Path], warehouse: Path, splink_clusters: Path | None
) -> dict[str, Any]:
    """Pairwise P/R/F1 of journeymap and Splink on the same CRM records.

    The universe is the CRM records known to the truth that both tools
    clustered (journeymap leaves out quarantined and erased records; Splink
    records without an id). Coverage counts say how many each tool had.
    """
    con = duckdb.connect()
    try:
        con.execute(f"attach '{warehouse}' as jm (read_only)")
        schema = con.execute(
            "select table_schema from information_schema.tables where table_catalog = 'jm' "
            "and table_name = 'customer_identity_map'"
        ).fetchall()
        if not schema:
            raise SystemExit(
                f"customer_identity_map not found in {warehouse}: the identity "
                "build failed; see its log in the work folder."
            )
        con.execute(
            f"""
            create temp table truth as
            select trim(cast(source_record_id as varchar)) as record_id,
                   cast(person_id as varchar) as person_id
            from {scan_expression(truth_files)}
            where trim(cast(source_table as varchar)) = 'crm_contacts'
            """
        )
        con.execute(
            f"""
            create temp table jm_map as
            select source_record_id as record_id, customer_id as cluster_id
            from jm."{schema[0][0]}".customer_identity_map
            where source_table = 'crm_contacts'
            """
        )
        sources = ["jm_map"]
        if splink_clusters is not None:
            con.execute(
                f"create temp table splink_map as select unique_id as record_id, cluster_id "
                f"from read_parquet('{splink_clusters}')"
            )
            sources.append("splink_map")
        joins = " ".join(f"inner join {s} on truth.record_id = {s}.record_id" for s in sources)
        con.execute(f"create temp table universe as select truth.* from truth {joins}")
        coverage = {
            "truth_crm_records": con.execute("select count(*) from truth").fetchall()[0][0],
            "journeymap_records": con.execute("select count(*) from jm_map").fetchall()[0][0],
            "evaluated_records": con.execute("select count(*) from universe").fetchall()[0][0],
        }
        if splink_clusters is not None:
            coverage["splink_records"] = con.execute("select count(*) from splink_map").fetchall()[
                0
            ][0]
        metrics: dict[str, PairMetrics] = {}
        for tool, table in (("journeymap", "jm_map"), ("splink", "splink_map")):
            if table not in sources:
                continue
            cells = con.execute(
                f"select m.cluster_id, u.person_id, count(*) from universe as u "
                f"inner join {table} as m on u.record_id = m.record_id group by 1, 2"
            ).fetchall()
            metrics[tool] = pair_metrics_from_cells(tool, cells)
    finally:
        con.close()
    return {"coverage": coverage, "metrics": {k: v.as_dict() for k, v in metrics.items()}}


def write_crm_only_raw(src: Path, dst: Path) -> None:
    """A raw folder with src's crm_contacts and the other required tables empty."""
    import pyarrow.parquet as pq

    from journeymap.bench.daycut import _link, table_files
    from journeymap.generator import CONTRACT, schema_of

    if dst.exists():
        shutil.rmtree(dst)
    dst.mkdir(parents=True)
    files = table_files(src).get("crm_contacts")
    if not files:
        raise SystemExit(f"crm_contacts not found in {src}")
    for f in files:
        _link(f, dst / f.relative_to(src))
    for name, (required, _columns) in CONTRACT.items():
        if required and name != "crm_contacts":
            pq.write_table(schema_of(name).empty_table(), dst / f"{name}.parquet")


# ----------------------------------------------------------------- the benchmark
@dataclass
class BenchConfig:
    persons: int
    seed: int
    work_dir: Path
    raw_dir: Path | None
    skip_splink: bool
    skip_incremental: bool
    splink_python: Path
    splink_threshold: float
    threads: int
    top: int = 15
    spark: bool = False
    spark_python: Path = PROJECT / ".venv-spark/bin/python"
    also_plain_incremental: bool = False


@dataclass
class BenchReport:
    config: dict[str, Any]
    steps: dict[str, Any] = field(default_factory=dict)
    targets: list[dict[str, Any]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def dbt_env(raw_dir: Path, warehouse: Path, target: Path, logs: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        {
            "JOURNEYMAP_RAW_DIR": str(raw_dir),
            "JOURNEYMAP_DUCKDB_PATH": str(warehouse),
            "DBT_TARGET_PATH": str(target),
            "DBT_LOG_PATH": str(logs),
            "JOURNEYMAP_AS_OF_DATE": "",
        }
    )
    return env


def dbt_executable() -> str:
    dbt = Path(sys.executable).with_name("dbt")
    if not dbt.exists():
        raise SystemExit(
            f"dbt not found beside {sys.executable}; run `make venv` and use "
            ".venv/bin/python (make bench does)."
        )
    return str(dbt)


def _source_raw(cfg: BenchConfig, echo: Callable[[str], None]) -> tuple[Path, dict[str, Any]]:
    if cfg.raw_dir is not None:
        if (
            not (cfg.raw_dir / "crm_contacts.parquet").exists()
            and not (cfg.raw_dir / "crm_contacts").is_dir()
            and not (cfg.raw_dir / "crm_contacts.csv").exists()
        ):
            raise SystemExit(
                f"--raw-dir {cfg.raw_dir} holds no crm_contacts; point it at a raw "
                "folder or leave it out to generate one."
            )
        info: dict[str, Any] = {"generated": False, "raw_dir": str(cfg.raw_dir)}
        manifest = cfg.raw_dir / "generation_manifest.json"
        if manifest.is_file():
            info["persons"] = json.loads(manifest.read_text()).get("persons")
        echo(
            f"1. generate: skipped, reading {cfg.raw_dir}"
            + (f" ({info['persons']:,} persons)" if info.get("persons") else "")
        )
        return cfg.raw_dir, info
    from journeymap.generator import MANIFEST, generate

    out = cfg.work_dir / "source-raw"
    manifest_path = out / MANIFEST
    if manifest_path.is_file():
        manifest = json.loads(manifest_path.read_text())
        if manifest.get("persons") == cfg.persons and manifest.get("seed") == cfg.seed:
            echo(f"1. generate: reusing {out} ({cfg.persons:,} persons, seed {cfg.seed})")
            return out, {
                "generated": False,
                "raw_dir": str(out),
                "reused": True,
                "persons": cfg.persons,
            }
    echo(f"1. generate: {cfg.persons:,} persons, seed {cfg.seed} -> {out}")
    t0 = time.perf_counter()
    generate(persons=cfg.persons, seed=cfg.seed, out=out, quiet=False, force=True)
    seconds = round(time.perf_counter() - t0, 1)
    echo(f"   generated in {fmt_seconds(seconds)}")
    return out, {"generated": True, "raw_dir": str(out), "seconds": seconds, "persons": cfg.persons}


def _truth_files(raw_dir: Path) -> list[Path]:
    from journeymap.bench.daycut import table_files

    files = table_files(raw_dir).get(TRUTH)
    if not files:
        raise SystemExit(
            f"{TRUTH} not found in {raw_dir}: identity F1 needs the generator's "
            "truth; pass --skip-splink for raw data without it."
        )
    return files


def _print_build(
    echo: Callable[[str], None], run: Monitored, nodes: list[NodeTiming], top: int
) -> dict[str, Any]:
    totals = layer_totals(nodes)
    models = sorted((n for n in nodes if n.resource_type == "model"), key=lambda n: -n.seconds)
    echo(
        f"   wall {fmt_seconds(run.seconds)}, peak memory {fmt_bytes(run.peak_bytes)} "
        f"(process tree {fmt_bytes(run.peak_tree_rss)}, largest process "
        f"{fmt_bytes(run.peak_process_rss)}), {len(nodes)} nodes"
    )
    echo("   per layer (sum of node times; 2 dbt threads run nodes side by side):")
    for layer, entry in totals.items():
        echo(f"     {layer:<14}{int(entry['nodes']):>5} nodes {entry['seconds']:>9.1f} s")
    echo(f"   top {top} models:")
    for node in models[:top]:
        echo(f"     {node.seconds:>8.1f} s  {node.layer:<13}{node.name}")
    return {
        "seconds": run.seconds,
        "returncode": run.returncode,
        "peak_bytes": run.peak_bytes,
        "peak_tree_rss_bytes": run.peak_tree_rss,
        "peak_process_rss_bytes": run.peak_process_rss,
        "log": run.log_path,
        "nodes": len(nodes),
        "layers": totals,
        "top_models": [asdict(n) for n in models[:top]],
        "failed": failed_nodes(nodes),
    }


def _dbt_build(
    label: str,
    cfg: BenchConfig,
    raw: Path,
    warehouse: Path,
    args: list[str],
    expected: float | None,
) -> tuple[Monitored, list[NodeTiming]]:
    target = cfg.work_dir / "target"
    env = dbt_env(raw, warehouse, target, cfg.work_dir / "logs")
    keep = cfg.work_dir / f"run_results-{label.replace(' ', '-')}.json"
    # a previous benchmark's times of this step (or of the full build) weight the ETA
    previous = (
        keep
        if keep.is_file() or label != "incremental build"
        else cfg.work_dir / "run_results-full-build.json"
    )
    reference = reference_seconds(json.loads(previous.read_text())) if previous.is_file() else None
    run = run_monitored(
        label,
        [dbt_executable(), *args],
        env,
        cfg.work_dir / f"{label.replace(' ', '-')}.log",
        expected_seconds=expected,
        reference=reference,
    )
    nodes = read_build_results(target)
    if (target / "run_results.json").is_file():
        shutil.copy2(target / "run_results.json", keep)
    return run, nodes


def run_bench(cfg: BenchConfig, echo: Callable[[str], None] = print) -> BenchReport:
    cfg.work_dir.mkdir(parents=True, exist_ok=True)
    report = BenchReport(
        config={k: str(v) if isinstance(v, Path) else v for k, v in asdict(cfg).items()}
    )
    report.config["started_at"] = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    report.config["cpus"] = os.cpu_count()
    steps = report.steps
    splink_python = cfg.splink_python
    if not cfg.skip_splink and not splink_python.exists():
        raise SystemExit(
            f"Splink's virtualenv python {splink_python} is missing: run "
            "`make bench-venv` (make bench does), pass --splink-python, or "
            "--skip-splink."
        )

    for own in ("raw", "raw-pending", "raw-crm-only"):
        if cfg.raw_dir is not None and cfg.raw_dir.resolve() == (cfg.work_dir / own).resolve():
            raise SystemExit(
                f"--raw-dir {cfg.raw_dir} is a folder the benchmark rewrites; "
                "point it at the original raw folder or use another --work-dir."
            )
    source, steps["generate"] = _source_raw(cfg, echo)

    # 2. the raw folder the build reads
    build_raw = cfg.work_dir / "raw"
    plan: SplitPlan | None = None
    if cfg.skip_incremental:
        build_raw = source
        echo("2. split: skipped (--skip-incremental); the build reads the raw folder as is")
    else:
        t0 = time.perf_counter()
        plan = prepare_split(source, build_raw)
        steps["split"] = {**plan.as_dict(), "seconds": round(time.perf_counter() - t0, 1)}
        held = sum(n for _b, n in plan.rows.values())
        echo(
            f"2. split: every day before {plan.last_day} -> {build_raw}; the last day "
            f"({held:,} rows of {', '.join(plan.rows)}) waits for the incremental build"
        )
    size, files = raw_size(build_raw)
    steps["raw"] = {"bytes": size, "files": files, "dir": str(build_raw)}

    # 3. floor
    echo("3. floor: reading every raw table once in a fresh DuckDB ...")
    floor = measure_floor(build_raw, cfg.threads)
    steps["floor"] = floor
    echo(
        f"   {fmt_seconds(floor['seconds'])} for {floor['rows']:,} rows, {fmt_bytes(size)} "
        f"in {files} files ({floor['definition']})"
    )

    # 4. full build
    warehouse = cfg.work_dir / "journeymap.duckdb"
    for stale in (warehouse, warehouse.with_suffix(".duckdb.wal")):
        stale.unlink(missing_ok=True)
    # no partial-parse state either: the full build parses the project, as a fresh one does
    shutil.rmtree(cfg.work_dir / "target", ignore_errors=True)
    echo("4. full build: dbt build on a new warehouse (project parse included) ...")
    run, nodes = _dbt_build("full build", cfg, build_raw, warehouse, ["build"], None)
    steps["full_build"] = _print_build(echo, run, nodes, cfg.top)
    if run.returncode != 0:
        echo(
            f"   dbt build exited {run.returncode}; failed: "
            f"{', '.join(failed_nodes(nodes)[:10]) or 'see log'} (log {run.log_path})"
        )
        report.notes.append(
            f"full build exited {run.returncode}: figures are of a failed build; see {run.log_path}"
        )

    # 4b. the identity stage alone, on the staged data the full build left
    if run.returncode == 0:
        echo(
            "4b. identity stage: dbt build -s "
            + " ".join(IDENTITY_STAGE_SELECTOR)
            + " (tests excluded) ..."
        )
        run, nodes = _dbt_build(
            "identity stage",
            cfg,
            build_raw,
            warehouse,
            [
                "build",
                "--select",
                *IDENTITY_STAGE_SELECTOR,
                "--exclude",
                "resource_type:test",
                "resource_type:unit_test",
            ],
            None,
        )
        steps["identity_stage"] = {
            "seconds": run.seconds,
            "peak_bytes": run.peak_bytes,
            "log": run.log_path,
            "returncode": run.returncode,
            "nodes": len(nodes),
            "model_seconds": round(sum(n.seconds for n in nodes), 2),
            "top_models": [asdict(n) for n in sorted(nodes, key=lambda n: -n.seconds)[: cfg.top]],
        }
        echo(
            f"   wall {fmt_seconds(run.seconds)} (dbt start-up included), peak memory "
            f"{fmt_bytes(run.peak_bytes)}, {len(nodes)} models"
        )
        for node in sorted(nodes, key=lambda n: -n.seconds)[:5]:
            echo(f"     {node.seconds:>8.1f} s  {node.name}")
        if run.returncode != 0:
            report.notes.append(f"identity stage exited {run.returncode}; see {run.log_path}")

    # 5. the daily run, as users run it
    if plan is not None:
        append_last_day(plan)
        selector = DAILY_SELECTOR if DAILY_SELECTOR in project_selectors() else None
        daily_args = ["build", "--selector", selector] if selector else ["build"]
        echo(f"5. daily run: {plan.last_day} appended; dbt {' '.join(daily_args)} ...")
        if selector is None:
            report.notes.append(
                "selectors.yml has no `daily` selector: the daily run is a plain `dbt build` "
                "(incremental models incremental, everything else rebuilt)"
            )
        run, nodes = _dbt_build(
            "daily run", cfg, build_raw, warehouse, daily_args, steps["full_build"]["seconds"]
        )
        steps["incremental_build"] = _print_build(echo, run, nodes, cfg.top)
        steps["incremental_build"]["command"] = "dbt " + " ".join(daily_args)
        steps["incremental_build"]["identity_seconds"] = identity_seconds(nodes)
        incremental_models = _incremental_models(cfg.work_dir / "target")
        steps["incremental_build"]["incremental_models"] = incremental_models
        ratio = run.seconds / max(steps["full_build"]["seconds"], 1e-9)
        if ratio > 0.5:
            report.notes.append(
                "the daily run rebuilt most of the DAG: materialized incremental here "
                f"are only {', '.join(incremental_models) or 'no models'}"
            )
        daily_identity = steps["incremental_build"]["identity_seconds"]
        echo(f"   identity models in this run: {daily_identity:.1f} s of node time")
        echo(f"   incremental models: {', '.join(incremental_models) or '(none: a full rebuild)'}")
        if run.returncode != 0:
            report.notes.append(f"daily run exited {run.returncode}; see {run.log_path}")
        if cfg.also_plain_incremental:
            echo("5b. plain incremental: dbt build (no selector, no --full-refresh) ...")
            run, nodes = _dbt_build(
                "incremental build",
                cfg,
                build_raw,
                warehouse,
                ["build"],
                steps["full_build"]["seconds"],
            )
            steps["plain_incremental_build"] = _print_build(echo, run, nodes, cfg.top)
    else:
        echo("5. daily run: skipped (--skip-incremental)")

    # 6. identity: Splink vs journeymap on the same CRM records
    if not cfg.skip_splink:
        _identity_step(cfg, source, warehouse, report, echo)
    else:
        echo("6. identity vs Splink: skipped (--skip-splink)")

    # 7. Spark on the same raw folder
    if cfg.spark:
        _spark_step(cfg, build_raw, steps, report, echo)
    else:
        echo("7. Spark: skipped (pass --spark)")

    report.targets = evaluate_targets(steps)
    report.notes.extend(cost_notes(steps, report.targets))
    return report


def project_selectors(project: Path = PROJECT) -> set[str]:
    """Names of the selectors in the project's selectors.yml (empty without one)."""
    path = project / "selectors.yml"
    if not path.is_file():
        return set()
    import yaml  # dbt's dependency, in the project's virtualenv

    doc = yaml.safe_load(path.read_text()) or {}
    return {str(s["name"]) for s in doc.get("selectors", []) if "name" in s}


def identity_seconds(nodes: Iterable[NodeTiming]) -> float:
    """Node time of the identity models (the identity stage's selection) in one build."""
    return round(
        sum(
            n.seconds
            for n in nodes
            if n.resource_type in ("model", "snapshot")
            and n.path.startswith(("models/intermediate/identity/", "models/marts/identity/"))
        ),
        2,
    )


def _spark_step(
    cfg: BenchConfig,
    raw: Path,
    steps: dict[str, Any],
    report: BenchReport,
    echo: Callable[[str], None],
) -> None:
    if not cfg.spark_python.exists():
        report.notes.append(
            f"Spark skipped: {cfg.spark_python} is missing (run `make spark-venv`, Java 17+)"
        )
        echo(f"7. Spark: skipped, {cfg.spark_python} is missing (make spark-venv)")
        return
    spark_dir = cfg.work_dir / "spark"
    shutil.rmtree(spark_dir, ignore_errors=True)
    spark_dir.mkdir(parents=True)
    env = dict(os.environ)
    env.update(
        {
            "JOURNEYMAP_SPARK_DIR": str(spark_dir),
            "DBT_LOG_PATH": str(spark_dir / "logs"),
            "JOURNEYMAP_AS_OF_DATE": "",
        }
    )
    target = spark_dir / "target"
    echo(f"7. Spark: dbt build --target spark on {raw} (local Spark, 2 cores) ...")
    run = run_monitored(
        "spark build",
        [
            str(cfg.spark_python),
            "-m",
            "journeymap.spark_raw",
            "--raw-dir",
            str(raw),
            "--",
            "build",
            "--target",
            "spark",
            "--exclude",
            "resource_type:unit_test",
            "resource_type:snapshot",
            "--target-path",
            str(target),
        ],
        env,
        cfg.work_dir / "spark-build.log",
        expected_seconds=None,
        reference=None,
    )
    nodes = read_build_results(target)
    steps["spark_build"] = _print_build(echo, run, nodes, cfg.top)
    if run.returncode != 0:
        report.notes.append(f"Spark build exited {run.returncode}; see {run.log_path}")


def cost_notes(steps: dict[str, Any], targets: list[dict[str, Any]]) -> list[str]:
    """For a missed build target: the costliest layers and models, with their share."""
    notes = []
    missed = {t["target"] for t in targets if t["status"] == "MISS"}
    for key, names in (
        ("full_build", {"full build time", "full build / floor", "peak memory (builds)"}),
        ("incremental_build", {"daily run / full build"}),
    ):
        build = steps.get(key)
        if not build or not (missed & names):
            continue
        layers = build["layers"]
        node_total = sum(v["seconds"] for v in layers.values()) or 1.0
        top_layers = sorted(layers.items(), key=lambda kv: -kv[1]["seconds"])[:3]
        models = build["top_models"][:5]
        notes.append(
            f"{key.replace('_', ' ')}: node time {node_total:,.0f} s over "
            f"{build['seconds']:,.0f} s wall; by layer "
            + ", ".join(
                f"{k} {v['seconds']:,.0f} s ({v['seconds'] / node_total:.0%})"
                for k, v in top_layers
            )
            + "; costliest models "
            + ", ".join(f"{m['name']} {m['seconds']:,.0f} s" for m in models)
        )
    return notes


def _incremental_models(target: Path) -> list[str]:
    manifest_path = target / "manifest.json"
    if not manifest_path.is_file():
        return []
    nodes = json.loads(manifest_path.read_text()).get("nodes", {})
    return sorted(
        n["name"]
        for n in nodes.values()
        if n.get("resource_type") == "model"
        and n.get("config", {}).get("materialized") == "incremental"
        and n.get("config", {}).get("enabled", True)
    )


def _identity_step(
    cfg: BenchConfig,
    source: Path,
    full_warehouse: Path,
    report: BenchReport,
    echo: Callable[[str], None],
) -> None:
    steps = report.steps
    truth = _truth_files(source)
    clusters = cfg.work_dir / "splink_clusters.parquet"
    clusters.unlink(missing_ok=True)
    echo(f"6a. Splink: de-duplicating raw crm_contacts ({cfg.splink_python}) ...")
    command = [
        str(cfg.splink_python),
        "-m",
        "journeymap.bench.splink",
        "--raw-dir",
        str(source),
        "--out",
        str(clusters),
        "--seed",
        str(cfg.seed),
        "--threshold",
        str(cfg.splink_threshold),
        "--threads",
        str(cfg.threads),
    ]
    run = run_monitored("splink", command, dict(os.environ), cfg.work_dir / "splink.log")
    log_text = Path(run.log_path).read_text()
    if run.returncode != 0 or not clusters.exists():
        raise SystemExit(
            f"Splink failed (exit {run.returncode}); its log: {run.log_path}\n" + log_text[-3000:]
        )
    splink_out = json.loads([ln for ln in log_text.splitlines() if ln.startswith("{")][-1])
    # "seconds" is the process's wall time (Python start-up included), like journeymap's
    steps["splink"] = {
        **splink_out,
        "inside_seconds": splink_out["seconds"],
        "seconds": run.seconds,
        "peak_bytes": run.peak_bytes,
    }
    echo(
        f"   {fmt_seconds(run.seconds)} (process wall time), peak memory "
        f"{fmt_bytes(run.peak_bytes)}, {splink_out['records']:,} records -> "
        f"{splink_out['clusters']:,} clusters; stages: "
        + ", ".join(f"{k} {v:.1f} s" for k, v in splink_out["timings"].items())
    )

    # journeymap on the same input: CRM only, identity models only
    crm_raw = cfg.work_dir / "raw-crm-only"
    write_crm_only_raw(source, crm_raw)
    crm_warehouse = cfg.work_dir / "journeymap-crm-only.duckdb"
    crm_warehouse.unlink(missing_ok=True)
    # same DuckDB path as the full build keeps dbt's partial parse: move the full one aside
    kept = cfg.work_dir / "journeymap-full.duckdb"
    if full_warehouse.exists():
        full_warehouse.replace(kept)
    echo("6b. journeymap: dbt build -s +customer_identity_map on the CRM records only ...")
    run, nodes = _dbt_build(
        "identity crm-only",
        cfg,
        crm_raw,
        full_warehouse,
        [
            "build",
            "--select",
            "+customer_identity_map",
            "--exclude",
            "resource_type:test",
            "resource_type:unit_test",
        ],
        steps["splink"]["seconds"],
    )
    if full_warehouse.exists():
        full_warehouse.replace(crm_warehouse)
    if kept.exists():
        kept.replace(full_warehouse)
    steps["journeymap_identity"] = {
        "seconds": run.seconds,
        "peak_bytes": run.peak_bytes,
        "log": run.log_path,
        "returncode": run.returncode,
        "model_seconds": round(sum(n.seconds for n in nodes), 2),
        "failed": failed_nodes(nodes),
    }
    echo(
        f"   {fmt_seconds(run.seconds)} (process wall time, dbt start-up and seeds included), "
        f"peak memory {fmt_bytes(run.peak_bytes)}"
    )
    if run.returncode != 0:
        raise SystemExit(f"journeymap's CRM-only identity build failed; log {run.log_path}")

    echo("6c. pairwise precision / recall / F1 on the same CRM records ...")
    same_input = crm_pair_metrics(truth, crm_warehouse, clusters)
    steps["identity_scores"] = same_input
    cov = same_input["coverage"]
    echo(
        f"   CRM records: truth {cov['truth_crm_records']:,}, journeymap "
        f"{cov['journeymap_records']:,}, Splink {cov['splink_records']:,}, evaluated (in all "
        f"three) {cov['evaluated_records']:,}"
    )
    for tool, m in same_input["metrics"].items():
        echo(
            f"   {tool:<11} precision {m['precision']:.4f} recall {m['recall']:.4f} "
            f"F1 {m['f1']:.4f}  ({m['predicted_pairs']:,} predicted pairs, "
            f"{m['true_pairs']:,} true)"
        )
    if full_warehouse.exists():
        full = crm_pair_metrics(truth, full_warehouse, clusters)
        steps["identity_scores_full_build"] = full
        m = full["metrics"]["journeymap"]
        echo(
            f"   journeymap full build (CRM records, all sources as evidence): precision "
            f"{m['precision']:.4f} recall {m['recall']:.4f} F1 {m['f1']:.4f}"
        )


# ----------------------------------------------------------------- targets and summary
def _target(
    name: str, value: float | None, goal: str, passed: bool | None, shown: str
) -> dict[str, Any]:
    status = "n/a" if passed is None else ("pass" if passed else "MISS")
    return {"target": name, "goal": goal, "value": value, "shown": shown, "status": status}


def evaluate_targets(steps: dict[str, Any]) -> list[dict[str, Any]]:
    """The issue's targets against the measured figures ('n/a' when not measured)."""
    targets = []
    full = steps.get("full_build")
    floor = steps.get("floor", {}).get("seconds")
    incremental = steps.get("incremental_build")
    if full:
        ok = full["returncode"] == 0
        targets.append(
            _target(
                "full build time",
                full["seconds"],
                f"< {TARGET_FULL_SECONDS:.0f} s",
                ok and full["seconds"] < TARGET_FULL_SECONDS,
                fmt_seconds(full["seconds"]),
            )
        )
        if floor:
            ratio = full["seconds"] / floor
            targets.append(
                _target(
                    "full build / floor",
                    ratio,
                    f"<= {TARGET_FLOOR_RATIO:.0f}x",
                    ok and ratio <= TARGET_FLOOR_RATIO,
                    f"{ratio:.1f}x",
                )
            )
    if full and incremental:
        ratio = incremental["seconds"] / full["seconds"]
        targets.append(
            _target(
                "daily run / full build",
                ratio,
                f"< {TARGET_INCREMENTAL_RATIO:.0%}",
                incremental["returncode"] == 0 and ratio < TARGET_INCREMENTAL_RATIO,
                f"{ratio:.0%}",
            )
        )
    scores = steps.get("identity_scores", {}).get("metrics", {})
    if "journeymap" in scores and "splink" in scores:
        jm, sp = scores["journeymap"]["f1"], scores["splink"]["f1"]
        targets.append(
            _target(
                "identity F1 >= Splink's", jm, f">= {sp:.4f}", jm >= sp, f"{jm:.4f} vs {sp:.4f}"
            )
        )
        jm_s = steps["journeymap_identity"]["seconds"]
        sp_s = steps["splink"]["seconds"]
        targets.append(
            _target(
                "identity time < Splink's",
                jm_s,
                f"< {fmt_seconds(sp_s)}",
                jm_s < sp_s,
                f"{fmt_seconds(jm_s)} vs {fmt_seconds(sp_s)}",
            )
        )
    stage = steps.get("identity_stage")
    if stage:
        targets.append(
            _target(
                "identity stage time",
                stage["seconds"],
                f"< {TARGET_IDENTITY_STAGE_SECONDS:.0f} s",
                stage["returncode"] == 0 and stage["seconds"] < TARGET_IDENTITY_STAGE_SECONDS,
                f"{fmt_seconds(stage['seconds'])}, peak {fmt_bytes(stage['peak_bytes'])}",
            )
        )
    if incremental and "identity_seconds" in incremental:
        seconds = incremental["identity_seconds"]
        targets.append(
            _target(
                "daily identity models",
                seconds,
                f"<= {TARGET_DAILY_IDENTITY_SECONDS:.0f} s",
                incremental["returncode"] == 0 and seconds <= TARGET_DAILY_IDENTITY_SECONDS,
                f"{seconds:.1f} s",
            )
        )
    peaks = [s["peak_bytes"] for s in (full, incremental) if s]
    if peaks:
        targets.append(
            _target(
                "peak memory (builds)",
                max(peaks),
                f"< {fmt_bytes(TARGET_PEAK_BYTES)}",
                max(peaks) < TARGET_PEAK_BYTES,
                fmt_bytes(max(peaks)),
            )
        )
    return targets


def summary_table(report: BenchReport) -> str:
    steps = report.steps
    persons = steps.get("generate", {}).get("persons") or report.config["persons"]
    lines = ["", f"Summary ({persons:,} persons, {report.config['cpus']} CPUs)"]
    rows: list[tuple[str, str]] = []
    if "raw" in steps:
        rows.append(
            (
                "raw data (build input)",
                f"{fmt_bytes(steps['raw']['bytes'])} in {steps['raw']['files']} files",
            )
        )
    if "floor" in steps:
        rows.append(("floor (read every raw table once)", fmt_seconds(steps["floor"]["seconds"])))
    for key, label in (
        ("full_build", "full build (dbt build)"),
        ("incremental_build", "daily run (+1 day)"),
        ("plain_incremental_build", "plain dbt build (+1 day)"),
        ("spark_build", "Spark build (dbt build --target spark)"),
    ):
        if key in steps:
            rows.append(
                (
                    label,
                    f"{fmt_seconds(steps[key]['seconds'])}, peak "
                    f"{fmt_bytes(steps[key]['peak_bytes'])}",
                )
            )
    if "identity_stage" in steps:
        rows.append(
            (
                "identity stage (identity models)",
                f"{fmt_seconds(steps['identity_stage']['seconds'])}, peak "
                f"{fmt_bytes(steps['identity_stage']['peak_bytes'])}",
            )
        )
    if "splink" in steps:
        rows.append(("Splink CRM de-duplication", fmt_seconds(steps["splink"]["seconds"])))
        rows.append(
            ("journeymap CRM-only identity", fmt_seconds(steps["journeymap_identity"]["seconds"]))
        )
    for name, value in rows:
        lines.append(f"  {name:<36}{value}")
    lines.append("")
    lines.append(f"  {'target':<28}{'goal':<14}{'measured':<24}status")
    for t in report.targets:
        lines.append(f"  {t['target']:<28}{t['goal']:<14}{t['shown']:<24}{t['status']}")
    for note in report.notes:
        lines.append(f"  note: {note}")
    return "\n".join(lines)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m journeymap.bench",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--persons",
        type=int,
        default=DEFAULT_PERSONS,
        help=f"persons to generate (default {DEFAULT_PERSONS:,})",
    )
    parser.add_argument(
        "--quick", action="store_true", help=f"quick mode: {QUICK_PERSONS:,} persons"
    )
    parser.add_argument(
        "--seed", type=int, default=42, help="generator and Splink training seed (default 42)"
    )
    parser.add_argument(
        "--raw-dir",
        type=Path,
        default=None,
        help="reuse this raw folder (never modified) instead of generating",
    )
    parser.add_argument(
        "--work-dir",
        type=Path,
        default=Path("artifacts/bench"),
        help="folder for generated data, the split raw folder, warehouses, "
        "logs and bench.json (default artifacts/bench)",
    )
    parser.add_argument(
        "--skip-splink", action="store_true", help="do not run Splink nor the identity comparison"
    )
    parser.add_argument(
        "--skip-incremental",
        action="store_true",
        help="no split and no incremental build: one full build on all days",
    )
    parser.add_argument(
        "--splink-python",
        type=Path,
        default=PROJECT / ".venv-bench/bin/python",
        help="python of the virtualenv holding Splink (default .venv-bench)",
    )
    parser.add_argument(
        "--splink-threshold",
        type=float,
        default=0.999,
        help="Splink match probability for clustering (default 0.999)",
    )
    parser.add_argument(
        "--threads",
        type=int,
        default=2,
        help="DuckDB threads for the floor and Splink (default 2; dbt uses its profile)",
    )
    parser.add_argument("--top", type=int, default=15, help="models listed per build")
    parser.add_argument(
        "--spark",
        action="store_true",
        help="also build the same raw folder on local Spark (needs .venv-spark and Java 17+)",
    )
    parser.add_argument(
        "--spark-python",
        type=Path,
        default=PROJECT / ".venv-spark/bin/python",
        help="python of the virtualenv holding dbt-spark (default .venv-spark)",
    )
    parser.add_argument(
        "--also-plain-incremental",
        action="store_true",
        help="after the daily run, also time a plain `dbt build` without --full-refresh",
    )
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    persons = QUICK_PERSONS if args.quick else args.persons
    if persons < 1:
        print("error: --persons must be at least 1", file=sys.stderr)
        return 2
    work_dir = args.work_dir.resolve()
    cfg = BenchConfig(
        persons=persons,
        seed=args.seed,
        work_dir=work_dir,
        raw_dir=args.raw_dir.resolve() if args.raw_dir else None,
        skip_splink=args.skip_splink,
        skip_incremental=args.skip_incremental,
        splink_python=args.splink_python,
        splink_threshold=args.splink_threshold,
        threads=args.threads,
        top=args.top,
        spark=args.spark,
        spark_python=args.spark_python,
        also_plain_incremental=args.also_plain_incremental,
    )
    started = time.perf_counter()
    report = run_bench(cfg)
    report.config["total_seconds"] = round(time.perf_counter() - started, 1)
    print(summary_table(report))
    out = work_dir / "bench.json"
    out.write_text(json.dumps(asdict(report), indent=2, default=str) + "\n")
    print(
        f"\n  benchmark wall time {fmt_seconds(report.config['total_seconds'])}; "
        f"figures written to {out}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""The benchmark's pure parts: run_results parsing, layer totals, the floor
query, the raw split, pairwise scoring and targets. The benchmark itself
(`make bench`) prints figures and is not run here."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from journeymap.bench import run as bench
from journeymap.bench.daycut import append_last_day, find_last_day, prepare_split

PROJECT = Path(__file__).resolve().parents[3]


def _write(path: Path, rows: dict[str, list[str | None]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    pq.write_table(pa.table({k: pa.array(v, pa.string()) for k, v in rows.items()}), path)


@pytest.fixture
def tiny_raw(tmp_path: Path) -> Path:
    raw = tmp_path / "raw"
    _write(
        raw / "crm_contacts.parquet",
        {
            "contact_id": ["1", "2", "3"],
            "source_system": ["hubspot"] * 3,
            "first_name": ["Ann", "ann", "Bob"],
            "last_name": ["Lee", "Lee", "Ray"],
        },
    )
    for day, ids in (("2026-06-28", ["a", "b"]), ("2026-06-29", ["c"]), ("2026-06-30", ["d"])):
        _write(
            raw / "web_events" / f"{day}.parquet",
            {"event_id": ids, "event_at": [f"{day}T10:00:00+00:00"] * len(ids)},
        )
    _write(
        raw / "email_events.parquet",
        {
            "event_id": ["e1", "e2", "e3", "e4"],
            "event_at": [
                "2026-06-29 23:59:59",
                "2026-06-30T01:00:00+02:00",
                "2026-06-30 08:00:00",
                "not a time",
            ],
        },
    )
    _write(
        raw / "shop_orders.parquet",
        {
            "order_id": ["o1", "o1", "o2"],
            "ordered_at": ["2026-06-29 10:00:00", "2026-06-29 10:00:00", "2026-06-30 09:00:00"],
            "updated_at": [None, "2026-06-30 12:00:00", None],
        },
    )
    _write(
        raw / "shop_order_items.parquet",
        {"order_id": ["o1", "o2", "o2"], "line_number": ["1", "1", "2"]},
    )
    _write(
        raw / "truth_identities.parquet",
        {
            "source_table": ["crm_contacts"] * 3,
            "source_record_id": ["hubspot:1", "hubspot:2", "hubspot:3"],
            "person_id": ["p1", "p1", "p2"],
        },
    )
    return raw


def test_layer_of_uses_paths_then_names() -> None:
    assert (
        bench.layer_of("model", "models/staging/crm/base/base_crm__contacts.sql", "x") == "staging"
    )
    assert (
        bench.layer_of("model", "models/intermediate/identity/int_a.sql", "int_a") == "intermediate"
    )
    assert (
        bench.layer_of("model", "models/marts/identity/customer_identity_map.sql", "c") == "marts"
    )
    assert bench.layer_of("model", "python_models/customer_clusters.py", "c") == "ml"
    assert bench.layer_of("model", None, "stg_web__events") == "staging"
    assert bench.layer_of("model", None, "fct_orders") == "marts"
    assert bench.layer_of("test", None, "not_null_x") == "tests"
    assert bench.layer_of("unit_test", None, "u") == "tests"
    assert bench.layer_of("seed", None, "countries") == "seeds"


def test_parse_run_results_and_layer_totals() -> None:
    run_results = {
        "results": [
            {"unique_id": "model.journeymap.stg_a", "status": "success", "execution_time": 1.5},
            {"unique_id": "model.journeymap.base_a", "status": "success", "execution_time": 2.0},
            {
                "unique_id": "model.journeymap.customer_clusters",
                "status": "success",
                "execution_time": 4.0,
            },
            {
                "unique_id": "test.journeymap.not_null_x.abc",
                "status": "fail",
                "execution_time": 0.5,
            },
            {"unique_id": "seed.journeymap.countries", "status": "success", "execution_time": None},
        ]
    }
    manifest = {
        "nodes": {
            "model.journeymap.customer_clusters": {
                "name": "customer_clusters",
                "original_file_path": "python_models/customer_clusters.py",
            },
            "test.journeymap.not_null_x.abc": {"name": "not_null_x"},
        }
    }
    nodes = bench.parse_run_results(run_results, manifest)
    assert [n.layer for n in nodes] == ["staging", "staging", "ml", "tests", "seeds"]
    assert nodes[3].name == "not_null_x"
    totals = bench.layer_totals(nodes)
    assert totals == {
        "staging": {"nodes": 2, "seconds": 3.5},
        "ml": {"nodes": 1, "seconds": 4.0},
        "seeds": {"nodes": 1, "seconds": 0.0},
        "tests": {"nodes": 1, "seconds": 0.5},
    }
    assert list(totals) == ["staging", "ml", "seeds", "tests"]  # layer order
    assert bench.failed_nodes(nodes) == ["not_null_x (fail)"]


def test_progress_from_dbt_lines() -> None:
    lines = [
        "\x1b[0m14:25:08  3 of 9 START sql table model main.fct_orders ..... [RUN]",
        "\x1b[0m14:25:09  3 of 9 OK created sql table model main.fct_orders ..... "
        "[\x1b[32mOK\x1b[0m in 2.0s]",
        "14:25:10  4 of 9 PASS not_null_fct_orders_order_id ........ [PASS in 0.1s]",
        "14:25:10  5 of 9 OK loaded seed file reference.countries ..... [INSERT 3 in 0.1s]",
    ]
    assert [bench.node_name_from_line(line) for line in lines] == [
        None,
        "fct_orders",
        "not_null_fct_orders_order_id",
        "countries",
    ]
    reference = bench.reference_seconds(
        {
            "results": [
                {"unique_id": "model.journeymap.fct_orders", "execution_time": 6.0},
                {
                    "unique_id": "test.journeymap.not_null_fct_orders_order_id.ab12",
                    "execution_time": 1.0,
                },
                {"unique_id": "unit_test.journeymap.fct_orders.test_fx", "execution_time": 1.0},
                {"unique_id": "seed.journeymap.countries", "execution_time": 0.0},
            ]
        }
    )
    assert reference == {
        "fct_orders": 6.0,
        "not_null_fct_orders_order_id": 1.0,
        "fct_orders::test_fx": 1.0,
        "countries": 0.0,
    }
    progress = bench.BuildProgress(reference)
    for line in lines[:2]:
        progress.feed(line)
    assert progress.nodes == 1 and progress.total == 9
    assert progress.eta(30.0) == (10.0, "by the previous run's node times")  # 6 of 8 s done
    plain = bench.BuildProgress()
    for line in lines:
        plain.feed(line)
    assert plain.eta(30.0) == (60.0, "by nodes done")  # 3 of 9 nodes in 30 s


def test_floor_reads_every_contract_table(tiny_raw: Path) -> None:
    floor = bench.measure_floor(tiny_raw, threads=1)
    # truth_identities is not a raw table the build reads
    assert set(floor["tables"]) == {
        "crm_contacts",
        "web_events",
        "email_events",
        "shop_orders",
        "shop_order_items",
    }
    assert floor["tables"]["web_events"]["rows"] == 4
    assert floor["rows"] == 3 + 4 + 4 + 3 + 3
    query = bench.floor_query("t", ["a", "b"])
    assert (
        "count(*)" in query
        and 'strlen(cast("a" as varchar))' in query
        and 'strlen(cast("b" as varchar))' in query
    )
    size, files = bench.raw_size(tiny_raw)
    assert files == 7 and size > 0


def test_split_holds_back_the_last_day_and_appends_it(tiny_raw: Path, tmp_path: Path) -> None:
    assert find_last_day(tiny_raw) == dt.date(2026, 6, 30)
    dst = tmp_path / "work" / "raw"
    plan = prepare_split(tiny_raw, dst)
    assert plan.rows["web_events"] == (3, 1)
    # 2026-06-30T01:00+02:00 is 2026-06-29 23:00 UTC; an unparseable time stays before
    assert plan.rows["email_events"] == (3, 1)
    # o1's status change and o2 are delivered on the last day
    assert plan.rows["shop_orders"] == (1, 2)
    assert plan.rows["shop_order_items"] == (1, 2)  # o2 only exists on the last day
    assert sorted(p.name for p in (dst / "web_events").iterdir()) == [
        "2026-06-28.parquet",
        "2026-06-29.parquet",
    ]
    assert (dst / "crm_contacts.parquet").is_file()

    def rows(table: str) -> int:
        return duckdb.sql(
            f"select count(*) from read_parquet('{dst / table}/*.parquet')"
        ).fetchall()[0][0]

    assert rows("email_events") == 3
    append_last_day(plan)
    for table, total in (
        ("web_events", 4),
        ("email_events", 4),
        ("shop_orders", 3),
        ("shop_order_items", 3),
    ):
        assert rows(table) == total, table
    assert not list(plan.pending.rglob("*.parquet"))
    # the source folder is never modified
    assert sorted(p.name for p in (tiny_raw / "web_events").iterdir())[-1] == "2026-06-30.parquet"


def test_crm_pair_metrics_use_one_universe(tiny_raw: Path, tmp_path: Path) -> None:
    warehouse = tmp_path / "w.duckdb"
    con = duckdb.connect(str(warehouse))
    con.execute(
        "create table customer_identity_map as select * from (values "
        "('crm_contacts', 'hubspot:1', 'c1'), ('crm_contacts', 'hubspot:2', 'c1'), "
        "('crm_contacts', 'hubspot:3', 'c2'), ('shop_customers', 'a1', 'c1')) "
        "as t(source_table, source_record_id, customer_id)"
    )
    con.close()
    splink = tmp_path / "splink.parquet"
    # Splink merged everything and knows a record the map lacks
    _write(
        splink,
        {
            "unique_id": ["hubspot:1", "hubspot:2", "hubspot:3", "hubspot:9"],
            "cluster_id": ["k", "k", "k", "k"],
        },
    )
    result = bench.crm_pair_metrics([tiny_raw / "truth_identities.parquet"], warehouse, splink)
    assert result["coverage"] == {
        "truth_crm_records": 3,
        "journeymap_records": 3,
        "evaluated_records": 3,
        "splink_records": 4,
    }
    jm, sp = result["metrics"]["journeymap"], result["metrics"]["splink"]
    assert jm["f1"] == 1.0
    assert sp["true_positive_pairs"] == 1 and sp["predicted_pairs"] == 3
    assert sp["recall"] == 1.0 and sp["precision"] == pytest.approx(1 / 3)


def test_targets_pass_and_miss() -> None:
    gib = bench.GIB
    steps = {
        "floor": {"seconds": 10.0},
        "full_build": {"seconds": 120.0, "returncode": 0, "peak_bytes": 3 * gib},
        "incremental_build": {
            "seconds": 60.0,
            "returncode": 0,
            "peak_bytes": 13 * gib,
            "identity_seconds": 20.0,
        },
        "identity_scores": {"metrics": {"journeymap": {"f1": 0.95}, "splink": {"f1": 0.9}}},
        "journeymap_identity": {"seconds": 30.0},
        "splink": {"seconds": 40.0},
        "identity_stage": {"seconds": 200.0, "returncode": 0, "peak_bytes": 2 * gib},
    }
    status = {t["target"]: t["status"] for t in bench.evaluate_targets(steps)}
    assert status == {
        "full build time": "pass",
        "full build / floor": "MISS",  # 12x
        "daily run / full build": "MISS",  # 50%
        "daily identity models": "MISS",  # 20 s > 15 s
        "identity F1 >= Splink's": "pass",
        "identity time < Splink's": "pass",
        "identity stage time": "MISS",  # 200 s >= 180 s
        "peak memory (builds)": "MISS",
    }
    steps["identity_stage"]["seconds"] = 150.0
    assert {t["target"]: t["status"] for t in bench.evaluate_targets(steps)}[
        "identity stage time"
    ] == "pass"
    steps["full_build"].update(
        {
            "layers": {"ml": {"nodes": 1, "seconds": 90.0}, "tests": {"nodes": 9, "seconds": 30.0}},
            "top_models": [{"name": "customer_clusters", "seconds": 90.0}],
        }
    )
    steps["incremental_build"].update({"layers": {}, "top_models": []})
    notes = bench.cost_notes(steps, bench.evaluate_targets(steps))
    assert notes[0].startswith(
        "full build: node time 120 s over 120 s wall; by layer ml 90 s (75%)"
    )
    assert "customer_clusters 90 s" in notes[0]
    report = bench.BenchReport(
        config={"persons": 10, "seed": 1, "cpus": 2},
        steps=steps,
        targets=bench.evaluate_targets(steps),
    )
    assert "MISS" in bench.summary_table(report)
    json.dumps(report.targets)


def test_tree_rss_sees_this_process() -> None:
    assert bench.tree_rss(__import__("os").getpid()) > 0


def test_cli_help() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "journeymap.bench", "--help"],
        cwd=PROJECT,
        capture_output=True,
        text=True,
        check=True,
    )
    assert "--raw-dir" in result.stdout and "--skip-splink" in result.stdout


def test_identity_seconds_counts_identity_models_only() -> None:
    manifest = {
        "nodes": {
            "model.journeymap.int_identity_fuzzy_matches": {
                "name": "int_identity_fuzzy_matches",
                "original_file_path": "models/intermediate/identity/int_identity_fuzzy_matches.sql",
            },
            "model.journeymap.customer_identity_map": {
                "name": "customer_identity_map",
                "original_file_path": "models/marts/identity/customer_identity_map.sql",
            },
            "model.journeymap.fct_orders": {
                "name": "fct_orders",
                "original_file_path": "models/marts/commerce/fct_orders.sql",
            },
        }
    }
    results = {
        "results": [
            {"unique_id": "model.journeymap.int_identity_fuzzy_matches", "execution_time": 4.0},
            {"unique_id": "model.journeymap.customer_identity_map", "execution_time": 1.5},
            {"unique_id": "model.journeymap.fct_orders", "execution_time": 9.0},
            {"unique_id": "test.journeymap.not_null_x", "execution_time": 2.0},
        ]
    }
    nodes = bench.parse_run_results(results, manifest)
    assert bench.identity_seconds(nodes) == 5.5


def test_project_selectors_reads_names(tmp_path) -> None:
    assert bench.project_selectors(tmp_path) == set()
    (tmp_path / "selectors.yml").write_text(
        "selectors:\n  - name: daily\n    definition: {method: fqn, value: '*'}\n"
        "  - name: ml_train\n    definition: {method: tag, value: ml_train}\n"
    )
    assert bench.project_selectors(tmp_path) == {"daily", "ml_train"}

"""Evaluate identity resolution against the generator's ground truth.

    python -m journeymap.evaluate identity \
        --warehouse warehouse/journeymap.duckdb --raw-dir data/raw
    python -m journeymap.evaluate identity-bench --raw-dir data/raw1m --warehouse /tmp/bench.duckdb

Compares `customer_identity_map` (predicted clusters) with
`truth_identities` (true persons) on the records present in both, and
prints pairwise precision, recall and F1 overall and per source table, plus
the worst false merges and misses.

Pairwise metrics come from the contingency table of (customer_id,
person_id) cell sizes, never from materialising record pairs:

    TP              = sum over cells     n_cp * (n_cp - 1) / 2
    predicted pairs = sum over customers n_c  * (n_c  - 1) / 2
    true pairs      = sum over persons   n_p  * (n_p  - 1) / 2
    precision = TP / predicted pairs, recall = TP / true pairs

Scopes: `all`; `linkable`; `crm+shop`; and each source table.

`linkable` leaves out web devices that carry no identity evidence in the raw
data: no event of the device (raw `web_events`) carries an `account_id`, and
none carries an `order_id` of a raw `shop_orders` row (a purchase, which
names an account or a guest email). Nothing in the data can tie such a
device to anybody, so pairs involving it are unreachable for any matcher
and cap `all` recall. The definition reads only the raw files, never the
warehouse, so a matcher cannot shrink its own denominator. Every other
record (CRM contacts, shop accounts) stays in `linkable`, including the
ones that share nothing but a name with the rest of their person.

Records of erased customers are absent from the map by design; they are
counted as "not in map" and left out of the metrics, as are map records the
truth does not know. `--min-precision/--min-recall/--min-f1` make the exit
status non-zero when a target is missed (for CI).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path

import duckdb


@dataclass
class PairMetrics:
    scope: str
    records: int
    true_pairs: int
    predicted_pairs: int
    true_positive_pairs: int

    @property
    def precision(self) -> float:
        return self.true_positive_pairs / self.predicted_pairs if self.predicted_pairs else 1.0

    @property
    def recall(self) -> float:
        return self.true_positive_pairs / self.true_pairs if self.true_pairs else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict:
        return {**asdict(self), "precision": self.precision, "recall": self.recall, "f1": self.f1}


def pair_metrics_from_cells(scope: str, cells: list[tuple[str, str, int]]) -> PairMetrics:
    """Pairwise metrics from contingency cells (customer_id, person_id, n)."""
    by_customer: dict[str, int] = {}
    by_person: dict[str, int] = {}
    tp = 0
    records = 0
    for customer, person, n in cells:
        n = int(n)
        records += n
        tp += n * (n - 1) // 2
        by_customer[customer] = by_customer.get(customer, 0) + n
        by_person[person] = by_person.get(person, 0) + n
    predicted = sum(n * (n - 1) // 2 for n in by_customer.values())
    true = sum(n * (n - 1) // 2 for n in by_person.values())
    return PairMetrics(scope, records, true, predicted, tp)


def _truth_scan(raw_dir: Path) -> str:
    for candidate in (raw_dir / "truth_identities.parquet", raw_dir / "truth_identities"):
        if candidate.is_file():
            return f"read_parquet('{candidate}')"
        if candidate.is_dir():
            return f"read_parquet('{candidate}/**/*.parquet')"
    csv = raw_dir / "truth_identities.csv"
    if csv.exists():
        return f"read_csv('{csv}', header = true, all_varchar = true)"
    raise SystemExit(f"truth_identities not found in {raw_dir} (parquet file, folder or csv)")


def _raw_scan(raw_dir: Path, table: str) -> str | None:
    folder = raw_dir / table
    if folder.is_dir() and any(folder.glob("**/*.parquet")):
        return f"read_parquet('{folder}/**/*.parquet', union_by_name = true)"
    if (raw_dir / f"{table}.parquet").is_file():
        return f"read_parquet('{raw_dir / f'{table}.parquet'}')"
    if (raw_dir / f"{table}.csv").is_file():
        return f"read_csv('{raw_dir / f'{table}.csv'}', header = true, all_varchar = true)"
    return None


def _device_evidence_scan(raw_dir: Path) -> str | None:
    """SQL listing the anonymous_ids with identity evidence in the raw files.

    A device has evidence when one of its raw web events carries an account_id
    or an order_id that exists in raw shop_orders. None when there is no raw
    web_events table (then the truth has no web devices either).
    """
    events = _raw_scan(raw_dir, "web_events")
    if events is None:
        return None
    orders = _raw_scan(raw_dir, "shop_orders")
    order_ids = (
        f"select distinct trim(cast(order_id as varchar)) as order_id from {orders}"
        if orders
        else "select cast(null as varchar) as order_id where false"
    )
    return f"""
        select distinct trim(cast(events.anonymous_id as varchar)) as anonymous_id
        from {events} as events
        left join ({order_ids}) as orders
            on trim(cast(events.order_id as varchar)) = orders.order_id
        where nullif(trim(cast(events.anonymous_id as varchar)), '') is not null
            and (
                nullif(trim(cast(events.account_id as varchar)), '') is not null
                or orders.order_id is not null
            )
    """


def _map_relation(con: duckdb.DuckDBPyConnection) -> str:
    rows = con.execute(
        "select table_schema from information_schema.tables "
        "where table_name = 'customer_identity_map'"
    ).fetchall()
    if not rows:
        raise SystemExit("customer_identity_map not found in the warehouse: build it first")
    return f'"{rows[0][0]}".customer_identity_map'


SCALAR_SQL = """
create or replace temp table eval_joined as
select
    truth.source_table,
    truth.source_record_id,
    cast(truth.person_id as varchar) as person_id,
    map.customer_id
from (
    select
        trim(cast(source_table as varchar)) as source_table,
        trim(cast(source_record_id as varchar)) as source_record_id,
        person_id
    from {truth}
) as truth
inner join {map_relation} as map
    on truth.source_table = map.source_table
    and truth.source_record_id = map.source_record_id
"""


def evaluate_identity(warehouse: Path, raw_dir: Path, top: int = 10) -> dict:
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        truth = _truth_scan(raw_dir)
        map_relation = _map_relation(con)
        con.execute(SCALAR_SQL.format(truth=truth, map_relation=map_relation))
        coverage = con.execute(
            f"""
            select
                (select count(*) from {truth}) as truth_records,
                (select count(*) from {map_relation}) as map_records,
                (select count(*) from eval_joined) as joined_records
            """
        ).fetchone()
        scopes: list[PairMetrics] = []
        cells = con.execute(
            "select customer_id, person_id, count(*) from eval_joined group by 1, 2"
        ).fetchall()
        scopes.append(pair_metrics_from_cells("all", cells))
        # records with identity evidence in the raw data (see the module docstring)
        evidence = _device_evidence_scan(raw_dir)
        if evidence is not None:
            con.execute(f"create or replace temp table eval_linkable_devices as {evidence}")
            cells = con.execute(
                """
                select customer_id, person_id, count(*)
                from eval_joined
                where source_table <> 'web_devices'
                    or source_record_id in (select anonymous_id from eval_linkable_devices)
                group by 1, 2
                """
            ).fetchall()
            scopes.append(pair_metrics_from_cells("linkable", cells))
        cells = con.execute(
            "select customer_id, person_id, count(*) from eval_joined "
            "where source_table in ('crm_contacts', 'shop_customers') group by 1, 2"
        ).fetchall()
        scopes.append(pair_metrics_from_cells("crm+shop", cells))
        for (table,) in con.execute(
            "select distinct source_table from eval_joined order by 1"
        ).fetchall():
            cells = con.execute(
                "select customer_id, person_id, count(*) from eval_joined "
                "where source_table = ? group by 1, 2",
                [table],
            ).fetchall()
            scopes.append(pair_metrics_from_cells(table, cells))

        false_merges = con.execute(
            f"""
            with cells as (
                select customer_id, person_id, count(*) as n from eval_joined group by 1, 2
            ),
            per_customer as (
                select
                    customer_id,
                    sum(n) as records,
                    count(*) as persons,
                    (sum(n) * (sum(n) - 1) / 2) - sum(n * (n - 1) / 2) as false_pairs,
                    string_agg(person_id || ':' || n, ', ' order by n desc, person_id)
                        as person_counts
                from cells
                group by customer_id
            )
            select customer_id, records, persons, false_pairs, person_counts
            from per_customer where persons > 1
            order by false_pairs desc, customer_id
            limit {int(top)}
            """
        ).fetchall()
        misses = con.execute(
            f"""
            with cells as (
                select customer_id, person_id, count(*) as n from eval_joined group by 1, 2
            ),
            per_person as (
                select
                    person_id,
                    sum(n) as records,
                    count(*) as customers,
                    (sum(n) * (sum(n) - 1) / 2) - sum(n * (n - 1) / 2) as missed_pairs
                from cells
                group by person_id
            )
            select
                per_person.person_id, per_person.records, per_person.customers,
                per_person.missed_pairs,
                (
                    select string_agg(
                        source_table || ':' || source_record_id || '->' || left(customer_id, 8),
                        ', '
                        order by customer_id, source_table, source_record_id)
                    from eval_joined where eval_joined.person_id = per_person.person_id
                ) as records_detail
            from per_person where customers > 1
            order by missed_pairs desc, person_id
            limit {int(top)}
            """
        ).fetchall()
    finally:
        con.close()
    return {
        "coverage": dict(
            zip(["truth_records", "map_records", "joined_records"], coverage, strict=True)
        ),
        "metrics": [scope.as_dict() for scope in scopes],
        "worst_false_merges": [
            dict(
                zip(
                    ["customer_id", "records", "persons", "false_pairs", "person_counts"],
                    row,
                    strict=True,
                )
            )
            for row in false_merges
        ],
        "worst_misses": [
            dict(
                zip(
                    ["person_id", "records", "customers", "missed_pairs", "records_detail"],
                    row,
                    strict=True,
                )
            )
            for row in misses
        ],
    }


def _relation(con: duckdb.DuckDBPyConnection, name: str) -> str | None:
    rows = con.execute(
        "select table_schema from information_schema.tables where table_name = ?", [name]
    ).fetchall()
    return f'"{rows[0][0]}".{name}' if rows else None


def _components_pairs(edges: list[tuple[str, str]], nodes: list[str]) -> int:
    """Pairs of nodes that `edges` connect (transitively): sum of C(size, 2) over components."""
    parent = {node: node for node in nodes}

    def find(node: str) -> str:
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    for a, b in edges:
        root_a, root_b = find(a), find(b)
        if root_a != root_b:
            parent[max(root_a, root_b)] = min(root_a, root_b)
    sizes: dict[str, int] = {}
    for node in nodes:
        root = find(node)
        sizes[root] = sizes.get(root, 0) + 1
    return sum(size * (size - 1) // 2 for size in sizes.values())


def evaluate_blocking(warehouse: Path, raw_dir: Path) -> dict | None:
    """Blocking recall and the evidence cap on CRM contact pairs.

    - blocking recall: true pairs of CRM records (same person in the truth)
      that int_identity_fuzzy_candidates proposes / all true CRM pairs;
    - name-only pairs: true pairs whose records agree on nothing but names
      (birth date missing on a side or different, postcode and street key
      missing or different). No matcher can accept those without accepting
      namesakes;
    - recall cap: the share of true pairs still reachable when name-only pairs
      are never linked directly (they may be joined through a third record),
      and the F1 that recall gives at precision 1.
    Reads the warehouse's person records and candidates; None when absent.
    """
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        records = _relation(con, "int_identity_person_records")
        candidates = _relation(con, "int_identity_fuzzy_candidates")
        if records is None or candidates is None:
            return None
        truth = _truth_scan(raw_dir)
        con.execute(
            f"""
            create or replace temp table eval_crm as
            select
                records.record_key, cast(truth.person_id as varchar) as person_id,
                records.date_of_birth, records.postal_key, records.street_key
            from {records} as records
            inner join {truth} as truth
                on records.source_table = trim(cast(truth.source_table as varchar))
                and records.source_record_id = trim(cast(truth.source_record_id as varchar))
            where records.source_table = 'crm_contacts'
            """
        )
        con.execute(
            f"""
            create or replace temp table eval_true_pairs as
            select
                a.record_key as record_key_a, b.record_key as record_key_b,
                not (
                    coalesce(a.date_of_birth = b.date_of_birth, false)
                    or coalesce(a.postal_key = b.postal_key, false)
                    or coalesce(a.street_key = b.street_key, false)
                ) as is_name_only,
                candidates.record_key_a is not null as is_proposed
            from eval_crm as a
            inner join eval_crm as b
                on a.person_id = b.person_id and a.record_key < b.record_key
            left join {candidates} as candidates
                on a.record_key = candidates.record_key_a and b.record_key = candidates.record_key_b
            """
        )
        true_pairs, proposed, name_only = con.execute(
            "select count(*), count(*) filter (where is_proposed), "
            "count(*) filter (where is_name_only) from eval_true_pairs"
        ).fetchone()
        edges = con.execute(
            "select record_key_a, record_key_b from eval_true_pairs where not is_name_only"
        ).fetchall()
        nodes = [row[0] for row in con.execute("select record_key from eval_crm").fetchall()]
    finally:
        con.close()
    reachable = _components_pairs(edges, nodes)
    recall_cap = reachable / true_pairs if true_pairs else 1.0
    return {
        "true_pairs": true_pairs,
        "proposed_true_pairs": proposed,
        "blocking_recall": proposed / true_pairs if true_pairs else 1.0,
        "name_only_pairs": name_only,
        "recall_cap": recall_cap,
        "f1_cap": 2 * recall_cap / (1 + recall_cap),
    }


def format_report(report: dict) -> str:
    cov = report["coverage"]
    lines = [
        f"records: truth {cov['truth_records']:,}  map {cov['map_records']:,}  "
        f"evaluated {cov['joined_records']:,}",
        "",
        f"{'scope':<16}{'records':>12}{'true pairs':>14}{'pred pairs':>14}"
        f"{'precision':>11}{'recall':>9}{'f1':>9}",
    ]
    for m in report["metrics"]:
        lines.append(
            f"{m['scope']:<16}{m['records']:>12,}{m['true_pairs']:>14,}{m['predicted_pairs']:>14,}"
            f"{m['precision']:>11.5f}{m['recall']:>9.5f}{m['f1']:>9.5f}"
        )
    blocking = report.get("blocking")
    if blocking:
        lines += [
            "",
            f"crm_contacts blocking: {blocking['proposed_true_pairs']:,} of "
            f"{blocking['true_pairs']:,} "
            f"true pairs proposed (blocking recall {blocking['blocking_recall']:.5f}); "
            f"{blocking['name_only_pairs']:,} agree on nothing but names -> recall cap "
            f"{blocking['recall_cap']:.5f}, F1 cap {blocking['f1_cap']:.5f}",
        ]
    lines += ["", "worst false merges (customer: records, persons, false pairs, person:records):"]
    for row in report["worst_false_merges"] or [{"customer_id": "(none)"}]:
        if "records" in row:
            lines.append(
                f"  {row['customer_id'][:12]}  {row['records']} rec  {row['persons']} persons  "
                f"{row['false_pairs']} false pairs  [{row['person_counts'][:200]}]"
            )
        else:
            lines.append("  (none)")
    lines += ["", "worst misses (person: records, customers, missed pairs, records->customer):"]
    for row in report["worst_misses"] or [{"person_id": "(none)"}]:
        if "records" in row:
            lines.append(
                f"  {row['person_id']}  {row['records']} rec  {row['customers']} customers  "
                f"{row['missed_pairs']} missed pairs  [{(row['records_detail'] or '')[:300]}]"
            )
        else:
            lines.append("  (none)")
    return "\n".join(lines)


def bench_identity(raw_dir: Path, warehouse: Path, target_path: Path, selector: str) -> dict:
    """Time `dbt build -s <selector>` (tests excluded) as a child process.

    Wall time covers the whole command (parse, staging, identity); peak memory
    is the largest resident set of any child (dbt and its DuckDB engine).
    """
    dbt = str(Path(sys.executable).with_name("dbt"))
    env = dict(os.environ)
    env.update(
        {
            "JOURNEYMAP_RAW_DIR": str(raw_dir),
            "JOURNEYMAP_DUCKDB_PATH": str(warehouse),
            "DBT_TARGET_PATH": str(target_path / "target"),
            "DBT_LOG_PATH": str(target_path / "logs"),
        }
    )
    command = [
        dbt,
        "build",
        "--select",
        selector,
        "--exclude",
        "resource_type:test",
        "resource_type:unit_test",
    ]
    started = time.perf_counter()
    result = subprocess.run(command, env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    peak_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    if result.returncode != 0:
        raise SystemExit(result.stdout[-4000:] + result.stderr[-2000:])
    return {
        "command": " ".join(command),
        "seconds": round(seconds, 1),
        "peak_rss_mib": round(peak_kib / 1024, 1),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m journeymap.evaluate", description=__doc__.split("\n\n")[0]
    )
    sub = parser.add_subparsers(dest="command", required=True)
    identity = sub.add_parser(
        "identity",
        help="pairwise precision/recall/F1 of customer_identity_map against truth_identities",
        description="Pairwise precision/recall/F1 of customer_identity_map against "
        "truth_identities, "
        "computed from cluster contingency counts, plus the worst false merges and misses.",
    )
    identity.add_argument(
        "--warehouse",
        type=Path,
        default=Path("warehouse/journeymap.duckdb"),
        help="DuckDB file holding customer_identity_map",
    )
    identity.add_argument(
        "--raw-dir",
        type=Path,
        default=Path("data/raw"),
        help="folder holding truth_identities.parquet",
    )
    identity.add_argument(
        "--top", type=int, default=10, help="how many worst merges/misses to list"
    )
    identity.add_argument("--json", action="store_true", help="print the report as JSON")
    identity.add_argument("--min-precision", type=float, default=None)
    identity.add_argument("--min-recall", type=float, default=None)
    identity.add_argument("--min-f1", type=float, default=None)
    bench = sub.add_parser(
        "identity-bench",
        help="time and peak memory of `dbt build -s +customer_identity_map` on a raw folder",
    )
    bench.add_argument("--raw-dir", type=Path, required=True)
    bench.add_argument(
        "--warehouse", type=Path, required=True, help="DuckDB file to build (overwritten)"
    )
    bench.add_argument(
        "--work-dir",
        type=Path,
        default=Path("/tmp/journeymap-bench"),
        help="dbt target and log folder",
    )
    bench.add_argument("--select", default="+customer_identity_map")
    args = parser.parse_args(argv)

    if args.command == "identity-bench":
        print(
            json.dumps(
                bench_identity(args.raw_dir, args.warehouse, args.work_dir, args.select), indent=2
            )
        )
        return 0

    report = evaluate_identity(args.warehouse, args.raw_dir, top=args.top)
    report["blocking"] = evaluate_blocking(args.warehouse, args.raw_dir)
    print(json.dumps(report, indent=2, default=str) if args.json else format_report(report))
    overall = report["metrics"][0]
    failures = [
        f"{name} {overall[name]:.5f} < {threshold}"
        for name, threshold in (
            ("precision", args.min_precision),
            ("recall", args.min_recall),
            ("f1", args.min_f1),
        )
        if threshold is not None and overall[name] < threshold
    ]
    if failures:
        print("TARGET MISSED: " + "; ".join(failures), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Documentation and access rules, checked on the parsed manifest.

- Every public model has a description, and so has every column it
  declares; every metric, semantic model (and its entities, dimensions,
  measures) and exposure has a description.
- Every column a public mart produces is declared (documented) in its yml.
  For SQL marts the enforced contract guarantees it at build time; here the
  manifest's declared columns are compared with the warehouse for all public
  models, Python ones included.
- Access: marts and ML outputs public, staging and intermediate private;
  public SQL models enforce their contract (the DuckDB adapter cannot enforce
  contracts on Python models, docs/conventions.md).
"""

from __future__ import annotations

import json

import pytest
from _dbt_helpers import query


@pytest.fixture(scope="module")
def built(small_build):
    """The small build's manifest and warehouse."""
    manifest = json.loads((small_build.artifacts / "manifest.json").read_text())
    return manifest, small_build.warehouse


def _project_models(manifest) -> dict[str, dict]:
    return {
        uid: node
        for uid, node in manifest["nodes"].items()
        if node["resource_type"] == "model" and node["package_name"] == "journeymap"
    }


def _blank(text) -> bool:
    return not (text or "").strip()


def test_public_models_and_their_columns_are_described(built):
    manifest, _ = built
    public = {u: n for u, n in _project_models(manifest).items() if n["access"] == "public"}
    assert len(public) >= 30, sorted(public)
    missing = []
    for node in public.values():
        if _blank(node["description"]):
            missing.append(node["name"])
        if not node["columns"]:
            missing.append(f"{node['name']} (no columns declared)")
        missing += [
            f"{node['name']}.{name}"
            for name, column in node["columns"].items()
            if _blank(column["description"])
        ]
    assert missing == []


def test_semantic_layer_and_exposures_are_described(built):
    manifest, _ = built
    missing = [m["name"] for m in manifest["metrics"].values() if _blank(m["description"])]
    missing += [m["name"] for m in manifest["metrics"].values() if _blank(m.get("label"))]
    for sm in manifest["semantic_models"].values():
        if _blank(sm["description"]):
            missing.append(sm["name"])
        for kind in ("dimensions", "measures"):
            missing += [
                f"{sm['name']}.{item['name']}"
                for item in sm[kind]
                if _blank(item.get("description"))
            ]
    for exposure in manifest["exposures"].values():
        if _blank(exposure["description"]) or not exposure["depends_on"]["nodes"]:
            missing.append(exposure["name"])
    assert missing == []
    # the metric list is all there
    names = {m["name"] for m in manifest["metrics"].values()}
    expected = {
        "revenue",
        "orders",
        "average_order_value",
        "active_customers",
        "new_customers",
        "repeat_rate",
        "session_conversion_rate",
        "cart_abandonment_rate",
        "email_click_rate",
        "churn_risk_share",
        "segment_size",
    }
    assert expected <= names, expected - names
    assert len(manifest["exposures"]) == 6


def test_declared_columns_match_the_warehouse(built):
    manifest, warehouse = built
    mismatched = {}
    for node in _project_models(manifest).values():
        if node["access"] != "public":
            continue
        actual = [
            r[0]
            for r in query(
                warehouse,
                "select column_name from information_schema.columns "
                "where table_schema = ? and table_name = ? order by ordinal_position",
                [node["schema"], node["alias"]],
            )
        ]
        assert actual, f"{node['name']} not built"
        declared = list(node["columns"])
        if sorted(actual) != sorted(declared):
            mismatched[node["name"]] = {
                "undeclared": sorted(set(actual) - set(declared)),
                "not_produced": sorted(set(declared) - set(actual)),
            }
    assert mismatched == {}


def test_access_by_layer_and_contracts_on_public_sql_models(built):
    manifest, _ = built
    problems = []
    for node in _project_models(manifest).values():
        path = node["original_file_path"]
        if path.startswith(("models/staging/", "models/intermediate/")):
            expected = "private"
        else:
            expected = "public"
        if node["access"] != expected:
            problems.append(f"{node['name']}: {node['access']} (expected {expected})")
        if node["access"] == "private" and not node["group"]:
            problems.append(f"{node['name']}: private without a group")
        is_sql = node["language"] == "sql"
        if expected == "public" and is_sql and not node["contract"]["enforced"]:
            problems.append(f"{node['name']}: public SQL model without an enforced contract")
    assert problems == []


def test_tests_over_every_mart_depend_on_every_mart(built):
    """Singular tests that read the marts through the graph (macro
    readable_marts, at run time) name each mart in a `depends_on` ref, so dbt
    runs them after every mart is built; a new mart must be added there."""
    manifest, _ = built
    marts = {
        uid
        for uid, node in _project_models(manifest).items()
        if node["original_file_path"].startswith("models/marts/") and node["config"]["enabled"]
    }
    readers = [
        node
        for node in manifest["nodes"].values()
        if node["resource_type"] == "test"
        and node["package_name"] == "journeymap"
        and any(m in node.get("raw_code", "") for m in ("readable_marts", "mart_customer_ids_sql"))
    ]
    assert len(readers) >= 2, [n["name"] for n in readers]
    for node in readers:
        missing = sorted(m.split(".")[-1] for m in marts - set(node["depends_on"]["nodes"]))
        assert missing == [], f"{node['name']}: add -- depends_on: {{{{ ref(...) }}}} for {missing}"

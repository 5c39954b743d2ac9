"""The sources yml (models/staging/<source>/_<source>__sources.yml, with `meta`)
is the one registry of raw tables and their columns. Everything else that
lists them is checked against it here, so a table or column added in one
place and forgotten in another fails in seconds:

- the generator's contract (journeymap.generator.CONTRACT): same tables, same
  required flag, same columns in the same order;
- staged_sources() (macros/quality/staged_sources.sql): one entry per table,
  under the source that declares it;
- vars.data_quality_fields (dbt_project.yml): one entry per table;
- docs/raw-contract.md: a section per table with its R/O flag, naming every
  column.

The dbt side reads the yml directly (macros/raw/raw_contract.sql), so it
needs no check.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from journeymap.generator import CONTRACT

REPO = Path(__file__).resolve().parents[3]


def _registry() -> dict[str, dict]:
    """table -> {source, required, columns} from every sources yml."""
    tables: dict[str, dict] = {}
    for path in sorted((REPO / "models" / "staging").glob("*/_*__sources.yml")):
        for source in yaml.safe_load(path.read_text())["sources"]:
            for table in source["tables"]:
                assert table["name"] not in tables, f"{table['name']} declared twice"
                tables[table["name"]] = {
                    "source": source["name"],
                    "required": bool((table.get("meta") or {}).get("contract_required", False)),
                    "columns": tuple(c["name"] for c in table.get("columns", [])),
                }
    return tables


REGISTRY = _registry()


def test_registry_is_not_empty():
    assert {"crm_contacts", "shop_orders", "web_events", "consent_events"} <= set(REGISTRY)


@pytest.mark.parametrize("table", sorted(REGISTRY))
def test_generator_contract_matches_sources_yml(table):
    assert table in CONTRACT, f"{table} is in the sources yml but not generated"
    required, columns = CONTRACT[table]
    assert required == REGISTRY[table]["required"], table
    assert columns == REGISTRY[table]["columns"], table


def test_generator_generates_no_table_outside_the_registry():
    assert set(CONTRACT) == set(REGISTRY)


def test_staged_sources_cover_the_registry():
    text = (REPO / "macros" / "quality" / "staged_sources.sql").read_text()
    body = text[text.index("macro staged_sources()") : text.index("endmacro")]
    entries = re.findall(r"'source': '(\w+)', 'table': '(\w+)'", body)
    assert len(entries) == len({t for _, t in entries}), "a table listed twice"
    assert {t: s for s, t in entries} == {t: m["source"] for t, m in REGISTRY.items()}


def test_data_quality_fields_cover_the_registry():
    project = yaml.safe_load((REPO / "dbt_project.yml").read_text())
    assert set(project["vars"]["data_quality_fields"]) == set(REGISTRY)


def test_raw_contract_doc_matches_the_registry():
    text = (REPO / "docs" / "raw-contract.md").read_text()
    headings = list(re.finditer(r"^### (\w+) \(([RO])\)", text, flags=re.MULTILINE))
    documented = {m.group(1): m.group(2) == "R" for m in headings}
    assert documented == {t: m["required"] for t, m in REGISTRY.items()}
    for i, heading in enumerate(headings):
        end = headings[i + 1].start() if i + 1 < len(headings) else len(text)
        section = text[heading.end() : end]
        missing = [
            c for c in REGISTRY[heading.group(1)]["columns"] if not re.search(rf"\b{c}\b", section)
        ]
        assert not missing, f"docs/raw-contract.md, {heading.group(1)}: {missing} not described"

"""The dashboard's pages under Streamlit's AppTest (no browser, no server).

- every page renders on a built demo warehouse without an exception, with its
  charts and without a warning;
- the sidebar filters change the figures;
- a missing, empty or locked warehouse gives a plain message, not a trace.
"""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import textwrap
from pathlib import Path

import duckdb
import pytest
from _dashboard import demo_warehouse
from _dbt_helpers import PROJECT
from streamlit.testing.v1 import AppTest

APP = str(PROJECT / "dashboard" / "app.py")
# page script (relative to app.py) -> (title, Altair charts it draws on the demo warehouse)
PAGES = {
    "views/overview.py": ("Overview", 3),
    "views/rfm.py": ("RFM", 2),
    "views/segments.py": ("Segments and journeys", 5),
    "views/clusters.py": ("Clusters", 3),
    "views/personalisation.py": ("Personalisation", 3),
    "views/health.py": ("Data health", 7),
}
TIMEOUT = 90  # seconds per script run: cold queries on a busy 2-core machine


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory, request) -> Path:
    return demo_warehouse(tmp_path_factory.mktemp("dashboard"), request)


def _app(monkeypatch, path: Path) -> AppTest:
    # AppTest runs the script in this process, so the app sees this variable.
    monkeypatch.setenv("JOURNEYMAP_DUCKDB_PATH", str(path))
    return AppTest.from_file(APP, default_timeout=TIMEOUT)


def _open(monkeypatch, path: Path, page: str | None = None) -> AppTest:
    at = _app(monkeypatch, path)
    if page:
        at.switch_page(page)  # before the first run: draws only that page
    return at.run()


def _charts(at: AppTest) -> list:
    return at.get("vega_lite_chart")


def _metric(at: AppTest, label: str) -> float:
    for metric in at.metric:
        if metric.label == label:
            return float(str(metric.value).replace(",", "").rstrip("%"))
    raise AssertionError(f"no metric {label!r} in {[m.label for m in at.metric]}")


@pytest.mark.parametrize("page", list(PAGES))
def test_page_renders_with_its_charts(monkeypatch, warehouse, page):
    title, charts = PAGES[page]
    at = _open(monkeypatch, warehouse, page)
    assert not at.exception, [e.value for e in at.exception]
    assert [t.value for t in at.title] == [title]
    assert not at.warning, [w.value for w in at.warning]
    assert len(_charts(at)) == charts
    # The sidebar filters are on every page.
    assert at.sidebar.date_input and at.sidebar.multiselect and at.sidebar.selectbox


def test_country_filter_changes_the_overview(monkeypatch, warehouse):
    at = _open(monkeypatch, warehouse)
    before = {m: _metric(at, m) for m in ("Customers", "Revenue (USD)", "Orders")}
    countries = at.multiselect(key="filter_countries").options
    assert "US" in countries
    at.multiselect(key="filter_countries").set_value(["US"]).run()
    assert not at.exception
    after = {m: _metric(at, m) for m in before}
    for name in before:
        assert 0 < after[name] < before[name], (name, before[name], after[name])


def test_date_range_and_segment_filters_change_the_overview(monkeypatch, warehouse):
    at = _open(monkeypatch, warehouse)
    revenue, customers = _metric(at, "Revenue (USD)"), _metric(at, "Customers")
    start, end = at.date_input(key="filter_dates").value
    middle = start + (end - start) / 2
    at.date_input(key="filter_dates").set_value((start, middle)).run()
    assert not at.exception
    assert 0 < _metric(at, "Revenue (USD)") < revenue
    # Customers are not dated: the date range leaves their count alone.
    assert _metric(at, "Customers") == customers

    segment = at.selectbox(key="filter_segment")
    assert any(label.startswith("VIP") for label in segment.options)
    segment.set_value("vip").run()  # the value is the segment_key; options show names
    assert not at.exception
    assert 0 < _metric(at, "Customers") < customers


def test_country_filter_changes_the_rfm_drill_down(monkeypatch, warehouse):
    at = _open(monkeypatch, warehouse, "views/rfm.py")
    members = len(at.dataframe[-1].value)
    assert members > 0
    at.multiselect(key="filter_countries").set_value(["US"]).run()
    assert not at.exception
    drill = at.dataframe[-1].value
    assert 0 < len(drill) < members
    assert set(drill["country_code"]) == {"US"}
    # No PII in the drill-down: pseudonymous ids and RFM figures only.
    assert not {"email", "phone", "first_name", "last_name", "street_address"} & set(drill)


@pytest.mark.parametrize("page", ["views/rfm.py", "views/personalisation.py"])
def test_pages_show_the_warehouse_as_of_date(monkeypatch, warehouse, page):
    """The "as of" note names the build's as-of date, read from the warehouse
    (not "the build date": the as-of date is not the day the build ran)."""
    with duckdb.connect(str(warehouse), read_only=True) as con:
        (as_of,) = con.execute("select as_of_date from intermediate.int_as_of_date").fetchone()
    at = _open(monkeypatch, warehouse, page)
    assert not at.exception, [e.value for e in at.exception]
    captions = [str(c.value) for c in at.caption]
    assert any(f"as of {as_of.isoformat()}" in c for c in captions), captions
    assert not any("build date" in c for c in captions), captions


def _assert_friendly(at: AppTest, *phrases: str) -> None:
    assert not at.exception, [e.value for e in at.exception]
    shown = " ".join(str(x.value) for x in [*at.info, *at.warning])
    for phrase in phrases:
        assert phrase in shown, shown


def test_missing_warehouse_says_to_build(monkeypatch, tmp_path):
    at = _open(monkeypatch, tmp_path / "nowhere.duckdb")
    _assert_friendly(at, "No warehouse", "make build")


def test_empty_warehouse_says_to_build_on_every_page(monkeypatch, tmp_path):
    empty = tmp_path / "empty.duckdb"
    duckdb.connect(str(empty)).close()
    at = _app(monkeypatch, empty).run()
    for page in PAGES:
        at.switch_page(page).run()
        _assert_friendly(at, "make build")
        assert not _charts(at), page


def test_page_without_its_tables_names_them(monkeypatch, tmp_path, warehouse):
    """A build that stopped half-way: the filters' tables exist, a page's do not."""
    partial = tmp_path / "partial.duckdb"
    with duckdb.connect(str(partial)) as con:
        con.execute(f"attach '{warehouse}' as built (read_only)")
        for table in ("dim_customers", "customer_segments", "fct_orders"):
            con.execute(f"create table {table} as select * from built.main.{table}")
    at = _open(monkeypatch, partial, "views/clusters.py")
    _assert_friendly(at, "`customer_clusters`", "make build")


def test_warehouse_being_rebuilt_says_so(monkeypatch, tmp_path, warehouse):
    """A running `dbt build` holds DuckDB's write lock on the file."""
    locked = tmp_path / "locked.duckdb"
    locked.write_bytes(Path(warehouse).read_bytes())
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            textwrap.dedent(
                f"""
                import sys, time, duckdb
                con = duckdb.connect({str(locked)!r})
                print("locked", flush=True)
                time.sleep(120)
                """
            ),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "locked"
        at = _open(monkeypatch, locked)
        _assert_friendly(at, "being rebuilt")
    finally:
        holder.kill()
        holder.wait(timeout=30)


def test_filters_default_to_the_whole_order_history(monkeypatch, warehouse):
    at = _open(monkeypatch, warehouse)
    start, end = at.date_input(key="filter_dates").value
    assert isinstance(start, dt.date) and start < end
    assert at.multiselect(key="filter_countries").value == []

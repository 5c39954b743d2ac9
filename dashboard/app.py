"""journeymap dashboard: `make dashboard` (streamlit run dashboard/app.py).

Reads the DuckDB warehouse (JOURNEYMAP_DUCKDB_PATH, default
warehouse/journeymap.duckdb) read-only. The sidebar filters are drawn here,
once, and every page reads them; the pages live in views/.
"""

from __future__ import annotations

import sys
from pathlib import Path

# `streamlit run` puts only this folder on the import path; the pages are the
# `dashboard` package (its queries in dashboard.data), found from the project root.
ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import streamlit as st  # noqa: E402

from dashboard import common, data  # noqa: E402

VIEWS = Path(__file__).resolve().parent / "views"

st.set_page_config(page_title="journeymap", page_icon=":material/route:", layout="wide")

pages = [
    st.Page(VIEWS / "overview.py", title="Overview", icon=":material/dashboard:", default=True),
    st.Page(VIEWS / "rfm.py", title="RFM", icon=":material/grid_on:", url_path="rfm"),
    st.Page(
        VIEWS / "segments.py",
        title="Segments and journeys",
        icon=":material/route:",
        url_path="segments",
    ),
    st.Page(
        VIEWS / "clusters.py", title="Clusters", icon=":material/bubble_chart:", url_path="clusters"
    ),
    st.Page(
        VIEWS / "personalisation.py",
        title="Personalisation",
        icon=":material/campaign:",
        url_path="personalisation",
    ),
    st.Page(
        VIEWS / "health.py",
        title="Data health",
        icon=":material/health_and_safety:",
        url_path="health",
    ),
]
page = st.navigation(pages)

# Without the warehouse (or while a build holds it) no page can draw: say so
# plainly and stop, instead of each chart failing with a stack trace.
problem = common.check_warehouse(data.CORE_TABLES)
if problem:
    st.title("journeymap")
    st.info(problem, icon=":material/info:")
    st.stop()

common.sidebar_filters()
page.run()

"""The dashboard in a real browser: `streamlit run` on 127.0.0.1, Debian's
headless Chromium driven over the DevTools protocol (tests/python/dashboard/_browser.py).

Each page is opened by its URL; the test waits until Streamlit has drawn the
page's Altair charts (vega-embed SVGs: Streamlit renders after load, over
its websocket) with no exception box, then saves a screenshot to
artifacts/screenshots/ (JOURNEYMAP_SCREENSHOT_DIR to put them elsewhere, e.g.
docs/screenshots for the README).

Without Chromium the test is skipped locally, but fails under CI=true: CI
installs it (.ci/run), so its absence there is a broken setup, not a reason
to skip.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from _browser import Chromium, find_chromium, free_port, wait_http
from _dashboard import demo_warehouse
from _dbt_helpers import PROJECT

# URL path -> (page title, Altair charts drawn on the demo warehouse, screenshot name)
PAGES = {
    "": ("Overview", 3, "overview"),
    "rfm": ("RFM", 2, "rfm"),
    "segments": ("Segments and journeys", 5, "segments"),
    "clusters": ("Clusters", 3, "clusters"),
    "personalisation": ("Personalisation", 3, "personalisation"),
    "health": ("Data health", 7, "health"),
}
PAGE_TIMEOUT = 90  # seconds for a page's charts to appear on a busy machine
SCREENSHOTS = Path(
    os.environ.get("JOURNEYMAP_SCREENSHOT_DIR") or PROJECT / "artifacts" / "screenshots"
)

# What the page shows right now, read in the browser.
PAGE_STATE_JS = """JSON.stringify({
  charts: document.querySelectorAll('.vega-embed svg.marks').length,
  exceptions: [...document.querySelectorAll('[data-testid=stException]')]
      .map(e => e.innerText.slice(0, 500)),
  alerts: [...document.querySelectorAll('[data-testid=stAlert]')]
      .map(e => e.innerText.slice(0, 300)),
  titles: [...document.querySelectorAll('h1')].map(e => e.innerText.trim()),
  running: !!document.querySelector('[data-testid=stStatusWidget]'),
})"""


@pytest.fixture(scope="module")
def chromium_binary() -> str:
    binary = find_chromium()
    if binary is None:
        if os.environ.get("CI", "").lower() in ("true", "1"):
            pytest.fail(
                "Chromium is not installed, but CI must run the browser test: "
                "`apt-get install -y chromium` (.ci/run does this)."
            )
        pytest.skip("Chromium not installed (apt-get install chromium); CI runs this test.")
    return binary


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory, request) -> Path:
    return demo_warehouse(tmp_path_factory.mktemp("dashboard"), request)


@pytest.fixture(scope="module")
def dashboard_url(warehouse, tmp_path_factory):
    port = free_port()
    log = tmp_path_factory.mktemp("streamlit") / "streamlit.log"
    env = dict(os.environ, JOURNEYMAP_DUCKDB_PATH=str(warehouse))
    with open(log, "w") as out:
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "streamlit",
                "run",
                "dashboard/app.py",
                "--server.address",
                "127.0.0.1",
                "--server.port",
                str(port),
                "--server.headless",
                "true",
                "--browser.gatherUsageStats",
                "false",
                "--client.toolbarMode",
                "viewer",
            ],
            cwd=PROJECT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # so teardown can stop it and its children
        )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_http(f"{url}/_stcore/health", 90, proc)
        yield url
    except Exception as exc:
        raise AssertionError(f"streamlit did not start: {exc}\n{log.read_text()[-3000:]}") from exc
    finally:
        try:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(timeout=20)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=20)


@pytest.fixture(scope="module")
def browser(chromium_binary):
    with Chromium(chromium_binary, width=1400, height=1000) as chromium:
        yield chromium


def _wait_for_page(browser: Chromium, title: str, charts: int) -> dict:
    """Poll until the page has its title, all its charts and a finished script run."""
    deadline = time.monotonic() + PAGE_TIMEOUT
    state: dict = {}
    while time.monotonic() < deadline:
        state = json.loads(browser.evaluate(PAGE_STATE_JS))
        if state["exceptions"]:
            break
        if title in state["titles"] and state["charts"] >= charts and not state["running"]:
            return state
        time.sleep(0.5)
    raise AssertionError(f"page {title!r} not drawn with {charts} charts: {state}")


def test_every_page_draws_its_charts(browser, dashboard_url):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    found = {}
    for path, (title, charts, name) in PAGES.items():
        browser.navigate(f"{dashboard_url}/{path}")
        state = _wait_for_page(browser, title, charts)
        assert not state["exceptions"], state["exceptions"]
        assert state["charts"] == charts, state
        # No "run make build" message on a built warehouse.
        assert not state["alerts"], state["alerts"]
        shot = browser.screenshot(SCREENSHOTS / f"{name}.png")
        assert shot.stat().st_size > 20_000, f"{shot} looks blank"
        found[title] = state["charts"]
    print(f"charts per page: {found}; screenshots in {SCREENSHOTS}")

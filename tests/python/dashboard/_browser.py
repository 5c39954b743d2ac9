"""Headless Chromium driven over the Chrome DevTools Protocol (CDP), for the
dashboard's browser test: no Playwright or Selenium, nothing downloaded at run
time; Debian's `chromium` and `websocket-client` only.

Streamlit draws the page after load, over its own websocket, so a plain
`chromium --screenshot` is blank; `Chromium.wait_for` polls the live DOM
until the page's charts are there, then `screenshot` captures it.
"""

from __future__ import annotations

import base64
import json
import os
import shutil
import socket
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path

import websocket

CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--hide-scrollbars",
)


def find_chromium() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    return None


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_http(url: str, timeout: float, proc: subprocess.Popen | None = None) -> str:
    """GET `url` until it answers 200; the body. Fails early if `proc` died."""
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"process exited with {proc.returncode} before {url} answered")
        try:
            with urllib.request.urlopen(url, timeout=5) as resp:
                return resp.read().decode()
        except OSError as exc:
            last = exc
            time.sleep(0.3)
    raise TimeoutError(f"{url} did not answer within {timeout}s ({last})")


class Chromium:
    """One headless Chromium with one page target, driven over CDP."""

    def __init__(self, binary: str, width: int = 1400, height: int = 1000):
        self.port = free_port()
        self.profile = tempfile.mkdtemp(prefix="jm-chromium-")
        self.proc = subprocess.Popen(
            [
                binary,
                *CHROMIUM_FLAGS,
                f"--remote-debugging-port={self.port}",
                "--remote-debugging-address=127.0.0.1",
                f"--user-data-dir={self.profile}",
                f"--window-size={width},{height}",
                "about:blank",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        self._id = 0
        self.width, self.height = width, height
        try:
            wait_http(f"http://127.0.0.1:{self.port}/json/version", 60, self.proc)
            targets = json.loads(wait_http(f"http://127.0.0.1:{self.port}/json/list", 10))
            page = next(t for t in targets if t.get("type") == "page")
            self.ws = websocket.create_connection(
                page["webSocketDebuggerUrl"], timeout=60, suppress_origin=True
            )
            self.send("Page.enable")
            self.send("Runtime.enable")
            self.send(
                "Emulation.setDeviceMetricsOverride",
                {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False},
            )
        except BaseException:
            self.close()
            raise

    def send(self, method: str, params: dict | None = None) -> dict:
        """Send one CDP command and return its result (events in between are skipped)."""
        self._id += 1
        my_id = self._id
        self.ws.send(json.dumps({"id": my_id, "method": method, "params": params or {}}))
        while True:
            message = json.loads(self.ws.recv())
            if message.get("id") == my_id:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return message.get("result", {})

    def evaluate(self, expression: str):
        result = self.send("Runtime.evaluate", {"expression": expression, "returnByValue": True})
        if "exceptionDetails" in result:
            raise RuntimeError(f"JS error in {expression!r}: {result['exceptionDetails']}")
        return result["result"].get("value")

    def navigate(self, url: str) -> None:
        self.send("Page.navigate", {"url": url})

    def wait_for(self, expression: str, timeout: float, interval: float = 0.5):
        """Poll a JS expression until it returns a truthy value; that value."""
        deadline = time.monotonic() + timeout
        value = None
        while time.monotonic() < deadline:
            value = self.evaluate(expression)
            if value:
                return value
            time.sleep(interval)
        raise TimeoutError(f"{expression!r} still falsy after {timeout}s (last: {value!r})")

    # Bottom of Streamlit's main content, in page pixels.
    CONTENT_BOTTOM_JS = """(() => {
      const main = document.querySelector('[data-testid=stMainBlockContainer]');
      if (!main) return document.body.scrollHeight;
      const box = main.getBoundingClientRect();
      const scroller = document.querySelector('[data-testid=stMain]');
      return Math.ceil(box.top + main.scrollHeight + (scroller ? scroller.scrollTop : 0));
    })()"""

    def _resize(self, height: int) -> None:
        self.send(
            "Emulation.setDeviceMetricsOverride",
            {"width": self.width, "height": height, "deviceScaleFactor": 1, "mobile": False},
        )

    def screenshot(self, path: Path, full_page: bool = True, settle: float = 1.0) -> Path:
        """Save a PNG of the page. full_page: grow the window to the content's
        height first. Streamlit scrolls inside its own container, so content
        below the window is not laid out (and not captured) until the window
        is that tall; growing it may lay out more, hence the loop."""
        if full_page:
            height = self.height
            for _ in range(4):
                wanted = max(self.height, min(int(self.evaluate(self.CONTENT_BOTTOM_JS)), 8000))
                if wanted == height:
                    break
                height = wanted
                self._resize(height)
                time.sleep(settle)  # charts and tables re-lay out to the new size
        data = self.send("Page.captureScreenshot", {"format": "png"})["data"]
        if full_page:
            self._resize(self.height)
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(base64.b64decode(data))
        return path

    def close(self) -> None:
        ws = getattr(self, "ws", None)
        if ws is not None:
            try:
                ws.close()
            except OSError:
                pass
        if self.proc.poll() is None:
            try:
                os.killpg(self.proc.pid, 15)
                self.proc.wait(timeout=10)
            except (ProcessLookupError, subprocess.TimeoutExpired):
                os.killpg(self.proc.pid, 9)
                self.proc.wait(timeout=10)
        shutil.rmtree(self.profile, ignore_errors=True)

    def __enter__(self) -> Chromium:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

"""Shared parts of the browser tests: Debian's Chromium driven by Playwright, the real
site on waitress (``lineage serve``) against the test session's Neo4j, and a page that
refuses every request leaving 127.0.0.1.

Nothing here skips: a missing Chromium or Playwright fails the tests, saying what to
install. No browser is ever downloaded (never ``playwright install``).
"""

from __future__ import annotations

import os
import queue
import re
import shutil
import subprocess
import sys
import threading
import time
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

import pytest

ROOT = Path(__file__).resolve().parent.parent
SCREENSHOTS = ROOT / "tests" / "screenshots"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
LOCAL_HOSTS = {"127.0.0.1"}


def chromium_path() -> str:
    """Debian's Chromium, or a loud failure saying how to install it."""
    candidates = [os.environ.get("CHROMIUM_PATH"), "/usr/bin/chromium", shutil.which("chromium")]
    for path in candidates:
        if path and os.path.isfile(path) and os.access(path, os.X_OK):
            return path
    pytest.fail(
        "Chromium is missing: the browser tests drive Debian's chromium package. "
        "Install it with `apt-get install -y chromium` (no browser is downloaded by Playwright).",
        pytrace=False,
    )


def sync_playwright():
    try:
        from playwright.sync_api import sync_playwright as start
    except ImportError:
        pytest.fail("Playwright for Python is missing: pip install -e '.[dev]'", pytrace=False)
    return start


class Site:
    """``lineage serve --port 0`` in a subprocess, against the given Neo4j settings."""

    def __init__(self, settings, home: Path):
        env = dict(os.environ)
        env.update({
            "NEO4J_URI": settings.uri,
            "NEO4J_USER": settings.user or "",
            "NEO4J_PASSWORD": settings.password or "",
            "NEO4J_DATABASE": settings.database,
            "LINEAGE_HOME": str(home),
            "PYTHONUNBUFFERED": "1",
        })
        lineage = Path(sys.executable).with_name("lineage")
        command = [str(lineage)] if lineage.exists() else [sys.executable, "-m", "lineage.cli"]
        self.process = subprocess.Popen(
            command + ["serve", "--host", "127.0.0.1", "--port", "0", "--threads", "4"],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env, cwd=str(ROOT),
        )
        self.lines: list[str] = []
        found: queue.Queue = queue.Queue()

        def read() -> None:
            for line in self.process.stdout:
                self.lines.append(line.rstrip())
                match = re.search(r"(http://127\.0\.0\.1:\d+)/", line)
                if match:
                    found.put(match.group(1))

        threading.Thread(target=read, daemon=True).start()
        try:
            self.url = found.get(timeout=60)
        except queue.Empty:
            self.stop()
            pytest.fail("lineage serve did not start:\n" + "\n".join(self.lines[-30:]), pytrace=False)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=15)


class Watch:
    """What a page tried that it must not: requests off the site, dialogs, errors."""

    def __init__(self) -> None:
        self.outside: list[str] = []
        self.dialogs: list[str] = []
        self.errors: list[str] = []
        self.console_errors: list[str] = []

    def attach(self, page, allow_file: bool = False) -> None:
        def route(route) -> None:
            url = route.request.url
            parts = urlsplit(url)
            local = parts.scheme in ("http", "https") and parts.hostname in LOCAL_HOSTS
            if local or parts.scheme in ("data", "blob") or (allow_file and parts.scheme == "file"):
                route.continue_()
            else:
                self.outside.append(url)
                route.abort()

        page.route("**/*", route)
        page.on("dialog", lambda dialog: (self.dialogs.append(f"{dialog.type}: {dialog.message}"), dialog.dismiss()))
        page.on("pageerror", lambda error: self.errors.append(str(error)))
        page.on("console", lambda message: message.type == "error" and self.console_errors.append(message.text))

    def check(self, allowed_console_errors: tuple[str, ...] = ()) -> None:
        assert self.dialogs == [], f"a dialog fired (script from the data ran): {self.dialogs}"
        assert self.outside == [], f"the page tried to reach outside the site: {self.outside}"
        assert self.errors == [], f"script errors on the page: {self.errors}"
        unexpected = [e for e in self.console_errors if not any(a in e for a in allowed_console_errors)]
        assert unexpected == [], f"console errors: {unexpected}"


def screenshot(page, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    safe = re.sub(r"[^A-Za-z0-9_.-]+", "_", name)
    path = SCREENSHOTS / f"{safe}.png"
    page.screenshot(path=str(path), full_page=False)
    return path


# ---------------------------------------------------------------- the graph, from the page's script


def wait_stable(page, timeout: float = 30_000) -> None:
    page.wait_for_selector('#lineage-graph[data-state="stable"]', timeout=timeout, state="attached")


@contextmanager
def next_render(page, timeout: float = 30_000):
    """Wait, after the block's actions, for the graph's next finished draw.

    Waiting for the state to leave "stable" and come back races a fast redraw
    (it can do both between two polls), so the page counts its draws and this
    waits for the count to pass the one seen before the block.
    """
    before = int(page.get_attribute("#lineage-graph", "data-renders") or 0)
    yield
    page.wait_for_function(
        "n => { const g = document.getElementById('lineage-graph');"
        " return g && g.getAttribute('data-state') === 'stable' && Number(g.getAttribute('data-renders')) > n; }",
        arg=before, timeout=timeout,
    )


def node_ids(page) -> list:
    return page.evaluate("() => window.lineageGraph.nodes.getIds()")


def edge_pairs(page) -> list:
    return page.evaluate("() => window.lineageGraph.edges.get().map(e => [e.from, e.to])")


def positions(page) -> dict:
    return page.evaluate("() => window.lineageGraph.network.getPositions()")


def node_point(page, node_id, scale: float = 1.0) -> tuple[float, float]:
    """Centre the view on a node (the view only: no node moves) and return its page coordinates."""
    point = page.evaluate(
        """([id, scale]) => {
            const g = window.lineageGraph;
            g.canvas.scrollIntoView({block: "center"});
            const p = g.network.getPositions([id])[id];
            g.network.moveTo({position: p, scale: scale, animation: false});
            g.network.redraw();
            const d = g.network.canvasToDOM(p);
            const r = g.canvas.getBoundingClientRect();
            return [r.left + d.x, r.top + d.y];
        }""",
        [node_id, scale],
    )
    return point[0], point[1]


def drawn_point(page, node_id) -> tuple[float, float]:
    """A node's page coordinates in the view as it stands (nothing moved or drawn again)."""
    point = page.evaluate(
        """id => { const g = window.lineageGraph, n = g.network;
            const d = n.canvasToDOM(n.getPositions([id])[id]), r = g.canvas.getBoundingClientRect();
            return [r.left + d.x, r.top + d.y]; }""",
        node_id,
    )
    return point[0], point[1]


def bright_nodes(page, as_drawn: bool = False) -> set:
    """The nodes drawn at full strength, read from the canvas's pixels.

    Each node is centred in turn and the pixel at its centre compared with its
    own colour and with the stage's ground: a dimmed node is drawn much nearer
    the ground than its colour. What the page's script believes it drew does
    not enter into it. With ``as_drawn`` the picture is read as it stands
    (nothing is moved or drawn again), for the nodes whose centre is in view.
    """
    found = page.evaluate(
        """async (asDrawn) => {
            const g = window.lineageGraph, n = g.network;
            const canvas = g.canvas.querySelector("canvas");
            const ctx = canvas.getContext("2d", {willReadFrequently: true});
            const ratio = canvas.width / canvas.clientWidth;
            const rgb = text => { const c = document.createElement("canvas").getContext("2d");
                c.fillStyle = text; c.fillRect(0, 0, 1, 1); return Array.from(c.getImageData(0, 0, 1, 1).data.slice(0, 3)); };
            const ground = rgb(getComputedStyle(g.stage).backgroundColor);
            const far = (a, b) => Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]);
            const bright = [];
            for (const id of g.nodes.getIds()) {
                const node = n.body.nodes[id];
                if (!asDrawn) {
                    n.moveTo({position: {x: node.x, y: node.y}, scale: 1.0, animation: false});
                    n.redraw();
                }
                const d = n.canvasToDOM({x: node.x, y: node.y});
                if (d.x < 0 || d.y < 0 || d.x >= canvas.clientWidth || d.y >= canvas.clientHeight) continue;
                const px = Array.from(ctx.getImageData(Math.round(d.x * ratio), Math.round(d.y * ratio), 1, 1).data.slice(0, 3));
                const own = rgb(node.options.color.background);
                if (far(own, ground) > 60 && far(px, own) < far(px, ground)) bright.push(String(id));
            }
            return bright;
        }""",
        as_drawn,
    )
    return set(found)


def click_node(page, node_id) -> None:
    x, y = node_point(page, node_id)
    page.mouse.click(x, y)


def hover_node(page, node_id) -> str:
    """Hover a node until vis-network's tooltip shows; return the tooltip element's text."""
    x, y = node_point(page, node_id)
    page.mouse.move(x - 40, y - 40)
    page.mouse.move(x, y, steps=4)
    tooltip = page.locator("div.vis-tooltip")
    page.wait_for_function(
        "() => { const t = document.querySelector('div.vis-tooltip'); return t && getComputedStyle(t).visibility === 'visible' && t.innerText.length > 0; }",
        timeout=10_000,
    )
    return tooltip.inner_text()


def wait_for(predicate, timeout: float = 10.0, interval: float = 0.05):
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value or time.monotonic() > deadline:
            return value
        time.sleep(interval)


# ---------------------------------------------------------------- the console's editor (CodeMirror)

CONSOLE_EDITOR = ".cypher-editor .cm-content"


def set_console_query(page, text: str) -> None:
    """Replace the console editor's text, as a paste would (the editor hides the text area)."""
    page.wait_for_selector("#console-form[data-editor]")
    page.click(CONSOLE_EDITOR)
    page.keyboard.press("Control+a")
    page.keyboard.press("Delete")
    page.keyboard.insert_text(text)
    page.keyboard.press("Escape")  # close a completion list the text opened

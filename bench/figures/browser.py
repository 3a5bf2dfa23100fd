"""Figure 6: headless Chromium, from navigation to a drawn, stable derivation graph.

* ours: the work page served by ``lineage serve`` (waitress) for works whose
  lineage has about 100, 500 and 2,000 works (the page draws at most its node
  cap, 2,000). Time = ``data-stable-ms`` of the graph container, which the
  graph script sets to ``performance.now()`` (milliseconds since navigation
  started) once the graph is drawn and stable: it includes the page, its
  scripts, the graph JSON from the server and the drawing.
* baseline: pyvis's own default page for the same nodes and edges
  (``pyvis.network.Network()`` defaults, ``generate_html()``), its CDN
  vis-network replaced by the vendored file (bootstrap, also from a CDN, is
  refused: the machine is offline), opened from disk; stable = vis-network's
  ``stabilized`` event, hooked in by a line added after pyvis's ``drawGraph()``.
* responsiveness: in another load of each page, clicks on the graph while it
  settles; the time from each click's input event to the next frame after the
  page handled it (``requestAnimationFrame``), the way INP counts it.

Chromium is Debian's /usr/bin/chromium driven by Playwright (never
``playwright install``); every request that is not to 127.0.0.1 or a local
file is refused and counted.
"""

from __future__ import annotations

import json
import shutil
import statistics
import time
import urllib.request
from pathlib import Path

from bench.figures import row
from bench.loading import NotAvailable
from bench.procs import Background, lineage_command

CHROMIUM = "/usr/bin/chromium"
STABLE_TIMEOUT_S = 60.0
GOAL_STABLE_S = 3.0
GOAL_CLICK_MS = 100.0
CLICKS = 5

CLICK_PROBE = """
window.__clicks = [];
document.addEventListener('click', function (e) {
  var t0 = e.timeStamp, handled = performance.now();
  var box = document.querySelector('[data-state]');
  var state = box ? box.getAttribute('data-state') : (window.__stable === undefined ? 'settling' : 'stable');
  requestAnimationFrame(function () {
    window.__clicks.push({input_delay_ms: handled - t0, next_frame_ms: performance.now() - t0, state: state});
  });
}, true);
"""

PYVIS_HOOK = """drawGraph();
window.__network = network;
network.once("stabilizationIterationsDone", function () { window.__iterations = performance.now(); });
network.once("stabilized", function () { window.__stable = performance.now(); });
"""


def _pick_works(ctx, server, targets: tuple[int, ...]) -> dict[int, tuple[str, int]]:
    """For each target size, the work whose lineage (ancestors + descendants + itself) is nearest to it."""
    sizes: dict[str, int] = {}
    for work, (up, down) in (ctx.shared.get("lineage_sizes") or {}).items():
        sizes[work] = up + down - 1
    if len(sizes) < 50:
        from lineage import api

        for work in ctx.dataset.sample_works(300):
            sizes[work] = api.lineage(server.graph, work, cap=1).total
    chosen = {}
    for target in targets:
        work = min(sizes, key=lambda w: (abs(sizes[w] - target), w))
        chosen[target] = (work, sizes[work])
    return chosen


def _pyvis_page(graph_json: dict, folder: Path, name: str, vendor_js: Path) -> Path:
    """pyvis's default page for the graph's nodes and edges, made to open offline."""
    import pyvis
    from pyvis.network import Network

    net = Network()
    for node in graph_json["nodes"]:
        net.add_node(node["id"], label=str(node.get("label") or node["id"]))
    for edge in graph_json["edges"]:
        net.add_edge(edge["from"], edge["to"])
    page = net.generate_html()
    cdn_js = "https://cdnjs.cloudflare.com/ajax/libs/vis-network/9.1.2/dist/vis-network.min.js"
    if cdn_js not in page or "drawGraph();" not in page:
        raise RuntimeError("pyvis's template changed: its vis-network link or drawGraph() call is not where expected")
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(vendor_js, folder / vendor_js.name)
    utils = Path(pyvis.__file__).parent / "templates" / "lib" / "bindings" / "utils.js"
    (folder / "lib" / "bindings").mkdir(parents=True, exist_ok=True)
    shutil.copyfile(utils, folder / "lib" / "bindings" / "utils.js")
    page = page.replace(cdn_js, vendor_js.name)
    head, tail = page.rsplit("drawGraph();", 1)
    path = folder / f"{name}.html"
    path.write_text(head + PYVIS_HOOK + tail, encoding="utf-8")
    return path


class _Browser:
    def __init__(self, log: list[str]):
        from playwright.sync_api import sync_playwright

        self._pw = sync_playwright().start()
        self.browser = self._pw.chromium.launch(executable_path=CHROMIUM, headless=True)
        self.version = self.browser.version
        self.refused = log

    def page(self):
        context = self.browser.new_context(viewport={"width": 1280, "height": 800})

        def guard(route) -> None:
            url = route.request.url
            if url.startswith(("file:", "data:", "blob:", "http://127.0.0.1")):
                route.continue_()
            else:
                self.refused.append(url)
                route.abort()

        context.route("**/*", guard)
        context.add_init_script(CLICK_PROBE)
        return context, context.new_page()

    def close(self) -> None:
        self.browser.close()
        self._pw.stop()


def _ours_once(browser: _Browser, url: str, click: bool) -> dict:
    context, page = browser.page()
    try:
        started = time.perf_counter()
        page.goto(url, wait_until="commit")
        clicks = 0
        if click:
            page.wait_for_selector('#lineage-graph[data-state="drawing"], #lineage-graph[data-state="stable"]',
                                   timeout=STABLE_TIMEOUT_S * 1000)
            clicks = _click_while(page, "document.querySelector('#lineage-graph').getAttribute('data-state') !== 'stable'",
                                  ".lg-canvas")
        page.wait_for_selector('#lineage-graph[data-state="stable"]', timeout=STABLE_TIMEOUT_S * 1000)
        wall = time.perf_counter() - started
        data = page.evaluate("""() => { const c = document.querySelector('#lineage-graph');
            return {stable_ms: Number(c.getAttribute('data-stable-ms')), draw_ms: Number(c.getAttribute('data-draw-ms')),
                    nodes: window.lineageGraph ? window.lineageGraph.nodes.length : null,
                    edges: window.lineageGraph ? window.lineageGraph.edges.length : null}; }""")
        if click:
            page.wait_for_timeout(300)
            data["clicks"] = page.evaluate("window.__clicks")
            data["clicks_sent"] = clicks
        data["wall_s"] = round(wall, 3)
        return data
    finally:
        context.close()


def _pyvis_once(browser: _Browser, path: Path, click: bool) -> dict:
    context, page = browser.page()
    try:
        started = time.perf_counter()
        page.goto(path.as_uri(), wait_until="commit")
        clicks = 0
        page.wait_for_function("window.__network !== undefined", timeout=STABLE_TIMEOUT_S * 1000)
        if click:
            clicks = _click_while(page, "window.__stable === undefined", "#mynetwork canvas")
        stable = True
        try:
            page.wait_for_function("window.__stable !== undefined", timeout=STABLE_TIMEOUT_S * 1000)
        except Exception:
            stable = False
        wall = time.perf_counter() - started
        data = page.evaluate("""() => ({stable_ms: window.__stable === undefined ? null : window.__stable,
            iterations_done_ms: window.__iterations === undefined ? null : window.__iterations,
            nodes: window.__network.body.data.nodes.length, edges: window.__network.body.data.edges.length})""")
        if not stable:
            data["stable_ms"] = None
            data["timed_out_s"] = STABLE_TIMEOUT_S
        if click:
            page.wait_for_timeout(300)
            data["clicks"] = page.evaluate("window.__clicks")
            data["clicks_sent"] = clicks
        data["wall_s"] = round(wall, 3)
        return data
    finally:
        context.close()


def _click_while(page, settling_js: str, selector: str) -> int:
    """Click the middle of the graph up to CLICKS times, 150 ms apart, while it settles."""
    sent = 0
    box = page.locator(selector).first.bounding_box()
    if not box:
        return 0
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    for _ in range(CLICKS):
        if not page.evaluate(settling_js):
            break
        page.mouse.click(x, y)
        sent += 1
        page.wait_for_timeout(150)
    return sent


def _median(values):
    values = [v for v in values if v is not None]
    return round(statistics.median(values), 1) if values else None


def _click_summary(runs: list[dict]) -> dict:
    clicks = [c for r in runs for c in (r.get("clicks") or [])]
    settling = [c for c in clicks if c["state"] != "stable"]
    return {"clicks": len(clicks), "while_settling": len(settling),
            "max_next_frame_ms": round(max(c["next_frame_ms"] for c in settling), 1) if settling else None,
            "median_next_frame_ms": _median([c["next_frame_ms"] for c in settling]),
            "max_input_delay_ms": round(max(c["input_delay_ms"] for c in settling), 1) if settling else None}


def run(ctx) -> dict:
    if not Path(CHROMIUM).exists():
        raise NotAvailable(f"{CHROMIUM} is not installed (apt-get install chromium)")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        raise NotAvailable("playwright (the Python package) is not installed") from None
    import web

    vendor = sorted((Path(web.__file__).parent / "static" / "vendor").glob("vis-network-*.min.js"))
    if not vendor:
        raise NotAvailable("no vendored vis-network under web/static/vendor")
    server = ctx.loaded_server()
    scale = ctx.scale
    chosen = _pick_works(ctx, server, scale.browser_sizes)
    folder = ctx.work_dir / "browser" / scale.name
    refused: list[str] = []
    details: dict = {"runs": scale.browser_runs, "sizes": {}, "vis_network": vendor[-1].name}

    serve = Background([*lineage_command(), "serve", "--host", "127.0.0.1", "--port", "0", "--home", str(server.home)],
                       env=server.env(ctx.env), cwd=ctx.root, log_dir=ctx.log_dir, name="lineage-serve-browser")
    browser = None
    try:
        port = int(serve.wait_for_output(r"http://127\.0\.0\.1:(\d+)/", timeout=180).group(1))
        browser = _Browser(refused)
        details["chromium"] = browser.version
        for target, (work, size) in chosen.items():
            base = f"http://127.0.0.1:{port}"
            with urllib.request.urlopen(f"{base}/works/{work}/graph.json", timeout=120) as answer:
                graph_json = json.load(answer)
            ours = [_ours_once(browser, f"{base}/works/{work}", click=False) for _ in range(scale.browser_runs)]
            ours_click = _ours_once(browser, f"{base}/works/{work}", click=True)
            page = _pyvis_page(graph_json, folder, f"pyvis-{work}", vendor[-1])
            theirs = [_pyvis_once(browser, page, click=False)]
            theirs_click = _pyvis_once(browser, page, click=True)
            details["sizes"][str(target)] = {
                "work": work, "lineage_size": size, "nodes": ours[0].get("nodes"), "edges": ours[0].get("edges"),
                "ours": ours, "ours_click": ours_click, "pyvis": theirs, "pyvis_click": theirs_click,
                "ours_stable_ms": _median([r["stable_ms"] for r in ours]),
                "pyvis_stable_ms": _median([r["stable_ms"] for r in theirs]),
                "pyvis_timed_out": any(r.get("timed_out_s") for r in theirs),
                "ours_clicks": _click_summary([ours_click]), "pyvis_clicks": _click_summary([theirs_click]),
            }
    finally:
        if browser is not None:
            browser.close()
        serve.stop()
    details["refused_requests"] = sorted(set(refused))[:20]
    details["refused_count"] = len(refused)

    rows = []
    for target, entry in details["sizes"].items():
        ours_s = None if entry["ours_stable_ms"] is None else round(entry["ours_stable_ms"] / 1000, 3)
        theirs_s = None if entry["pyvis_stable_ms"] is None else round(entry["pyvis_stable_ms"] / 1000, 3)
        note = f"pyvis not stable within {STABLE_TIMEOUT_S:.0f} s" if entry["pyvis_timed_out"] else None
        big = int(target) >= 2000
        rows.append(row(f"navigation → stable graph, {entry['nodes']} nodes (lineage of {entry['lineage_size']:,})",
                        ours_s, "s", "pyvis default page (same nodes and edges, data inline)", theirs_s,
                        higher_is_better=False, goal="< 3 s at 2,000 nodes" if big else None,
                        goal_met=(ours_s is not None and ours_s < GOAL_STABLE_S) if big else None, note=note))
        mine, theirs = entry["ours_clicks"], entry["pyvis_clicks"]
        rows.append(row(f"click → next frame while settling, {entry['nodes']} nodes (worst of {mine['while_settling']})",
                        mine["max_next_frame_ms"], "ms", f"pyvis default page (worst of {theirs['while_settling']})",
                        theirs["max_next_frame_ms"], higher_is_better=False, goal="< 100 ms",
                        goal_met=None if mine["max_next_frame_ms"] is None else mine["max_next_frame_ms"] < GOAL_CLICK_MS,
                        note=None if mine["while_settling"] else "settled before a click could be made"))
    return {"rows": rows, "details": details}


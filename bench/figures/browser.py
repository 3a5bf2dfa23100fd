"""Figure 6: headless Chromium, from navigation to a drawn, stable derivation graph.

* ours: the work page served by ``lineage serve`` (waitress) for works whose
  lineage has about 100, 500 and 2,000 works (the page draws at most its node
  cap, 2,000: the page is opened with ``?view=overview&cap=2000``: the whole-
  lineage overview, whose default draws 500; the default focus view draws a
  bounded few dozen). Time = ``data-stable-ms`` of the graph container, which the
  graph script sets to ``performance.now()`` (milliseconds since navigation
  started) once the graph is drawn and stable: it includes the page, its
  scripts, the graph JSON from the server and the drawing. Median of
  ``browser_runs`` loads, after one unmeasured load (Chromium's own warm-up).
* baseline: pyvis's own default page for the same nodes and edges
  (``pyvis.network.Network()`` defaults, ``generate_html()``), its CDN
  vis-network tags replaced by the vendored file (bootstrap, also from a CDN,
  is refused: the machine is offline), served from 127.0.0.1; stable =
  vis-network's ``stabilized`` event, hooked in by lines added after pyvis's
  ``drawGraph()``. One load, cut at ``PYVIS_TIMEOUT_S`` (then the figure is a
  lower bound).
* responsiveness: in one more load of each page, a click in the middle of the
  graph every 100 ms from the moment its canvas exists until it is stable; each
  is timed from its input event to the next frame after the page handled it
  (``requestAnimationFrame``), the way INP counts it. Long tasks (main thread
  busy > 50 ms) are recorded too: the longest bounds how long any click waits.

Chromium is Debian's /usr/bin/chromium driven by Playwright (never
``playwright install``); every request that is not to 127.0.0.1 is refused and
counted.
"""

from __future__ import annotations

import json
import re
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
PYVIS_TIMEOUT_S = 30.0
GOAL_STABLE_S = 3.0
GOAL_CLICK_MS = 100.0
MAX_CLICKS = 20
BIG = 1500  # a graph this large is held to the 2,000-node goal
NODE_CAP = 2000  # the site's NODE_CAP: the most a work page draws (its default view draws 500)

PROBE = """
window.__clicks = []; window.__long = [];
try {
  new PerformanceObserver(function (list) {
    list.getEntries().forEach(function (e) { window.__long.push([e.startTime, e.duration]); });
  }).observe({type: 'longtask', buffered: true});
} catch (e) {}
document.addEventListener('click', function (e) {
  var t0 = e.timeStamp, handled = performance.now();
  var box = document.querySelector('#lineage-graph');
  var settling = box ? box.getAttribute('data-state') !== 'stable' : window.__stable === undefined;
  requestAnimationFrame(function () {
    window.__clicks.push({input_delay_ms: handled - t0, next_frame_ms: performance.now() - t0, settling: settling});
  });
}, true);
"""

PYVIS_HOOK = """drawGraph();
window.__network = network;
network.once("stabilizationIterationsDone", function () { window.__iterations = performance.now(); });
network.once("stabilized", function () { window.__stable = performance.now(); });
"""

OURS_SETTLING = "document.querySelector('#lineage-graph').getAttribute('data-state') !== 'stable'"
PYVIS_SETTLING = "window.__stable === undefined"


def _pick_works(ctx, server, targets: tuple[int, ...]) -> dict[int, tuple[str, int]]:
    """For each target size, a work whose lineage (ancestors + descendants + itself) is near it, each work once.

    Looked up among all works by the counts ``lineage metrics`` stored (lineages of
    2,000 works are rare in a uniform sample), each checked with the lineage API's own
    count; else among the works figure 3 measured, or a sample measured here.
    """
    from lineage import api

    chosen: dict[int, tuple[str, int]] = {}
    for target in targets:
        rows = server.run("lineage_sizes", low=int(target * 0.8), high=int(target * 1.25) + 1, target=target, limit=5)
        for found in rows:
            total = api.lineage(server.graph, found["id"], cap=1).total
            if int(target * 0.8) <= total <= int(target * 1.25) + 1 and all(found["id"] != w for w, _ in chosen.values()):
                chosen[target] = (found["id"], total)
                break
    if len(chosen) == len(targets):
        return chosen
    sizes: dict[str, int] = {}
    for work, (up, down) in (ctx.shared.get("lineage_sizes") or {}).items():
        sizes[work] = up + down - 1
    if len(sizes) < 50:
        for work in ctx.dataset.sample_works(300):
            sizes[work] = api.lineage(server.graph, work, cap=1).total
    for target in targets:
        if target in chosen:
            continue
        work = min(sizes, key=lambda w: (abs(sizes[w] - target), w))
        if all(work != w for w, _ in chosen.values()):
            chosen[target] = (work, sizes[work])
    return dict(sorted(chosen.items()))


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
    cdn_css = "https://cdnjs.cloudflare.com/ajax/libs/vis-network/9.1.2/dist/dist/vis-network.min.css"
    if cdn_js not in page or "drawGraph();" not in page:
        raise RuntimeError("pyvis's template changed: its vis-network link or drawGraph() call is not where expected")
    folder.mkdir(parents=True, exist_ok=True)
    vendor_css = vendor_js.with_name(vendor_js.name.replace(".min.js", ".min.css"))
    shutil.copyfile(vendor_js, folder / vendor_js.name)
    # The whole tag goes: its integrity hash is that of the CDN's 9.1.2 file, not of the vendored one.
    page = re.sub(r'<script src="' + re.escape(cdn_js) + r'"[^>]*></script>',
                  f'<script src="{vendor_js.name}"></script>', page)
    if vendor_css.is_file():
        shutil.copyfile(vendor_css, folder / vendor_css.name)
        page = re.sub(r'<link rel="stylesheet" href="' + re.escape(cdn_css) + r'"[^>]*/>',
                      f'<link rel="stylesheet" href="{vendor_css.name}" />', page)
    utils = Path(pyvis.__file__).parent / "templates" / "lib" / "bindings" / "utils.js"
    (folder / "lib" / "bindings").mkdir(parents=True, exist_ok=True)
    shutil.copyfile(utils, folder / "lib" / "bindings" / "utils.js")
    if vendor_js.name not in page:
        raise RuntimeError("pyvis's template changed: its vis-network script tag could not be replaced")
    head, tail = page.rsplit("drawGraph();", 1)
    path = folder / f"{name}.html"
    path.write_text(head + PYVIS_HOOK + tail, encoding="utf-8")
    return path


class _Folder:
    """A folder served on 127.0.0.1 (pyvis's page asks for its scripts with CORS, which file:// refuses)."""

    def __init__(self, folder: Path):
        import functools
        import threading
        from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

        class Quiet(SimpleHTTPRequestHandler):
            def log_message(self, *args) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(folder)))
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, name="pyvis-files", daemon=True)
        self.thread.start()

    def url(self, path: Path) -> str:
        return f"http://127.0.0.1:{self.port}/{path.name}"

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


class GuardedBrowser:
    """Headless Chromium whose pages reach nothing but the loopback site (anything else is refused and listed).

    ``probe`` is the script put in every page before its own; ``timeout_ms`` the pages' default timeout.
    """

    def __init__(self, refused: list[str], *, probe: str = PROBE, viewport: tuple[int, int] = (1280, 800),
                 timeout_ms: float | None = None):
        from playwright.sync_api import sync_playwright

        self._pw = sync_playwright().start()
        self.browser = self._pw.chromium.launch(executable_path=CHROMIUM, headless=True)
        self.version = self.browser.version
        self.refused = refused
        self.probe, self.viewport, self.timeout_ms = probe, viewport, timeout_ms

    def page(self):
        width, height = self.viewport
        context = self.browser.new_context(viewport={"width": width, "height": height})

        def guard(route) -> None:
            url = route.request.url
            if url.startswith(("data:", "blob:", "http://127.0.0.1:")):
                route.continue_()
            else:
                self.refused.append(url)
                route.abort()

        context.route("**/*", guard)
        context.add_init_script(self.probe)
        page = context.new_page()
        if self.timeout_ms is not None:
            page.set_default_timeout(self.timeout_ms)
        return context, page

    def close(self) -> None:
        self.browser.close()
        self._pw.stop()


def _click_until_stable(page, canvas: str, settling_js: str, deadline: float) -> int:
    """Click the middle of the graph every 100 ms while it is not stable (at most MAX_CLICKS)."""
    page.wait_for_selector(canvas, timeout=max(1.0, deadline - time.perf_counter()) * 1000)
    box = page.locator(canvas).first.bounding_box()
    if not box:
        return 0
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    sent = 0
    while sent < MAX_CLICKS and time.perf_counter() < deadline and page.evaluate(settling_js):
        page.mouse.click(x, y)
        sent += 1
        page.wait_for_timeout(100)
    return sent


def _probe_results(page, stable_ms: float | None) -> dict:
    page.wait_for_timeout(200)  # the last click's frame
    clicks = page.evaluate("window.__clicks")
    longs = page.evaluate("window.__long")
    before = [d for start, d in longs if stable_ms is None or start <= stable_ms]
    return {"clicks": clicks, "longest_task_ms": round(max(before), 1) if before else 0.0,
            "long_tasks": len(before)}


def _ours_once(browser: GuardedBrowser, url: str, click: bool) -> dict:
    context, page = browser.page()
    try:
        started = time.perf_counter()
        page.goto(url, wait_until="commit")
        sent = 0
        if click:
            sent = _click_until_stable(page, "#lineage-graph .lg-canvas", OURS_SETTLING, started + STABLE_TIMEOUT_S)
        page.wait_for_selector('#lineage-graph[data-state="stable"]', timeout=STABLE_TIMEOUT_S * 1000)
        wall = time.perf_counter() - started
        data = page.evaluate("""() => { const c = document.querySelector('#lineage-graph');
            return {stable_ms: Number(c.getAttribute('data-stable-ms')), draw_ms: Number(c.getAttribute('data-draw-ms')),
                    nodes: window.lineageGraph ? window.lineageGraph.nodes.length : null,
                    edges: window.lineageGraph ? window.lineageGraph.edges.length : null}; }""")
        data["wall_s"] = round(wall, 3)
        if click:
            data.update(_probe_results(page, data["stable_ms"]), clicks_sent=sent)
        return data
    finally:
        context.close()


def _pyvis_once(browser: GuardedBrowser, url: str) -> dict:
    """One load of pyvis's page, clicked while it settles; stable or cut at PYVIS_TIMEOUT_S."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    context, page = browser.page()
    try:
        started = time.perf_counter()
        deadline = started + PYVIS_TIMEOUT_S
        page.goto(url, wait_until="commit")
        try:
            sent = _click_until_stable(page, "#mynetwork canvas", PYVIS_SETTLING, deadline)
        except PlaywrightTimeout:
            # Its script held the main thread the whole time (vis-network's layout in the constructor):
            # nothing drawn, and a page that does not answer cannot be asked anything more.
            return {"stable_ms": None, "timed_out": True, "blocked": True, "iterations": None,
                    "wall_s": round(time.perf_counter() - started, 3), "clicks": [], "clicks_sent": 0,
                    "longest_task_ms": None, "long_tasks": None}
        stable = True
        try:
            page.wait_for_function("window.__stable !== undefined",
                                   timeout=max(0.5, deadline - time.perf_counter()) * 1000)
        except Exception:  # playwright's TimeoutError: the figure is then a lower bound
            stable = False
        data = page.evaluate("""() => ({stable_ms: window.__stable === undefined ? null : window.__stable,
            iterations_done_ms: window.__iterations === undefined ? null : window.__iterations,
            iterations: window.__network ? window.__network.physics.stabilizationIterations : null,
            nodes: window.__network ? window.__network.body.data.nodes.length : null,
            edges: window.__network ? window.__network.body.data.edges.length : null,
            now_ms: performance.now()})""")
        data["wall_s"] = round(time.perf_counter() - started, 3)
        data["timed_out"] = not stable
        data.update(_probe_results(page, data["stable_ms"]), clicks_sent=sent)
        return data
    except Exception as err:  # the baseline failing is a result, not a crash
        return {"stable_ms": None, "timed_out": False, "error": f"{type(err).__name__}: {str(err).splitlines()[0][:200]}"}
    finally:
        context.close()


def _median(values):
    values = [v for v in values if v is not None]
    return round(statistics.median(values), 1) if values else None


def _click_summary(run: dict) -> dict:
    settling = [c for c in (run.get("clicks") or []) if c["settling"]]
    return {"while_settling": len(settling),
            "max_next_frame_ms": round(max(c["next_frame_ms"] for c in settling), 1) if settling else None,
            "median_next_frame_ms": _median([c["next_frame_ms"] for c in settling]),
            "max_input_delay_ms": round(max(c["input_delay_ms"] for c in settling), 1) if settling else None,
            "longest_task_ms": run.get("longest_task_ms"), "long_tasks": run.get("long_tasks")}


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
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    refused: list[str] = []
    details: dict = {"runs": scale.browser_runs, "sizes": {}, "vis_network": vendor[-1].name,
                     "pyvis_timeout_s": PYVIS_TIMEOUT_S}

    serve = Background([*lineage_command(), "serve", "--host", "127.0.0.1", "--port", "0", "--home", str(server.home)],
                       env=server.env(ctx.env), cwd=ctx.root, log_dir=ctx.log_dir, name="lineage-serve-browser")
    files = _Folder(folder)
    browser = None
    try:
        port = int(serve.wait_for_output(r"http://127\.0\.0\.1:(\d+)/", timeout=180).group(1))
        base = f"http://127.0.0.1:{port}"
        browser = GuardedBrowser(refused)
        details["chromium"] = browser.version
        warmed = False
        for target, (work, size) in chosen.items():
            # The page draws 500 works by default and offers to widen to its node cap; the figure asks
            # for the cap (2,000) so that the whole lineage, up to 2,000 works, is drawn.
            with urllib.request.urlopen(f"{base}/works/{work}/graph.json?view=overview&cap={NODE_CAP}", timeout=120) as answer:
                graph_json = json.load(answer)
            url = f"{base}/works/{work}?view=overview&cap={NODE_CAP}"
            page = _pyvis_page(graph_json, folder, f"pyvis-{work}", vendor[-1])
            if not warmed:  # one load of each page first, unmeasured: Chromium's own start-up costs
                _ours_once(browser, url, click=False)
                _pyvis_once(browser, files.url(page))
                warmed = True
            ours = [_ours_once(browser, url, click=False) for _ in range(scale.browser_runs)]
            ours_click = _ours_once(browser, url, click=True)
            theirs = _pyvis_once(browser, files.url(page))
            details["sizes"][str(target)] = {
                "work": work, "lineage_size": size, "nodes": ours[0].get("nodes"), "edges": ours[0].get("edges"),
                "ours": ours, "ours_click": ours_click, "pyvis": theirs,
                "ours_stable_ms": _median([r["stable_ms"] for r in ours]),
                "pyvis_stable_ms": theirs.get("stable_ms"),
                "pyvis_timed_out": bool(theirs.get("timed_out")),
                "ours_clicks": _click_summary(ours_click), "pyvis_clicks": _click_summary(theirs),
            }
    finally:
        if browser is not None:
            browser.close()
        files.close()
        serve.stop()
    details["refused_requests"] = sorted(set(refused))[:20]
    details["refused_count"] = len(refused)
    return {"rows": _rows(details), "details": details}


def _rows(details: dict) -> list[dict]:
    rows = []
    for target, entry in details["sizes"].items():
        ours_s = None if entry["ours_stable_ms"] is None else round(entry["ours_stable_ms"] / 1000, 3)
        pv = entry["pyvis"]
        lower = entry["pyvis_timed_out"]
        theirs_s = PYVIS_TIMEOUT_S if lower else (None if pv.get("stable_ms") is None else round(pv["stable_ms"] / 1000, 3))
        note = None
        if lower and pv.get("blocked"):
            note = (f"pyvis drew nothing within {PYVIS_TIMEOUT_S:.0f} s (its script held the main thread): its "
                    f"figure is a lower bound")
        elif lower:
            done = pv.get("iterations_done_ms")
            note = (f"pyvis not stable within {PYVIS_TIMEOUT_S:.0f} s ({pv.get('iterations')} stabilisation iterations"
                    + (f", the first 1,000 done at {done / 1000:.1f} s, still moving" if done else "")
                    + "): its figure is a lower bound")
        elif pv.get("error"):
            note = f"pyvis page failed: {pv['error']}"
        big = (entry["nodes"] or 0) >= BIG
        rows.append(row(f"navigation → stable graph, {entry['nodes']} nodes (lineage of {entry['lineage_size']:,})",
                        ours_s, "s", "pyvis default page (same nodes and edges, data inline)", theirs_s,
                        higher_is_better=False, goal="< 3 s at 2,000 nodes" if big else None,
                        goal_met=(ours_s is not None and ours_s < GOAL_STABLE_S) if big else None, note=note,
                        baseline_lower_bound=lower))
        mine, theirs = entry["ours_clicks"], entry["pyvis_clicks"]
        rows.append(row(f"click → next frame while loading/settling, {entry['nodes']} nodes "
                        f"(worst of {mine['while_settling']})",
                        mine["max_next_frame_ms"], "ms", f"pyvis default page (worst of {theirs['while_settling']})",
                        theirs["max_next_frame_ms"], higher_is_better=False, goal="< 100 ms",
                        goal_met=None if mine["max_next_frame_ms"] is None else mine["max_next_frame_ms"] < GOAL_CLICK_MS,
                        note=None if mine["while_settling"] else "stable before a click could be made"))
        rows.append(row(f"longest main-thread task before stable, {entry['nodes']} nodes", mine["longest_task_ms"], "ms",
                        "pyvis default page", theirs["longest_task_ms"], higher_is_better=False,
                        goal="< 100 ms (a click waits at most this long)",
                        goal_met=None if mine["longest_task_ms"] is None else mine["longest_task_ms"] < GOAL_CLICK_MS))
    return rows

"""``python -m bench.explorer``: the explorer's figures on OpenIDEO and on a large graph, in headless Chromium.

For each graph, on the work of its largest lineage (found by a query: most
ancestors + descendants by the stored metrics, ``bench/cypher/explorer_largest.cypher``),
in one run:

(a) the default view (focus and context): its ``graph.json`` as the site
    serves it (the server part, median of ``--runs``), beside the same view
    computed as it was until now (``lineage.api.lineage`` at depth 4, cap
    2,000, then ``web.graphs.focus.focus_payload``, in this process against
    the same server); and in Chromium, from the HTML's arrival
    (``responseEnd`` of the navigation) to the graph stable
    (``data-stable-ms``), beside the whole-lineage view (``?view=overview``,
    today's default before the focus view) of the same work;
(b) a click on a drawn work (the nearest to the focus): from the click's
    input event to the first frame after the details panel is shown and the
    chains highlighted, median of ``CLICKS``, in each view;
(c) the whole-lineage overview at 2,000 works (``?view=overview&cap=2000``):
    navigation to stable, and whether progress was shown meanwhile.

OpenIDEO is loaded into a fresh home of the suite's own (``bench/work/homes/``)
with ``lineage load`` and ``lineage metrics``; the large graph is used
read-only through ``--big-uri`` (its password from ``--big-password-file``).
Every request Chromium makes to a host other than 127.0.0.1 is refused and
counted. Prints one JSON object (also written to ``--out``); docs/benchmarks.md
and docs/explorer.md quote it, with the load average it records.
"""

from __future__ import annotations

import json
import os
import statistics
import time
import urllib.request
from datetime import datetime, timezone
from pathlib import Path

import click

from bench import cypher
from bench.figures.browser import GuardedBrowser
from bench.procs import Background, lineage_command, loadavg, run_measured
from bench.servers import BenchServer

ROOT = Path(__file__).resolve().parent.parent
CLICKS = 7
STABLE_TIMEOUT_MS = 120_000

# Records the status texts (progress) and times each click to the frame after its panel and highlight.
PROBE = """
window.__progress = [];
window.__clicks = [];
window.__tasks = [];
// Every main-thread task over 50 ms (the Long Tasks API), to find the longest once the graph is stable.
if (window.PerformanceObserver && PerformanceObserver.supportedEntryTypes.indexOf('longtask') >= 0) {
  new PerformanceObserver(function (list) {
    list.getEntries().forEach(function (t) { window.__tasks.push([t.startTime, t.duration]); });
  }).observe({type: 'longtask', buffered: true});
}
new MutationObserver(function () {
  var s = document.querySelector('#lineage-graph .lg-status');
  // Progress: a layout's percentage, the seconds of a long load, the drawing of a large graph.
  if (s && /Laying out|%|Loading the graph… [0-9]|Drawing [0-9,]+ nodes/.test(s.textContent)) window.__progress.push(s.textContent);
}).observe(document, {subtree: true, childList: true, characterData: true});
document.addEventListener('click', function (e) {
  var t0 = e.timeStamp;
  function check() {
    var panel = document.querySelector('#lineage-graph .lg-panel');
    if (panel && !panel.hidden) {
      requestAnimationFrame(function () { window.__clicks.push(performance.now() - t0); });
    } else if (performance.now() - t0 < 10000) {
      requestAnimationFrame(check);
    }
  }
  requestAnimationFrame(check);
}, true);
"""


def _median(values: list[float]) -> float | None:
    return round(statistics.median(values), 1) if values else None


def largest(graph) -> dict:
    row = graph.read_text(cypher.load("explorer_largest"), {})
    if not row:
        raise click.ClickException("no work carries the lineage metrics: run `lineage metrics` first")
    return row[0]


def server_part(base: str, work: str, runs: int) -> dict:
    """The default view's graph.json over HTTP: median and all times, in ms (one unmeasured request first)."""
    url = f"{base}/works/{urllib.request.quote(work, safe='')}/graph.json"
    times = []
    body = b""
    for i in range(runs + 1):
        started = time.perf_counter()
        with urllib.request.urlopen(url, timeout=120) as response:
            body = response.read()
        if i:
            times.append((time.perf_counter() - started) * 1000)
    data = json.loads(body)
    return {"median_ms": _median(times), "runs_ms": [round(t, 1) for t in times], "shown": data["shown"],
            "grouped": data["grouped"], "total": data["total"], "lower_bound": data.get("lower_bound"),
            "bytes": len(body)}


def old_focus(settings, work: str, runs: int) -> dict:
    """The default view as computed until now: the whole lineage (depth 4, cap 2,000), then focus_payload."""
    from lineage import api
    from lineage.db import Graph
    from web.graphs import focus

    graph = Graph.connect(settings, start_local=False)
    try:
        times, query_times = [], []
        for i in range(runs + 1):
            started = time.perf_counter()
            answer = api.lineage(graph, work, direction="both", depth=focus.FOCUS_DEPTH + 1, cap=2000).to_dict()
            queried = time.perf_counter()
            focus.focus_payload(answer, work_url=None)
            if i:
                times.append((time.perf_counter() - started) * 1000)
                query_times.append((queried - started) * 1000)
        return {"median_ms": _median(times), "query_median_ms": _median(query_times),
                "runs_ms": [round(t, 1) for t in times], "lineage_works": answer["total"]}
    finally:
        graph.close()


def Browser() -> GuardedBrowser:
    """Chromium at 1440x900, outside requests refused, the stability probe in every page."""
    return GuardedBrowser([], probe=PROBE, viewport=(1440, 900), timeout_ms=STABLE_TIMEOUT_MS)


def open_view(browser: GuardedBrowser, url: str) -> dict:
    """One load: HTML arrived → stable, navigation → stable, nodes drawn, progress seen; then clicks."""
    context, page = browser.page()
    try:
        page.goto(url)
        page.wait_for_selector('#lineage-graph[data-state="stable"], #lineage-graph[data-state="error"]',
                               state="attached", timeout=STABLE_TIMEOUT_MS)
        error = page.evaluate("""() => document.querySelector('#lineage-graph').getAttribute('data-state') === 'error'
                                 ? document.querySelector('#lineage-graph .lg-status').textContent : null""")
        if error:  # e.g. the page's deadline: say so rather than time it
            return {"error": error[:300]}
        facts = page.evaluate("""() => {
            const nav = performance.getEntriesByType('navigation')[0];
            const box = document.querySelector('#lineage-graph');
            const stable = Number(box.getAttribute('data-stable-ms'));
            return {html_to_stable_ms: stable - nav.responseEnd, navigation_to_stable_ms: stable,
                    html_ms: nav.responseEnd, nodes: window.lineageGraph.nodes.length,
                    progress_seen: window.__progress.length > 0};
        }""")
        facts["click_ms"] = clicks(page)
        # After stable: the clicks and the view moved to each clicked work (a full redraw, as a pan is).
        facts["longest_task_after_stable_ms"] = page.evaluate("""() => {
            const stable = Number(document.querySelector('#lineage-graph').getAttribute('data-stable-ms'));
            return Math.round(Math.max(0, ...window.__tasks.filter(t => t[0] >= stable).map(t => t[1])));
        }""")
        return facts
    finally:
        context.close()


def clicks(page) -> list[float]:
    """Click the drawn works nearest the focus (not the focus), each CLICKS times in turn; ms per click."""
    targets = page.evaluate("""() => {
        const g = window.lineageGraph;
        const pos = g.network.getPositions();
        const f = pos[g.data.focus] || {x: 0, y: 0};
        return g.nodes.get().filter(n => n.info && n.info.kind === 'work' && n.id !== g.data.focus)
          .map(n => [n.id, Math.hypot(pos[n.id].x - f.x, pos[n.id].y - f.y)])
          .sort((a, b) => a[1] - b[1]).slice(0, 3).map(t => t[0]);
    }""")
    if not targets:
        return []
    for i in range(CLICKS):
        target = targets[i % len(targets)]
        # Centre the view on the work (the view only: nothing moves) and close the panel a click opens.
        point = page.evaluate("""id => {
            const g = window.lineageGraph;
            g.hidePanel();
            g.canvas.scrollIntoView({block: "center"});
            const p = g.network.getPositions([id])[id];
            g.network.moveTo({position: p, scale: Math.max(g.network.getScale(), 1.0), animation: false});
            g.network.redraw();
            const d = g.network.canvasToDOM(p);
            const r = g.canvas.getBoundingClientRect();
            return {x: r.left + d.x, y: r.top + d.y};
        }""", target)
        page.wait_for_timeout(150)
        before = page.evaluate("() => window.__clicks.length")
        page.mouse.click(point["x"], point["y"])
        page.wait_for_function("n => window.__clicks.length > n", arg=before, timeout=15_000)
        page.wait_for_timeout(150)
    return [round(t, 1) for t in page.evaluate("() => window.__clicks")]


def screenshots(browser: GuardedBrowser, page_url: str, folder: Path, query: str) -> list[str]:
    """The work page with a filter applied, at 1440x900 and at phone size (390x844)."""
    taken = []
    for name, size in (("explorer-openideo-filtered", (1440, 900)), ("explorer-openideo-filtered-phone", (390, 844))):
        context = browser.browser.new_context(viewport={"width": size[0], "height": size[1]})
        context.route("**/*", lambda route: route.continue_() if route.request.url.startswith(
            ("data:", "blob:", "http://127.0.0.1:")) else (browser.refused.append(route.request.url), route.abort()))
        try:
            page = context.new_page()
            page.goto(f"{page_url}?{query}")
            page.wait_for_selector('#lineage-graph[data-state="stable"]', state="attached", timeout=STABLE_TIMEOUT_MS)
            page.locator("#lineage-graph").scroll_into_view_if_needed()
            page.wait_for_timeout(300)
            folder.mkdir(parents=True, exist_ok=True)
            path = folder / f"{name}.png"
            page.screenshot(path=str(path))
            taken.append(str(path))
        finally:
            context.close()
    return taken


def measure_graph(name: str, settings, env: dict, log_dir: Path, runs: int, browser: GuardedBrowser,
                  shots: Path | None = None, shot_query: str = "") -> dict:
    from lineage.db import Graph

    graph = Graph.connect(settings, start_local=False)
    try:
        biggest = largest(graph)
    finally:
        graph.close()
    work = biggest["id"]
    out = {"graph": name, "work": work, "ancestors": biggest["ancestors"], "descendants": biggest["descendants"],
           "load_before": os.getloadavg()}
    serve = Background([*lineage_command(), "serve", "--host", "127.0.0.1", "--port", "0"], env=env, cwd=ROOT,
                       log_dir=log_dir, name=f"explorer-serve-{name}")
    try:
        port = int(serve.wait_for_output(r"http://127\.0\.0\.1:(\d+)/", timeout=180).group(1))
        base = f"http://127.0.0.1:{port}"
        page_url = f"{base}/works/{urllib.request.quote(work, safe='')}"
        out["a_server_new"] = server_part(base, work, runs)
        out["a_server_old"] = old_focus(settings, work, runs)
        out["default_view"], out["overview_view"], out["overview_2000"] = [], [], []
        for _ in range(runs):
            out["default_view"].append(open_view(browser, page_url))
            out["overview_view"].append(open_view(browser, page_url + "?view=overview"))
        for _ in range(max(1, runs // 2)):
            out["overview_2000"].append(open_view(browser, page_url + "?view=overview&cap=2000"))
        if shots is not None:
            out["screenshots"] = screenshots(browser, page_url, shots, shot_query)
        for key in ("default_view", "overview_view", "overview_2000"):
            errors = [x["error"] for x in out[key] if "error" in x]
            loads = [x for x in out[key] if "error" not in x]
            if not loads:
                out[key] = {"error": errors[0], "html_to_stable_ms": None, "navigation_to_stable_ms": None,
                            "click_median_ms": None, "clicks": 0, "nodes": 0, "progress_seen": False, "loads": 0}
                continue
            out[key] = {
                "html_to_stable_ms": _median([x["html_to_stable_ms"] for x in loads]),
                "navigation_to_stable_ms": _median([x["navigation_to_stable_ms"] for x in loads]),
                "click_median_ms": _median([c for x in loads for c in x["click_ms"]]),
                "click_max_ms": max([c for x in loads for c in x["click_ms"]], default=None),
                "longest_task_after_stable_ms": max((x.get("longest_task_after_stable_ms") or 0 for x in loads), default=None),
                "clicks": sum(len(x["click_ms"]) for x in loads),
                "nodes": loads[0]["nodes"],
                "progress_seen": any(x["progress_seen"] for x in loads),
                "loads": len(loads),
                "errors": errors,
            }
    finally:
        serve.stop()
    out["load_after"] = os.getloadavg()
    return out


def openideo_server(dataset: Path, home: Path, log_dir: Path) -> BenchServer:
    """A fresh local Neo4j holding OpenIDEO, its metrics computed."""
    server = BenchServer.fresh(home).start()
    env = server.env(dict(os.environ))
    for args in (["load", str(dataset)], ["metrics"]):
        done = run_measured([*lineage_command(), *args], env=env, cwd=ROOT, log_dir=log_dir,
                            name=f"explorer-openideo-{args[0]}")
        if not done.ok:
            raise click.ClickException(f"lineage {args[0]} failed: {done.failure()}")
    return server


@click.command(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--openideo", "dataset", type=click.Path(exists=True, file_okay=False, path_type=Path),
              default=Path(os.environ.get("LINEAGE_DATASETS", ROOT.parent / "shared" / "datasets")) / "openideo",
              show_default="$LINEAGE_DATASETS/openideo", help="The OpenIDEO dataset folder.")
@click.option("--big-uri", default=None, help="A large graph's Bolt address, used read-only (e.g. the 1M graph).")
@click.option("--big-user", default="neo4j", show_default=True, help="Its user.")
@click.option("--big-password-file", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None,
              help="A file holding its password.")
@click.option("--big-name", default="generated 1M", show_default=True, help="How the figures name it.")
@click.option("--skip-openideo", is_flag=True, help="Measure only the large graph (OpenIDEO's figures from another run).")
@click.option("--runs", type=click.IntRange(1, 50), default=5, show_default=True, help="Measured repetitions.")
@click.option("--work-dir", type=click.Path(file_okay=False, path_type=Path), default=ROOT / "bench" / "work",
              show_default=True, help="Neo4j homes and logs (not versioned).")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Where the JSON goes (default bench/results/explorer-<date>.json).")
@click.option("--screenshots", "shots", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Also save OpenIDEO's work page with a filter applied (1440x900, 390x844) into this folder.")
@click.option("--filter", "shot_query", default="min=descendants:2", show_default=True,
              help="The filter of those screenshots, as an address query.")
def main(dataset: Path, big_uri: str | None, big_user: str, big_password_file: Path | None, big_name: str,
         skip_openideo: bool, runs: int,
         work_dir: Path, out: Path | None, shots: Path | None, shot_query: str) -> None:
    """Time the explorer's default view, a click and the 2,000-work overview, beside the whole-lineage view."""
    import logging

    from lineage.config import Settings

    logging.getLogger("neo4j.notifications").setLevel(logging.ERROR)
    log_dir = work_dir / "logs"
    results = {"when": datetime.now(timezone.utc).isoformat(timespec="seconds"), "cpus": os.cpu_count(),
               "graphs": []}
    browser = Browser()
    results["chromium"] = browser.version
    try:
        if not skip_openideo:
            server = openideo_server(dataset, work_dir / "homes" / "explorer-openideo", log_dir)
            try:
                env = server.env(dict(os.environ))
                results["graphs"].append(measure_graph("OpenIDEO", server.settings, env, log_dir, runs, browser,
                                                       shots, shot_query))
            finally:
                server.local.stop()
        if big_uri:
            password = big_password_file.read_text().strip() if big_password_file else os.environ.get("NEO4J_PASSWORD", "")
            settings = Settings(uri=big_uri, user=big_user, password=password, database="neo4j", home=work_dir / "homes" / "unused")
            env = {**os.environ, "NEO4J_URI": big_uri, "NEO4J_USER": big_user, "NEO4J_PASSWORD": password}
            results["graphs"].append(measure_graph(big_name, settings, env, log_dir, runs, browser))
    finally:
        browser.close()
    results["refused_requests"] = len(browser.refused)
    text = json.dumps(results, indent=2)
    out = out or ROOT / "bench" / "results" / f"explorer-{results['when'][:10]}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text + "\n", encoding="utf-8")
    click.echo(text)


if __name__ == "__main__":
    main()


# -- the page's section ------------------------------------------------------------------
GOALS = {"server": 150.0, "stable": 1000.0, "click": 100.0, "overview": 3000.0, "task": 200.0}


def _longest(*views: dict) -> float | None:
    """The longest task after stable over the views that measured it (None where none did)."""
    found = [v["longest_task_after_stable_ms"] for v in views if v.get("longest_task_after_stable_ms") is not None]
    return max(found) if found else None


def newest(results_dir: Path) -> dict | None:
    """The newest ``explorer-*.json`` of ``results_dir``, or None."""
    files = sorted(Path(results_dir).glob("explorer-*.json"))
    return json.loads(files[-1].read_text(encoding="utf-8")) if files else None


def _ms(value) -> str:
    if value is None:
        return "n/a"
    return f"{value / 1000:.2f} s" if value >= 1000 else f"{value:.0f} ms"


def _verdict(value, goal) -> str:
    if value is None:
        return "not measured"
    return "met" if value < goal else "not met"


def render_section(results_dir: Path) -> list[str]:
    """docs/benchmarks.md's explorer section from the newest explorer results (nothing when there are none)."""
    data = newest(results_dir)
    if not data:
        return []
    out = ["### 8. Explorer: the default view, a click, the 2,000-work overview", "",
           f"`python -m bench.explorer` ({' and '.join(data.get('runs') or [data['when']])}, {data.get('cpus')} cores, Chromium {data.get('chromium')}; "
           f"requests refused: {data.get('refused_requests', 0)}). On the work of each graph's largest lineage "
           "(most ancestors + descendants by the stored metrics). Ours: the focus-and-context view read by "
           "`lineage/explore.py`; baseline, in the same run: the same view computed from the whole lineage "
           "(`lineage.api.lineage` at depth 4, cap 2,000, then `focus_payload`, as until now) for the server part, "
           "and the whole-lineage view (`?view=overview`) in the browser. Medians; the load average (1, 5, 15 "
           "minutes) is given before and after each graph: the machine is shared.", ""]
    for g in data["graphs"]:
        new, old = g["a_server_new"], g["a_server_old"]
        dv, ov, big = g["default_view"], g["overview_view"], g["overview_2000"]
        load = lambda xs: ", ".join(f"{x:.1f}" for x in xs)  # noqa: E731
        longest = _longest(dv, ov, big)
        out += [f"**{g['graph']}**, work `{g['work']}` ({g['ancestors']:,} ancestors, {g['descendants']:,} "
                f"descendants; the focus view drew {new['shown']} works one by one and {new['grouped']:,} in groups"
                f"{', counts lower bounds' if new.get('lower_bound') else ''}). Load average {load(g['load_before'])} "
                f"before, {load(g['load_after'])} after.", "",
                "| what | ours | baseline | goal |", "|---|---|---|---|",
                f"| server part: `graph.json` of the default view | {_ms(new['median_ms'])} "
                f"({new['bytes']:,} bytes) | {_ms(old['median_ms'])} (its lineage query {_ms(old['query_median_ms'])}, "
                f"{old['lineage_works']:,} works) | < 150 ms: {_verdict(new['median_ms'], GOALS['server'])} |",
                f"| HTML arrived → graph stable | {_ms(dv['html_to_stable_ms'])} ({dv['nodes']} nodes) | "
                f"{_ms(ov['html_to_stable_ms'])} (whole lineage, {ov['nodes']} nodes) | < 1 s: "
                f"{_verdict(dv['html_to_stable_ms'], GOALS['stable'])} |",
                f"| a click on a work → details shown, chains highlighted | {_ms(dv['click_median_ms'])} "
                f"({dv['clicks']} clicks) | {_ms(ov['click_median_ms'])} ({ov['clicks']} clicks) | < 100 ms: "
                f"{_verdict(dv['click_median_ms'], GOALS['click'])} |",
                f"| a click on a work of the 2,000-work overview (below) | {_ms(big['click_median_ms'])} "
                f"({big['clicks']} clicks; slowest {_ms(big.get('click_max_ms'))}) | the same view (unchanged) | "
                f"< 100 ms: {_verdict(big['click_median_ms'], GOALS['click'])} |",
                f"| longest main-thread task after stable, over the clicks and the view's moves to each "
                f"(longest of the three views; the Long Tasks API reports those over 50 ms) | "
                f"{'none over 50 ms' if longest == 0 else _ms(longest)} | – | < 200 ms: "
                f"{_verdict(longest, GOALS['task'])} |",
                f"| whole-lineage overview at 2,000 works (`?view=overview&cap=2000`): navigation → stable | "
                f"{_ms(big['navigation_to_stable_ms'])} ({big['nodes']:,} nodes; progress shown: "
                f"{'yes' if big['progress_seen'] else 'no'}) | the same view (unchanged) | < 3 s: "
                f"{_verdict(big['navigation_to_stable_ms'], GOALS['overview'])} |", ""]
    return out

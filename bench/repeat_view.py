"""The next page in the same browser: how long from a click on a link to the graph stable, and what was fetched.

A curator goes from work to work; the first page has fetched the site's scripts
and styles, and the next should not wait on them again. Run against running
sites (one per code under comparison, measured in turn in the same run)::

    python -m bench.repeat_view --site before=http://127.0.0.1:5103 --site now=http://127.0.0.1:5102 \\
        --path /works/A --path /works/B --runs 7

Each run opens a fresh browser context (an empty cache) per site, opens the
first path, waits for the graph to be stable, then opens each next path and
records, for it: navigation to stable (``data-stable-ms``), and the requests for
``/static/`` files that left the browser (a 304 is one; one served from the
browser's cache is not), as Chromium's DevTools protocol reports them.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
from pathlib import Path

from bench.search_speed import load_average

STABLE_TIMEOUT_MS = 120_000


def _visit(page, cdp, url: str) -> dict:
    asked: set[str] = set()
    cached: set[str] = set()

    def sent(event) -> None:
        if "/static/" in event["request"]["url"]:
            asked.add(event["requestId"])

    def from_cache(event) -> None:
        cached.add(event["requestId"])

    def received(event) -> None:
        if event["response"].get("fromDiskCache") or event["response"].get("fromPrefetchCache"):
            cached.add(event["requestId"])

    cdp.on("Network.requestWillBeSent", sent)
    cdp.on("Network.requestServedFromCache", from_cache)
    cdp.on("Network.responseReceived", received)
    try:
        page.goto(url)
        page.wait_for_selector('#lineage-graph[data-state="stable"]', state="attached", timeout=STABLE_TIMEOUT_MS)
        stable = page.evaluate("() => Number(document.getElementById('lineage-graph').getAttribute('data-stable-ms'))")
    finally:
        cdp.remove_listener("Network.requestWillBeSent", sent)
        cdp.remove_listener("Network.requestServedFromCache", from_cache)
        cdp.remove_listener("Network.responseReceived", received)
    return {"navigation_to_stable_ms": stable, "static_requests": len(asked - cached)}


def measure(sites: dict[str, str], paths: list[str], runs: int) -> dict:
    """``{label: {"loads": [...], "navigation_to_stable_ms": median, "static_requests": median}}``."""
    from playwright.sync_api import sync_playwright

    from bench.figures.browser import CHROMIUM
    out: dict[str, dict] = {label: {"loads": []} for label in sites}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        try:
            for _ in range(runs):
                for label, base in sites.items():  # in turn: a busy moment falls on each alike
                    context = browser.new_context(viewport={"width": 1440, "height": 900})
                    try:
                        page = context.new_page()
                        cdp = context.new_cdp_session(page)
                        cdp.send("Network.enable")
                        _visit(page, cdp, base + paths[0])
                        out[label]["loads"].extend(_visit(page, cdp, base + path) for path in paths[1:])
                    finally:
                        context.close()
        finally:
            browser.close()
    for figures in out.values():
        loads = figures["loads"]
        figures["navigation_to_stable_ms"] = statistics.median(x["navigation_to_stable_ms"] for x in loads)
        figures["static_requests"] = statistics.median(x["static_requests"] for x in loads)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", action="append", required=True, metavar="LABEL=URL",
                        help="A running site to measure, by a label (repeat: measured in turn).")
    parser.add_argument("--path", action="append", required=True,
                        help="A page with a graph: the first is opened unmeasured, each next one measured.")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--json", type=Path, default=None, help="Also write the figures to this file.")
    args = parser.parse_args(argv)
    if len(args.path) < 2:
        parser.error("give at least two --path: the first page, then the next one measured")
    sites = {}
    for item in args.site:
        label, sep, url = item.partition("=")
        if not sep or not url.startswith("http"):
            parser.error(f"--site takes LABEL=URL, not {item!r}")
        sites[label] = url.rstrip("/")
    before = load_average()
    figures = measure(sites, args.path, args.runs)
    after = load_average()
    print(f"{args.runs} runs, next pages {args.path[1:]}; load average {before} before, {after} after")
    for label, f in figures.items():
        print(f"  {label:10} navigation -> stable p50 {f['navigation_to_stable_ms']:7.0f} ms   "
              f"static requests {f['static_requests']:.0f}")
    if args.json:
        args.json.write_text(json.dumps({"load_average": [before, after], "paths": args.path, **figures}, indent=1)
                             + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())

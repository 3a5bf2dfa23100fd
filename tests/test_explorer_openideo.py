"""The explorer's tools on OpenIDEO's largest lineage, in Chromium at 1440x900 and 390x844.

The real data is loaded into the session's Neo4j with the loader and `lineage metrics`' code;
screenshots go to tests/screenshots/ (docs/img/explorer-openideo-connection*.png are taken here).
"""

from __future__ import annotations

import json
import os
import time
from urllib.parse import quote
from urllib.request import urlopen

import pytest

from browser_support import Site, Watch, screenshot
from graph_loader.loader import load_dataset
from lineage.metrics_db import run_metrics
from test_browser import browser, wait_stable  # noqa: F401 (fixture)

pytestmark = [pytest.mark.browser, pytest.mark.neo4j, pytest.mark.slow]


@pytest.fixture(scope="module")
def openideo_site(session_graph, neo4j_settings, tmp_path_factory, openideo):
    from conftest import wipe

    wipe(session_graph)
    home = tmp_path_factory.mktemp("openideo-home")
    load_dataset(session_graph, openideo, rejects_path=home / "rejects.csv", home=home)
    run_metrics(session_graph)
    server = Site(neo4j_settings, tmp_path_factory.mktemp("openideo-site"))
    yield server
    server.stop()


def largest_lineage(session_graph) -> str:
    rows = session_graph.read_text(
        "MATCH (w:Work) RETURN w.id AS id ORDER BY coalesce(w.ancestors, 0) + coalesce(w.descendants, 0) DESC, "
        "w.id LIMIT 1", {})
    return rows[0]["id"]


def farthest(site, work_id: str) -> dict:
    body = json.loads(urlopen(f"{site.url}/api/works/{quote(work_id, safe='')}/lineage", timeout=120).read())
    return max((n for n in body["nodes"] if n["side"] != "focus"), key=lambda n: (n["distance"], n["id"]))


@pytest.mark.parametrize("size", [(1440, 900), (390, 844)], ids=["desktop", "phone"])
def test_connection_and_colour_on_the_largest_openideo_lineage(openideo_site, session_graph, browser, size):  # noqa: F811
    site = openideo_site
    focus = largest_lineage(session_graph)
    other = farthest(site, focus)
    phone = size[0] < 500
    # The endpoint's time, for docs/explorer.md (printed with -s; the machine is shared: see uptime).
    times = []
    for _ in range(3):
        started = time.perf_counter()
        urlopen(f"{site.url}/api/works/{quote(focus, safe='')}/connection?to={quote(other['id'], safe='')}",
                timeout=120).read()
        times.append(time.perf_counter() - started)
    print(f"\nconnection {focus} -> {other['id']} ({other['distance']} steps): "
          f"{', '.join(f'{t * 1000:.0f} ms' for t in times)}; {os.getloadavg()[0]:.1f} load")
    context = browser.new_context(viewport={"width": size[0], "height": size[1]}, is_mobile=phone, has_touch=phone)
    page = context.new_page()
    page.set_default_timeout(120_000)
    watch = Watch()
    watch.attach(page)
    try:
        page.goto(f"{site.url}/works/{quote(focus, safe='')}")
        wait_stable(page)
        page.evaluate("([id, title]) => window.lineageGraph.connect(id, title)", [other["id"], other["title"]])
        page.wait_for_selector("#lineage-graph[data-connection='chain']", state="attached")
        status = page.locator(".lg-connection").inner_text()
        assert status.startswith(f"{other['distance']} steps: "), status
        assert page.evaluate("() => document.scrollingElement.scrollWidth") <= size[0]
        name = "phone" if phone else "desktop"
        where = ".lg-stage" if phone else ".lg-connection"
        page.evaluate("s => document.querySelector(s).scrollIntoView({block: 'start'})", where)
        screenshot(page, f"explorer-openideo-connection-{name}")
        # Coloured by a metric (descendants: a log scale over this lineage), the legend under the picture.
        if phone:  # the settings and tools are folded on a phone
            page.locator(".lg-tools-toggle").click()
        page.select_option(".lg-colour select", "descendants")
        assert "descendants" in page.locator(".lg-ramp-title").inner_text()
        page.evaluate("() => document.querySelector('.lg-legend').scrollIntoView({block: 'end'})")
        screenshot(page, f"explorer-openideo-colour-{name}")
        page.evaluate("() => window.scrollTo(0, 0)")
        screenshot(page, f"explorer-openideo-top-{name}")
    finally:
        context.close()
    watch.check()

"""The explorer's tools in real Chromium (outside requests refused): hiding works, undo and redo,
colour by a metric, "how is this connected to…", and the as-of slider.

The data and the site are test_browser's (the family around g0, the tree under b0, the hub h0):

    s0 <- s1 <- g0 -> s2;  g0 <- g1.i <- g2.i.j <- g3.i.j.k  (i, j, k in 0..2; titles "Remix i.j.k")
"""

from __future__ import annotations

import re

import pytest

from browser_support import Watch, bright_nodes, click_node, next_render, node_ids, screenshot
from test_browser import browser, page, site, wait_stable, wide_page, work_url  # noqa: F401 (fixtures)

pytestmark = [pytest.mark.browser, pytest.mark.neo4j]


def works_drawn(page) -> list:
    return sorted(page.evaluate(
        "() => window.lineageGraph.nodes.get().filter(n => n.info.kind === 'work').map(n => String(n.id))"))


def listed(page) -> int:
    return page.locator(".lg-list .lg-list-items li").count()


def hidden_in_address(page) -> str | None:
    return page.evaluate("() => new URL(location.href).searchParams.get('hide')")


# ---------------------------------------------------------------- hide, undo, redo


def test_hide_from_the_panel_and_with_delete_undo_redo_and_the_address(site, page):  # noqa: F811
    page.goto(work_url(site, "g0"))
    wait_stable(page)
    everyone = works_drawn(page)
    assert "s1" in everyone and "s2" in everyone
    assert page.locator(".lg-undo").is_disabled() and page.locator(".lg-show-hidden").is_hidden()
    # From the side panel.
    click_node(page, "s1")
    page.locator(".lg-hide").click()
    assert "s1" not in works_drawn(page)
    assert listed(page) == page.evaluate("() => window.lineageGraph.nodes.length")
    assert page.locator(".lg-list a[href='/works/s1']").count() == 0
    assert not any(e[0] == "s1" or e[1] == "s1" for e in page.evaluate(
        "() => window.lineageGraph.edges.get().map(e => [e.from, e.to])"))
    assert hidden_in_address(page) == "s1"
    assert page.locator(".lg-show-hidden").inner_text() == "Show hidden (1)"
    assert "1 hidden." in page.locator(".lg-status").inner_text()
    # With the Delete key, the graph focused.
    click_node(page, "s2")
    page.locator(".lg-canvas").focus()
    page.keyboard.press("Delete")
    assert "s2" not in works_drawn(page) and hidden_in_address(page) == "s1,s2"
    # The focus cannot be hidden. (After the redraw the focus may stand where s2 was just clicked: vis-network
    # takes the two clicks for a double click; it opens a work only when both clicks were on it.)
    click_node(page, "g0")
    assert page.locator(".lg-hide").count() == 0
    page.locator(".lg-canvas").focus()
    page.keyboard.press("Delete")
    assert "g0" in works_drawn(page)
    # Ctrl-Z, then the Undo button; Redo and Ctrl-Shift-Z do them again.
    page.keyboard.press("Control+z")
    assert "s2" in works_drawn(page) and hidden_in_address(page) == "s1"
    page.locator(".lg-undo").click()
    assert works_drawn(page) == everyone and hidden_in_address(page) is None
    assert listed(page) == page.evaluate("() => window.lineageGraph.nodes.length")
    assert page.locator(".lg-undo").is_disabled()
    page.locator(".lg-redo").click()
    page.keyboard.press("Control+Shift+z")
    assert hidden_in_address(page) == "s1,s2" and "s1" not in works_drawn(page)
    # A link reproduces the view; Show hidden brings them back.
    page.goto(page.url)
    wait_stable(page)
    assert not {"s1", "s2"} & set(works_drawn(page))
    assert page.locator(".lg-show-hidden").inner_text() == "Show hidden (2)"
    page.locator(".lg-show-hidden").click()
    assert works_drawn(page) == everyone and hidden_in_address(page) is None
    assert page.locator(".lg-show-hidden").is_hidden()
    page.watch.check()


def test_undo_and_redo_an_expansion_and_a_group_opened(site, page):  # noqa: F811
    page.goto(work_url(site, "g0", "depth=1"))
    wait_stable(page)
    before = works_drawn(page)
    click_node(page, "g1.0")
    page.locator(".lg-expand").click()
    page.wait_for_selector("#lineage-graph[data-expanded='g1.0']", state="attached")
    added = set(works_drawn(page)) - set(before)
    assert added == {"g2.0.0", "g2.0.1", "g2.0.2"}
    assert listed(page) == page.evaluate("() => window.lineageGraph.nodes.length")
    page.locator(".lg-canvas").focus()
    page.keyboard.press("Control+z")
    assert works_drawn(page) == before and listed(page) == len(page.evaluate("() => window.lineageGraph.nodes.getIds()"))
    page.keyboard.press("Control+Shift+z")
    assert set(works_drawn(page)) - set(before) == added
    # Opening a group is undone too (the address with it).
    page.goto(work_url(site, "h0"))
    wait_stable(page)
    click_node(page, "group:1")
    with next_render(page):
        page.locator(".lg-group-next").click()
    assert len(works_drawn(page)) == 17 and "more=" in page.url
    with next_render(page):
        page.locator(".lg-undo").click()
    assert len(works_drawn(page)) == 9 and "more=" not in page.url
    with next_render(page):
        page.locator(".lg-redo").click()
    assert len(works_drawn(page)) == 17
    # Undo walks back through a hide and then the group opened.
    click_node(page, "h1")
    with next_render(page):
        page.locator(".lg-hide").click()
        page.locator(".lg-undo").click()  # back: h1 shown
        page.locator(".lg-undo").click()  # back: the group closed
    assert len(works_drawn(page)) == 9 and "h1" in works_drawn(page)
    page.watch.check()


# ---------------------------------------------------------------- colour by a metric


def luminance(rgb: str) -> float:
    r, g, b = (int(v) / 255 for v in re.findall(r"\d+", rgb)[:3])
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in (r, g, b)]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def hex_rgb(colour: str) -> str:
    return "rgb({}, {}, {})".format(*(int(colour[i:i + 2], 16) for i in (1, 3, 5)))


def contrast(a: str, b: str) -> float:
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


FILLS = "() => Object.fromEntries(window.lineageGraph.nodes.get().filter(n => n.info.kind === 'work').map(n => [n.id, n.color.background]))"


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_colour_by_a_metric_with_a_legend_of_its_range(site, browser, scheme):  # noqa: F811
    context = browser.new_context(viewport={"width": 1440, "height": 900}, color_scheme=scheme)
    page = context.new_page()
    watch = Watch()
    watch.attach(page)
    try:
        page.goto(work_url(site, "g0"))
        wait_stable(page)
        by_medium = page.evaluate(FILLS)
        page.select_option(".lg-colour select", "pagerank")
        fills = page.evaluate(FILLS)
        values = page.evaluate("() => Object.fromEntries(window.lineageGraph.nodes.get().filter(n => n.info.kind === 'work').map(n => [n.id, n.info.metrics.pagerank]))")
        low, high = min(values.values()), max(values.values())
        lowest = min(values, key=values.get)
        highest = max(values, key=values.get)
        assert fills != by_medium and fills[lowest] != fills[highest]
        # Works with the same value share a colour; the order of values is the order of the palette.
        assert len({fills[w] for w in values if values[w] == low}) == 1
        title = page.locator(".lg-ramp-title").inner_text()
        assert "pagerank" in title and f"{low:g}" in title and f"{high:g}" in title, title
        assert page.locator(".lg-legend-list .lg-swatch").count() == 0  # the media legend made way
        assert "colour=pagerank" in page.url
        # What each stands on: the nearest box with a background of its own (the page's, if none).
        look = page.evaluate(r"""() => { const ground = el => { for (; el; el = el.parentElement) {
                const c = getComputedStyle(el).backgroundColor;
                if (c && c !== 'transparent' && !/rgba\(.*, 0\)$/.test(c)) return c; } return 'rgb(255, 255, 255)'; };
            const title = document.querySelector('.lg-ramp-title');
            return {text: getComputedStyle(title).color, under: ground(title),
                    stage: ground(document.querySelector('.lg-canvas'))}; }""")
        assert contrast(look["text"], look["under"]) >= 4.5, look
        for work in (lowest, highest):
            assert contrast(hex_rgb(fills[work]), look["stage"]) >= 1.5, (work, fills[work], look)
        page.locator("#lineage-graph").scroll_into_view_if_needed()
        screenshot(page, f"test_colour_by_a_metric_{scheme}")
        # The address keeps it; medium brings the media back.
        page.goto(page.url)
        wait_stable(page)
        assert page.evaluate(FILLS) == fills and page.locator(".lg-colour select").input_value() == "pagerank"
        page.select_option(".lg-colour select", "medium")
        assert page.evaluate(FILLS) == by_medium and "colour=" not in page.url
        assert page.locator(".lg-legend-list .lg-swatch").count() > 0
    finally:
        context.close()
    watch.check()


# ---------------------------------------------------------------- how is this connected to…


# Titles the search finds word for word ("Remix 0.0.0" is tokenised into numbers the search ranks low).
CHAIN_END = "Lantern Chorus"   # g3.0.0.0
COUSIN = "Quiet Harbour"       # g1.1


@pytest.fixture(scope="module")
def named(site, session_graph):  # noqa: F811
    session_graph.write(lambda tx: tx.run(
        "UNWIND $rows AS row MATCH (w:Work {id: row[0]}) SET w.title = row[1]",
        rows=[["g3.0.0.0", CHAIN_END], ["g1.1", COUSIN]]).consume())
    return site


def choose_work(page, text: str, label: str) -> None:
    box = page.locator(".lg-connect input")
    box.click()
    box.fill(text)
    option = page.locator(".lg-connect .suggest-option", has=page.locator(".suggest-label", has_text=re.compile(f"^{re.escape(label)}$")))
    option.first.wait_for()
    option.first.click()


def test_how_is_this_connected_to_another_work(named, wide_page):  # noqa: F811
    site = named
    page = wide_page
    page.goto(work_url(site, "g0", "depth=1"))
    wait_stable(page)
    assert "g3.0.0.0" not in node_ids(page)
    choose_work(page, "Lantern", CHAIN_END)
    page.wait_for_selector("#lineage-graph[data-connection='chain']", state="attached")
    status = page.locator(".lg-connection").inner_text()
    assert status.startswith(f"3 steps: Focal Piece → Remix 0 → Remix 0.0 → {CHAIN_END} ({CHAIN_END} derives from Focal Piece)"), status
    assert "3 shared sources" in status
    # Added to the view, listed, and highlighted with the chain's links.
    drawn = works_drawn(page)
    assert {"g2.0.0", "g3.0.0.0"} <= set(drawn)
    assert listed(page) == page.evaluate("() => window.lineageGraph.nodes.length")
    bright = bright_nodes(page)
    assert {"g0", "g1.0", "g2.0.0", "g3.0.0.0", "s0", "s1", "s2"} <= bright and "g1.1" not in bright
    pos = page.evaluate("() => window.lineageGraph.network.getPositions()")
    assert pos["g0"]["x"] < pos["g1.0"]["x"] < pos["g2.0.0"]["x"] < pos["g3.0.0.0"]["x"]
    page.locator("#lineage-graph").scroll_into_view_if_needed()
    screenshot(page, "test_connection_drawn")
    # Undo takes the connection out again.
    page.locator(".lg-undo").click()
    assert "g3.0.0.0" not in node_ids(page)
    # Not connected at all.
    choose_work(page, "Hub 0", "Hub 0")
    page.wait_for_selector("#lineage-graph[data-connection='none']", state="attached")
    assert page.locator(".lg-connection").inner_text() == (
        "Focal Piece and Hub 0 are not connected: neither derives from the other and they share no source.")
    page.watch.check()


def test_cousins_are_connected_through_their_shared_sources(named, page):  # noqa: F811
    site = named
    page.goto(work_url(site, "g1.0", "depth=1"))
    wait_stable(page)
    choose_work(page, "Quiet Harb", COUSIN)
    page.wait_for_selector("#lineage-graph[data-connection='shared']", state="attached")
    status = page.locator(".lg-connection").inner_text()
    assert status.startswith("Neither derives from the other; 4 shared sources: Focal Piece"), status
    assert {"g1.1", "s0", "s1", "s2"} <= set(works_drawn(page))
    # A line from each to the nearest shared source (drawn already: its link is lit, no new one).
    lit = page.evaluate("""() => { const g = window.lineageGraph;
                              return g.litIds().edges.map(id => [g.edges.get(id).from, g.edges.get(id).to]); }""")
    assert ["g1.0", "g0"] in lit and ["g1.1", "g0"] in lit
    page.watch.check()


# ---------------------------------------------------------------- time travel


def test_the_as_of_slider_keeps_every_other_setting(site, page):  # noqa: F811
    page.goto(work_url(site, "g0", "depth=2&colour=pagerank&hide=g1.1"))
    wait_stable(page)
    slider = page.locator(".lg-time-slider")
    assert page.locator(".lg-time-value").inner_text() == "today"
    # Its stops: the days the works drawn were created, the earliest to the latest, then today.
    stops = int(slider.get_attribute("max"))
    dates = page.evaluate("() => [...new Set(Object.values(window.lineageGraph.base.nodes).map(n => n.info.created_at).filter(Boolean))].sort()")
    assert stops == len(dates) and dates[0] == "2018-01-01"
    slider.focus()
    page.keyboard.press("ArrowLeft")
    assert page.locator(".lg-time-value").inner_text().startswith(dates[-1] + " · ")
    page.wait_for_url(re.compile(r"as_of=" + dates[-1]))
    wait_stable(page)
    address = page.url
    for kept in ("depth=2", "colour=pagerank", "hide=g1.1"):
        assert kept in address, address
    assert f"as they stood on {dates[-1]}" in page.locator(".notice").inner_text()
    assert "g1.1" not in works_drawn(page)
    assert page.locator(".lg-time-value").inner_text().startswith(dates[-1])
    # The last stop is today: the as-of day leaves the address, the rest stays.
    page.locator(".lg-time-slider").focus()
    page.keyboard.press("End")
    page.wait_for_url(lambda url: "as_of" not in url)
    wait_stable(page)
    assert "depth=2" in page.url and "hide=g1.1" in page.url
    page.watch.check()


def test_the_as_of_form_works_without_javascript(site, browser):  # noqa: F811
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    watch = Watch()
    watch.attach(page)
    try:
        page.goto(work_url(site, "g0", "depth=2"))
        page.fill("#as_of", "2021-06-01")
        with page.expect_navigation():
            page.locator("form.as-of button[type=submit]").click()
        assert "as_of=2021-06-01" in page.url and "depth=2" in page.url
        assert "as they stood on 2021-06-01" in page.locator(".notice").inner_text()
    finally:
        context.close()
    watch.check()

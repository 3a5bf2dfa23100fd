"""The focus view's filters in a real headless Chromium: each control of the toolbar, the address, a bad value.

The data is test_browser.py's (the family around ``g0``, the hub ``h0``; its
docstring gives the media, kinds and dates, so each count below is known by
construction). A filter keeps the works and links that pass and the chains
through them: a work reached only through works that fail is left out.
"""

from __future__ import annotations

import pytest

from test_browser import browser, graph_state, page, site, wait_stable, wide_page, work_url  # noqa: F401  (fixtures)
from browser_support import next_render

pytestmark = [pytest.mark.browser, pytest.mark.neo4j]


def drawn(page) -> list[str]:
    return sorted(page.evaluate(
        "() => window.lineageGraph.nodes.get().filter(n => n.info.kind === 'work').map(n => n.id)"))


def reload_keeps(page, expected: list[str]) -> None:
    page.goto(page.url)
    wait_stable(page)
    assert drawn(page) == expected


def test_medium_filter_from_the_toolbar_counts_only_what_passes(site, wide_page):
    page = wide_page
    page.goto(work_url(site, "g0"))
    wait_stable(page)
    with next_render(page):
        page.select_option(".lg-filters select[name=medium]", "image")
    # Image works joined to g0 through image works: s2; g1.2 -> g2.2.1 -> g3.2.1.0.
    assert drawn(page) == ["g0", "g1.2", "g2.2.1", "g3.2.1.0", "s2"]
    assert "medium=image" in page.url
    assert "Filtered" in graph_state(page)["status"]
    reload_keeps(page, ["g0", "g1.2", "g2.2.1", "g3.2.1.0", "s2"])
    # The hub's 200 remixes: 29 are images (h3, h10, ... h199): 8 drawn, the group counts the other 21 only.
    page.goto(work_url(site, "h0", "medium=image"))
    wait_stable(page)
    group = page.evaluate("() => window.lineageGraph.nodes.get('group:1')")
    assert group["label"] == "+21 more remixes\n21 image"
    assert group["info"]["count"] == 21
    page.watch.check()


def test_kind_filter(site, page):
    page.goto(work_url(site, "g0"))
    wait_stable(page)
    with next_render(page):
        page.select_option(".lg-filters select[name=kind]", "remix")
    # Only "remix" links: g0 -> s1 (s1 -> s0 is a cover), and the first remix of each generation.
    assert drawn(page) == ["g0", "g1.0", "g2.0.0", "g3.0.0.0", "s1"]
    assert "kind=remix" in page.url
    edges = page.evaluate("() => window.lineageGraph.edges.get().length")
    assert edges == 4
    page.watch.check()


def test_date_range_filter(site, page):
    page.goto(work_url(site, "g0"))
    wait_stable(page)
    with next_render(page):
        page.fill(".lg-filters input[name=from]", "2021-01-01")
        page.fill(".lg-filters input[name=to]", "2022-12-31")
        page.click(".lg-filters-apply")
    # Sources (2018-2019), g1.2 (2019-06) and the third generation (2023) fall outside; the focus stays.
    expected = ["g0", "g1.0", "g1.1"] + [f"g2.{i}.{j}" for i in (0, 1) for j in range(3)]
    assert drawn(page) == expected
    assert "from=2021-01-01" in page.url and "to=2022-12-31" in page.url
    reload_keeps(page, expected)
    with next_render(page):
        page.click(".lg-filters-clear")
    assert "from=" not in page.url and len(drawn(page)) == 1 + 3 + 3 + 8 + 8
    page.watch.check()


def test_minimum_of_a_metric(site, page):
    page.goto(work_url(site, "g0"))
    wait_stable(page)
    page.select_option(".lg-filters select[name=min_metric]", "pagerank")
    with next_render(page):
        page.fill(".lg-filters input[name=min_value]", "0.15")
        page.click(".lg-filters-apply")
    # pagerank is 1/(1 + length of the id): sources 0.33, the first generation 0.2, the rest below 0.15.
    assert drawn(page) == ["g0", "g1.0", "g1.1", "g1.2", "s0", "s1", "s2"]
    assert "min=pagerank%3A0.15" in page.url or "min=pagerank:0.15" in page.url
    page.watch.check()


def test_a_bad_filter_says_why(site, page):
    page.goto(work_url(site, "g0", "medium=sculpture"))
    page.wait_for_function("() => document.querySelector('#lineage-graph').getAttribute('data-state') === 'error'")
    status = "() => document.querySelector('#lineage-graph .lg-status').textContent"
    assert "parameter 'medium' must be one or more of" in page.evaluate(status)
    # Nothing was drawn yet: the graph object is the container's (window.lineageGraph comes with a drawing).
    graph = "document.querySelector('#lineage-graph').lineageGraph"
    page.evaluate(f"() => {graph}.load('/works/g0/graph.json?min=title:3')")
    page.wait_for_function(f"() => {status[6:]}.includes(\"parameter 'min'\")")
    page.evaluate(f"() => {graph}.load('/works/g0/graph.json?from=2013-01-01&to=2012-01-01')")
    page.wait_for_function(f"() => {status[6:]}.includes('the range is empty')")
    # (no watch.check(): the three 400s are in the console, as they should be)

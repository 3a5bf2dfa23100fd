"""The payout pages in real headless Chromium against the real site (lineage serve) and Neo4j.

The graph: docs/credit.md's book and a record (tests/test_credit_payouts_db.py), and an
anthology drawing on 40 works of two artists each, so its split has a tail and a second
page. Each test saves screenshots at 1440x900 and 390x844 into docs/img/ (docs/credit.md
shows them) and checks that the page did not overflow the narrow screen.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

import networkx as nx
import pytest

from browser_support import CHROMIUM_ARGS, Site, Watch, chromium_path, sync_playwright
from lineage_testgraphs import write_lineage
from test_credit_payouts_db import write_community

pytestmark = [pytest.mark.neo4j, pytest.mark.browser]

IMAGES = Path(__file__).resolve().parent.parent / "docs" / "img"
SIZES = {"wide": (1440, 900), "phone": (390, 844)}


def write_anthology(graph):
    g = nx.DiGraph()
    artists, contributions = [], []
    for i in range(40):
        work = f"story-{i:02d}"
        g.add_edge("Anthology", work, weight=1.0 + i % 3)
        g.nodes[work].update(title=f"Story number {i}", created_at="2020-03-01")
        for j in (0, 1):
            artist = f"writer-{i:02d}-{j}"
            artists.append({"id": artist, "handle": f"w{i:02d}{'ab'[j]}", "name": f"Writer {i} {'AB'[j]}"})
            contributions.append((artist, work, "author", 1.0 + j))
    g.nodes["Anthology"].update(title="Anthology of forty stories", created_at="2023-05-01", status="production",
                                amount=5000)
    contributions.append(("ana", "Anthology", "editor", 1.0))
    write_lineage(graph, g, artists, contributions)


@pytest.fixture(scope="module")
def site(session_graph, neo4j_settings, tmp_path_factory):
    from conftest import wipe

    wipe(session_graph)
    write_community(session_graph)
    write_anthology(session_graph)
    server = Site(neo4j_settings, tmp_path_factory.mktemp("site-home"))
    yield server
    server.stop()


@pytest.fixture(scope="module")
def browser():
    playwright = sync_playwright()().start()
    chromium = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
    yield chromium
    chromium.close()
    playwright.stop()


def visit(browser, url: str, name: str, check) -> None:
    """Open ``url`` at both sizes, run ``check(page)``, save the screenshots, and insist nothing overflowed."""
    for size, (width, height) in SIZES.items():
        context = browser.new_context(viewport={"width": width, "height": height})
        page = context.new_page()
        watch = Watch()
        watch.attach(page)
        try:
            response = page.goto(url)
            assert response.status == 200
            check(page)
            overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            assert overflow <= 1, f"{name} at {size} is {overflow}px wider than the screen"
            IMAGES.mkdir(exist_ok=True)
            page.screenshot(path=str(IMAGES / f"credit-{name}-{size}.png"))
        finally:
            context.close()
        watch.check()


def test_production_page(site, browser):
    def check(page):
        assert page.locator("h1").inner_text() == "Anthology of forty stories"
        assert page.locator("strong.amount").inner_text() == "5,000.00"
        bars = page.locator("svg.share-chart:visible rect")  # the wide picture, or the phone's
        assert bars.count() == 13  # 12 artists named, the other 69 as one bar
        assert page.locator("svg.share-chart:visible text.share-label").nth(12).text_content() == "69 other artists"
        # by handle and name, never a bare id
        assert "writer-" not in page.locator("svg.share-chart:visible").text_content()
        assert page.locator("table.payout-table tbody tr").count() == 50
        assert "Page 1 of 2 (81 artists)" in page.locator("nav.pager").inner_text()

    visit(browser, f"{site.url}/productions/Anthology", "production", check)


def test_production_table_sorts_and_pages(site, browser):
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    page = context.new_page()
    try:
        page.goto(f"{site.url}/productions/Anthology")
        page.get_by_role("link", name="Artist", exact=True).click()
        first = page.locator("table.payout-table tbody tr").first.locator("a.artist-link").inner_text()
        assert first == "ana"
        page.get_by_role("link", name="Next →").click()
        assert page.locator("table.payout-table tbody tr").count() == 31
        assert "sort=name" in page.url and "page=2" in page.url
    finally:
        context.close()


def test_plan_page(site, browser):
    def check(page):
        if page.locator("textarea#plan-works").input_value() == "":
            page.fill("textarea#plan-works", "Story\nPhoto")
            page.fill("input[name=amount]", "100")
            page.get_by_role("button", name="Show the split").click()
            page.wait_for_load_state()
        assert "Draws on 2 works" in page.locator("#draws-h").inner_text()
        amounts = page.locator("table.payout-table tbody td.num").all_inner_texts()
        assert "37.50" in amounts and "25.00" in amounts

    # at each size the form is filled in and sent (a GET form: the split is at an address)
    visit(browser, f"{site.url}/plan", "plan", check)


def test_plan_page_picks_works_with_search(site, browser):
    """Typing a title in the plan's search box and choosing a suggestion adds its id to the list."""
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    page = context.new_page()
    try:
        page.goto(f"{site.url}/plan")
        box = page.locator("#plan-add")
        box.fill("Story number 1")
        page.wait_for_selector("#plan-add-suggestions li", timeout=15_000)
        box.press("ArrowDown")
        box.press("Enter")
        chosen = page.locator("textarea#plan-works").input_value().split()
        assert len(chosen) == 1 and chosen[0].startswith("story-"), chosen
        assert box.input_value() == "" and page.url.endswith("/plan")  # no navigation to the work
        box.fill("Photo")
        page.wait_for_selector("#plan-add-suggestions li", timeout=15_000)
        box.press("ArrowDown")
        box.press("Enter")
        assert page.locator("textarea#plan-works").input_value().split() == [chosen[0], "Photo"]
    finally:
        context.close()


def test_whatif_page(site, browser):
    def check(page):
        if page.locator("h2#changes-h").count() == 0:
            page.fill("input[name=withdraw]", "Poem")
            page.get_by_role("button", name="Show what changes").click()
            page.wait_for_load_state()
        assert page.locator("h2#changes-h").inner_text() == "1 change, 1 production reached"
        row = page.locator("table.whatif-table tbody tr").first
        assert row.locator("td").first.inner_text().startswith("cal")
        assert row.locator("td.diff").last.inner_text() == "+62.50"

    visit(browser, f"{site.url}/whatif", "whatif", check)


def test_artist_statement_page(site, browser):
    def check(page):
        assert page.locator("h1").inner_text() == "ana"
        # Book 458.33 + Record 16.88 + the Anthology she edited, keeping half of its 5,000.00
        assert page.locator(".total-amount").inner_text() == "2,975.21"
        assert page.locator("svg.timeline circle").count() == 3
        rows = page.locator("section[aria-labelledby=prod-h] tbody tr")
        assert rows.count() == 3
        assert "Photo" in page.locator("section[aria-labelledby=far-h]").inner_text()

    visit(browser, f"{site.url}/artists/{quote('ana')}/statement", "statement", check)


def test_artist_page_link(site, browser):
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    page = context.new_page()
    try:
        # the artist page's interactive graph may still be loading: the link is there before it
        page.goto(f"{site.url}/artists/ana", wait_until="domcontentloaded", timeout=90_000)
        page.locator("p.statement-link a").click()
        page.wait_for_url("**/artists/ana/statement", wait_until="domcontentloaded", timeout=90_000)
        assert page.locator("h1").inner_text() == "ana"
    finally:
        context.close()

"""The console in real Chromium (issue 14): the editor (typing, completion, brackets, Ctrl-Enter, history),
the Table / Graph / JSON toggle, the permalink, the plan view, the schema panel, and the page without
JavaScript; the write attempts of the hardening tests still fail through the new editor.

The site runs as ``lineage serve`` on the sample of ``web_helpers`` (5 works, 4 artists, 4 remixes, 5
credits); every request leaving 127.0.0.1 is aborted and recorded, and each test asserts there were none.
"""

from __future__ import annotations

import json
from urllib.parse import parse_qs, urlsplit

import pytest

from browser_support import (
    CHROMIUM_ARGS, CONSOLE_EDITOR, Site, Watch, chromium_path, screenshot, set_console_query, sync_playwright, wait_stable,
)
from test_web_console import WRITES
from web_helpers import load_sample

pytestmark = [pytest.mark.neo4j, pytest.mark.browser]

EDITOR = CONSOLE_EDITOR
ROWS = ".result-table > tbody > tr"  # not the rows of the property tables inside the cells


@pytest.fixture(scope="module")
def site(session_graph, neo4j_settings, tmp_path_factory):
    from conftest import wipe

    wipe(session_graph)
    load_sample(session_graph)
    server = Site(neo4j_settings, tmp_path_factory.mktemp("console-home"))
    yield server
    server.stop()


@pytest.fixture(scope="module")
def browser():
    playwright = sync_playwright()().start()
    chromium = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
    yield chromium
    chromium.close()
    playwright.stop()


def new_page(browser, request, **options):
    context = browser.new_context(viewport={"width": 1440, "height": 900}, **options)
    context.set_default_timeout(90_000)  # a shared, loaded machine
    page = context.new_page()
    page.watch = Watch()
    page.watch.attach(page)
    return context, page


@pytest.fixture
def page(browser, request):
    context, page = new_page(browser, request)
    yield page
    try:
        screenshot(page, request.node.name)
    finally:
        context.close()
    assert page.watch.outside == [] and page.watch.dialogs == []


def open_console(page, site, address: str = "/console") -> None:
    page.goto(site.url + address)
    page.wait_for_selector("#console-form[data-editor]")  # the editor replaced the text area
    # Completion offers the database's names once /console/schema.json has come (cold: seconds under load).
    page.wait_for_selector('#console-schema[data-state="ready"]', timeout=90_000)


set_query = set_console_query


def run_and_wait(page) -> None:
    page.click("#console-form button[value=html]")
    page.wait_for_selector('#console-form[data-state="done"]')


def table_rows(page) -> list[list[str]]:
    return [row.locator(":scope > td").all_inner_texts() for row in page.locator(ROWS).all()]


def editor_text(page) -> str:
    return page.locator(EDITOR).inner_text()


def completion_labels(page, wanted: str) -> list[str]:
    """The completion list once it offers ``wanted`` (it may first show a list for fewer letters)."""
    page.wait_for_selector(f".cm-tooltip-autocomplete li:has-text('{wanted}')", timeout=30_000)
    # CodeMirror ignores Enter for a moment after the list opens (autocomplete's interactionDelay, 75 ms).
    page.wait_for_timeout(300)
    return page.locator(".cm-tooltip-autocomplete li").all_inner_texts()


def test_typing_with_completion_brackets_and_ctrl_enter(site, page):
    open_console(page, site)
    assert page.locator("#query").is_hidden()
    page.click(EDITOR)
    page.keyboard.type("MATCH (a:Ar")
    # The database's labels are offered (from /console/schema.json), and Enter takes the choice.
    labels = completion_labels(page, ":Artist")
    assert any(":Artist" in label for label in labels), labels
    page.keyboard.press("Enter")
    assert "MATCH (a:Artist)" in editor_text(page)  # the bracket was closed as it was typed
    # Brackets match: with the cursor just past ")" both ends are marked.
    page.keyboard.press("End")
    assert page.locator(".cm-matchingBracket").count() == 2
    page.keyboard.type(" RETURN a.han")
    keys = completion_labels(page, "handle")
    assert any("handle" in key for key in keys), keys
    page.keyboard.press("Enter")
    page.keyboard.type(" AS h ORDER BY h")
    page.keyboard.press("Escape")
    assert editor_text(page) == "MATCH (a:Artist) RETURN a.handle AS h ORDER BY h"
    # Cypher is highlighted: keywords are marked apart from names.
    assert page.locator(f"{EDITOR} .cm-line span").count() >= 4
    keyword_colour = page.locator(f"{EDITOR} span", has_text="MATCH").first.evaluate("e => getComputedStyle(e).color")
    name_colour = page.locator(f"{EDITOR} span", has_text="handle").first.evaluate("e => getComputedStyle(e).color")
    assert keyword_colour != name_colour
    page.keyboard.press("Control+Enter")
    page.wait_for_selector('#console-form[data-state="done"]')
    assert [r[0] for r in table_rows(page)] == sorted(["<svg onload=alert(3)>", "ann", "bob", "zoë"])
    # The session's history keeps it; a click puts it back.
    history = page.locator("#console-history .history-item")
    assert history.all_inner_texts() == ["MATCH (a:Artist) RETURN a.handle AS h ORDER BY h"]
    set_query(page, "RETURN 1")
    history.first.click()
    assert editor_text(page) == "MATCH (a:Artist) RETURN a.handle AS h ORDER BY h"
    page.watch.check()


def test_procedures_complete_and_refused_ones_are_not_offered(site, page):
    open_console(page, site)
    page.wait_for_selector('#console-schema[data-state="ready"]')
    page.click(EDITOR)
    page.keyboard.type("CALL db.la")
    names = completion_labels(page, "db.labels")
    assert any("db.labels" in n for n in names), names
    page.keyboard.press("Escape")
    set_query(page, "")
    page.keyboard.type("CALL dbms.")
    # The list is there (it offers the one allowed dbms procedure) before what it lacks is read.
    offered = completion_labels(page, "dbms.components")
    assert not any("listConfig" in n for n in offered), offered
    page.watch.check()


def test_table_graph_and_json_views(site, page):
    open_console(page, site)
    set_query(page, "MATCH (a:Artist {id: 'a1'})-[c:CONTRIBUTED]->(w:Work {id: 'w1'}) RETURN a, c, w")
    run_and_wait(page)
    cells = page.locator(ROWS).first.locator(":scope > td")
    assert cells.nth(0).locator(".gv-label").inner_text() == ":Artist"
    assert cells.nth(0).locator(".gv-caption").inner_text() == "ann"
    assert cells.nth(1).locator(".gv-type").inner_text() == "[:CONTRIBUTED]"
    assert cells.nth(2).locator(".gv-caption").inner_text() == "Seed Song"
    # Properties are one click away.
    props = cells.nth(2).locator(".gv-props")
    assert props.is_hidden()
    cells.nth(2).locator("summary").click()
    assert props.is_visible() and "CC-BY" in props.inner_text()
    # The toggle: one view at a time.
    tabs = page.locator(".view-tabs [role=tab]")
    assert tabs.all_inner_texts() == ["Table", "Graph", "JSON"]
    page.click('.view-tabs [data-view="graph"]')
    wait_stable(page, 90_000)
    assert page.locator(".result-table").is_hidden() and page.locator("#lineage-graph canvas").is_visible()
    assert page.evaluate("() => window.lineageGraph.nodes.length") == 2
    page.click('.view-tabs [data-view="json"]')
    body = json.loads(page.locator(".result-json").inner_text())
    assert body["columns"] == ["a", "c", "w"] and body["rows"][0][1]["type"] == "CONTRIBUTED"
    assert page.locator("#lineage-graph").is_hidden()
    page.click('.view-tabs [data-view="table"]')
    assert page.locator(".result-table").is_visible() and page.locator(".result-json").is_hidden()
    # A path is a chain.
    set_query(page, "MATCH p = (:Work {id: 'w3'})-[:REMIXES*2]->(:Work {id: 'w1'}) RETURN p")
    run_and_wait(page)
    chain = page.locator(".result-table .gv-path").first
    assert chain.locator(":scope > .gv-node .gv-caption").all_inner_texts() == ["Letters a(b", "Night Drive", "Seed Song"]
    assert chain.locator(".gv-type").all_inner_texts() == ["[:REMIXES]", "[:REMIXES]"]
    page.watch.check()


def test_the_permalink_reruns_the_query(site, page, browser, request):
    open_console(page, site)
    query = "MATCH (w:Work) WHERE w.created_at < $day RETURN w.id AS id ORDER BY id"
    set_query(page, query)
    page.fill("#params", '{"day": "2020-06-01"}')
    run_and_wait(page)
    assert table_rows(page) == [["w1"], ["w2"]]
    # The address follows the query, and the button copies it.
    asked = parse_qs(urlsplit(page.url).query)
    assert asked == {"query": [query], "params": ['{"day": "2020-06-01"}']}
    page.click("#console-permalink")
    link = page.wait_for_selector("#console-form[data-copied]").get_attribute("data-copied")
    assert link == page.url
    # Opened in another tab (a fresh context: no history, no storage), the link runs it again.
    context, other = new_page(browser, request)
    try:
        other.goto(link)
        other.wait_for_selector("#console-form[data-editor]")
        assert table_rows(other) == [["w1"], ["w2"]]
        assert editor_text(other) == query and other.input_value("#params") == '{"day": "2020-06-01"}'
        other.watch.check()
    finally:
        context.close()
    page.watch.check()


def test_explain_and_profile_show_the_plan_tree(site, page):
    open_console(page, site)
    set_query(page, "PROFILE MATCH (w:Work)-[:REMIXES]->(s:Work {id: 'w1'}) RETURN w.id AS id ORDER BY id")
    run_and_wait(page)
    assert page.locator('.view-tabs [data-view="plan"]').get_attribute("aria-selected") == "true"
    tree = page.locator(".view-plan .plan-tree")
    assert tree.is_visible() and page.locator(".result-table").is_hidden()
    names = tree.locator(".plan-name").all_inner_texts()
    assert names[0] == "ProduceResults" and len(names) >= 3
    assert tree.locator(".plan-hits").count() == len(names) and tree.locator(".plan-rows").count() == len(names)
    assert tree.locator(".plan-op").first.locator(".plan-rows b").first.inner_text() == "3"
    assert "total db hits" in page.locator(".plan-totals").inner_text()
    page.click('.view-tabs [data-view="table"]')
    assert len(table_rows(page)) == 3
    set_query(page, "EXPLAIN MATCH (w:Work) RETURN w")
    run_and_wait(page)
    assert page.locator(".plan-estimated").count() >= 2 and page.locator(".plan-hits").count() == 0
    assert page.locator(".result-summary").inner_text().startswith("0 rows")
    page.watch.check()


def test_the_schema_panel_counts_and_inserts_at_the_cursor(site, page):
    open_console(page, site)
    page.wait_for_selector('#console-schema[data-state="ready"]')
    # Label names outlive their nodes (an earlier test's :LoadLock): those count 0.
    labels = [t.replace(" ", "") for t in page.locator(".schema-labels .schema-item").all_inner_texts()
              if not t.endswith("0")]
    assert labels == [":Artist4", ":Work5"], labels
    types = page.locator(".schema-types .schema-item").all_inner_texts()
    assert [t.split()[0] if " " in t else t for t in types] and len(types) == 2, types
    assert "handle" in " ".join(page.locator(".schema-keys .schema-item").all_inner_texts())
    set_query(page, "MATCH (w) RETURN w")
    page.click(EDITOR)
    page.keyboard.press("Control+Home")
    for _ in range(len("MATCH (w")):
        page.keyboard.press("ArrowRight")
    page.click('.schema-labels .schema-item[data-insert=":Work"]')
    assert editor_text(page) == "MATCH (w:Work) RETURN w"
    page.click(EDITOR)
    page.keyboard.press("End")
    page.keyboard.type(".")
    page.keyboard.press("Escape")
    page.click('.schema-keys .schema-item[data-insert="title"]')
    assert editor_text(page) == "MATCH (w:Work) RETURN w.title"
    page.keyboard.press("Control+Enter")
    page.wait_for_selector('#console-form[data-state="done"]')
    assert len(table_rows(page)) == 5
    page.watch.check()


def test_writes_still_fail_through_the_editor(site, page, session_graph):
    before = session_graph.read_text("MATCH (n) RETURN count(n) AS n", {})[0]["n"]
    open_console(page, site)
    for query in WRITES:
        set_query(page, query)
        page.keyboard.press("Control+Enter")
        page.wait_for_selector('#console-form[data-state="done"]')
        error = page.locator(".error-box")
        assert error.get_attribute("data-status") == "403", (query, error.inner_text())
    assert session_graph.read_text("MATCH (n) RETURN count(n) AS n", {})[0]["n"] == before
    assert session_graph.read_text("MATCH (w:Work {id: 'hacked'}) RETURN count(w) AS n", {})[0]["n"] == 0
    page.watch.check(allowed_console_errors=("status of 403",))


def test_without_javascript_the_console_is_a_form(site, browser, request, session_graph):
    context, page = new_page(browser, request, java_script_enabled=False)
    try:
        page.goto(site.url + "/console")
        assert page.locator("#query").is_visible()
        page.fill("#query", "MATCH (a:Artist {id: 'a1'}) RETURN a")
        page.click("#console-form button[value=html]")
        page.wait_for_selector(".result-table")
        assert page.locator(".result-table .gv-caption").inner_text() == "ann"
        page.locator(".result-table summary").click()
        assert "Ann Lee" in page.locator(".result-table .gv-props").inner_text()
        assert page.locator(".result-json").is_visible()  # every view, one under the other
        assert "query=" in page.locator("#console-permalink").get_attribute("href")
        page.fill("#query", "CREATE (:Work {id: 'hacked'})")
        page.click("#console-form button[value=html]")
        assert page.locator(".error-box").get_attribute("data-status") == "403"
        assert session_graph.read_text("MATCH (w:Work {id: 'hacked'}) RETURN count(w) AS n", {})[0]["n"] == 0
        screenshot(page, request.node.name)
    finally:
        context.close()

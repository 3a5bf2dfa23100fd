"""Search as you type in real Chromium: suggestions under the top box, driven with the keyboard."""

from __future__ import annotations

import pytest

from browser_support import CHROMIUM_ARGS, Site, Watch, chromium_path, screenshot, sync_playwright

pytestmark = [pytest.mark.neo4j, pytest.mark.browser]


@pytest.fixture(scope="module")
def site(session_graph, neo4j_settings, tmp_path_factory):
    from conftest import wipe

    wipe(session_graph)

    def write(tx):
        tx.run("UNWIND $rows AS r CREATE (:Work {id: r[0], title: r[1], medium: 'audio', created_at: r[2], "
               "descendants: r[3]})",
               rows=[["w-cg", "Community Garden", "2021-04-05", 1], ["w-roof", "Rooftop garden", "2021-05-06", 90],
                     ["w-evil", "<img src=x onerror=alert(1)> garden", "2021-06-07", 0]]).consume()
        tx.run("CREATE (a:Artist {id: 'a00007', handle: 'hush_fern7', name: 'Elena Lindqvist'})").consume()
        tx.run("MATCH (a:Artist {id: 'a00007'}), (w:Work {id: 'w-cg'}) CREATE (a)-[:CONTRIBUTED]->(w)").consume()

    session_graph.write(write)
    with session_graph.session() as s:
        s.run("CALL db.awaitIndexes(60)").consume()
    server = Site(neo4j_settings, tmp_path_factory.mktemp("search-home"))
    import urllib.request

    urllib.request.urlopen(server.url + "/api/suggest?q=garden", timeout=120).read()  # warm, unmeasured
    yield server
    server.stop()


@pytest.fixture(scope="module")
def browser():
    playwright = sync_playwright()().start()
    chromium = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
    yield chromium
    chromium.close()
    playwright.stop()


@pytest.fixture(params=[(1440, 900), (390, 844)], ids=["desktop", "phone"])
def page(browser, request):
    width, height = request.param
    context = browser.new_context(viewport={"width": width, "height": height})
    context.set_default_timeout(90_000)  # a shared, loaded machine: the first page of a fresh site is slow
    page = context.new_page()
    page.watch = Watch()
    page.watch.attach(page)
    yield page
    try:
        screenshot(page, request.node.name)
    finally:
        context.close()
    page.watch.check(allowed_console_errors=("favicon",))


def options(page) -> list[str]:
    return page.eval_on_selector_all("#nav-q-suggestions [role=option]", "els => els.map(e => e.textContent)")


# Counts the runs of suggest.js's debounced fetchNow and the addresses it fetches, as they happen.
SUGGEST_PROBE = """
window.__suggestRuns = 0; window.__suggestFetches = [];
const realSetTimeout = window.setTimeout, realFetch = window.fetch;
window.setTimeout = function (fn, ms, ...rest) {
  if (typeof fn === "function" && fn.name === "fetchNow") {
    const run = fn;
    fn = function () { try { return run.apply(this, arguments); } finally { window.__suggestRuns++; } };
  }
  return realSetTimeout.call(window, fn, ms, ...rest);
};
window.fetch = function (address, options) {
  if (String(address).includes("suggest")) window.__suggestFetches.push(String(address));
  return realFetch.apply(this, arguments);
};
"""


def test_keyboard_chooses_a_suggestion_and_opens_its_page(site, page):
    page.add_init_script(SUGGEST_PROBE)
    page.goto(site.url + "/")
    box = page.locator("#nav-q")
    assert box.get_attribute("role") == "combobox" and box.get_attribute("aria-expanded") == "false"
    box.click()
    page.keyboard.type("g")
    # One character: nothing asked. Read once suggest.js's debounce has run for it, not after a fixed time.
    page.wait_for_function("() => window.__suggestRuns >= 1")
    assert page.evaluate("() => window.__suggestFetches") == []
    assert page.locator("#nav-q-suggestions").is_hidden()
    page.keyboard.type("arden")
    page.wait_for_selector("#nav-q-suggestions:not([hidden]) [role=option]")
    found = options(page)
    assert found[0].startswith("work") and "Rooftop garden" in found[0] and "audio · 2021-05-06" in found[0]
    assert any("<img src=x onerror=alert(1)>" in o for o in found)  # a title is text, never markup
    assert box.get_attribute("aria-expanded") == "true"
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    active = box.get_attribute("aria-activedescendant")
    assert active == "nav-q-suggestions-1"
    assert page.locator(f"#{active}").get_attribute("aria-selected") == "true"
    page.keyboard.press("ArrowUp")
    assert box.get_attribute("aria-activedescendant") == "nav-q-suggestions-0"
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url == site.url + "/works/w-roof"


def test_artist_suggestion_escape_and_enter_without_choice(site, page):
    page.goto(site.url + "/")
    page.click("#nav-q")
    page.keyboard.type("fern")
    page.wait_for_selector("#nav-q-suggestions:not([hidden]) [role=option]")
    first = options(page)[0]
    assert first.startswith("artist") and "Elena Lindqvist" in first and "hush_fern7 · 1 work" in first
    box = page.locator("#nav-q-suggestions")
    list_box = box.bounding_box()
    assert list_box["x"] >= 0 and list_box["x"] + list_box["width"] <= page.viewport_size["width"]
    page.keyboard.press("Escape")
    assert box.is_hidden() and page.locator("#nav-q").input_value() == "fern"
    with page.expect_navigation():
        page.keyboard.press("Enter")  # nothing chosen: the search page, as typed
    assert "/search?q=fern" in page.url
    assert "Elena Lindqvist" in page.inner_text("main")


def test_choose_event_can_keep_the_page(site, page):
    page.goto(site.url + "/search")
    page.evaluate("""() => document.getElementById('search-q').addEventListener('suggest:choose', e => {
        e.preventDefault(); window.chosen = e.detail; })""")
    page.click("#search-q")
    page.keyboard.type("hush")
    page.wait_for_selector("#search-q-suggestions:not([hidden]) [role=option]")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    page.wait_for_function("() => window.chosen")
    chosen = page.evaluate("() => window.chosen")
    assert chosen["kind"] == "artist" and chosen["id"] == "a00007" and chosen["url"] == "/artists/a00007"
    assert page.url == site.url + "/search"

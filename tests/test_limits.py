"""One place for limits (issue 12): lineage/limits.py, read by the API, the site, the OpenAPI text,
the CLI and, through the page's data, the JavaScript. These tests fail when a copy comes back.

Pure: no database (the 404 page renders base.html without one).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from lineage import config, console, limits
from lineage.errors import InvalidParameter
from web import console_support, create_app, openapi
from web.graphs import params as graph_params
from web.graphs.standalone import standalone_html

ROOT = Path(__file__).resolve().parent.parent
JS = {name: (ROOT / "web" / "static" / "js" / name).read_text() for name in ("lineage-graph.js", "suggest.js")}
PAGE_DATA = re.compile(r'<script type="application/json" id="lineage-limits">(.*?)</script>', re.S)


@pytest.fixture(scope="module")
def client():
    return create_app({"TESTING": True, "NODE_CAP": 1234}).test_client()


def _page_data(html: str) -> dict:
    found = PAGE_DATA.findall(html)
    assert len(found) == 1, "the page carries its data once"
    return json.loads(found[0])


# ------------------------------------------------------------------------------ the OpenAPI text
def test_the_openapi_document_states_the_limits_of_lineage_limits():
    doc = openapi.document()
    lineage = {p["name"]: p["schema"] for p in doc["paths"]["/api/works/{work_id}/lineage"]["get"]["parameters"]}
    assert (lineage["cap"]["minimum"], lineage["cap"]["maximum"]) == (limits.CAP.low, limits.CAP.high)
    assert (lineage["depth"]["minimum"], lineage["depth"]["maximum"]) == (limits.DEPTH.low, limits.DEPTH.high)
    assert lineage["direction"]["enum"] == list(limits.DIRECTIONS)
    assert lineage["direction"]["default"] == limits.DEFAULT_DIRECTION
    search = {p["name"]: p["schema"] for p in doc["paths"]["/api/search"]["get"]["parameters"]}
    assert search["q"]["maxLength"] == limits.SEARCH_CHARS
    assert search["page"]["maximum"] == limits.MAX_PAGE


# ------------------------------------------------------------------------------ the page's data
def test_every_page_carries_the_limits_its_scripts_read(client):
    page = client.get("/no/such/page")  # any page: base.html renders the data
    assert page.status_code == 404
    html = page.get_data(as_text=True)
    data = _page_data(html)
    assert data["graph_params"] == list(graph_params.VIEW_PARAMS)
    assert data["depth_choices"] == list(limits.DEPTH_CHOICES)
    assert data["large_graph"] == limits.LARGE_GRAPH
    assert data["suggest_min_chars"] == limits.SUGGEST_MIN_CHARS
    assert data["per_gen"] == limits.PER_GENERATION.default
    assert data["node_cap"] == 1234  # the site's configured NODE_CAP, not the default
    # The forms take their lengths from the same numbers.
    assert f'maxlength="{limits.SEARCH_CHARS}"' in html


def test_the_data_comes_before_the_scripts_that_read_it(client):
    html = client.get("/no/such/page").get_data(as_text=True)
    assert html.index('id="lineage-limits"') < html.index("js/suggest.js")


def test_the_standalone_file_carries_the_same_data():
    graph = {"kind": "work", "nodes": [], "edges": []}
    html, _ = standalone_html(graph, heading="w1")
    data = _page_data(html)
    assert data == graph_params.page_data()
    # Its data block comes before the inlined graph script, which reads it as it runs.
    assert html.index('id="lineage-limits"') < html.index("window.LINEAGE_GRAPH")


# ------------------------------------------------------------------------------ no copy in the JavaScript
def test_the_graph_script_holds_no_copy_of_the_view_parameters():
    # A hand copy is a list of quoted names; three of them in a row is a copy of VIEW_PARAMS.
    names = "|".join(re.escape(n) for n in graph_params.VIEW_PARAMS)
    copy = re.compile(rf'"(?:{names})"\s*,\s*"(?:{names})"\s*,\s*"(?:{names})"')
    for name, text in JS.items():
        assert not copy.search(text), f"{name} holds a copy of web.graphs.params.VIEW_PARAMS"


@pytest.mark.parametrize("key", ["large_graph", "list_items", "node_cap", "per_gen", "suggest_min_chars"])
def test_the_scripts_hold_no_copy_of_a_number_of_the_page_data(key):
    value = limits.page_data()[key]
    # Assigned (x = 300;) or used as a fallback (|| 2000): the ways a copy was written before.
    copy = re.compile(rf"(?:(?<![<>!=])=|\|\|)\s*{value}\b(?!\.)")  # not a comparison (i <= 8)
    for name, text in JS.items():
        code = "\n".join(line for line in text.splitlines() if not line.strip().startswith(("//", "*", "/*")))
        assert not copy.search(code), f"{name} holds a copy of {key} ({value}): read it from the page's data"


def test_the_graph_script_holds_no_copy_of_the_depth_choices():
    choices = r"\s*,\s*".join(str(d) for d in limits.DEPTH_CHOICES)
    assert not re.search(r"\[\s*" + choices + r"\s*\]", JS["lineage-graph.js"])


# ------------------------------------------------------------------------------ one value, read everywhere
# Names that held a literal of their own in lineage/ and web/ before issue 12; they now read lineage.limits.
MOVED = ("MAX_CAP", "DIRECTIONS", "DETAILS_CAP", "CONNECTION_SHARED_LIMIT", "MAX_PAGE", "MAX_TEXT", "MAX_ID",
         "MAX_GRAPH_CAP", "DEFAULT_GRAPH_CAP", "EXPAND_CAP", "LEVEL_CAP", "MAX_QUERY", "MAX_QUERY_LENGTH", "MAX_PARAMS",
         "MAX_QUERY_CHARS", "SUGGEST_MIN_CHARS", "SUGGEST_LIMIT", "MAX_ANCESTORS", "MAX_LINEAGE_WORKS",
         "MAX_PRODUCTIONS", "MAX_PLAN_WORKS", "MAX_CHANGES", "FOCUS_DEPTH", "PER_GENERATION", "MAX_PER_GENERATION",
         "LARGE_GRAPH", "DEFAULT_TIMEOUT", "MAX_TIMEOUT", "DEFAULT_ROW_CAP", "MAX_ROW_CAP", "DEFAULT_BYTE_CAP",
         "MAX_BYTE_CAP", "DEFAULT_HEAP", "DEFAULT_PAGECACHE_MIB")
LITERAL = re.compile(rf"^({'|'.join(MOVED)})\s*(?::[^=]+)?=\s*[\d(\"'\[]", re.M)


def test_no_module_but_limits_and_config_writes_a_limit_as_a_literal():
    owners = {ROOT / "lineage" / "limits.py", ROOT / "lineage" / "config.py"}
    copies = []
    for path in [*(ROOT / "lineage").rglob("*.py"), *(ROOT / "web").rglob("*.py")]:
        if path not in owners:
            copies += [f"{path.relative_to(ROOT)}: {m.group(0)}" for m in LITERAL.finditer(path.read_text())]
    assert not copies, "limits written outside lineage/limits.py: " + "; ".join(copies)


def test_the_site_and_the_command_line_accept_the_same_query_length():
    # The site refused past 20,000 characters what lineage.console ran up to 100,000.
    assert console_support.MAX_QUERY == console.MAX_QUERY_LENGTH == limits.MAX_QUERY_CHARS
    query = "RETURN 1 // " + "x" * 30_000
    assert console_support.check_query(query) == query
    with pytest.raises(InvalidParameter):
        console_support.check_query("x" * (limits.MAX_QUERY_CHARS + 1))


def test_the_command_line_offers_the_directions_of_limits():
    from lineage.cli import main

    for command in ("export", "render"):
        text = CliRunner().invoke(main, [command, "--help"], terminal_width=200).output
        assert "[" + "|".join(limits.DIRECTIONS) + "]" in text, command
        assert f"[default: {limits.DEFAULT_DIRECTION}]" in text, command


def test_the_site_defaults_come_from_limits():
    app = create_app({"TESTING": True})
    assert app.config["NODE_CAP"] == limits.CAP.default
    assert app.config["QUERY_TIMEOUT"] == limits.CONSOLE_TIMEOUT
    assert app.config["ROW_CAP"] == limits.SITE_CONSOLE_ROWS


# ------------------------------------------------------------------------------ memory of the local Neo4j
def test_memory_settings_are_read_when_a_server_starts_not_at_import(monkeypatch, tmp_path):
    from lineage.localdb import manager  # imported first: the memory set afterwards must still count

    monkeypatch.setenv("LINEAGE_HEAP", "3g")
    monkeypatch.setenv("LINEAGE_PAGECACHE_MIB", "1536")
    command = manager.java_command(tmp_path / "args", tmp_path, 7999, auth=True)
    assert "-Xmx3g" in command
    assert "server.memory.pagecache.size=1536m" in command
    assert f"db.memory.transaction.total.max={int(3072 * manager.TX_TOTAL_FRACTION)}m" in command


def test_memory_settings_are_part_of_settings():
    settings = config.from_env({"LINEAGE_HEAP": "2g", "LINEAGE_PAGECACHE_MIB": "2048"})
    assert (settings.heap, settings.pagecache_mib) == ("2g", 2048)
    default = config.from_env({})
    assert (default.heap, default.pagecache_mib) == (config.DEFAULT_HEAP, config.DEFAULT_PAGECACHE_MIB)


@pytest.mark.parametrize("value", ["lots", "-5", "0", "1.5"])
def test_a_bad_page_cache_is_one_message(value):
    with pytest.raises(InvalidParameter, match="LINEAGE_PAGECACHE_MIB"):
        config.from_env({"LINEAGE_PAGECACHE_MIB": value})


# ------------------------------------------------------------------------------ the scripts read it (Chromium)
@pytest.mark.browser
def test_the_scripts_read_their_limits_from_the_page(client):
    """In Chromium: suggest.js and lineage-graph.js take the page's numbers (the site's NODE_CAP: 1234)."""
    from urllib.parse import urlsplit

    from browser_support import CHROMIUM_ARGS, chromium_path, sync_playwright

    def serve(route):  # the Flask app itself answers: no server, no database
        url = urlsplit(route.request.url)
        answer = client.get(url.path + (f"?{url.query}" if url.query else ""))
        route.fulfill(status=answer.status_code, headers=dict(answer.headers), body=answer.get_data())

    playwright = sync_playwright()().start()
    try:
        chromium = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        page = chromium.new_page()
        page.route("http://127.0.0.1:9/**", serve)
        page.goto("http://127.0.0.1:9/no/such/page")
        page.wait_for_function("window.LineageSuggest !== undefined")
        assert page.evaluate("window.LineageSuggest.MIN_CHARS") == limits.SUGGEST_MIN_CHARS
        page.add_script_tag(url="/static/js/lineage-graph.js")
        page.wait_for_function("window.LineageGraph !== undefined")
        # A container without data-node-cap (the console's) falls back on the page's NODE_CAP.
        cap = page.evaluate("LineageGraph.Graph.prototype.nodeCap.call({container: document.createElement('div')})")
        assert cap == 1234
        chromium.close()
    finally:
        playwright.stop()


def test_a_bad_page_cache_on_the_command_line_is_one_line_and_exit_2(tmp_path):
    import subprocess
    import sys

    env = {"PATH": "/usr/bin:/bin", "LINEAGE_HOME": str(tmp_path / "home"), "LINEAGE_PAGECACHE_MIB": "lots"}
    lineage = str(Path(sys.executable).parent / "lineage")
    done = subprocess.run([lineage, "db", "status"], env=env, capture_output=True, text=True)
    assert done.returncode == 2
    message = "Error: LINEAGE_PAGECACHE_MIB='lots' is not a whole number of MiB such as 512"
    assert done.stderr.strip().splitlines() == [message]

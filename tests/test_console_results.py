"""The console's results as Neo4j Browser shows them, its CSV, and links that rerun a query (issue 14).

Pure functions first (no database), then the page and downloads against the real Neo4j.
"""

from __future__ import annotations

import csv
import io
import re
from urllib.parse import parse_qs, urlsplit

import pytest

from web import console_support
from web_helpers import EVIL_TITLE, load_sample, make_app, post_form

NODE = {"id": "4:x:1", "labels": ["Work"], "properties": {"id": "w1", "title": "=HYPERLINK(\"x\")", "tags": ["a"]}}
OTHER = {"id": "4:x:2", "labels": ["Work"], "properties": {"id": "w2", "medium": "video"}}
REL = {"id": "5:x:9", "type": "REMIXES", "start": "4:x:2", "end": "4:x:1", "properties": {"kind": "remix"}}


class TestFlatTable:
    def test_node_and_relationship_columns_become_one_column_per_property(self):
        header, rows = console_support.flat_table(["w", "r", "n"], [[NODE, REL, 1], [OTHER, None, 2]])
        assert header == ["w:labels", "w.id", "w.title", "w.medium", "w.tags", "r:type", "r.kind", "n"]
        assert rows[0] == ["Work", "w1", '=HYPERLINK("x")', "", '["a"]', "REMIXES", "remix", "1"]
        assert rows[1] == ["Work", "w2", "", "video", "", "", "", "2"]

    def test_a_path_is_a_chain_and_a_mixed_column_stays_text(self):
        path = {"nodes": [NODE, OTHER], "relationships": [REL]}
        header, rows = console_support.flat_table(["p", "x"], [[path, NODE], [None, 3]])
        assert header == ["p", "x"]
        assert rows[0][0] == '(:Work "=HYPERLINK(\\"x\\")")<-[:REMIXES]-(:Work "w2")'
        assert rows[0][1].startswith("(:Work ") and rows[1] == ["", "3"]

    def test_csv_cells_from_properties_cannot_run_as_formulas(self):
        text = console_support.to_csv(["w"], [[NODE], [{**OTHER, "properties": {"id": "@SUM(1)"}}]])
        rows = list(csv.reader(io.StringIO(text)))
        assert rows[0] == ["w:labels", "w.id", "w.title", "w.tags"]
        assert rows[1][2] == "'=HYPERLINK(\"x\")" and rows[2][1] == "'@SUM(1)"

    def test_the_loader_and_the_console_share_one_formula_rule(self):
        from graph_loader import rejects
        from lineage import cells

        assert rejects.safe_cell is cells.safe_cell is console_support.safe_cell

    def test_caption_order(self):
        assert console_support.caption(NODE) == NODE["properties"]["title"]
        assert console_support.caption({"id": "1", "labels": ["Artist"], "properties": {"handle": "ann", "name": "A"}}) == "ann"
        assert console_support.caption({"id": "1", "labels": [], "properties": {}}) == "1"


# -- the page, against Neo4j -------------------------------------------------------------------------
@pytest.fixture
def client(graph, neo4j_settings):
    load_sample(graph)
    return make_app(neo4j_settings, QUERY_TIMEOUT=10.0, ROW_CAP=50).test_client()


PATH_QUERY = "MATCH p = (:Work {id: 'w3'})-[:REMIXES*2]->(:Work {id: 'w1'}) RETURN p"


@pytest.mark.neo4j
def test_nodes_relationships_and_paths_are_shown_as_browser_does(client):
    html = post_form(client, {"query": "MATCH (a:Artist {id: 'a1'})-[c:CONTRIBUTED]->(w:Work {id: 'w1'}) "
                                       "RETURN a, c, w"}).get_data(as_text=True)
    assert '<span class="gv-label">:Artist</span> <span class="gv-caption">ann</span>' in html
    assert '<span class="gv-type">[:CONTRIBUTED]</span>' in html
    assert '<span class="gv-caption">Seed Song</span>' in html
    # The properties are in the page, a click away (inside <details>).
    assert re.search(r'<details class="gv gv-node">.*?<th scope="row">handle</th><td>ann</td>', html, re.S)
    html = post_form(client, {"query": PATH_QUERY}).get_data(as_text=True)
    chain = re.search(r'<span class="gv-path">(.*?)</span>\s*</td>', html, re.S).group(1)
    captions = re.findall(r'gv-caption">([^<]*)<', chain)
    assert captions == ["Letters a(b", "Night Drive", "Seed Song"]
    assert chain.count("[:REMIXES]") == 2 and chain.count("-&gt;") == 2


@pytest.mark.neo4j
def test_a_hostile_caption_is_text(client):
    html = post_form(client, {"query": "MATCH (w:Work) WHERE w.title STARTS WITH '<' RETURN w"}).get_data(as_text=True)
    assert EVIL_TITLE not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html


@pytest.mark.neo4j
def test_the_csv_download_flattens_properties(client):
    r = post_form(client, {"query": "MATCH (w:Work)-[r:REMIXES]->(:Work {id: 'w1'}) WHERE w.id IN ['w2', 'w4'] "
                                    "RETURN w, r ORDER BY w.id", "format": "csv"})
    assert r.status_code == 200
    rows = list(csv.reader(io.StringIO(r.get_data(as_text=True))))
    assert rows[0] == ["w:labels", "w.id", "w.title", "w.created_at", "w.medium", "w.status", "w.tags",
                       "r:type", "r.kind", "r.temporal_anomaly", "r.weight"]
    assert rows[1][:3] == ["Work", "w2", "Night Drive"] and rows[1][7:9] == ["REMIXES", "remix"]
    assert rows[2][:3] == ["Work", "w4", "Still Life"] and rows[2][8] == "sample"


@pytest.mark.neo4j
def test_a_link_reruns_the_query_with_its_parameters(client):
    query = "MATCH (w:Work) WHERE w.created_at < $day RETURN w.id AS id ORDER BY id"
    r = client.get("/console", query_string={"query": query, "params": '{"day": "2020-06-01"}'})
    html = r.get_data(as_text=True)
    assert r.status_code == 200 and "2 rows" in html and "<td>w1</td>" in html and "<td>w2</td>" in html
    link = re.search(r'id="console-permalink" class="button-link" href="([^"]+)"', html).group(1)
    asked = parse_qs(urlsplit(link.replace("&amp;", "&")).query)
    assert asked == {"query": [query], "params": ['{"day": "2020-06-01"}']}
    # Typed in the address bar or followed from this site: run. A bad one: the page says why, as the form does.
    assert "2 rows" in client.get(link.replace("&amp;", "&"), headers={"Sec-Fetch-Site": "none"}).get_data(as_text=True)
    bad = client.get("/console", query_string={"query": query, "params": "{day}"})
    assert bad.status_code == 400 and "not valid JSON" in bad.get_data(as_text=True)


@pytest.mark.neo4j
def test_a_link_from_another_site_only_fills_the_editor(client, graph):
    r = client.get("/console", query_string={"query": "MATCH (w:Work) RETURN count(w) AS n"},
                   headers={"Sec-Fetch-Site": "cross-site"})
    html = r.get_data(as_text=True)
    assert r.status_code == 200 and "was not run" in html and "result-table" not in html
    assert "MATCH (w:Work) RETURN count(w) AS n</textarea>" in html


@pytest.mark.neo4j
def test_a_link_cannot_write(client, graph):
    r = client.get("/console", query_string={"query": "CREATE (:Work {id: 'by-link'})"})
    assert r.status_code == 403 and "read-only" in r.get_data(as_text=True)
    assert graph.read_text("MATCH (w:Work {id: 'by-link'}) RETURN count(w) AS n", {})[0]["n"] == 0


# -- EXPLAIN and PROFILE -------------------------------------------------------------------------------
def operators(tree: dict) -> list[dict]:
    found, stack = [], [tree]
    while stack:
        node = stack.pop()
        found.append(node)
        stack.extend(node["children"])
    return found


@pytest.mark.neo4j
def test_explain_gives_the_plan_tree_and_runs_nothing(client):
    body = client.post("/api/console", json={"query": "EXPLAIN MATCH (w:Work)-[:REMIXES]->(s:Work) RETURN s.id, count(w)"}).get_json()
    plan = body["plan"]
    assert body["rows"] == [] and plan["mode"] == "EXPLAIN"
    ops = operators(plan["root"])
    assert plan["root"]["operator"] == "ProduceResults" and len(ops) >= 3
    assert all(op["estimated_rows"] is not None and op["db_hits"] is None for op in ops)
    assert plan["totals"]["operators"] == len(ops) and plan["totals"]["db_hits"] is None


@pytest.mark.neo4j
def test_profile_gives_rows_and_db_hits_per_operator_and_the_totals(client):
    body = client.post("/api/console", json={"query": "PROFILE MATCH (w:Work) RETURN w.id AS id ORDER BY id"}).get_json()
    plan = body["plan"]
    assert len(body["rows"]) == 5 and plan["mode"] == "PROFILE" and plan["note"] is None
    ops = operators(plan["root"])
    assert plan["root"]["rows"] == 5 and all(isinstance(op["db_hits"], int) for op in ops)
    assert plan["totals"]["db_hits"] == sum(op["db_hits"] for op in ops) > 0
    html = post_form(client, {"query": "PROFILE MATCH (w:Work) RETURN w.id AS id"}).get_data(as_text=True)
    assert 'class="plan-tree"' in html and "total db hits" in html and "ProduceResults" in html


@pytest.mark.neo4j
def test_a_cut_profile_shows_the_plan_and_says_why(client):
    body = client.post("/api/console", json={"query": "PROFILE UNWIND range(1, 100) AS i RETURN i"}).get_json()
    assert body["truncated"] and body["plan"]["note"].startswith("the result was cut")
    assert body["plan"]["root"]["db_hits"] is None


@pytest.mark.neo4j
@pytest.mark.parametrize("query", ["EXPLAIN CREATE (:Work {id: 'planned'})", "PROFILE MERGE (:Work {id: 'planned'})"])
def test_a_planned_write_is_still_refused(client, graph, query):
    r = client.post("/api/console", json={"query": query})
    assert r.status_code == 403
    assert graph.read_text("MATCH (w:Work {id: 'planned'}) RETURN count(w) AS n", {})[0]["n"] == 0


# -- the schema panel ------------------------------------------------------------------------------
@pytest.mark.neo4j
def test_the_schema_counts_labels_types_and_keys_and_lists_allowed_procedures(client):
    r = client.get("/console/schema.json")
    assert r.status_code == 200
    schema = r.get_json()
    # Names outlive their nodes (a label or type an earlier test used in this session): those count 0.
    assert [x for x in schema["labels"] if x["count"]] == [{"name": "Artist", "count": 4}, {"name": "Work", "count": 5}]
    assert [x for x in schema["relationship_types"] if x["count"]] == [
        {"name": "CONTRIBUTED", "count": 5}, {"name": "REMIXES", "count": 4}]
    keys = {k["name"]: k for k in schema["property_keys"]}
    assert keys["handle"]["nodes"] == 4 and keys["handle"]["relationships"] == 0
    assert keys["kind"]["relationships"] == 4 and keys["title"]["nodes"] == 5
    procedures = {p["name"] for p in schema["procedures"]}
    assert "db.labels" in procedures and "dbms.components" in procedures
    assert not {"dbms.listConfig", "dbms.listQueries", "db.stats.retrieve"} & procedures
    assert "toLower" in {f["name"] for f in schema["functions"]}

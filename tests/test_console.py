"""lineage.console.run_readonly against the real Neo4j: writes of every kind are
refused and leave the database as it was; timeouts and row caps stop queries."""

from __future__ import annotations

import time
from unittest import mock

import networkx as nx
import pytest

from lineage import console
from lineage.errors import InvalidParameter, QueryFailed, QueryRefused, QueryTimeout
from lineage_testgraphs import write_lineage

pytestmark = pytest.mark.neo4j


def snapshot(graph) -> dict:
    """Everything a write could change: nodes, relationships, their properties, the schema."""
    return {
        "nodes": graph.read_text(
            "MATCH (n) RETURN elementId(n) AS id, labels(n) AS labels, properties(n) AS props ORDER BY id"),
        "relationships": graph.read_text(
            "MATCH ()-[r]->() RETURN elementId(r) AS id, type(r) AS type, properties(r) AS props ORDER BY id"),
        "labels": graph.read_text("CALL db.labels() YIELD label RETURN label ORDER BY label"),
        "indexes": graph.read_text("SHOW INDEXES YIELD name, type RETURN name, type ORDER BY name"),
        "constraints": graph.read_text("SHOW CONSTRAINTS YIELD name RETURN name ORDER BY name"),
    }


WRITES = [
    "CREATE (n:Intruder {name: 'x'})",
    "MERGE (w:Work {id: 'new'})",
    "MATCH (w:Work) SET w.title = 'defaced'",
    "MATCH (w:Work {id: 'x'}) DELETE w",
    "MATCH (n) DETACH DELETE n",
    "MATCH (w:Work) REMOVE w.title",
    "MATCH (w:Work) SET w:Hidden",
    "MATCH (a:Work {id: 'o1'}), (b:Work {id: 'o2'}) CREATE (a)-[:REMIXES]->(b)",
    "FOREACH (i IN range(1, 3) | CREATE (:Intruder))",
    "CREATE INDEX intruder FOR (n:Work) ON (n.status)",
    "CREATE CONSTRAINT intruder FOR (n:Artist) REQUIRE n.handle IS UNIQUE",
    "DROP CONSTRAINT work_id",
    "DROP INDEX work_created_at",
    "CALL db.createLabel('Intruder')",
    "CALL db.createProperty('intruder')",
    "LOAD CSV FROM 'file:///etc/passwd' AS line RETURN line",
    "LOAD CSV WITH HEADERS FROM 'http://127.0.0.1:9/x.csv' AS row RETURN row",
    "LOAD CSV FROM 'file:///etc/passwd' AS line CREATE (:Intruder {line: line})",
    "CALL () { CREATE (:Intruder) } IN TRANSACTIONS OF 1 ROW",
    "MATCH (w:Work) CALL (w) { SET w.title = 'x' } IN TRANSACTIONS RETURN count(*)",
    "UNWIND [1] AS i CALL (i) { CREATE (:Intruder {i: i}) } RETURN count(*)",
    "MATCH (w:Work) CALL (w) { MATCH (w)-[r:REMIXES]->() DELETE r } RETURN count(*)",
    "USE system CALL dbms.components()",
    "CALL dbms.listConfig()",
    "CALL dbms.listConfig('dbms.security') YIELD name, value RETURN name, value",
    "CALL dbms.queryJmx('*:*')",
    "CALL dbms.listConnections()",
    "CALL db.stats.collect('QUERIES')",
    "CALL db.stats.retrieve('GRAPH COUNTS')",
    "CALL db.clearQueryCaches()",
    "CALL tx.setMetaData({who: 'me'})",
    "SHOW SETTINGS",
    "SHOW TRANSACTIONS",
    "TERMINATE TRANSACTIONS 'neo4j-transaction-1'",
    "SHOW USERS",
    "ALTER USER neo4j SET PASSWORD 'changed-it-1234'",
    "CREATE DATABASE intruder",
    "STOP DATABASE neo4j",
    # writes hidden after, inside and around comments
    "// just reading\nCREATE (n:Intruder)",
    "/* MATCH (n) RETURN n */ CREATE (n:Intruder)",
    "MATCH (n) /* read only, honest */ WITH n LIMIT 1 SET n.x = 1 RETURN n",
    "MATCH (n) RETURN n LIMIT 1 UNION ALL CREATE (n:Intruder) RETURN n",
    "PROFILE CREATE (n:Intruder)",
    "EXPLAIN LOAD CSV FROM 'file:///etc/passwd' AS line RETURN line",
    "cReAtE (n:Intruder)",
]


@pytest.mark.parametrize("query", WRITES)
def test_writes_and_reaching_out_are_refused_and_change_nothing(fam, query):
    before = snapshot(fam)
    with pytest.raises(QueryRefused) as err:
        console.run_readonly(fam, query)
    assert str(err.value) and "\n" not in str(err.value)
    assert err.value.http_status == 403
    assert snapshot(fam) == before


@pytest.mark.parametrize("query", [
    "ＣREATE (n:Intruder)",                      # a full-width look-alike letter
    "CREATE (n:Intruder);\nMATCH (n) RETURN n",  # two statements
    "MATCH (n) RETURN n; CREATE (n:Intruder)",
    "CALL apoc.create.node(['Intruder'], {})",   # not installed: unknown procedure
    "CALL dbms.setConfigValue('db.logs.query.enabled', 'OFF')",  # Enterprise only
])
def test_disguised_writes_never_run(fam, query):
    before = snapshot(fam)
    with pytest.raises((QueryRefused, QueryFailed)):
        console.run_readonly(fam, query)
    assert snapshot(fam) == before


def test_write_text_in_parameters_and_strings_stays_text(fam):
    before = snapshot(fam)
    out = console.run_readonly(fam, "WITH 'CRE' + 'ATE (n:Intruder)' AS q RETURN q, $p AS p",
                               {"p": "MATCH (n) DETACH DELETE n"})
    assert out["rows"] == [["CREATE (n:Intruder)", "MATCH (n) DETACH DELETE n"]]
    assert snapshot(fam) == before


def test_the_server_itself_refuses_writes(fam):
    """With the plan check switched off, read access mode still stops the write."""
    before = snapshot(fam)
    with mock.patch.object(console, "check_plan", lambda *args: None):
        with pytest.raises(QueryRefused, match="Writing in read access mode"):
            console.run_readonly(fam, "MATCH (w:Work) SET w.title = 'defaced'")
        with pytest.raises(QueryRefused, match="read access mode"):
            console.run_readonly(fam, "CALL () { CREATE (:Intruder) }")
    assert snapshot(fam) == before


def test_refusal_messages_say_why(fam):
    with pytest.raises(QueryRefused, match="read-only"):
        console.run_readonly(fam, "CREATE (n)")
    with pytest.raises(QueryRefused, match="LOAD CSV"):
        console.run_readonly(fam, "LOAD CSV FROM 'file:///etc/passwd' AS l RETURN l")
    with pytest.raises(QueryRefused, match="IN TRANSACTIONS"):
        console.run_readonly(fam, "CALL () { CREATE (:X) } IN TRANSACTIONS")
    with pytest.raises(QueryRefused, match="dbms.listConfig"):
        console.run_readonly(fam, "CALL dbms.listConfig()")
    with pytest.raises(QueryRefused, match="'system'"):
        console.run_readonly(fam, "USE system CALL dbms.components()")


# -- limits ------------------------------------------------------------------------------------
def test_cartesian_product_stops_at_the_timeout(graph):
    G = nx.DiGraph()
    G.add_nodes_from(f"w{i}" for i in range(300))
    write_lineage(graph, G)
    started = time.monotonic()
    with pytest.raises(QueryTimeout, match="1 s timeout"):
        # 300**4 = 8.1e9 combinations: minutes of work without the timeout
        console.run_readonly(graph, "MATCH (a:Work), (b:Work), (c:Work), (d:Work) "
                                    "WHERE a.id + b.id + c.id + d.id = 'none' RETURN count(*)", timeout=1)
    assert time.monotonic() - started < 60


def test_huge_result_stops_at_the_row_cap(graph):
    started = time.monotonic()
    out = console.run_readonly(graph, "UNWIND range(1, 1000000000) AS x RETURN x", row_cap=1000)
    assert len(out["rows"]) == 1000 and out["rows"][-1] == [1000]
    assert out["truncated"] is True
    assert time.monotonic() - started < 60  # the other 999,999,000 rows were never made


def test_exactly_the_cap_is_not_truncated(graph):
    out = console.run_readonly(graph, "UNWIND range(1, 5) AS x RETURN x", row_cap=5)
    assert len(out["rows"]) == 5 and out["truncated"] is False


def test_row_cap_default_is_ten_thousand(graph):
    out = console.run_readonly(graph, "UNWIND range(1, 20000) AS x RETURN x")
    assert len(out["rows"]) == 10_000 and out["truncated"]


# -- reading ------------------------------------------------------------------------------------
def test_nodes_relationships_and_paths(fam):
    out = console.run_readonly(fam, "MATCH p = (d:Work {id: 'f'})-[r:REMIXES]->(s:Work {id: 'm2'}) "
                                    "RETURN d, r, s, p, d.title AS title")
    assert out["columns"] == ["d", "r", "s", "p", "title"]
    d, r, s, p, title = out["rows"][0]
    assert d["labels"] == ["Work"] and d["properties"]["id"] == "f" and title == "Work f"
    assert d["properties"]["tags"] == ["film", "remix"]
    assert r["type"] == "REMIXES" and (r["start"], r["end"]) == (d["id"], s["id"])
    assert r["properties"] == {"kind": "sample", "weight": 0.25, "temporal_anomaly": False}
    assert [n["id"] for n in p["nodes"]] == [d["id"], s["id"]] and p["relationships"] == [r]
    assert sorted(n["properties"]["id"] for n in out["nodes"]) == ["f", "m2"]
    assert out["relationships"] == [r]
    assert out["truncated"] is False and out["elapsed_ms"] >= 0


def test_values_become_json(graph):
    out = console.run_readonly(graph, "RETURN date('2020-01-31') AS d, duration('P1DT2H') AS du, "
                                      "point({x: 1, y: 2}) AS pt, 0.0 / 0.0 AS nan, {a: [1, null]} AS m, "
                                      "$b AS b", {"b": True})
    assert out["rows"] == [["2020-01-31", "P1DT2H", {"srid": 7203, "coordinates": [1.0, 2.0]}, "nan",
                            {"a": [1, None]}, True]]


def test_allowed_procedures_and_commands(fam):
    assert console.run_readonly(fam, "CALL dbms.components() YIELD edition RETURN edition")["rows"]
    labels = console.run_readonly(fam, "CALL db.labels() YIELD label RETURN label ORDER BY label")["rows"]
    # Labels known besides the data's: the loader's lock (its node is never committed, the label stays
    # known) and what `lineage metrics` stores for the pages (lineage/model.py), known once used.
    assert [row for row in labels if row not in (["LoadLock"], ["ArtistReach"], ["MetricsRun"])] == \
        [["Artist"], ["Work"]]
    assert console.run_readonly(fam, "SHOW INDEXES YIELD name RETURN count(*) AS n")["rows"][0][0] >= 5
    hits = console.run_readonly(fam, "CALL db.index.fulltext.queryNodes('search_work_words', $q) YIELD node "
                                     "RETURN node.id", {"q": "f"})
    assert ["f"] in hits["rows"]


def test_explain_and_profile(fam):
    assert console.run_readonly(fam, "EXPLAIN MATCH (n) RETURN n")["rows"] == []
    assert console.run_readonly(fam, "// first\nPROFILE MATCH (w:Work {id: 'f'}) RETURN w.id")["rows"] == [["f"]]


def test_failures_give_neo4j_first_line(fam):
    with pytest.raises(QueryFailed, match="Invalid input") as err:
        console.run_readonly(fam, "MATCH (n RETURN n")
    assert "\n" not in str(err.value)
    with pytest.raises(QueryFailed, match="Expected parameter"):
        console.run_readonly(fam, "RETURN $missing")
    with pytest.raises(QueryFailed, match="by zero"):
        console.run_readonly(fam, "RETURN 1 / 0")


@pytest.mark.parametrize("kwargs", [
    {"timeout": 0}, {"timeout": -1}, {"timeout": 1000}, {"timeout": float("nan")}, {"row_cap": 0},
    {"row_cap": 10**9}, {"row_cap": 1.5},
])
def test_bad_limits(graph, kwargs):
    with pytest.raises(InvalidParameter):
        console.run_readonly(graph, "RETURN 1", **kwargs)


@pytest.mark.parametrize("query, params", [
    ("", None), ("   \n ", None), ("RETURN 1\x00", None), ("RETURN 1 //" + "x" * 200_000, None),
    ("RETURN $a", ["a"]), ("RETURN 1", {"not a name": 1}),
])
def test_bad_queries_and_parameters(graph, query, params):
    with pytest.raises(InvalidParameter):
        console.run_readonly(graph, query, params)


def test_plan_check_helpers():
    assert console.plan_text("  /* c */ EXPLAIN MATCH (n) RETURN n") == "EXPLAIN  MATCH (n) RETURN n"
    assert console.denied_procedure("dbms.cluster.routing.getRoutingTable")
    assert not console.denied_procedure("db.index.fulltext.queryNodes")
    console.check_plan(None, "r", "neo4j")
    with pytest.raises(QueryRefused):
        console.check_plan({"operatorType": "ProduceResults@neo4j",
                            "children": [{"operatorType": "LoadCSV@neo4j", "args": {}}]}, "r", "neo4j")

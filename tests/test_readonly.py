"""Read-only means read-only (issue 6, part 3), through both doors: ``lineage cypher`` and POST /api/console.

Every hostile query below is sent through the command line and through the
web console's API, against the real Neo4j holding the web sample graph. Each
must be refused (exit code 2 and one line; 403, or 400 for what is not even
valid Cypher) with a message that says why, and the database must be exactly
as it was: node and relationship counts, a checksum of every label, property
and relationship, the property keys, indexes and constraints.

The refusal comes from Neo4j: lineage.console.run_readonly opens its
transaction in READ access mode, and with its own plan check switched off the
server still refuses every write (``test_the_server_refuses_writes_on_its_own``).
The plan check adds what read mode allows but a public console must not do
(LOAD CSV, other databases, procedures that reveal the configuration).
"""

from __future__ import annotations

import hashlib
import json
import time

import networkx as nx
import pytest
from click.testing import CliRunner

from lineage import console
from lineage.cli import main
from lineage.errors import QueryFailed, QueryRefused
from lineage_testgraphs import write_lineage
from web_helpers import load_sample, make_app, post_form

pytestmark = pytest.mark.neo4j

REFUSED, FAILED = "refused", "failed"  # 403 / not Cypher Neo4j can run: 400; both exit 2 on the command line
WRITE = "read-only"

# (id, query, parameters, outcome, words the one-line message must hold)
HOSTILE = [
    # plain writes
    ("create", "CREATE (n:Intruder {name: 'x'})", None, REFUSED, WRITE),
    ("merge", "MERGE (w:Work {id: 'new'})", None, REFUSED, WRITE),
    ("set", "MATCH (w:Work) SET w.title = 'defaced'", None, REFUSED, WRITE),
    ("set-label", "MATCH (w:Work) SET w:Hidden", None, REFUSED, WRITE),
    ("set-dynamic-label", "MATCH (w:Work) SET w:$($label)", {"label": "Intruder"}, REFUSED, WRITE),
    ("create-from-parameter", "CREATE (n $props)", {"props": {"name": "x"}}, REFUSED, WRITE),
    ("delete", "MATCH ()-[r:REMIXES]->() DELETE r", None, REFUSED, WRITE),
    ("detach-delete", "MATCH (n) DETACH DELETE n", None, REFUSED, WRITE),
    ("remove", "MATCH (w:Work) REMOVE w.title", None, REFUSED, WRITE),
    ("remove-label", "MATCH (w:Work) REMOVE w:Work", None, REFUSED, WRITE),
    ("create-relationship", "MATCH (a:Work {id: 'w3'}), (b:Work {id: 'w4'}) CREATE (a)-[:REMIXES]->(b)", None,
     REFUSED, WRITE),
    ("foreach", "FOREACH (i IN range(1, 3) | CREATE (:Intruder))", None, REFUSED, WRITE),
    # the schema
    ("create-index", "CREATE INDEX intruder FOR (n:Work) ON (n.status)", None, REFUSED, WRITE),
    ("create-constraint", "CREATE CONSTRAINT intruder FOR (n:Artist) REQUIRE n.handle IS UNIQUE", None,
     REFUSED, WRITE),
    ("drop-constraint", "DROP CONSTRAINT work_id", None, REFUSED, WRITE),
    ("drop-index", "DROP INDEX work_created_at", None, REFUSED, WRITE),
    # reaching out of the database
    ("load-csv-passwd", "LOAD CSV FROM 'file:///etc/passwd' AS line RETURN line", None, REFUSED, "LOAD CSV"),
    ("load-csv-url", "LOAD CSV WITH HEADERS FROM 'http://127.0.0.1:9/x.csv' AS row RETURN row", None,
     REFUSED, "LOAD CSV"),
    ("load-csv-from-parameter", "LOAD CSV FROM $url AS line RETURN line", {"url": "file:///etc/passwd"},
     REFUSED, "LOAD CSV"),
    ("load-csv-in-subquery", "CALL () { LOAD CSV FROM 'file:///etc/passwd' AS l RETURN l } RETURN l", None,
     REFUSED, "LOAD CSV"),
    # procedures that write or reveal or change the server's configuration and state
    ("db.createLabel", "CALL db.createLabel('Intruder')", None, REFUSED, "db.createLabel"),
    ("db.createProperty", "CALL db.createProperty('intruder')", None, REFUSED, "db.createProperty"),
    ("db.createRelationshipType", "CALL db.createRelationshipType('INTRUDES')", None, REFUSED,
     "db.createRelationshipType"),
    ("db.create.setNodeVectorProperty", "MATCH (w:Work {id: 'w1'}) "
     "CALL db.create.setNodeVectorProperty(w, 'embedding', [1.0, 2.0])", None, REFUSED,
     "db.create.setNodeVectorProperty"),
    ("db.clearQueryCaches", "CALL db.clearQueryCaches()", None, REFUSED, "db.clearQueryCaches"),
    ("db.stats.retrieve", "CALL db.stats.retrieve('GRAPH COUNTS')", None, REFUSED, "db.stats.retrieve"),
    ("db.stats.clear", "CALL db.stats.clear('QUERIES')", None, REFUSED, "db.stats.clear"),
    ("dbms.listConfig", "CALL dbms.listConfig()", None, REFUSED, "dbms.listConfig"),
    ("dbms.listConfig-yield", "CALL dbms.listConfig('server') YIELD name, value RETURN name, value", None,
     REFUSED, "dbms.listConfig"),
    # Enterprise only: Community does not know it, and says so
    ("dbms.setConfigValue", "CALL dbms.setConfigValue('db.logs.query.enabled', 'OFF')", None, FAILED,
     "dbms.setConfigValue"),
    ("dbms.queryJmx", "CALL dbms.queryJmx('*:*')", None, REFUSED, "dbms.queryJmx"),
    ("dbms.listConnections", "CALL dbms.listConnections()", None, REFUSED, "dbms.listConnections"),
    ("dbms.killConnections", "CALL dbms.killConnections(['bolt-1'])", None, REFUSED, "dbms.killConnections"),
    ("dbms.routing.getRoutingTable", "CALL dbms.routing.getRoutingTable({}, 'neo4j')", None, REFUSED,
     "dbms.routing.getRoutingTable"),
    ("tx.setMetaData", "CALL tx.setMetaData({who: 'me'})", None, REFUSED, "tx.setMetaData"),
    ("show-settings", "SHOW SETTINGS YIELD name, value RETURN name, value", None, REFUSED, "SHOW SETTINGS"),
    ("show-transactions", "SHOW TRANSACTIONS", None, REFUSED, "SHOW TRANSACTIONS"),
    ("terminate-transactions", "TERMINATE TRANSACTIONS 'neo4j-transaction-1'", None, REFUSED, "TERMINATE"),
    # CALL { ... } IN TRANSACTIONS commits as it goes, whatever its body
    ("in-transactions", "CALL () { CREATE (:Intruder) } IN TRANSACTIONS OF 1 ROW", None, REFUSED,
     "IN TRANSACTIONS"),
    ("in-transactions-set", "MATCH (w:Work) CALL (w) { SET w.title = 'x' } IN TRANSACTIONS RETURN count(*)",
     None, REFUSED, "IN TRANSACTIONS"),
    ("in-concurrent-transactions", "UNWIND [1, 2] AS i CALL (i) { CREATE (:Intruder {i: i}) } "
     "IN CONCURRENT TRANSACTIONS RETURN count(*)", None, REFUSED, "IN TRANSACTIONS"),
    ("in-transactions-read-body", "UNWIND [1] AS i CALL (i) { RETURN i AS j } IN TRANSACTIONS RETURN j", None,
     REFUSED, "IN TRANSACTIONS"),
    # other databases and administration
    ("use-system", "USE system CALL dbms.components()", None, REFUSED, "'system'"),
    ("use-system-show-users", "USE system SHOW USERS", None, FAILED, "USE"),
    ("show-users", "SHOW USERS", None, REFUSED, "'system'"),
    ("show-databases", "SHOW DATABASES", None, REFUSED, "'system'"),
    ("create-database", "CREATE DATABASE intruder", None, REFUSED, "administration"),
    ("stop-database", "STOP DATABASE neo4j", None, REFUSED, "administration"),
    ("alter-user", "ALTER USER neo4j SET PASSWORD 'changed-it-1234'", None, REFUSED, "'system'"),
    ("grant-role", "GRANT ROLE admin TO neo4j", None, REFUSED, "administration"),
    ("alter-database", "ALTER DATABASE neo4j SET ACCESS READ ONLY", None, REFUSED, "administration"),
    # writes hidden behind and between comments, or behind a read
    ("line-comment", "// just reading\nCREATE (n:Intruder)", None, REFUSED, WRITE),
    ("line-comment-cr", "// just reading\rCREATE (n:Intruder)", None, REFUSED, WRITE),
    ("block-comment", "/* MATCH (n) RETURN n */ CREATE (n:Intruder)", None, REFUSED, WRITE),
    ("comment-inside", "MATCH (n) /* read only, honest */ WITH n LIMIT 1 SET n.x = 1 RETURN n", None,
     REFUSED, WRITE),
    ("union", "MATCH (n) RETURN n LIMIT 1 UNION ALL CREATE (n:Intruder) RETURN n", None, REFUSED, WRITE),
    ("profile", "PROFILE CREATE (n:Intruder)", None, REFUSED, WRITE),
    ("explain", "EXPLAIN MATCH (n) DETACH DELETE n", None, REFUSED, WRITE),
    ("mixed-case", "cReAtE (n:Intruder)", None, REFUSED, WRITE),
    # unicode look-alikes: not Cypher at all, so a syntax error (and nothing written)
    ("cyrillic-es", "\u0421REATE (n:Intruder)", None, FAILED, "Invalid input"),
    ("cyrillic-ie-in-delete", "MATCH (n) DETACH D\u0415LETE n", None, FAILED, "Invalid input"),
    ("cyrillic-em-in-match", "\u041cATCH (n) DETACH DELETE n", None, FAILED, "Invalid input"),
    ("fullwidth", "\uff23\uff32\uff25\uff21\uff34\uff25 (n:Intruder)", None, FAILED, "Invalid input"),
    ("zero-width-space", "CRE\u200bATE (n:Intruder)", None, FAILED, "Invalid input"),
    # writes inside a CALL subquery
    ("subquery-create", "UNWIND [1] AS i CALL (i) { CREATE (:Intruder {i: i}) } RETURN count(*)", None,
     REFUSED, WRITE),
    ("subquery-delete", "MATCH (w:Work) CALL (w) { MATCH (w)-[r:REMIXES]->() DELETE r } RETURN count(*)", None,
     REFUSED, WRITE),
    ("optional-subquery", "OPTIONAL CALL () { CREATE (:Intruder) } RETURN 1", None, REFUSED, WRITE),
    ("nested-subquery", "CALL () { CALL () { MERGE (:Intruder) } } RETURN 1", None, REFUSED, WRITE),
    # a second statement
    ("two-statements", "CREATE (n:Intruder);\nMATCH (n) RETURN n", None, FAILED, "one statement"),
    ("two-statements-read-first", "MATCH (n) RETURN n; CREATE (n:Intruder)", None, FAILED, "one statement"),
]
IDS = [h[0] for h in HOSTILE]
# What must never show up in an answer, whatever it says.
SECRETS = ("root:", "/bin/", "server.directories", "dbms.security")


# -- the graph and its state ----------------------------------------------------------------------------
@pytest.fixture(scope="module")
def _sample_once(session_graph):
    return {"loaded": False}


@pytest.fixture
def sample(session_graph, _sample_once):
    """The web sample graph, loaded once for the module (reloaded if another test emptied it)."""
    if not _sample_once["loaded"] or _node_count(session_graph) != 9:
        from conftest import wipe

        wipe(session_graph)
        load_sample(session_graph)
        _sample_once["loaded"] = True
    return session_graph


def _node_count(graph) -> int:
    return graph.read_text("MATCH (n) RETURN count(n) AS n")[0]["n"]


def state(graph) -> dict:
    """Counts and a checksum of everything a write could change."""
    nodes = graph.read_text("MATCH (n) RETURN labels(n) AS labels, properties(n) AS props")
    rels = graph.read_text("MATCH (a)-[r]->(b) RETURN a.id AS a, type(r) AS type, properties(r) AS props, "
                           "b.id AS b")
    canonical = sorted(json.dumps(row, sort_keys=True, default=str) for row in nodes + rels)
    return {
        "nodes": len(nodes),
        "relationships": len(rels),
        "checksum": hashlib.sha256("\n".join(canonical).encode()).hexdigest(),
        "property_keys": sorted(r["k"] for r in graph.read_text("CALL db.propertyKeys() YIELD propertyKey AS k "
                                                                "RETURN k")),
        "indexes": graph.read_text("SHOW INDEXES YIELD name, type RETURN name, type ORDER BY name"),
        "constraints": graph.read_text("SHOW CONSTRAINTS YIELD name RETURN name ORDER BY name"),
    }


def test_the_state_sees_a_change(sample):
    """The checksum is not blind: one changed property changes it (then it is put back)."""
    before = state(sample)
    assert before["nodes"] == 9 and before["relationships"] == 9

    def retitle(tx, title):
        tx.run("MATCH (w:Work {id: 'w1'}) SET w.title = $t", t=title).consume()

    sample.write(retitle, "Seed Song!")
    try:
        changed = state(sample)
        assert changed["checksum"] != before["checksum"] and changed["nodes"] == before["nodes"]
    finally:
        sample.write(retitle, "Seed Song")
    assert state(sample) == before


# -- the two doors ---------------------------------------------------------------------------------------
@pytest.fixture
def cli(cli_env):
    runner = CliRunner()

    def run(query: str, params: dict | None = None, *options: str):
        args = ["cypher", query, *options]
        for name, value in (params or {}).items():
            args += ["--param", f"{name}={json.dumps(value)}"]
        return runner.invoke(main, args, env=cli_env, catch_exceptions=False)

    return run


@pytest.fixture(scope="module")
def api_app(neo4j_settings):
    return make_app(neo4j_settings, QUERY_TIMEOUT=10.0, ROW_CAP=1000)


@pytest.fixture
def api(api_app):
    client = api_app.test_client()

    def run(query: str, params: dict | None = None):
        # json.dumps escapes everything to ASCII, so lone surrogates travel as \\ud800 (valid JSON).
        body = json.dumps({"query": query, "params": params or {}})
        return client.post("/api/console", data=body, content_type="application/json")

    return run


def assert_cli_refusal(result, words: str) -> str:
    assert result.exit_code == 2, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.stderr
    assert "Traceback" not in result.output
    assert words in lines[0], lines[0]
    assert result.stdout == ""
    return lines[0]


def assert_api_refusal(response, outcome: str, words: str) -> str:
    assert response.status_code == (403 if outcome == REFUSED else 400), response.get_data(as_text=True)
    error = response.get_json()["error"]
    assert error["status"] == response.status_code
    message = error["message"]
    assert message and "\n" not in message and words in message, message
    return message


@pytest.mark.parametrize("name, query, params, outcome, words", HOSTILE, ids=IDS)
def test_lineage_cypher_refuses(sample, cli, name, query, params, outcome, words):
    before = state(sample)
    message = assert_cli_refusal(cli(query, params), words)
    assert not any(secret in message for secret in SECRETS)
    assert state(sample) == before


@pytest.mark.parametrize("name, query, params, outcome, words", HOSTILE, ids=IDS)
def test_web_console_refuses(sample, api, name, query, params, outcome, words):
    before = state(sample)
    message = assert_api_refusal(api(query, params), outcome, words)
    assert not any(secret in message for secret in SECRETS)
    assert state(sample) == before


@pytest.mark.parametrize("name, query, params, outcome, words", HOSTILE, ids=IDS)
def test_the_runner_says_refused_or_failed(sample, name, query, params, outcome, words):
    """The same table straight through lineage.console.run_readonly: the error types behind 403 and 400."""
    before = state(sample)
    with pytest.raises(QueryRefused if outcome == REFUSED else QueryFailed, match=None) as err:
        console.run_readonly(sample, query, params)
    assert words in str(err.value)
    assert state(sample) == before


# -- the database does the enforcing ---------------------------------------------------------------------
# Everything that would write when run (EXPLAIN only plans: it writes nothing and Neo4j lets it be).
SERVER_REFUSES = [h for h in HOSTILE if h[3] == REFUSED and h[0] != "explain" and h[4] in (
    WRITE, "db.createLabel", "db.createProperty", "db.createRelationshipType", "db.create.setNodeVectorProperty")]


@pytest.mark.parametrize("name, query, params, outcome, words", SERVER_REFUSES, ids=[h[0] for h in SERVER_REFUSES])
def test_the_server_refuses_writes_on_its_own(sample, monkeypatch, name, query, params, outcome, words):
    """With lineage's plan check switched off, Neo4j's READ access mode still refuses the write."""
    monkeypatch.setattr(console, "check_plan", lambda *args: None)
    before = state(sample)
    with pytest.raises(QueryRefused) as err:
        console.run_readonly(sample, query, params)
    assert "(Neo4j: " in str(err.value)  # the server's own AccessMode refusal, passed on
    assert state(sample) == before


def test_every_procedure_that_writes_or_administers_is_denied(sample):
    """Neo4j's own list: every WRITE, SCHEMA or DBMS-mode or admin procedure is on the deny list,
    but for the few reviewed as harmless (the server's version; the transaction's own metadata)."""
    harmless = {"dbms.components", "tx.getMetaData"}
    procedures = sample.read_text("SHOW PROCEDURES YIELD name, mode, admin RETURN name, mode, admin")
    assert len(procedures) > 20
    risky = {p["name"] for p in procedures if p["mode"] in ("WRITE", "SCHEMA", "DBMS") or p["admin"]}
    assert "db.createLabel" in risky and "dbms.listConfig" in risky
    assert {name for name in risky if not console.denied_procedure(name)} == harmless


# -- writes in parameters and strings stay data --------------------------------------------------------
CONCATENATED = [
    ("WITH $a + $b AS q RETURN q", {"a": "CREATE (n:Intruder)", "b": " WITH 1 AS x MATCH (n) DETACH DELETE n"},
     [["CREATE (n:Intruder) WITH 1 AS x MATCH (n) DETACH DELETE n"]]),
    ("RETURN 'CRE' + 'ATE (n:Intruder)' AS q", None, [["CREATE (n:Intruder)"]]),
    ("MATCH (w:Work {id: $id}) RETURN w.id", {"id": "w1'}) DETACH DELETE w //"}, []),
    ("MATCH (w:Work) WHERE w.title = $t RETURN w.id", {"t": "x' OR 1=1 CREATE (:Intruder) //"}, []),
]


@pytest.mark.parametrize("query, params, rows", CONCATENATED)
def test_writes_in_parameters_stay_text_on_the_command_line(sample, cli, query, params, rows):
    before = state(sample)
    result = cli(query, params, "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["rows"] == rows
    assert state(sample) == before


@pytest.mark.parametrize("query, params, rows", CONCATENATED)
def test_writes_in_parameters_stay_text_in_the_web_console(sample, api, query, params, rows):
    before = state(sample)
    response = api(query, params)
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.get_json()["rows"] == rows
    assert state(sample) == before


# -- limits: the timeout and the row cap -----------------------------------------------------------------
CARTESIAN = ("MATCH (a:Work), (b:Work), (c:Work), (d:Work) "
             "WHERE a.id + b.id + c.id + d.id = 'none' RETURN count(*)")  # 300**4 = 8.1e9 combinations


@pytest.fixture
def three_hundred_works(graph):
    G = nx.DiGraph()
    G.add_nodes_from(f"w{i}" for i in range(300))
    write_lineage(graph, G)
    return graph


def test_a_cartesian_product_stops_at_the_timeout_on_the_command_line(three_hundred_works, cli):
    started = time.monotonic()
    message = assert_cli_refusal(cli(CARTESIAN, None, "--timeout", "1"), "1 s timeout")
    assert "stopped" in message
    assert time.monotonic() - started < 60


def test_a_cartesian_product_stops_at_the_timeout_in_the_web_console(three_hundred_works, neo4j_settings):
    client = make_app(neo4j_settings, QUERY_TIMEOUT=1.0).test_client()
    started = time.monotonic()
    response = client.post("/api/console", json={"query": CARTESIAN})
    assert response.status_code == 504, response.get_data(as_text=True)
    assert "1 s timeout" in response.get_json()["error"]["message"]
    assert time.monotonic() - started < 60


MILLIONS = [
    "UNWIND range(1, 1000000000) AS x RETURN x",                          # a billion rows
    "UNWIND range(1, 3000) AS a UNWIND range(1, 3000) AS b RETURN a, b",  # nine million
]


@pytest.mark.parametrize("query", MILLIONS)
def test_millions_of_rows_stop_at_the_row_cap_on_the_command_line(sample, cli, query):
    started = time.monotonic()
    result = cli(query, None, "--limit", "1000", "--json")
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert len(out["rows"]) == 1000 and out["truncated"] is True
    assert out["rows"][0][0] == 1
    table = cli(query, None, "--limit", "1000")
    assert table.stdout.splitlines()[-1].startswith("(1,000 rows, stopped at --limit 1000;")
    assert time.monotonic() - started < 60


@pytest.mark.parametrize("query", MILLIONS)
def test_millions_of_rows_stop_at_the_row_cap_in_the_web_console(sample, api, query):
    started = time.monotonic()
    response = api(query)
    assert response.status_code == 200
    body = response.get_json()
    assert len(body["rows"]) == 1000 and body["truncated"] is True
    assert time.monotonic() - started < 60


# -- values the driver cannot send, results too deep to show (found while fuzzing the console) ----------
BAD_VALUES = [
    ({"n": 2**63}, "outside the 64-bit range"),
    ({"n": -(2**63) - 1}, "outside the 64-bit range"),
    ({"n": [1, {"deep": 10**30}]}, "outside the 64-bit range"),
    ({"n": "a\udc80b"}, "not valid Unicode"),
    ({"n": {"\ud800": 1}}, "not valid Unicode"),
]


def _nested(levels: int) -> list:
    value: list = []
    for _ in range(levels):
        value = [value]
    return value


@pytest.mark.parametrize("params, words", BAD_VALUES + [({"n": _nested(150)}, "more than 100 levels")])
def test_bad_parameter_values_are_a_clear_400(sample, api, params, words):
    """Each was a 500 (OverflowError, UnicodeEncodeError, RecursionError inside the driver or the site)."""
    assert_api_refusal(api("RETURN $n AS n", params), FAILED, words)


@pytest.mark.parametrize("params, words", BAD_VALUES)
def test_bad_parameter_values_are_one_line_on_the_command_line(sample, cli, params, words):
    """Each was a traceback. (Nesting is not tried here: --param values are short.)"""
    assert_cli_refusal(cli("RETURN $n AS n", params), words)


def test_edge_values_still_go_through(sample, api):
    params = {"big": 2**63 - 1, "small": -(2**63), "deep": _nested(100), "text": "Zoë ☃ 💩"}
    response = api("RETURN $big AS big, $small AS small, $deep AS deep, $text AS text", params)
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.get_json()["rows"] == [[2**63 - 1, -(2**63), _nested(100), "Zoë ☃ 💩"]]


def test_a_lone_surrogate_in_the_query_is_a_clear_400(sample, api):
    message = assert_api_refusal(api("RETURN '\ud800' AS x"), FAILED, "not valid Unicode")
    assert "U+D800" in message


def test_a_lone_surrogate_in_the_query_is_one_line_on_the_command_line(sample, cli):
    # What Python makes of bytes that are not UTF-8 in a command-line argument.
    assert_cli_refusal(cli("RETURN 'caf\udce9' AS x"), "not valid Unicode")


DEEP_RESULT = "RETURN reduce(x = [], i IN range(1, 2000) | [x]) AS deep"


def test_a_result_nested_too_deep_is_a_clear_400(sample, api):
    assert_api_refusal(api(DEEP_RESULT), FAILED, "more than 100 levels")
    assert api("RETURN reduce(x = [], i IN range(1, 100) | [x]) AS deep").status_code == 200


def test_a_result_nested_too_deep_is_one_line_on_the_command_line(sample, cli):
    assert_cli_refusal(cli(DEEP_RESULT), "more than 100 levels")


def test_a_body_nested_too_deep_for_json_is_a_clear_400(api_app):
    client = api_app.test_client()
    body = '{"query": "RETURN $n", "params": {"n": ' + "[" * 100_000 + "]" * 100_000 + "}}"
    response = client.post("/api/console", data=body, content_type="application/json")
    assert response.status_code == 400 and "too deeply" in response.get_json()["error"]["message"]
    form = post_form(client, {"query": "RETURN 1", "params": "[" * 20_000 + "]" * 20_000})
    assert form.status_code == 400 and "too deeply" in form.get_data(as_text=True)

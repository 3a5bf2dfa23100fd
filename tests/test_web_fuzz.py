"""The OpenAPI file fuzzed with schemathesis against the running site (issue 6, part 4).

The site runs as a person starts it (``lineage serve``, waitress, loopback, a
free port) on the test session's Neo4j holding the small sample graph of
``web_helpers``. Schemathesis reads the OpenAPI document (web/openapi.py) and,
for every operation, sends its coverage cases (boundaries, missing and wrong
parameters, bodies that are not JSON) and a bounded number of generated
requests, valid and invalid. Path ids are drawn from the sample's real ids
half the time, and console bodies sometimes carry real read or write queries,
so the 200, 403 and 404 answers are all reached, not only the 400s.

Every response must be what the document promises:

- never a 5xx from a bug (``not_a_server_error``; the site is healthy, so not
  even the documented 503/504 may appear here);
- a status code and content type the operation documents, a body matching its
  schema, and the security headers;
- invalid input (by the schema) rejected with a 4xx, valid input accepted
  (except where validity depends on more than the schema can say: Cypher
  syntax, and a metric that exists for the other kind).

The server's own log must hold no traceback at the end.
"""

from __future__ import annotations

import collections
import os
import re
import subprocess
from pathlib import Path

import jsonschema_rs
import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.definitions import OPENAPI_30
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    positive_data_acceptance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from conftest import wipe
from web import openapi
from web.params import MAX_ID
from process_helpers import LINEAGE, stop
from web_helpers import ARTISTS, WORKS, assert_secure_headers, load_sample

pytestmark = pytest.mark.neo4j

# Generated requests per operation (coverage cases come on top). Ten operations
# at this size take about a minute on a loaded two-core machine.
EXAMPLES_PER_OPERATION = 40

# Ids that hold slashes and dots the way a URL path does not expect them.
AWKWARD_IDS = ["/", "//", "/w1", "w1/", "a//b", "../w1", "./w1", ".", "..", "w1/lineage", "%2F", "?", "#"]
WORK_IDS = [w["id"] for w in WORKS]
ARTIST_IDS = [a["id"] for a in ARTISTS]
READ_QUERIES = [
    "MATCH (w:Work) RETURN w ORDER BY w.id LIMIT 3",
    "MATCH p = (:Work)-[:REMIXES]->(:Work) RETURN p",
    "MATCH (a:Artist)-[c:CONTRIBUTED]->(w:Work) RETURN a, c, w",
    "UNWIND range(1, 5000) AS x RETURN x",
]
WRITE_QUERIES = ["CREATE (:Intruder)", "MATCH (w:Work) SET w.title = 'x'", "MATCH (n) DETACH DELETE n"]

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    response_headers_conformance,
    negative_data_rejection,
    positive_data_acceptance,
]


def schema_cannot_say(operation: str, response) -> bool:
    """A 400 for a schema-valid request whose validity depends on more than the schema says.

    Each is documented in the operation's description: search text must not be
    only white space (as Python's str.strip sees it); the console's query must
    be Cypher Neo4j can run, its parameters named like $work_id and holding values
    Neo4j can store; a connection's other work must not be the work itself (nor only white
    space); a ranking's metric must exist for its kind
    (kind=works&metric=influence is a 400); a work's lineage or credit as of a
    day before the work was created is a 400 (a statement's, a plan's and a
    what-if's too); a what-if needs a change, and its paired lists one length.
    """
    if response.status_code != 400:
        return False
    message = response.json()["error"]["message"]
    return ((operation == "console" and (
                message.startswith(("Neo4j could not run the query", "parameter names must be plain names"))
                or re.match(r"parameter '\w+' (holds an integer outside|holds a character that is not valid"
                            r"|nests lists or maps more than)", message) is not None))
            or (operation == "metricsTop" and message.startswith("metric for "))
            or (operation in ("search", "suggest")  # only white space (str.strip's, \x1e included)
                and message in ("parameter 'q' is required", "the search text is empty"))
            or (operation == "connection"  # white space alone, or the work itself
                and (message == "parameter 'to' is required" or message.startswith("a work is connected to itself")))
            or (operation == "whatif"  # an empty value in a paired list is a missing one
                and (message.startswith(("each '", "give at least one change"))
                     or message in ("not a number: ''", "the work id is empty")))
            or (operation in ("lineage", "credit", "production_statement", "artist_statement", "plan", "whatif")
                and re.search(r"^work .* did not exist yet on ", message) is not None))

# Invalid requests must get one of the site's own refusals: 400 bad parameter, 404 no such route or id,
# 405 method, 413/414 too large (8 KB of repeated parameters is a 414 before anything reads them), 415 not JSON.
REJECTIONS = ["400", "404", "405", "413", "414", "415"]
schema = schemathesis.openapi.from_dict(openapi.document(), config=schemathesis.Config.from_dict(
    {"checks": {"negative_data_rejection": {"expected-statuses": REJECTIONS}}}))


def _with_known(value, known: list[str]):
    """A generated id, one the sample graph holds, or an awkward one. Invalid ids (negative cases) stay."""
    if isinstance(value, str) and 1 <= len(value) <= MAX_ID:
        return st.one_of(st.just(value), st.sampled_from(known), st.sampled_from(AWKWARD_IDS))
    return st.just(value)


@schema.hook("flatmap_path_parameters")
def known_ids_too(context, path_parameters):
    if not isinstance(path_parameters, dict):
        return st.just(path_parameters)
    if "work_id" in path_parameters:
        return _with_known(path_parameters["work_id"], WORK_IDS).map(
            lambda v: {**path_parameters, "work_id": v})
    if "artist_id" in path_parameters:
        return _with_known(path_parameters["artist_id"], ARTIST_IDS).map(
            lambda v: {**path_parameters, "artist_id": v})
    return st.just(path_parameters)


@schema.hook("flatmap_body")
def real_queries_too(context, body):
    """Sometimes a real read (200) or write (403) query in a well-formed console body.

    The generated parameter values are kept under plain names ($p0, $p1...), so
    whatever JSON the fuzzer makes up travels to Neo4j and back.
    """
    if not (isinstance(body, dict) and isinstance(body.get("query"), str) and body["query"].strip()
            and len(body["query"]) <= 20000 and isinstance(body.get("params", {}), dict)):
        return st.just(body)
    values = list((body.get("params") or {}).values())
    params = {f"p{i}": v for i, v in enumerate(values)}
    echo = "RETURN " + ", ".join(f"$p{i} AS p{i}" for i in range(len(values))) if values else "RETURN 1 AS one"
    return st.one_of(
        st.just(body),
        st.sampled_from(READ_QUERIES + WRITE_QUERIES).map(lambda q: {**body, "query": q, "params": {}}),
        st.just({**body, "query": echo, "params": params}),
        st.sampled_from(HOSTILE_VALUES).map(lambda v: {**body, "query": "RETURN $p AS p", "params": {"p": v}}),
    )


def _nested(levels: int) -> list:
    value: list = []
    for _ in range(levels):
        value = [value]
    return value


# JSON values the schema allows that Neo4j's driver cannot send as they are
# (each was a 500 before lineage.console.check_params refused it with a 400).
HOSTILE_VALUES = [2**63, -(2**63) - 1, 10**400, "\ud800", {"\udfff": 1}, _nested(150), _nested(100), 2**63 - 1]


def padded(case) -> bool:
    """Whether a query value has white space around it (as Python's str.strip sees it)."""
    values = []
    for value in (case.query or {}).values():
        values.extend(value if isinstance(value, list) else [value])
    return any(isinstance(v, str) and v != v.strip() for v in values)


# -- the running site -----------------------------------------------------------------------------
class Site:
    def __init__(self, url: str, log: Path):
        self.url = url
        self.log = log
        self.session = requests.Session()
        self.calls: collections.Counter = collections.Counter()
        self.statuses: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)


@pytest.fixture(scope="module")
def site(session_graph, neo4j_settings, tmp_path_factory):
    """``lineage serve`` on a free loopback port, over the sample graph."""
    wipe(session_graph)
    load_sample(session_graph)
    workdir = tmp_path_factory.mktemp("fuzz-site")
    env = {**os.environ, "PYTHONUNBUFFERED": "1", "LINEAGE_HOME": str(workdir / "home"),
           "NEO4J_URI": neo4j_settings.uri, "NEO4J_USER": neo4j_settings.user,
           "NEO4J_PASSWORD": neo4j_settings.password or "", "NEO4J_DATABASE": neo4j_settings.database}
    log = workdir / "serve.log"
    with open(log, "w") as err:
        proc = subprocess.Popen([LINEAGE, "serve", "--port", "0", "--threads", "4"], env=env,
                                stdout=subprocess.PIPE, stderr=err, text=True)
    try:
        line = proc.stdout.readline()
        match = re.search(r"at (http://127\.0\.0\.1:\d+)/", line)
        assert match, line + log.read_text()
        served = Site(match.group(1), log)
        yield served
        # Printed with -s: the figures for docs/reliability.md.
        print(f"\nschemathesis: {sum(served.calls.values())} requests; by operation:")
        for name, count in sorted(served.calls.items()):
            print(f"  {name:10} {count:5}  {dict(sorted(served.statuses[name].items()))}")
    finally:
        stop(proc)


class _Headers:
    """Schemathesis keeps headers as lowercase names to lists; web_helpers reads ``.headers.get``."""

    def __init__(self, headers: dict[str, list[str]]):
        self.headers = self
        self._headers = headers

    def get(self, name: str, default=None):
        values = self._headers.get(name.lower())
        return values[0] if values else default


# -- the fuzz --------------------------------------------------------------------------------------
@schema.parametrize()
@settings(max_examples=EXAMPLES_PER_OPERATION, deadline=None, suppress_health_check=list(HealthCheck))
def test_every_operation_answers_as_documented(case, site):
    response = case.call(base_url=site.url, session=site.session, timeout=60)
    operation = case.operation.definition.raw.get("operationId")
    site.calls[operation] += 1
    site.statuses[operation][response.status_code] += 1
    excluded = [positive_data_acceptance] if schema_cannot_say(operation, response) else []
    if padded(case):  # documented leniency: " 3 " is read as 3, and white space alone as absent
        excluded.append(negative_data_rejection)
    case.validate_response(response, checks=CHECKS, excluded_checks=excluded)
    assert_secure_headers(_Headers(response.headers))


def test_the_server_logged_no_errors(site):
    """Runs after the fuzz (file order): a 500 would have left a traceback in the log."""
    assert sum(site.calls.values()) > 0
    text = site.log.read_text()
    assert "Traceback" not in text and "unhandled error" not in text, text[-5000:]


def _refs(node) -> list[str]:
    if isinstance(node, dict):
        own = [node["$ref"]] if isinstance(node.get("$ref"), str) else []
        return own + [r for v in node.values() for r in _refs(v)]
    return [r for v in node for r in _refs(v)] if isinstance(node, list) else []


def _resolve(document: dict, ref: str):
    node = document
    for part in ref.removeprefix("#/").split("/"):
        node = node[part.replace("~1", "/").replace("~0", "~")]
    return node


def test_the_fuzzed_document_is_the_one_served_and_keeps_the_spec(site):
    """The file served is the one fuzzed, and valid by OpenAPI 3.0's own schema (the spec's rules, not ours)."""
    served = site.session.get(site.url + "/api/openapi.json", timeout=30)
    assert served.status_code == 200
    document = served.json()
    assert document == openapi.document()
    assert document["openapi"].startswith("3.0.")
    problems = [f"{'/'.join(map(str, e.instance_path))}: {e.message}"
                for e in jsonschema_rs.Draft4Validator(OPENAPI_30).iter_errors(document)]
    assert problems == [], problems[:10]
    refs = _refs(document)
    assert refs and all(ref.startswith("#/") for ref in refs)
    for ref in refs:
        _resolve(document, ref)  # a KeyError names a $ref to nothing
    operation_ids = [op["operationId"] for path in document["paths"].values() for op in path.values()]
    assert len(operation_ids) == len(set(operation_ids)), operation_ids


# -- what the fuzz found (each fixed; checked here on its own) -----------------------------------------
def test_numbers_with_many_decimals_are_accepted(site):
    """keep=0.3900050319040337 (a float as JavaScript or Python writes it) was a 400: at most 12 decimals were read."""
    r = site.session.get(site.url + "/api/works/w2/credit", params={"keep": "0.3900050319040337"}, timeout=60)
    assert r.status_code == 200, r.text
    assert site.session.get(site.url + "/api/works/w2/credit", params={"keep": "1.0000000000000002"},
                            timeout=60).status_code == 400


def test_blank_optional_parameters_mean_absent_and_are_documented(site):
    """``?limit=&kind=`` answered 200 with the defaults while the document said an integer must be given."""
    r = site.session.get(site.url + "/api/metrics/top?limit=&kind=", timeout=60)
    assert r.status_code == 200 and r.json()["kind"] == "works" and len(r.json()["items"]) <= 10
    for path in openapi.document()["paths"].values():
        for operation in path.values():
            for parameter in operation.get("parameters", []):
                if parameter["in"] == "query":
                    assert parameter.get("allowEmptyValue", False) is not parameter["required"], parameter["name"]
    r = site.session.get(site.url + "/api/search?q=", timeout=60)  # the one required query parameter
    assert r.status_code == 400 and "required" in r.json()["error"]["message"]


def test_amount_is_documented_in_cents(site):
    """amount=0.125 is a 400 (at most two decimals): the document says so with multipleOf."""
    schema_of = {p["name"]: p["schema"] for p in openapi.document()["paths"]["/api/works/{work_id}/credit"]["get"]
                 ["parameters"]}
    assert schema_of["amount"]["multipleOf"] == 0.01
    ok = site.session.get(site.url + "/api/works/w2/credit", params={"amount": "1000.25"}, timeout=60)
    assert ok.status_code == 200, ok.text
    bad = site.session.get(site.url + "/api/works/w2/credit", params={"amount": "0.125"}, timeout=60)
    assert bad.status_code == 400 and "two decimals" in bad.json()["error"]["message"]


@pytest.mark.parametrize("path", ["/api/works/%2Fw1", "/api/works/%2F/lineage", "/api/works/%2F%2F/credit",
                                  "/api/artists/%2Fa1/influence", "/api/works/a%2F%2Fb"])
def test_ids_with_leading_or_double_slashes_are_404_not_a_redirect(site, path):
    """/api/works/%2Fw1 was a 308 redirect to /api/works/w1 (another id): Werkzeug merged the slashes."""
    r = site.session.get(site.url + path, timeout=60, allow_redirects=False)
    assert r.status_code == 404 and r.json()["error"]["message"]
    page = site.session.get(site.url + "/artists//a1", timeout=60, allow_redirects=False)
    assert page.status_code == 404
    assert site.session.get(site.url + "/api/works/x%2Fy%20%C3%A9/lineage", timeout=60).status_code == 200


def test_a_query_string_over_8_kb_is_a_documented_414(site):
    """Found by a longer schemathesis run (2,989 cases): the 414 of web/errors.py was in no operation's responses."""
    from web.errors import MAX_QUERY_STRING

    for path, operations in openapi.document()["paths"].items():
        for method, operation in operations.items():
            assert "414" in operation["responses"], (method, path)
    r = site.session.get(site.url + "/api/works/w1/lineage", params={"depth": "1" * MAX_QUERY_STRING}, timeout=60)
    assert r.status_code == 414 and r.json()["error"]["status"] == 414


def test_nul_characters_are_documented_as_refused(site):
    """q=a%00b was a 400 the document did not foresee (found by the longer schemathesis run)."""
    r = site.session.get(site.url + "/api/search", params={"q": "a\x00b"}, timeout=60)
    assert r.status_code == 400 and "NUL" in r.json()["error"]["message"]
    doc = openapi.document()
    q = doc["paths"]["/api/search"]["get"]["parameters"][0]
    work_id = doc["paths"]["/api/works/{work_id}"]["get"]["parameters"][0]
    query = doc["paths"]["/api/console"]["post"]["requestBody"]["content"]["application/json"]["schema"][
        "properties"]["query"]
    for schema in (q["schema"], work_id["schema"], query):
        validator = jsonschema_rs.validator_for(schema)
        assert not validator.is_valid("a\x00b") and validator.is_valid("a b é/")

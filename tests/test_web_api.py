"""The JSON API under /api/ against the real Neo4j, and its OpenAPI document."""

from __future__ import annotations

import re
from urllib.parse import quote

import pytest

from web_helpers import EVIL_ID, EVIL_TITLE, UNICODE_ARTIST, assert_secure_headers


def error_of(response) -> dict:
    body = response.get_json()
    assert set(body) == {"error"}, body
    assert body["error"]["status"] == response.status_code
    assert body["error"]["message"]
    return body["error"]


def test_stats(client):
    r = client.get("/api/stats")
    assert r.status_code == 200 and r.mimetype == "application/json"
    body = r.get_json()
    assert body["counts"] == {"works": 5, "artists": 4, "remixes": 4, "contributions": 5, "ratings": 0,
                              "temporal_anomalies": 0}  # load_sample writes every remix with temporal_anomaly false
    months = {m["month"]: m["works"] for m in body["works_per_month"]}
    assert months == {"2020-01": 1, "2020-03": 1, "2021-06": 1, "2022-01": 1, "2022-05": 1}
    assert body["generations"] == []
    assert_secure_headers(r)


def test_search(client):
    body = client.get("/api/search?q=seed&kind=works").get_json()
    assert [i["id"] for i in body["items"]] == ["w1"]
    assert body["total"] == 1 and body["pages"] == 1 and body["page"] == 1 and body["kind"] == "works"
    body = client.get("/api/search?q=bob&kind=artists").get_json()
    assert [i["id"] for i in body["items"]] == ["a2"]
    body = client.get("/api/search", query_string={"q": "script", "kind": "works"}).get_json()
    assert [i["title"] for i in body["items"]] == [EVIL_TITLE]


def test_search_errors(client):
    assert error_of(client.get("/api/search"))["message"] == "parameter 'q' is required"
    assert client.get("/api/search?q=a&kind=songs").status_code == 400
    assert client.get("/api/search?q=a&page=0").status_code == 400
    assert client.get("/api/search?q=" + "x" * 201).status_code == 400


def test_work(client):
    body = client.get("/api/works/w1").get_json()
    assert body["work"]["title"] == "Seed Song"
    assert sorted(r["id"] for r in body["remixes"]) == sorted(["w2", "w4", EVIL_ID])
    assert body["sources"] == []
    assert [c["id"] for c in body["contributors"]] == ["a1"]
    assert body["extra"] == {"mood": "calm"}
    assert body["metrics"] == {}


def test_work_with_slash_and_unicode_id(client):
    for address in ("/api/works/" + quote(EVIL_ID, safe="/"), "/api/works/" + quote(EVIL_ID, safe="")):
        body = client.get(address).get_json()
        assert body["work"]["id"] == EVIL_ID and body["work"]["title"] == EVIL_TITLE


def test_unknown_ids_are_404(client):
    for address in ["/api/works/nope", "/api/works/nope/lineage", "/api/works/nope/credit",
                    "/api/artists/nope", "/api/artists/nope/influence", "/api/works/%E2%98%83/x/y",
                    "/works/nope", "/artists/nope", "/works/a/b/c"]:
        r = client.get(address)
        assert r.status_code == 404, address
    assert "nope" in error_of(client.get("/api/works/nope"))["message"]


def test_lineage(client):
    body = client.get("/api/works/w3/lineage?direction=up").get_json()
    assert sorted(n["id"] for n in body["nodes"]) == ["w1", "w2", "w3"]
    assert body["direction"] == "up" and body["truncated"] is False and body["total"] == 3
    assert sorted((e["source"], e["target"]) for e in body["edges"]) == [("w2", "w1"), ("w3", "w2")]
    body = client.get("/api/works/w1/lineage?direction=down&depth=1").get_json()
    assert sorted(n["id"] for n in body["nodes"]) == sorted(["w1", "w2", "w4", EVIL_ID])
    body = client.get("/api/works/w1/lineage?cap=2").get_json()
    assert len(body["nodes"]) == 2 and body["truncated"] is True and body["total"] == 5
    body = client.get("/api/works/w1/lineage?as_of=2021-12-31").get_json()
    assert sorted(n["id"] for n in body["nodes"]) == ["w1", "w2", "w3"]


@pytest.mark.parametrize("query", [
    "depth=-1", "depth=0", "depth=10000", "depth=abc", "depth=1.5", "depth=99999999999999999999",
    "direction=sideways", "cap=0", "cap=10001", "cap=x",
    "as_of=2023-02-30", "as_of=2023-13-01", "as_of=yesterday", "as_of=2023-2-1", "as_of=20230201",
    "depth=1&depth=2", "direction=up&direction=down", "as_of=2020-01-01&as_of=2020-01-02",
])
def test_lineage_bad_parameters_are_400(client, query):
    r = client.get("/api/works/w1/lineage?" + query)
    assert r.status_code == 400, r.get_data(as_text=True)
    name = query.split("=", 1)[0]
    assert name in error_of(r)["message"]


def test_lineage_of_a_work_not_yet_existing_on_as_of(client):
    r = client.get("/api/works/w4/lineage?as_of=2020-01-01")
    assert r.status_code == 400
    error_of(r)


def test_credit(client):
    body = client.get("/api/works/w2/credit?amount=900").get_json()
    assert [(s["artist_id"], s["amount"]) for s in body["shares"]] == [("a1", 600.0), ("a2", 300.0)]
    assert body["amount"] == 900.0
    body = client.get("/api/works/w2/credit?keep=1").get_json()
    assert [(s["artist_id"], round(s["share"], 6)) for s in body["shares"]] == [("a2", 0.666667), ("a1", 0.333333)]
    body = client.get("/api/works/w3/credit?as_of=2021-12-31").get_json()
    assert {s["artist_id"] for s in body["shares"]} == {"a1", "a2", UNICODE_ARTIST}
    for bad in ("amount=abc", "amount=-1", "amount=nan", "amount=inf", "amount=1e13", "keep=1.5", "keep=-0.1",
                "as_of=2021-02-29", "amount=1&amount=2"):
        assert client.get("/api/works/w2/credit?" + bad).status_code == 400, bad


def test_artist_and_influence(client):
    body = client.get("/api/artists/a1").get_json()
    assert body["artist"]["handle"] == "ann"
    assert [w["id"] for w in body["works"]] == ["w1", "w2"]
    body = client.get("/api/artists/a1/influence").get_json()
    # a2 co-made w2, ann's own remix of her w1: reached by it.
    assert {a["id"] for a in body["downstream_artists"]} == {"a/3", "a2", UNICODE_ARTIST}
    assert [a["id"] for a in body["collaborators"]] == ["a2"]
    body = client.get("/api/artists/" + quote(UNICODE_ARTIST, safe="/") + "/influence").get_json()
    assert {a["id"] for a in body["upstream_artists"]} == {"a1", "a2"}
    assert client.get("/api/artists/a1/influence?as_of=2020-02-30").status_code == 400
    assert client.get("/api/artists/a1/influence?cap=0").status_code == 400


def test_metrics_top(client, graph):
    body = client.get("/api/metrics/top").get_json()
    # No metrics computed: works ranked by their direct remixes.
    assert body["metric"] == "direct_remixes" and body["items"][0] == {
        "id": "w1", "title": "Seed Song", "medium": "music", "value": 3}
    graph.write(lambda tx: tx.run(
        "MATCH (w:Work) SET w.pagerank = CASE w.id WHEN 'w2' THEN 0.9 ELSE 0.1 END").consume())
    body = client.get("/api/metrics/top?kind=works&metric=pagerank&limit=1").get_json()
    assert body["metric"] == "pagerank" and [i["id"] for i in body["items"]] == ["w2"]
    body = client.get("/api/metrics/top?kind=artists").get_json()
    assert body["metric"] == "remixes_of_their_work" and body["items"][0]["id"] == "a1"
    for bad in ("kind=songs", "metric=title", "kind=artists&metric=pagerank", "limit=0", "limit=1001"):
        assert client.get("/api/metrics/top?" + bad).status_code == 400, bad


def test_example_queries_are_read_only(client):
    body = client.get("/api/queries").get_json()
    names = [q["name"] for q in body["queries"]]
    assert names and all(n.startswith("ask_") for n in names)
    assert all(q["description"] and q["text"] for q in body["queries"])


def test_wrong_method_is_405_json(client):
    r = client.post("/api/stats")
    assert r.status_code == 405 and "GET" in r.headers["Allow"]
    error_of(r)
    assert client.get("/api/console").status_code == 405


def test_unknown_api_path_is_404_json(client):
    error_of(client.get("/api/nothing/here"))


# ---------------------------------------------------------------- OpenAPI


def _rule_to_openapi(rule: str) -> str:
    return re.sub(r"<(?:[a-z]+:)?([a-z_]+)>", r"{\1}", rule)


def test_openapi_paths_match_the_routes(app, client):
    doc = client.get("/api/openapi.json").get_json()
    assert doc["openapi"].startswith("3.")
    documented = {(path, method.upper()) for path, item in doc["paths"].items() for method in item}
    routes = {
        (_rule_to_openapi(rule.rule), method)
        for rule in app.url_map.iter_rules()
        if rule.rule.startswith("/api/")
        for method in rule.methods - {"HEAD", "OPTIONS"}
    }
    assert documented == routes


def test_openapi_parameters_name_the_path_variables(client):
    doc = client.get("/api/openapi.json").get_json()
    for path, item in doc["paths"].items():
        wanted = set(re.findall(r"{([a-z_]+)}", path))
        for method, op in item.items():
            given = {p["name"] for p in op.get("parameters", []) if p["in"] == "path"}
            assert given == wanted, (path, method)
            assert "200" in op["responses"]


def test_openapi_refs_resolve(client):
    doc = client.get("/api/openapi.json").get_json()
    text = str(doc)
    for ref in set(re.findall(r"#/components/(\w+)/(\w+)", text)):
        assert ref[1] in doc["components"][ref[0]], ref


# ---------------------------------------------------------------- one vocabulary (issue 11)


@pytest.mark.parametrize("address, name", [
    ("/api/metrics/top?by=bogus", "by"),  # the CLI's old word for metric: answered 200 before
    ("/api/works/w1/lineage?cap=5&deep=2", "deep"),
    ("/api/stats?verbose=1", "verbose"),
    ("/api/productions?page=1", "page"),
])
def test_an_unknown_parameter_is_a_400_naming_it_and_the_accepted_ones(client, address, name):
    response = client.get(address)
    assert response.status_code == 400
    message = error_of(response)["message"]
    assert f"unknown parameter {name!r}" in message
    doc = client.get("/api/openapi.json").get_json()
    path = address.split("?")[0].replace("/w1/", "/{work_id}/")
    for param in doc["paths"][path]["get"].get("parameters", []):
        if param["in"] == "query":
            assert param["name"] in message


def test_cli_and_api_share_one_default_and_range(client):
    from click.testing import CliRunner

    from lineage import limits
    from lineage.cli import main

    doc = client.get("/api/openapi.json").get_json()
    lineage_params = {p["name"]: p for p in doc["paths"]["/api/works/{work_id}/lineage"]["get"]["parameters"]}
    assert lineage_params["cap"]["schema"]["maximum"] == limits.CAP.high
    assert lineage_params["depth"]["schema"]["maximum"] == limits.DEPTH.high
    top = {p["name"]: p for p in doc["paths"]["/api/metrics/top"]["get"]["parameters"]}
    assert top["limit"]["schema"]["maximum"] == limits.TOP_LIMIT.high and "metric" in top
    body = client.get(f"/api/works/w1/lineage?cap={limits.CAP.high}").get_json()
    assert body["cap"] == limits.CAP.high
    assert client.get(f"/api/works/w1/lineage?depth={limits.DEPTH.high + 1}").status_code == 400
    for command in (["ancestry"], ["descendants"], ["export"], ["render"], ["artist"]):
        help_text = CliRunner().invoke(main, [*command, "--help"], terminal_width=200).output
        assert "--cap INTEGER RANGE" in help_text and f"[default: {limits.CAP.default};" in help_text, command
        assert f"{limits.CAP.low}<=x<={limits.CAP.high}" in help_text, command
    for command in (["ancestry"], ["descendants"], ["export"], ["render"]):
        help_text = CliRunner().invoke(main, [*command, "--help"], terminal_width=200).output
        assert f"{limits.DEPTH.low}<=x<={limits.DEPTH.high}" in help_text, command


def test_the_console_query_pattern_refuses_exactly_the_blank_queries():
    """The document says what the console refuses: a blank query is not schema-valid (a fuzzer sent "\\r")."""
    from lineage.errors import InvalidParameter
    from web import openapi
    from web.console_support import check_query

    body = openapi.document()["paths"]["/api/console"]["post"]["requestBody"]["content"]["application/json"]
    pattern = re.compile(body["schema"]["properties"]["query"]["pattern"])
    for blank in [chr(c) * 2 for c in range(0x110000) if chr(c).isspace()]:
        assert not pattern.match(blank), repr(blank)
        with pytest.raises(InvalidParameter, match="the query is empty"):
            check_query(blank)
    for query in ("RETURN 1", " RETURN 1\r\n", "\u00a0MATCH (n) RETURN n"):
        assert pattern.match(query) and check_query(query) == query

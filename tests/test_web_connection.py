"""GET /api/works/<a>/connection?to=<b> against the real Neo4j (the sample of web_helpers).

    w1 <- w2 <- w3,  w1 <- w4,  w1 <- EVIL ("x/y é")
"""

from __future__ import annotations

from urllib.parse import quote

import pytest

from test_web_api import error_of
from web_helpers import EVIL_ID

pytestmark = pytest.mark.neo4j


def test_a_chain_either_way_and_the_shared_sources(client):  # noqa: F811
    up = client.get("/api/works/w3/connection?to=w1").get_json()
    assert up["connected"] is True and up["direction"] == "up" and up["steps"] == 2
    assert [w["id"] for w in up["path"]] == ["w3", "w2", "w1"]
    assert up["path"][0]["remix"]["kind"] == "adaptation" and "remix" not in up["path"][-1]
    # w1 is w3's source: a work is not its own ancestor, so they share none.
    assert up["shared"] == [] and up["shared_total"] == 0
    assert up["from"]["id"] == "w3" and up["to"]["title"] == "Seed Song"
    down = client.get("/api/works/w1/connection?to=w3").get_json()
    assert down["direction"] == "down" and [w["id"] for w in down["path"]] == ["w3", "w2", "w1"]


def test_cousins_are_connected_by_a_shared_source_only(client):  # noqa: F811
    body = client.get(f"/api/works/w3/connection?to={quote(EVIL_ID)}").get_json()
    assert body["connected"] is True and body["direction"] is None and body["path"] == [] and body["steps"] == 0
    assert [(w["id"], w["distance_a"], w["distance_b"]) for w in body["shared"]] == [("w1", 2, 1)]
    assert body["shared_total"] == 1 and body["to"]["id"] == EVIL_ID


def test_not_connected(client, graph):  # noqa: F811
    graph.write(lambda tx: tx.run("CREATE (:Work {id: 'lone', title: 'Alone', medium: 'image'})").consume())
    body = client.get("/api/works/w2/connection?to=lone").get_json()
    assert body["connected"] is False and body["path"] == [] and body["shared"] == [] and body["direction"] is None
    assert body["to"]["title"] == "Alone"


def test_unknown_work_is_404_and_the_same_work_400(client):  # noqa: F811
    for address, missing in (("/api/works/w1/connection?to=nope", "nope"), ("/api/works/nope/connection?to=w1", "nope")):
        r = client.get(address)
        assert r.status_code == 404, address
        assert missing in error_of(r)["message"]
    r = client.get("/api/works/w1/connection?to=w1")
    assert r.status_code == 400 and "itself" in error_of(r)["message"]
    r = client.get("/api/works/w1/connection")
    assert r.status_code == 400 and "'to'" in error_of(r)["message"]
    r = client.get("/api/works/w1/connection?to=w2&to=w3")
    assert r.status_code == 400


def test_the_openapi_document_describes_it(client):  # noqa: F811
    doc = client.get("/api/openapi.json").get_json()
    operation = doc["paths"]["/api/works/{work_id}/connection"]["get"]
    assert [p["name"] for p in operation["parameters"]] == ["work_id", "to"]
    assert {"200", "400", "404"} <= set(operation["responses"])
    assert "shared_total" in doc["components"]["schemas"]["Connection"]["properties"]

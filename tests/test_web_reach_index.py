"""An artist on any day from the graph's arrays (web/reach_index.py): the live walk's answer, one index per version.

The site over the sample graph of tests/web_helpers.py with the index on: the first as-of request
starts reading it and is answered live; once it is read, an artist's reach and a work's lineage on a
day are walked over it (the live walks are not called); a write gives a new version, whose first answer is live again and sees the write.
"""

from __future__ import annotations

import json
import time

import pytest

from lineage import api
from web.reach_index import EXTENSION
from web_helpers import load_sample, make_app

pytestmark = pytest.mark.neo4j


def influence(client, artist: str, day: str) -> dict:
    response = client.get(f"/api/artists/{artist}/influence?as_of={day}")
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()


def wait_for_index(app, seconds: float = 60.0):
    holder = app.extensions[EXTENSION]
    ends = time.monotonic() + seconds
    while time.monotonic() < ends:
        if holder._index is not None and holder._reading is None:
            return holder
        time.sleep(0.05)
    pytest.fail(f"the reach index was not read in {seconds:g} s")


@pytest.fixture
def site(graph, neo4j_settings):
    load_sample(graph)
    app = make_app(neo4j_settings, REACH_INDEX_MAX_WORKS=1000, ANSWER_CACHE_MIB=0)
    return graph, app, app.test_client()


def test_days_are_walked_over_the_index_once_it_is_read(site, monkeypatch):
    graph, app, client = site
    live = {day: api.artist_influence(graph, "a1", as_of=day, stored=False)
            for day in ("2020-03-01", "2021-12-31", "2022-05-05")}
    lineages = {day: api.lineage(graph, "w1", direction="down", as_of=day).to_dict()
                for day in ("2020-03-01", "2021-06-01")}
    assert influence(client, "a1", "2020-03-01") == live["2020-03-01"]  # answered live; the index is being read
    holder = wait_for_index(app)
    assert holder._index.arrays.n_works == 5

    def no_live_walk(*args, **kwargs):
        raise AssertionError("walked live although the index was read")

    monkeypatch.setattr(api, "_walked_reach", no_live_walk)
    monkeypatch.setattr(api, "_walk", no_live_walk)
    for day, answer in live.items():
        assert influence(client, "a1", day) == answer, day
    for day in ("2020-03-01", "2021-06-01"):
        response = client.get(f"/api/works/w1/lineage?as_of={day}&direction=down")
        assert response.status_code == 200
        assert response.get_json() == json.loads(json.dumps(lineages[day]))
    assert [n["id"] for n in lineages["2021-06-01"]["nodes"]] == ["w1", "w2", "w3"]
    assert [w["id"] for w in live["2021-12-31"]["derived"]["works"]] == ["w3"]  # w2 is a1's own
    assert {a["id"] for a in live["2022-05-05"]["downstream_artists"]} == {"a/3", "a2", "árvíz/4"}
    monkeypatch.undo()

    # A write moves the version: the old index never answers for the new graph.
    graph.write(lambda tx: tx.run(
        "MATCH (s:Work {id: 'w1'}) CREATE (:Work {id: 'w9', title: 'Late Cover', created_at: '2021-01-01'})"
        "-[:REMIXES]->(s)").consume())
    after = influence(client, "a1", "2021-12-31")
    assert "w9" in [w["id"] for w in after["derived"]["works"]]
    assert after == api.artist_influence(graph, "a1", as_of="2021-12-31", stored=False)
    assert wait_for_index(app)._index.arrays.n_works == 6


def test_today_and_small_sites_do_not_read_it(graph, neo4j_settings):
    load_sample(graph)
    app = make_app(neo4j_settings, REACH_INDEX_MAX_WORKS=4, ANSWER_CACHE_MIB=0)
    client = app.test_client()
    holder = app.extensions[EXTENSION]
    assert client.get("/api/artists/a1/influence").status_code == 200
    assert holder._reading is None and holder._index is None  # today's reach never starts a read
    assert influence(client, "a1", "2021-12-31") == api.artist_influence(graph, "a1", as_of="2021-12-31",
                                                                         stored=False)
    ends = time.monotonic() + 60
    while holder._reading is not None and time.monotonic() < ends:
        time.sleep(0.05)
    assert holder._index is None and len(holder._refused) == 1  # 5 works > 4: walked live, not read again
    assert "lineage_reach_index" not in make_app(neo4j_settings).extensions

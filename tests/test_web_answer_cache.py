"""Answers kept while the graph is unchanged (web/answer_cache.py): kept, bounded, and dropped by a load."""

from __future__ import annotations

import pytest

from web.answer_cache import AnswerCache


# -- AnswerCache: pure, no database ----------------------------------------------------
def test_the_least_recently_used_answer_goes_first_past_the_budget():
    one = len(__import__("pickle").dumps("x" * 100, protocol=5))
    cache = AnswerCache(max_bytes=2 * one + 10)
    cache.put("a", "x" * 100)
    cache.put("b", "y" * 100)
    assert cache.get("a") == "x" * 100  # a is now the most recently used
    cache.put("c", "z" * 100)
    assert cache.get("b") is None and cache.get("a") == "x" * 100 and cache.get("c") == "z" * 100
    assert len(cache) == 2 and cache.size <= cache.max_bytes


def test_each_hit_is_a_fresh_copy_its_caller_may_change():
    cache = AnswerCache(max_bytes=10_000)
    cache.put("k", {"works": [1, 2]})
    first = cache.get("k")
    first["works"].append(3)
    assert cache.get("k") == {"works": [1, 2]}


def test_an_answer_put_again_replaces_the_old_one_and_its_bytes():
    cache = AnswerCache(max_bytes=10_000)
    cache.put("k", "x" * 1000)
    cache.put("k", "y")
    assert cache.get("k") == "y" and len(cache) == 1 and cache.size < 100


def test_an_empty_cache_and_an_unknown_key():
    cache = AnswerCache(max_bytes=0)
    cache.put("k", 1)  # larger than no room at all: nothing is kept
    assert cache.get("k") is None and len(cache) == 0 and cache.size == 0


def test_two_requests_for_one_answer_gather_it_once():
    import threading
    import time

    cache = AnswerCache(max_bytes=10_000)
    calls = []

    def slow():
        calls.append(1)
        time.sleep(0.3)
        return {"walked": True}

    answers = []
    threads = [threading.Thread(target=lambda: answers.append(cache.gather("k", slow, wait=5))) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert answers == [{"walked": True}] * 3 and len(calls) == 1


def test_a_failed_gather_is_not_kept_and_the_waiters_gather_themselves():
    cache = AnswerCache(max_bytes=10_000)
    with pytest.raises(ZeroDivisionError):
        cache.gather("k", lambda: 1 / 0, wait=1)
    assert cache.get("k") is None and cache.gather("k", lambda: "second", wait=1) == "second"


# -- against a real Neo4j ----------------------------------------------------------------
def _dataset(folder, works, contributions, remixes):
    folder.mkdir()
    (folder / "artists.csv").write_text("artist_id,handle,name,joined_at\n"
                                        "a1,ann,Ann Lee,2019-01-01\na2,bob,Bob Ray,2019-01-01\n"
                                        "a3,cy,Cy Twom,2019-01-01\n")
    (folder / "works.csv").write_text("work_id,title,medium,created_at\n" + "".join(
        f"{w},Work {w},music,2020-01-0{i + 1}\n" for i, w in enumerate(works)))
    (folder / "contributions.csv").write_text("work_id,artist_id,role,weight\n" + "".join(
        f"{w},{a},creator,1\n" for w, a in contributions))
    (folder / "remixes.csv").write_text("work_id,source_id,kind,weight\n" + "".join(
        f"{d},{s},remix,1\n" for d, s in remixes))
    return folder


@pytest.mark.neo4j
def test_graph_version_moves_with_every_write_and_only_then(graph):
    before = graph.version()
    assert before and graph.version() == before
    graph.write(lambda tx: tx.run("CREATE (:Work {id: 'v1'})").consume())
    assert graph.version() != before


@pytest.mark.neo4j
def test_a_kept_answer_is_served_until_a_load_changes_the_graph(graph, neo4j_settings, tmp_path, monkeypatch):
    from graph_loader.loader import load_dataset
    from lineage import api
    from web_helpers import make_app

    first = _dataset(tmp_path / "first", ["w1", "w2"], [("w1", "a1"), ("w2", "a2")], [("w2", "w1")])
    load_dataset(graph, first, rejects_path=tmp_path / "r1.csv", home=tmp_path)
    app = make_app(neo4j_settings)
    client = app.test_client()
    influence = client.get("/api/artists/a1/influence").get_json()
    assert influence["derived"]["transitive"] == 1 and len(app.extensions["lineage_answers"]) >= 1
    stats = client.get("/api/stats").get_json()["counts"]

    # The graph unchanged: the page, the graph and the API are cut from the kept answer, not walked again.
    walk = api.artist_influence
    monkeypatch.setattr(api, "artist_influence", lambda *a, **k: pytest.fail("walked the unchanged graph again"))
    assert client.get("/api/artists/a1/influence").get_json() == influence
    page = client.get("/artists/a1")
    assert page.status_code == 200 and "Work w2" in page.get_data(as_text=True)
    assert client.get("/artists/a1/graph.json").status_code == 200
    monkeypatch.setattr(api, "artist_influence", walk)
    stats_walk = api.stats
    monkeypatch.setattr(api, "stats", lambda *a, **k: pytest.fail("counted the unchanged graph again"))
    assert client.get("/api/stats").get_json()["counts"] == stats and client.get("/").status_code == 200
    monkeypatch.setattr(api, "stats", stats_walk)

    # A load that adds a remix of a remix: the next answer is the new graph's.
    second = _dataset(tmp_path / "second", ["w1", "w2", "w3"], [("w1", "a1"), ("w2", "a2"), ("w3", "a3")],
                      [("w2", "w1"), ("w3", "w2")])
    load_dataset(graph, second, rejects_path=tmp_path / "r2.csv", home=tmp_path)
    again = client.get("/api/artists/a1/influence").get_json()
    assert again["derived"]["transitive"] == 2
    assert [a["id"] for a in again["downstream_artists"]] == ["a2", "a3"]
    assert "Work w3" in client.get("/artists/a1").get_data(as_text=True)
    lineage = client.get("/api/works/w1/lineage").get_json()
    assert lineage["total"] == 3, lineage
    # The home page's whole-graph figures too.
    assert client.get("/api/stats").get_json()["counts"]["works"] == stats["works"] + 1 == 3


@pytest.mark.neo4j
def test_a_site_that_keeps_nothing_answers_the_same(graph, neo4j_settings, tmp_path):
    from graph_loader.loader import load_dataset
    from web_helpers import make_app

    data = _dataset(tmp_path / "d", ["w1", "w2", "w3"], [("w1", "a1"), ("w2", "a2"), ("w3", "a3")],
                    [("w2", "w1"), ("w3", "w2")])
    load_dataset(graph, data, rejects_path=tmp_path / "r.csv", home=tmp_path)
    keeps = make_app(neo4j_settings).test_client()
    gathers = make_app(neo4j_settings, ANSWER_CACHE_MIB=0)
    assert "lineage_answers" not in gathers.extensions
    gathers = gathers.test_client()
    for url in ("/api/artists/a1/influence", "/api/artists/a1/influence?cap=1", "/artists/a1/graph.json",
                "/api/works/w1/lineage", "/works/w1/graph.json", "/api/works/w3/credit",
                "/api/artists/a1/influence?as_of=2020-01-02"):
        assert keeps.get(url).get_json() == gathers.get(url).get_json(), url
        assert keeps.get(url).get_json() == gathers.get(url).get_json(), url  # the kept one too

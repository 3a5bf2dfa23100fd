"""The stored reach of the widest-reaching artists (lineage/reach.py): the same answer as the live walk.

Pure tests of :class:`lineage.reach.ReachIndex` first (no database), then the real Neo4j: a generated
community loaded, its reach computed over the arrays and stored, and ``artist_influence`` read from
the store held to what the live walk (Cypher, level by level) answers; a load drops the store.
"""

from __future__ import annotations

import networkx as nx
import numpy as np
import pytest
from click.testing import CliRunner

from conftest import wipe
from graph_loader.generate import generate
from lineage import api, asof
from lineage.cli import main
from lineage.errors import InvalidParameter
from lineage.metrics import LineageArrays
from lineage.metrics_db import compute_reaches, pull, run_metrics, write_reaches
from lineage.reach import ReachIndex, heavy_artists


def arrays_of(edges, made):
    """Arrays of a DiGraph of ``edges`` (derived, source) whose works were made as ``made`` says."""
    g = nx.DiGraph(edges)
    for work, artists in made.items():
        g.add_node(work)
        g.nodes[work]["contributors"] = {a: 1.0 for a in artists}
    return LineageArrays.from_digraph(g)


def reach_of(arrays, artist, cap=100):
    return ReachIndex(arrays).reach(list(arrays.artist_ids).index(artist), cap=cap)


class TestReachIndex:
    def test_empty_graph(self):
        arrays = LineageArrays.build([], [], [], None, [], [], [], None)
        assert ReachIndex(arrays).arrays.n_works == 0

    def test_an_artist_without_works_reaches_nothing(self):
        arrays = arrays_of([("b", "a")], {"a": ["x"], "b": []})
        arrays = LineageArrays.build(arrays.work_ids, arrays.derived, arrays.source, None,
                                     [*arrays.artist_ids, "idle"], arrays.contrib_artist, arrays.contrib_work, None)
        r = reach_of(arrays, "idle")
        assert (r.transitive, r.upstream_transitive, r.derived, r.downstream_artists, r.collaborators) == \
            (0, 0, [], [], [])

    def test_a_missing_artist_is_an_error_not_an_empty_answer(self):
        arrays = arrays_of([("b", "a")], {"a": ["x"], "b": ["y"]})
        with pytest.raises(IndexError):
            ReachIndex(arrays).reach(5)

    def test_distance_from_the_nearest_own_work_and_ties_by_id(self):
        # x made a and c; b and e remix a, d remixes c, f remixes b: d is 1 from c, not 3 from a.
        arrays = arrays_of([("b", "a"), ("e", "a"), ("c", "b"), ("d", "c"), ("f", "b")],
                           {"a": ["x"], "c": ["x", "y"], "b": ["y"], "d": ["z"], "e": ["z"], "f": ["z"]})
        r = reach_of(arrays, "x")
        assert r.derived == [["b", 1], ["d", 1], ["e", 1], ["f", 2]]
        assert (r.direct, r.transitive) == (3, 4)
        # y made b and (with x) c, which is derived from a: c counts once for y; z made d, e and f.
        assert r.downstream_artists == [["z", 3], ["y", 2]] and r.downstream_total == 2
        assert r.collaborators == [["y", 1]]
        assert reach_of(arrays, "x", cap=2).derived == [["b", 1], ["d", 1]]

    def test_a_cycle_is_walked_once(self):
        arrays = arrays_of([("b", "a"), ("a", "b"), ("c", "b")], {"a": ["x"], "b": ["y"], "c": ["y"]})
        r = reach_of(arrays, "x")
        assert r.derived == [["b", 1], ["c", 2]] and r.upstream_transitive == 1
        assert r.downstream_artists == [["y", 2]]

    def test_a_day_walks_the_graph_as_it_stood_then(self):
        # Held to an independent reading of the as-of rule: graph_as_of cuts the DiGraph, then the
        # undated walk. c remixes b but is dated before it (a temporal anomaly); u is undated.
        edges = [("b", "a"), ("c", "b"), ("d", "c"), ("u", "a"), ("e", "u"), ("f", "e"), ("g", "f")]
        made = {"a": ["x"], "b": ["y"], "c": ["z"], "d": ["y", "z"], "u": ["z"], "e": ["x"], "f": ["w"],
                "g": ["w"]}
        dates = {"a": "2020-01-01", "b": "2020-06-01T23:30:00-05:00", "c": "2020-03-01", "d": "2021-01-01",
                 "u": None, "e": "2020-02-01", "f": "2021-06-01", "g": "2020-12-31"}
        arrays = arrays_of(edges, made)
        index = ReachIndex(arrays, created=[dates[w] or "" for w in arrays.work_ids])
        full = nx.DiGraph(edges)
        nx.set_node_attributes(full, dates, "created_at")
        for day in ("2019-12-31", "2020-01-01", "2020-03-01", "2020-06-01", "2020-06-02", "2021-01-01",
                    "2021-06-01"):
            then = asof.graph_as_of(full, day)
            cut = arrays_of(list(then.edges), {w: made[w] for w in then})
            for artist in ("x", "y", "z", "w"):
                if artist not in cut.artist_ids:
                    assert index.reach(list(arrays.artist_ids).index(artist), before=asof.before(day)).derived == []
                    continue
                expected = reach_of(cut, artist)
                got = index.reach(list(arrays.artist_ids).index(artist), cap=100, before=asof.before(day))
                assert got == expected, (day, artist)
        # The anomaly: on 2020-03-01 c existed but b did not, so nothing reaches c from a.
        assert index.reach(list(arrays.artist_ids).index("x"), before="2020-03-02").derived == [["u", 1]]
        assert index.reach(0, before=None) == ReachIndex(arrays).reach(0)

    def test_a_lineage_on_a_day_is_the_shortest_walk_through_the_works_of_then(self):
        # Held to networkx's shortest path lengths over graph_as_of, both ways, at every depth and cap.
        edges = [("b", "a"), ("c", "b"), ("d", "c"), ("u", "a"), ("e", "u"), ("f", "e"), ("c", "f"), ("g", "a")]
        dates = {"a": "2020-01-01", "b": "2020-06-01", "c": "2020-03-01", "d": "2021-01-01", "u": None,
                 "e": "2020-02-01", "f": "2020-05-01", "g": "2020-01-01T08:00:00+09:00"}
        arrays = arrays_of(edges, {})
        index = ReachIndex(arrays, created=[dates[w] or "" for w in arrays.work_ids])
        full = nx.DiGraph(edges)
        nx.set_node_attributes(full, dates, "created_at")
        for day in ("2020-01-01", "2020-05-01", "2020-06-01", "2030-01-01"):
            then = asof.graph_as_of(full, day)
            for work in then:
                for way, walked in (("down", then.reverse(copy=False)), ("up", then)):
                    for depth in (None, 1, 2):
                        far = nx.single_source_shortest_path_length(walked, work, cutoff=depth)
                        far.pop(work)
                        for keep in (1, 3, 100):
                            nearest = dict(sorted(far.items(), key=lambda kv: (kv[1], kv[0]))[:keep])
                            got = index.lineage(index.work_position(work), way, keep=keep, depth=depth,
                                                before=asof.before(day))
                            assert got == (nearest, len(far)), (day, work, way, depth, keep)
        # The anomaly: on 2020-05-01 c (2020-03-01) is reached from a through u, e and f, not through b.
        assert index.lineage(index.work_position("a"), "down", keep=9, before="2020-05-02")[0] == \
            {"u": 1, "g": 1, "e": 2, "f": 3, "c": 4}

    def test_a_day_needs_the_dates(self):
        arrays = arrays_of([("b", "a")], {"a": ["x"], "b": ["y"]})
        with pytest.raises(ValueError, match="without creation dates"):
            ReachIndex(arrays).reach(0, before="2020-01-01")
        with pytest.raises(ValueError, match="1 creation dates for 2 works"):
            ReachIndex(arrays, created=["2020-01-01"])

    def test_heavy_artists_widest_first_at_most_so_many(self):
        assert heavy_artists(np.array([10, 50, 30, 50]), min_works=20, most=2).tolist() == [1, 3]
        assert heavy_artists(np.array([1, 2]), min_works=20).tolist() == []


# -- against the live walk, in the real Neo4j ----------------------------------------------------
@pytest.fixture(scope="module")
def community(session_graph, neo4j_settings, tmp_path_factory):
    """4,000 generated works loaded into an emptied database."""
    wipe(session_graph)
    folder = tmp_path_factory.mktemp("community")
    generate(folder, works=4000, artists=400, seed=11)
    env = {"NEO4J_URI": neo4j_settings.uri, "NEO4J_USER": neo4j_settings.user,
           "NEO4J_PASSWORD": neo4j_settings.password, "NEO4J_DATABASE": neo4j_settings.database,
           "LINEAGE_HOME": str(tmp_path_factory.mktemp("home"))}
    result = CliRunner().invoke(main, ["load", str(folder)], env=env)
    assert result.exit_code == 0, result.output
    return session_graph, env


def stored_ids(graph) -> set[str]:
    return {r["id"] for r in graph.read_text("MATCH (x:ArtistReach) RETURN x.artist_id AS id")}


@pytest.mark.neo4j
def test_the_stored_reach_answers_what_the_live_walk_answers(community):
    graph, _ = community
    arrays = pull(graph)
    index = ReachIndex(arrays)
    widest = [a for a in np.argsort(-np.bincount(arrays.contrib_artist, minlength=arrays.n_artists))[:12]]
    reaches = [index.reach(int(a)) for a in widest]
    assert max(r.transitive for r in reaches) > 100  # a real reach, not a trivial one
    write_reaches(graph, [])
    live = {r.artist: [api.artist_influence(graph, r.artist, cap=cap) for cap in (5, 2000)] for r in reaches}
    write_reaches(graph, reaches)
    assert api.artist_influence(graph, reaches[0].artist, stored=False) == live[reaches[0].artist][1]
    assert stored_ids(graph) == {r.artist for r in reaches}
    for artist, answers in live.items():
        assert [api.artist_influence(graph, artist, cap=cap) for cap in (5, 2000)] == answers, artist
    # The store is what is read: a changed stored count shows (so the equality above was not the live walk's).
    changed = reaches[0]
    changed.transitive += 1
    write_reaches(graph, [changed])
    assert api.artist_influence(graph, changed.artist)["derived"]["transitive"] == \
        live[changed.artist][1]["derived"]["transitive"] + 1
    # An as-of date is walked live.
    assert api.artist_influence(graph, changed.artist, as_of="2100-01-01")["derived"]["transitive"] == \
        live[changed.artist][1]["derived"]["transitive"]
    write_reaches(graph, [])


@pytest.mark.neo4j
def test_metrics_store_the_widest_and_a_load_drops_them(community, tmp_path, monkeypatch):
    graph, env = community
    monkeypatch.setattr("lineage.metrics_db.heavy_artists",
                        lambda downstream: heavy_artists(downstream, min_works=50, most=5))
    report = run_metrics(graph)
    assert report.reach_artists == 5 and len(stored_ids(graph)) == 5
    top = graph.read_text("MATCH (a:Artist) RETURN a.id AS id ORDER BY a.downstream_works DESC, a.id LIMIT 5")
    assert stored_ids(graph) == {r["id"] for r in top}
    # Any load that writes drops them before its first write: they described the graph before it.
    extra = tmp_path / "extra"
    generate(extra, works=20, artists=5, seed=3, prefix="x")
    result = CliRunner().invoke(main, ["load", str(extra)], env=env)
    assert result.exit_code == 0, result.output
    assert stored_ids(graph) == set()


def test_compute_reaches_picks_none_below_the_floor():
    arrays = arrays_of([("b", "a")], {"a": ["x"], "b": ["y"]})
    assert compute_reaches(arrays, np.array([1, 0])) == []


@pytest.mark.neo4j
def test_a_large_lineage_takes_its_size_from_current_metrics_and_a_load_makes_them_stale(community, tmp_path,
                                                                                        monkeypatch):
    graph, env = community
    run_metrics(graph)
    # Every lineage counts as large here, so the stored size is used wherever the stamp allows it.
    monkeypatch.setattr("lineage.api.ONE_QUERY_LIMIT", 3)
    widest = graph.read_text("MATCH (w:Work) RETURN w.id AS id ORDER BY w.descendants + w.ancestors DESC, w.id "
                             "LIMIT 6")
    assert graph.read_text("MATCH (m:MetricsRun) RETURN m.exact AS exact") == [{"exact": True}]
    stored = {r["id"]: [api.lineage(graph, r["id"], direction=d, cap=40).to_dict() for d in api.DIRECTIONS]
              for r in widest}
    assert max(a["total"] for answers in stored.values() for a in answers) > 40
    graph.run_write("stored_drop")  # the live count from here on
    for work, answers in stored.items():
        assert [api.lineage(graph, work, direction=d, cap=40).to_dict() for d in api.DIRECTIONS] == answers, work
    # The stamp is what is read: a changed metric shows while stamped ...
    run_metrics(graph)
    work = widest[0]["id"]
    graph.write(lambda tx: tx.run("MATCH (w:Work {id: $id}) SET w.descendants = w.descendants + 7", id=work).consume())
    assert api.lineage(graph, work, direction="down", cap=40).total == stored[work][1]["total"] + 7
    # ... and not after a load, which drops the stamp before its first write.
    extra = tmp_path / "extra"
    generate(extra, works=20, artists=5, seed=4, prefix="y")
    assert CliRunner().invoke(main, ["load", str(extra)], env=env).exit_code == 0
    assert graph.read_text("MATCH (m:MetricsRun) RETURN m") == []
    assert api.lineage(graph, work, direction="down", cap=40).total == stored[work][1]["total"]


@pytest.mark.neo4j
def test_without_works_the_influence_keeps_its_artists_and_counts(community):
    graph, _ = community
    artist = graph.read_text("MATCH (a:Artist)-[:CONTRIBUTED]->() RETURN a.id AS id, count(*) AS n "
                             "ORDER BY n DESC, id LIMIT 1")[0]["id"]
    full = api.artist_influence(graph, artist, cap=50)
    lean = api.artist_influence(graph, artist, cap=50, works=False)
    assert full["works"] and full["derived"]["works"] and lean["works"] == [] == lean["derived"]["works"]
    for key in ("artist", "downstream_artists", "upstream_artists", "collaborators", "counts", "upstream"):
        assert lean[key] == full[key], key
    assert (lean["derived"]["direct"], lean["derived"]["transitive"]) == \
        (full["derived"]["direct"], full["derived"]["transitive"])


@pytest.mark.neo4j
def test_an_index_with_dates_answers_any_day_as_the_live_walk_does(community):
    graph, _ = community
    # Real-data flaws the generator never writes: undated works and remixes dated before their source.
    undated = graph.write(lambda tx: tx.run(
        "MATCH (w:Work) WITH w ORDER BY w.id SKIP 3 LIMIT 3 REMOVE w.created_at RETURN collect(w.id) AS ids"
    ).single()["ids"])
    graph.write(lambda tx: tx.run(
        "MATCH (d:Work)-[:REMIXES]->(s:Work) WITH DISTINCT d ORDER BY d.id SKIP 10 LIMIT 30 "
        "SET d.created_at = '2009-12-31T12:00:00'").consume())
    anomalies = graph.read_text("MATCH (d:Work)-[:REMIXES]->(s:Work) WHERE d.created_at < s.created_at "
                                "RETURN count(*) AS n")[0]["n"]
    assert len(undated) == 3 and anomalies >= 30
    created: list = []
    arrays = pull(graph, created=created)
    assert sorted(w for w, c in zip(arrays.work_ids, created) if not c) == sorted(undated)
    index = ReachIndex(arrays, created=created)
    widest = [str(arrays.artist_ids[a])
              for a in np.argsort(-np.bincount(arrays.contrib_artist, minlength=arrays.n_artists))[:5]]
    days = sorted(c[:10] for c in created if c)
    checked = 0
    for day in (days[0], days[len(days) // 4], days[len(days) // 2], days[-1], "2009-12-31", "2100-01-01"):
        for artist in widest:
            live = api.artist_influence(graph, artist, as_of=day, cap=50, stored=False)
            assert api.artist_influence(graph, artist, as_of=day, cap=50, index=index) == live, (day, artist)
            checked += live["derived"]["transitive"] > 0
    assert checked >= 10  # most of them reach something: the answers compared are not empty ones
    works = graph.read_text("MATCH (w:Work)<-[:REMIXES]-() RETURN w.id AS id, count(*) AS remixes "
                            "ORDER BY remixes DESC, id LIMIT 4")  # the most remixed, whatever the metrics say
    largest = 0
    for day in (days[len(days) // 4], days[-1], "2100-01-01"):
        for work in [r["id"] for r in works] + undated[:1]:  # the widest, and an undated one
            for direction, depth, cap in (("down", None, 40), ("both", None, 2000), ("up", 2, 5), ("down", 1, 3)):
                try:
                    live = api.lineage(graph, work, direction=direction, depth=depth, as_of=day, cap=cap).to_dict()
                except InvalidParameter:  # the work did not exist yet: the same refusal either way
                    with pytest.raises(InvalidParameter):
                        api.lineage(graph, work, direction=direction, depth=depth, as_of=day, cap=cap, index=index)
                    continue
                assert api.lineage(graph, work, direction=direction, depth=depth, as_of=day, cap=cap,
                                   index=index).to_dict() == live, (day, work, direction, depth, cap)
                largest = max(largest, live["total"])
    assert largest > 500  # lineages past the caps were compared, not only small ones
    # The index is what answered: one whose dates say "undated" everywhere answers a past day as today.
    index.day_rank[:] = -1
    artist, early = widest[0], days[len(days) // 4]
    assert api.artist_influence(graph, artist, as_of=early, cap=50, index=index)["derived"]["transitive"] == \
        api.artist_influence(graph, artist, cap=50, stored=False)["derived"]["transitive"] > \
        api.artist_influence(graph, artist, as_of=early, cap=50, stored=False)["derived"]["transitive"]
    widest = works[0]["id"]
    assert api.lineage(graph, widest, direction="down", as_of=early, index=index).total == \
        api.lineage(graph, widest, direction="down").total > \
        api.lineage(graph, widest, direction="down", as_of=early).total

"""lineage.api against the real Neo4j: hand-worked lineages, then random DAGs
checked against the independent networkx computation of lineage.dag."""

from __future__ import annotations

from unittest import mock

import networkx as nx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import queries
from lineage import api, asof, dag
from lineage.errors import ArtistNotFound, InvalidParameter, LineageCycle, WorkNotFound
from lineage.model import WORK_METRICS
from lineage_testgraphs import clear, random_dags, write_lineage

pytestmark = pytest.mark.neo4j


def ids(lineage: api.Lineage) -> list[str]:
    return [n["id"] for n in lineage.nodes]


def distances(lineage: api.Lineage) -> dict:
    return {n["id"]: n["distance"] for n in lineage.nodes}


def edge_pairs(lineage: api.Lineage) -> list[tuple]:
    return [(e["source"], e["target"]) for e in lineage.edges]


# -- hand-worked: the family of tests/lineage_testgraphs.py --------------------------------
class TestAncestry:
    def test_diamond_counted_once_with_shortest_distances(self, fam):
        result = api.ancestry(fam, "f")
        assert ids(result) == ["f", "m1", "m2", "o1", "o2"]
        assert distances(result) == {"f": 0, "m1": 1, "m2": 1, "o1": 2, "o2": 2}
        assert [n["side"] for n in result.nodes] == ["focus", "ancestor", "ancestor", "ancestor", "ancestor"]
        assert edge_pairs(result) == [("f", "m1"), ("f", "m2"), ("m1", "o1"), ("m2", "o1"), ("m2", "o2")]
        assert result.origins == ["o1", "o2"]
        assert (result.total, result.truncated, result.direction) == (5, False, "up")

    def test_edges_carry_kind_and_weight(self, fam):
        edge = next(e for e in api.ancestry(fam, "f").edges if e["target"] == "m2")
        assert edge == {"source": "f", "target": "m2", "kind": "sample", "weight": 0.25, "temporal_anomaly": False}

    def test_depth_keeps_near_ancestors_and_no_false_origins(self, fam):
        result = api.ancestry(fam, "f", depth=1)
        assert ids(result) == ["f", "m1", "m2"]
        assert result.origins == []
        assert [n["origin"] for n in result.nodes] == [False, False, False]
        assert result.total == 3 and result.depth == 1

    def test_an_origin_is_its_own_origin(self, fam):
        result = api.ancestry(fam, "o1")
        assert ids(result) == ["o1"] and result.origins == ["o1"] and result.edges == []

    def test_focus_carries_metrics_present(self, fam):
        focus = api.ancestry(fam, "f").focus
        assert focus == {"id": "f", "title": "Work f", "medium": "music", "created_at": "2019-05-01",
                         "status": "published", "pagerank": 0.3}


def test_every_work_metric_reaches_the_lineage_nodes(graph):
    G = nx.DiGraph([("b", "a")])
    G.nodes["a"].update({metric: i + 0.5 for i, metric in enumerate(WORK_METRICS)})
    write_lineage(graph, G)
    node = api.descendants(graph, "a").nodes[0]
    assert {m: node[m] for m in WORK_METRICS} == {m: i + 0.5 for i, m in enumerate(WORK_METRICS)}
    assert api.path(graph, "b", "a")[1]["pagerank"] == G.nodes["a"]["pagerank"]


class TestDescendants:
    def test_descendants(self, fam):
        result = api.descendants(fam, "f")
        assert ids(result) == ["f", "d1", "d2"]
        assert distances(result) == {"f": 0, "d1": 1, "d2": 1}
        assert edge_pairs(result) == [("d1", "f"), ("d2", "d1"), ("d2", "f")]
        assert result.origins == [] and result.total == 3

    def test_both_directions_and_cap(self, fam):
        whole = api.lineage(fam, "f")
        assert ids(whole) == ["f", "d1", "d2", "m1", "m2", "o1", "o2"]
        assert len(whole.edges) == 8 and whole.total == 7 and not whole.truncated
        capped = api.lineage(fam, "f", cap=3)
        assert ids(capped) == ["f", "d1", "d2"]
        assert (capped.total, capped.truncated, capped.cap) == (7, True, 3)
        assert edge_pairs(capped) == [("d1", "f"), ("d2", "d1"), ("d2", "f")]

    def test_to_dict_is_the_documented_shape(self, fam):
        out = api.lineage(fam, "f", direction="down", depth=1, as_of="2019-06-30", cap=10).to_dict()
        assert set(out) == {"focus", "direction", "depth", "as_of", "cap", "nodes", "edges", "origins",
                            "truncated", "total"}
        assert (out["direction"], out["depth"], out["as_of"], out["cap"]) == ("down", 1, "2019-06-30", 10)
        assert out["nodes"][1] == {"id": "d1", "title": "Work d1", "medium": "music", "created_at": "2019-06-01",
                                   "status": "published", "distance": 1, "side": "descendant", "origin": False}


class TestAsOf:
    def test_later_works_left_out(self, fam):
        result = api.lineage(fam, "f", as_of="2019-06-15")
        assert ids(result) == ["f", "d1", "m1", "m2", "o1", "o2"]
        assert ("d2", "f") not in edge_pairs(result)

    def test_the_day_itself_counts(self, fam):
        assert ids(api.descendants(fam, "f", as_of="2019-06-01")) == ["f", "d1"]
        assert ids(api.descendants(fam, "f", as_of="2019-05-31")) == ["f"]

    def test_focus_must_exist_that_day(self, fam):
        with pytest.raises(InvalidParameter, match="did not exist yet on 2019-04-30"):
            api.ancestry(fam, "f", as_of="2019-04-30")

    def test_undated_works_are_kept(self, fam):
        assert ids(api.lineage(fam, "x", as_of="1990-01-01")) == ["x"]


class TestBadInput:
    def test_unknown_work(self, fam):
        for call in (lambda: api.ancestry(fam, "nope"), lambda: api.descendants(fam, "nope"),
                     lambda: api.path(fam, "f", "nope"), lambda: api.common_ancestry(fam, "nope", "f"),
                     lambda: api.work_details(fam, "nope")):
            with pytest.raises(WorkNotFound, match="nope"):
                call()

    def test_unknown_artist(self, fam):
        with pytest.raises(ArtistNotFound):
            api.artist_influence(fam, "nobody")
        with pytest.raises(ArtistNotFound):
            api.artist_details(fam, "nobody")

    @pytest.mark.parametrize("kwargs, message", [
        ({"depth": 0}, "depth"), ({"depth": -1}, "depth"), ({"depth": "2"}, "depth"), ({"depth": True}, "depth"),
        ({"as_of": "2019-02-30"}, "as-of"), ({"as_of": "2019-2-3"}, "as-of"), ({"as_of": "yesterday"}, "as-of"),
        ({"cap": 0}, "cap"), ({"cap": 10**6}, "cap"), ({"direction": "sideways"}, "direction"),
    ])
    def test_bad_parameters(self, fam, kwargs, message):
        with pytest.raises(InvalidParameter, match=message):
            api.lineage(fam, "f", **kwargs)

    def test_cycle_is_reported(self, graph):
        G = nx.DiGraph([("a", "b"), ("b", "c"), ("c", "a")])
        write_lineage(graph, G)
        with pytest.raises(LineageCycle):
            api.lineage(graph, "a")
        # one direction at a time, a work is never its own ancestor
        assert ids(api.ancestry(graph, "a")) == ["a", "b", "c"]


class TestPath:
    def test_shortest_chain_derived_first(self, fam):
        chain = api.path(fam, "d2", "o2")
        assert [w["id"] for w in chain] == ["d2", "f", "m2", "o2"]
        assert chain[1]["remix"] == {"kind": "sample", "weight": 0.25, "temporal_anomaly": False}
        assert "remix" not in chain[-1]

    def test_other_direction_starts_at_the_derived_work(self, fam):
        assert [w["id"] for w in api.path(fam, "o2", "d2")] == ["d2", "f", "m2", "o2"]

    def test_not_derived(self, fam):
        assert api.path(fam, "o1", "o2") is None
        assert api.path(fam, "d1", "x") is None

    def test_same_work(self, fam):
        assert [w["id"] for w in api.path(fam, "f", "f")] == ["f"]


class TestCommonAncestry:
    def test_nearest_first_ties_by_id(self, fam):
        shared = api.common_ancestry(fam, "d2", "m2")
        assert [(w["id"], w["distance_a"], w["distance_b"]) for w in shared] == [("o1", 3, 1), ("o2", 3, 1)]

    def test_a_work_is_not_its_own_ancestor(self, fam):
        assert [w["id"] for w in api.common_ancestry(fam, "f", "d1")] == ["m1", "m2", "o1", "o2"]

    def test_nothing_shared(self, fam):
        assert api.common_ancestry(fam, "o1", "x") == []

    def test_as_of(self, fam):
        with pytest.raises(InvalidParameter):
            api.common_ancestry(fam, "f", "d1", as_of="2019-05-15")
        assert [w["id"] for w in api.common_ancestry(fam, "m1", "m2", as_of="2019-12-31")] == ["o1"]


class TestArtists:
    def test_influence(self, fam):
        out = api.artist_influence(fam, "alice")
        assert out["artist"] == {"id": "alice", "handle": "alice", "name": "Alice A.", "joined_at": None}
        assert [(w["id"], w["role"], w["weight"]) for w in out["works"]] == [("o1", "creator", 1.0),
                                                                              ("m1", "creator", 0.5)]
        derived = out["derived"]
        assert (derived["direct"], derived["transitive"], derived["truncated"]) == (2, 4, False)
        assert [(w["id"], w["distance"]) for w in derived["works"]] == [("f", 1), ("m2", 1), ("d1", 2), ("d2", 2)]
        # bob co-made m1, alice's own remix of her o1: it reached him too.
        assert [(a["id"], a["works"]) for a in out["downstream_artists"]] == [("bob", 2), ("carol", 1)]
        assert out["upstream_artists"] == [] and out["upstream"] == {"transitive": 0}
        assert [(a["id"], a["shared_works"]) for a in out["collaborators"]] == [("bob", 1)]

    def test_upstream_and_as_of(self, fam):
        out = api.artist_influence(fam, "bob")
        # alice co-made m1, which bob's own f builds on: bob drew on her there too.
        assert [(a["id"], a["works"]) for a in out["upstream_artists"]] == [("alice", 2), ("dave", 1)]
        assert [(a["id"], a["works"]) for a in out["downstream_artists"]] == [("carol", 1)]
        assert out["artist"]["h_index"] == 1
        earlier = api.artist_influence(fam, "alice", as_of="2019-05-15", cap=1)
        assert (earlier["derived"]["transitive"], len(earlier["derived"]["works"])) == (2, 1)
        assert earlier["derived"]["truncated"] is True
        assert [a["id"] for a in earlier["downstream_artists"]] == ["bob"]

    def test_roles_joined_and_weights_summed(self, graph):
        G = nx.DiGraph()
        G.add_node("w", created_at="2020-01-01")
        write_lineage(graph, G, [{"id": "a"}], [("a", "w", "writer", 0.5), ("a", "w", "editor", 0.25)])
        works = api.artist_details(graph, "a")["works"]
        assert [(w["id"], w["role"], w["weight"]) for w in works] == [("w", "editor, writer", 0.75)]

    def test_details(self, fam):
        out = api.artist_details(fam, "bob")
        assert out["properties"] == {"id": "bob", "handle": "bob", "name": "Bob B.", "h_index": 1}
        assert [w["id"] for w in out["works"]] == ["m1", "f"]


class TestWorkDetails:
    def test_everything_about_a_work(self, fam):
        out = api.work_details(fam, "f")
        assert out["properties"]["tags"] == ["film", "remix"]
        assert out["properties"]["extra_id"] == "legacy-7" and out["properties"]["license"] == "CC-BY"
        assert out["work"]["pagerank"] == 0.3
        assert out["contributors"] == [{"id": "bob", "handle": "bob", "name": "Bob B.", "role": "creator",
                                        "weight": 1.0}]
        assert [(s["id"], s["kind"], s["weight"]) for s in out["sources"]] == [("m1", "remix", 1.0),
                                                                                ("m2", "sample", 0.25)]
        assert [r["id"] for r in out["remixes"]] == ["d1", "d2"]
        assert out["counts"] == {"contributors": 1, "sources": 2, "remixes": 2}


def test_wide_diamond_ladder_is_not_path_enumeration(graph):
    """40 diamonds in a row hold 2**40 paths; a walk visits each of the 121 works once (totals count the focus)."""
    G = nx.DiGraph()
    for i in range(40):
        G.add_edges_from([(f"t{i + 1}", f"l{i}"), (f"t{i + 1}", f"r{i}"), (f"l{i}", f"t{i}"), (f"r{i}", f"t{i}")])
    write_lineage(graph, G)
    # Each query under a server-side timeout first, so that a path-enumerating plan fails instead of hanging.
    for name, focus in {"lineage_walk_up": "t40", "lineage_walk_down": "t0"}.items():
        params = {"id": focus, "before": None, "depth": None, "cap": 10, "one_query_limit": 1000}
        rows = graph.read_text(queries.load(name), params, timeout=10)
        assert rows[0]["reach"] == rows[0]["total"] == 120
    rows = graph.read_text(queries.load("lineage_path"), {"derived": "t40", "source": "t0"}, timeout=10)
    assert len(rows[0]["works"]) == 81
    up = api.ancestry(graph, "t40")
    assert up.total == 121 and up.origins == ["t0"] and distances(up)["t0"] == 80
    assert api.descendants(graph, "t0", cap=7).total == 121
    assert len(api.path(graph, "t40", "t0")) == 81
    with mock.patch.object(api, "ONE_QUERY_LIMIT", 0):  # the level-by-level walk
        assert api.ancestry(graph, "t40").total == 121


# -- random DAGs against networkx ---------------------------------------------------------
def expected_lineage(G: nx.DiGraph, focus: str, direction: str, depth, as_of, cap) -> dict:
    H = asof.graph_as_of(G, as_of) if as_of else G
    sides = {}
    if direction in ("up", "both"):
        sides.update({w: (d, "ancestor") for w, d in dag.ancestry(H, focus, depth).items()})
    if direction in ("down", "both"):
        sides.update({w: (d, "descendant") for w, d in dag.descendants(H, focus, depth).items()})
    chosen = dag.nearest({w: d for w, (d, _) in sides.items()}, cap - 1)
    kept = [focus, *chosen]
    return {
        "nodes": [(focus, 0, "focus")] + [(w, *sides[w]) for w in chosen],
        "edges": sorted(H.subgraph(kept).edges),
        "origins": [w for w in kept if H.out_degree(w) == 0],
        "total": 1 + len(sides),
    }


SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
AS_OF = st.sampled_from([None, "2019-12-31", "2020-01-02", "2020-01-03", "2020-01-04", "2020-01-31"])


@SETTINGS
@given(G=random_dags(), data=st.data())
def test_lineage_matches_networkx(graph, G, data):
    clear(graph)
    write_lineage(graph, G)
    focus = data.draw(st.sampled_from(sorted(G)))
    direction = data.draw(st.sampled_from(api.DIRECTIONS))
    depth = data.draw(st.sampled_from([None, 1, 2, 3]))
    cap = data.draw(st.sampled_from([1, 2, 3, 5, 2000]))
    as_of = data.draw(AS_OF)
    limit = data.draw(st.sampled_from([api.ONE_QUERY_LIMIT, 0]))  # one query, or level by level
    if as_of and not asof.existed_on(G.nodes[focus]["created_at"], as_of):
        with pytest.raises(InvalidParameter):
            api.lineage(graph, focus, direction=direction, as_of=as_of)
        return
    with mock.patch.object(api, "ONE_QUERY_LIMIT", limit):
        got = api.lineage(graph, focus, direction=direction, depth=depth, as_of=as_of, cap=cap)
    want = expected_lineage(G, focus, direction, depth, as_of, cap)
    assert [(n["id"], n["distance"], n["side"]) for n in got.nodes] == want["nodes"]
    assert edge_pairs(got) == want["edges"]
    assert got.origins == want["origins"]
    assert got.total == want["total"]
    assert got.truncated == (want["total"] > cap)


@SETTINGS
@given(G=random_dags(), data=st.data())
def test_path_matches_networkx(graph, G, data):
    clear(graph)
    write_lineage(graph, G)
    a = data.draw(st.sampled_from(sorted(G)))
    b = data.draw(st.sampled_from(sorted(G)))
    got = api.path(graph, a, b)
    want = dag.shortest_derivation(G, a, b)
    if want is None:
        assert got is None
        return
    chain = [w["id"] for w in got]
    assert len(chain) == len(want) and {chain[0], chain[-1]} == {a, b}
    assert chain[0] == want[0]  # the same work is the derived one
    assert all(G.has_edge(u, v) for u, v in zip(chain, chain[1:]))


@SETTINGS
@given(G=random_dags(), data=st.data())
def test_common_ancestry_matches_networkx(graph, G, data):
    clear(graph)
    write_lineage(graph, G)
    a = data.draw(st.sampled_from(sorted(G)))
    b = data.draw(st.sampled_from(sorted(G)))
    as_of = data.draw(AS_OF)
    H = G
    if as_of:
        H = asof.graph_as_of(G, as_of)
        if a not in H or b not in H:
            with pytest.raises(InvalidParameter):
                api.common_ancestry(graph, a, b, as_of=as_of)
            return
    got = api.common_ancestry(graph, a, b, as_of=as_of)
    assert [(w["id"], w["distance_a"], w["distance_b"]) for w in got] == dag.common_ancestry(H, a, b)


@SETTINGS
@given(G=random_dags(), data=st.data())
def test_artist_influence_matches_networkx(graph, G, data):
    clear(graph)
    works = sorted(G)
    artists = ["p", "q", "r"]
    contributions = data.draw(st.sets(st.tuples(st.sampled_from(artists), st.sampled_from(works)), max_size=12))
    write_lineage(graph, G, [{"id": a} for a in artists], [(a, w, "creator", 1.0) for a, w in contributions])
    me = data.draw(st.sampled_from(artists))
    as_of = data.draw(AS_OF)
    H = asof.graph_as_of(G, as_of) if as_of else G
    own = {w for a, w in contributions if a == me and w in H}
    down, up = {}, set()
    for w in own:
        for d, dist in dag.descendants(H, w).items():
            down[d] = min(dist, down.get(d, dist))
        up |= set(dag.ancestry(H, w))
    # Artists are reached through every strict descendant (ancestor), own works included.
    down_all, up_all = set(down), set(up)
    down = {w: d for w, d in down.items() if w not in own}
    up -= own

    def reached(works_reached):
        counts = {}
        for a, w in contributions:
            if a != me and w in works_reached:
                counts[a] = counts.get(a, 0) + 1
        return sorted(counts.items(), key=lambda t: (-t[1], t[0]))

    cap = data.draw(st.sampled_from([1, 3]))  # 1: every list is cut short
    got = api.artist_influence(graph, me, as_of=as_of, cap=cap)
    # Each list holds at most cap entries; counts gives the full numbers.
    assert got["counts"]["works"] == len(own)
    assert len(got["works"]) == min(cap, len(own)) and {w["id"] for w in got["works"]} <= own
    assert got["derived"]["transitive"] == len(down)
    assert got["derived"]["direct"] == sum(1 for d in down.values() if d == 1)
    assert [(w["id"], w["distance"]) for w in got["derived"]["works"]] == [
        (w, down[w]) for w in dag.nearest(down, cap)]
    assert [(a["id"], a["works"]) for a in got["downstream_artists"]] == reached(down_all)[:cap]
    assert got["counts"]["downstream_artists"] == len(reached(down_all))
    assert [(a["id"], a["works"]) for a in got["upstream_artists"]] == reached(up_all)[:cap]
    assert got["counts"]["upstream_artists"] == len(reached(up_all))
    assert [(a["id"], a["shared_works"]) for a in got["collaborators"]] == reached(own)[:cap]
    assert got["counts"]["collaborators"] == len(reached(own))
    assert got["upstream"]["transitive"] == len(up)

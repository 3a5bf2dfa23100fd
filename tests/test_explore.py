"""The focus view's bounded read (lineage/explore.py).

Unit tests of the walk and the grouping (no database), then the query path
against the real Neo4j, compared with the full-lineage computation it
replaces (``web.graphs.focus.focus_payload`` of ``lineage.api.lineage``):
the same works drawn in the same order, the same groups and counts, the same
merged links, on hand-made and random graphs, with and without filters.
"""

from __future__ import annotations

import html
import random

import networkx as nx
import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from lineage import api
from lineage.errors import InvalidParameter, LineageCycle, WorkNotFound
from lineage.explore import Filters, Level, explore, generations, walk
from lineage.model import MEDIA, REMIX_KINDS
from tests.lineage_testgraphs import DAYS, clear, family, write_lineage
from web.graphs import focus


def stepper(edges: dict[str, list[str]], media: dict | None = None, value: dict | None = None):
    """A step over an in-memory adjacency (work -> the works one link away), as the level queries answer."""
    calls = []

    def step(way, frontier, seen):
        calls.append(list(frontier))
        seen = set(seen)
        found = dict.fromkeys(y for w in frontier for y in edges.get(w, []) if y not in seen)
        return [(x, (media or {}).get(x), (value or {}).get(x), len(edges.get(x, []))) for x in found]

    step.calls = calls
    return step


class TestWalk:
    def test_a_work_alone_has_no_generations(self):
        assert walk(stepper({}), "f", "up", 4, "descendants") == []
        gens, beyond, bound = generations({"up": [], "down": []}, 3, 8, {})
        assert (gens, beyond, bound) == ([], {"up": 0, "down": 0}, False)

    def test_a_missing_work_reaches_nothing(self):
        assert walk(stepper({"a": ["b"]}), "nowhere", "down", 3, "degree") == []

    def test_a_cycle_is_walked_once_at_the_shortest_distances(self):
        # f -> a -> b -> f and a shortcut f -> b: b is at distance 1, never again.
        step = stepper({"f": ["a", "b"], "a": ["b"], "b": ["f", "c"], "c": ["a"]})
        levels = walk(step, "f", "up", 10, "degree")
        assert [[r[0] for r in level.rows] for level in levels] == [["b", "a"], ["c"]]
        assert len(step.calls) == 3  # the third level finds nothing new and the walk ends

    def test_distinct_per_level_and_ranked(self):
        # A ladder of diamonds: 2^n paths, n levels of two works each.
        edges = {}
        prev = ["f"]
        for i in range(12):
            pair = [f"l{i}a", f"l{i}b"]
            for p in prev:
                edges[p] = pair
            prev = pair
        levels = walk(stepper(edges, value={"l0b": 5}), "f", "down", 12, "descendants")
        assert [len(level.rows) for level in levels] == [2] * 12
        assert levels[0].rows[0][0] == "l0b"  # by the metric first

    def test_caps_make_lower_bounds_from_the_cut_level_on(self):
        edges = {"f": [f"a{i}" for i in range(10)], **{f"a{i}": [f"b{i}"] for i in range(10)}, "b0": ["c0"]}
        levels = walk(stepper(edges), "f", "up", 3, "degree", expand_cap=4)
        assert [len(level.rows) for level in levels] == [10, 4, 1]
        assert [level.lower_bound for level in levels] == [False, True, True]
        capped = walk(stepper(edges), "f", "up", 3, "degree", level_cap=10)
        assert capped[0].lower_bound and capped[1].lower_bound

    def test_groups_count_media_and_the_opened_generations(self):
        rows = [(f"w{i}", MEDIA[i % 3], i, 1) for i in range(20)]
        rows.sort(key=lambda r: -r[2])
        gens, beyond, _ = generations({"down": [Level(rows), Level(rows[:3])]}, 1, 8, {1: 12})
        (g,) = gens
        assert (g.gen, len(g.drawn), g.count, sum(g.media.values())) == (1, 12, 20, 8)
        assert beyond == {"up": 0, "down": 3}


class TestFilters:
    def test_names_are_whitelisted(self):
        with pytest.raises(InvalidParameter):
            Filters(media=("sculpture",))
        with pytest.raises(InvalidParameter):
            Filters(kinds=("theft",))
        with pytest.raises(InvalidParameter):
            Filters(min_key="title", min_value=1.0)
        with pytest.raises(InvalidParameter):
            Filters(date_from="2013-01-01", date_to="2012-01-01")
        assert Filters(kinds=("remix",)).params()["kinds"] == ["remix"]


# -- against the real Neo4j ---------------------------------------------------------------
def graph_degrees(graph) -> dict:
    return {r["id"]: r["n"] for r in graph.read_text("MATCH (w:Work) RETURN w.id AS id, COUNT { (w)-[:REMIXES]-() } AS n")}


def essence(payload: dict, origin: bool = True) -> dict:
    """What must agree between the two computations: works drawn (in order), groups, links, counts.

    ``origin`` (a work without sources) is the work's own: a filter does not make a work an origin,
    while a graph holding only the works that pass would.
    """
    return {
        "nodes": [n["id"] for n in payload["nodes"]],
        "places": {n["id"]: (n["x"], n["y"]) for n in payload["nodes"]},
        "groups": {n["id"]: (n["info"]["count"], n["info"]["media"], n["info"]["members_preview"])
                   for n in payload["nodes"] if n["info"]["kind"] == "group"},
        "edges": sorted((e["from"], e["to"], e.get("count", 1), e.get("label")) for e in payload["edges"]),
        "counts": (payload["shown"], payload["grouped"], payload["beyond"], payload["total"], payload["left_out"]),
        "rank": payload["rank"],
        "side": {n["id"]: (n["info"].get("side"), n["info"].get("distance"), n["info"].get("origin") if origin else None)
                 for n in payload["nodes"] if n["info"]["kind"] == "work"},
    }


def old_view(graph, work, *, direction="both", depth=3, as_of=None, rank="descendants", per_gen=8, more=None,
             degree=None):
    answer = api.lineage(graph, work, direction=direction, depth=depth + 1, as_of=as_of, cap=api.MAX_CAP).to_dict()
    return focus.focus_payload(answer, depth=depth, rank=rank, per_generation=per_gen, more=more,
                               degree=degree if degree is not None else graph_degrees(graph), work_url=None)


def new_view(graph, work, *, direction="both", depth=3, as_of=None, rank="descendants", per_gen=8, more=None,
             filters=Filters()):
    view = explore(graph, work, direction=direction, depth=depth, as_of=as_of, rank=rank, per_generation=per_gen,
                   more=more, filters=filters)
    return focus.draw_focus(view, rank=rank, per_generation=per_gen, more=more, work_url=None)


def wide(seed: int, works: int = 400) -> nx.DiGraph:
    """A wide random DAG: many works per generation, media, kinds, metrics with ties, dates."""
    rng = random.Random(seed)
    G = nx.DiGraph()
    for i in range(works):
        G.add_node(f"w{i}", medium=rng.choices(MEDIA, weights=[5, 1, 1, 5, 1, 1, 1])[0], created_at=rng.choice([None, *DAYS]),
                   descendants=rng.choice([0, 0, 1, 2, 5, 9]), pagerank=rng.choice([None, 0.1, 0.2]))
    for i in range(1, works):
        for j in rng.sample(range(max(0, i - 25), i), k=min(i, rng.choice([1, 2, 3, 4]))):
            G.add_edge(f"w{i}", f"w{j}", kind=rng.choice(REMIX_KINDS[:3]))
    return G


@pytest.mark.neo4j
class TestAgainstTheFullLineage:
    def test_the_family(self, fam):
        for work in ("f", "m2", "o1", "d2", "x"):
            for direction in ("up", "down", "both"):
                for depth in (1, 3):
                    assert essence(new_view(fam, work, direction=direction, depth=depth)) == \
                        essence(old_view(fam, work, direction=direction, depth=depth)), (work, direction, depth)

    def test_as_of_and_rank_by_degree(self, fam):
        assert essence(new_view(fam, "f", as_of="2019-06-15", rank="degree")) == \
            essence(old_view(fam, "f", as_of="2019-06-15", rank="degree"))

    def test_wide_graphs_groups_paging_and_every_rank(self, graph):
        for seed in (1, 2):
            clear(graph)
            write_lineage(graph, wide(seed))
            degree = graph_degrees(graph)
            grouped = 0
            for work in ("w200", "w40", "w399"):
                for rank, per_gen, more in (("descendants", 8, None), ("degree", 3, {1: 6, -2: 200}),
                                            ("pagerank", 8, None), ("generation", 8, None)):
                    new = essence(new_view(graph, work, rank=rank, per_gen=per_gen, more=more))
                    old = essence(old_view(graph, work, rank=rank, per_gen=per_gen, more=more, degree=degree))
                    assert new == old, (seed, work, rank)
                    grouped += len(new["groups"])
            assert grouped >= 5, "the test graphs have groups"

    def test_filters_count_what_a_filtered_graph_would_hold(self, graph):
        """A filtered view is the view of the graph holding only the works and links that pass (the focus kept)."""
        G = wide(3)
        cases = [
            Filters(media=("image", "music")),
            Filters(kinds=("remix",)),
            Filters(date_from="2020-01-02", date_to="2020-01-05"),
            Filters(min_key="descendants", min_value=2.0),
            Filters(media=("video",), kinds=("sample", "remix"), min_key="descendants", min_value=1.0),
        ]
        focus_work = max(G, key=lambda w: (len(nx.ancestors(G, w)) + len(nx.descendants(G, w)), w))
        nonempty = 0
        for filters in cases:
            clear(graph)
            write_lineage(graph, G)
            degree = graph_degrees(graph)  # ties by the links in the whole graph, as the view documents
            new = essence(new_view(graph, focus_work, filters=filters), origin=False)
            keep = [n for n, d in G.nodes(data=True) if n == focus_work or passes(d, filters)]
            H = G.subgraph(keep).copy()
            H.remove_edges_from([(u, v) for u, v, d in H.edges(data=True)
                                 if filters.kinds and d.get("kind", "remix") not in filters.kinds])
            clear(graph)
            write_lineage(graph, H)
            old = essence(old_view(graph, focus_work, degree=degree), origin=False)
            assert new == old, filters
            nonempty += new["counts"][0] > 1
        assert nonempty >= 3, "most filters leave works to draw"

    def test_a_missing_work_and_a_bad_value(self, fam):
        with pytest.raises(WorkNotFound):
            explore(fam, "no-such-work")
        with pytest.raises(InvalidParameter):
            explore(fam, "f", rank="title")
        with pytest.raises(InvalidParameter):
            explore(fam, "f", as_of="2018-01-01")

    def test_a_cycle_is_refused(self, graph):
        G = nx.DiGraph([("a", "f"), ("f", "b"), ("b", "a")])  # a remixes f remixes b remixes a
        write_lineage(graph, G)
        with pytest.raises(LineageCycle):
            explore(graph, "f")
        view = explore(graph, "f", direction="up")
        assert [g["drawn"] for g in view["generations"]] == [["b"], ["a"]]

    def test_caps_say_lower_bound(self, graph):
        G = nx.DiGraph([(f"r{i}", "f") for i in range(30)] + [(f"s{i}", f"r{i}") for i in range(30)])
        write_lineage(graph, G)
        view = explore(graph, "f", direction="down", level_cap=10)
        assert view["lower_bound"] and view["generations"][0]["count"] == 10
        exact = explore(graph, "f", direction="down")
        assert not exact["lower_bound"] and [g["count"] for g in exact["generations"]] == [30, 30]
        payload = focus.draw_focus(view, work_url=None)
        assert payload["lower_bound"] and "+≥" in next(n["label"] for n in payload["nodes"] if n["id"] == "group:1")


def passes(data: dict, filters: Filters) -> bool:
    created = data.get("created_at")
    day = created[:10] if created else None
    if filters.media and data.get("medium", "music") not in filters.media:
        return False
    if filters.date_from and (day is None or created < filters.date_from):
        return False
    if filters.date_to and (day is None or day > filters.date_to):
        return False
    if filters.min_key and not (data.get(filters.min_key) is not None and data[filters.min_key] >= filters.min_value):
        return False
    return True


@pytest.mark.neo4j
@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(dag=st.builds(lambda seed, n: wide(seed, n), st.integers(0, 10_000), st.integers(1, 40)),
       pick=st.integers(0, 39), per_gen=st.integers(1, 4), depth=st.integers(1, 3))
def test_random_graphs_agree(graph, dag, pick, per_gen, depth):
    clear(graph)
    write_lineage(graph, dag)
    work = f"w{pick % dag.number_of_nodes()}"
    assert essence(new_view(graph, work, per_gen=per_gen, depth=depth)) == \
        essence(old_view(graph, work, per_gen=per_gen, depth=depth))


@pytest.mark.neo4j
class TestRoute:
    @pytest.fixture
    def client(self, fam, neo4j_settings):
        from web_helpers import make_app

        return make_app(neo4j_settings).test_client()

    @pytest.mark.parametrize("query, says", [
        ("medium=sculpture", "parameter 'medium'"), ("medium=,", "parameter 'medium'"),
        ("kind=theft", "parameter 'kind'"), ("from=2019-02-30", "parameter 'from'"),
        ("to=yesterday", "parameter 'to'"), ("from=2019-05-02&to=2019-05-01", "the range is empty"),
        ("min=descendants", "parameter 'min'"), ("min=title:3", "parameter 'min'"),
        ("min=descendants:-1", "parameter 'min'"), ("min=pagerank:nan", "parameter 'min'"),
        ("medium=music&medium=image", "given 2 times"),
    ])
    def test_a_bad_filter_is_a_400_with_its_message(self, client, query, says):
        r = client.get(f"/works/f/graph.json?{query}")
        assert r.status_code == 400 and says in html.unescape(r.get_data(as_text=True))

    def test_filters_apply_and_stay_in_the_links(self, client):
        body = client.get("/works/f/graph.json?kind=sample&from=2019-01-01").get_json()
        # f -> m2 is the only "sample" link; m2's own sources are "remix" links, f's remixes link by "remix".
        assert sorted(n["id"] for n in body["nodes"]) == ["f", "m2"]
        assert body["filters"] == {"kind": ["sample"], "from": "2019-01-01"}
        assert "kind=sample" in body["links"]["self"] and "from=2019-01-01" in body["links"]["self"]
        assert "kind=sample" in body["links"]["overview"]

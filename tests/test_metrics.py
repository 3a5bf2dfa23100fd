"""lineage.metrics: pure tests (no database), hand-checked graphs and independent computations."""

from __future__ import annotations

import random

import networkx as nx
import numpy as np
import pytest

from lineage.errors import ArtistNotFound, InvalidParameter, LineageCycle, WorkNotFound
from lineage.metrics import (
    DAMPING,
    PAGERANK_TOL,
    LineageArrays,
    artist_metrics,
    compute_metrics,
    generations,
    h_index,
    lineage_pagerank,
    pagerank_solve,
    work_metrics,
)
from lineage.model import ARTIST_METRICS, WORK_METRICS


def lineage(edges, contributors=None, artists=()):
    """A DiGraph in the metrics convention: edges derived -> source, contributors per work."""
    g = nx.DiGraph()
    for edge in edges:
        g.add_edge(*edge[:2], **({"weight": edge[2]} if len(edge) > 2 else {}))
    for work, people in (contributors or {}).items():
        g.add_node(work)
        g.nodes[work]["contributors"] = people
    g.graph["artists"] = {a: {} for a in artists}
    return g


def column(metrics, name):
    return {w: v[name] for w, v in metrics.items()}


# ---------------------------------------------------------------------------
# work metrics on hand-checked graphs
# ---------------------------------------------------------------------------
class TestWorkMetrics:
    def test_chain(self):
        # c remixes b, b remixes a
        m = work_metrics(lineage([("b", "a"), ("c", "b")]))
        assert column(m, "direct_remixes") == {"a": 1, "b": 1, "c": 0}
        assert column(m, "descendants") == {"a": 2, "b": 1, "c": 0}
        assert column(m, "ancestors") == {"a": 0, "b": 1, "c": 2}
        assert column(m, "generation") == {"a": 0, "b": 1, "c": 2}
        assert column(m, "bridge") == {"a": 0, "b": 1, "c": 0}

    def test_star(self):
        m = work_metrics(lineage([(f"r{i}", "o") for i in range(5)]))
        assert m["o"]["direct_remixes"] == 5
        assert m["o"]["descendants"] == 5
        assert m["o"]["bridge"] == 0  # an origin connects no (ancestor, descendant) pair
        assert all(m[f"r{i}"]["ancestors"] == 1 and m[f"r{i}"]["generation"] == 1 for i in range(5))

    def test_diamond(self):
        m = work_metrics(lineage([("top", "left"), ("top", "right"), ("left", "base"), ("right", "base")]))
        assert m["base"]["descendants"] == 3  # left, right and top: top once, not once per path
        assert m["top"]["ancestors"] == 3
        assert m["base"]["direct_remixes"] == 2
        assert m["top"]["generation"] == 2
        assert m["left"]["bridge"] == 1 and m["right"]["bridge"] == 1

    def test_generation_is_the_longest_chain(self):
        # d reaches the origin a directly and through b -> c: the longest chain counts
        m = work_metrics(lineage([("d", "a"), ("d", "c"), ("c", "b"), ("b", "a")]))
        assert m["d"]["generation"] == 3

    def test_isolated_work(self):
        m = work_metrics(lineage([], {"solo": {"x": 1.0}}))
        assert m["solo"] == {"direct_remixes": 0, "descendants": 0, "ancestors": 0, "generation": 0,
                             "pagerank": 1.0, "bridge": 0}

    def test_every_metric_is_present(self):
        m = work_metrics(lineage([("b", "a")]))
        assert set(m["a"]) == set(WORK_METRICS)

    def test_empty_graph(self):
        assert work_metrics(nx.DiGraph()) == {}
        assert artist_metrics(nx.DiGraph()) == {}

    def test_cycle(self):
        with pytest.raises(LineageCycle) as err:
            work_metrics(lineage([("a", "b"), ("b", "c"), ("c", "a"), ("d", "a")]))
        assert set(err.value.cycle) == {"a", "b", "c"}

    def test_self_loop_is_a_cycle(self):
        with pytest.raises(LineageCycle):
            work_metrics(lineage([("a", "a")]))

    def test_missing_node(self):
        with pytest.raises(WorkNotFound):
            work_metrics(lineage([("b", "a")]), ["nope"])

    def test_selected_works(self):
        assert list(work_metrics(lineage([("b", "a")]), ["a"])) == ["a"]


class TestPagerank:
    def test_matches_converged_networkx_weighted(self):
        # networkx run to convergence (its default stop is far looser: tests/test_pagerank_converged.py)
        rng = random.Random(7)
        for trial in range(5):
            g = nx.DiGraph()
            g.add_nodes_from(range(60))
            for v in range(1, 60):
                for s in rng.sample(range(v), k=min(v, rng.choice([0, 1, 1, 2, 3]))):
                    g.add_edge(v, s, weight=rng.choice([0.5, 1.0, 2.0, 4.0]))
            ours = work_metrics(g)
            theirs = nx.pagerank(g, weight="weight", tol=1e-16, max_iter=10_000)
            for v in g:
                assert ours[v]["pagerank"] == pytest.approx(theirs[v], rel=1e-10)

    def test_credit_flows_to_sources(self):
        m = work_metrics(lineage([("b", "a"), ("c", "a")]))
        assert m["a"]["pagerank"] > m["b"]["pagerank"] == pytest.approx(m["c"]["pagerank"])
        assert sum(v["pagerank"] for v in m.values()) == pytest.approx(1.0)

    def test_weights_steer_the_flow(self):
        m = work_metrics(lineage([("d", "heavy", 3.0), ("d", "light", 1.0)]))
        assert m["heavy"]["pagerank"] > m["light"]["pagerank"]

    def test_zero_weight_source_is_dangling(self):
        # all out-weights zero: treated like an origin, as networkx does
        ours = lineage_pagerank(2, np.array([1]), np.array([0]), np.array([0.0]))
        assert ours.tolist() == pytest.approx([0.5, 0.5])

    def test_empty(self):
        assert lineage_pagerank(0, np.array([], int), np.array([], int), np.array([])).tolist() == []
        pr = pagerank_solve(0, np.array([], int), np.array([], int), np.array([]))
        assert (pr.iterations, pr.change, pr.residual) == (0, 0.0, 0.0)

    def test_no_edges_is_uniform_at_once(self):
        pr = pagerank_solve(4, np.array([], int), np.array([], int), np.array([]))
        assert pr.ranks.tolist() == [0.25] * 4 and pr.iterations == 1 and pr.change == 0.0

    def test_chain_is_exact_after_its_length(self):
        # 0 <- 1 <- 2 <- 3: y = 1, 1 + a, 1 + a + a^2, 1 + a + a^2 + a^3 (from the end of the chain back)
        a = DAMPING
        pr = pagerank_solve(4, np.array([1, 2, 3]), np.array([0, 1, 2]), np.ones(3))
        y = np.array([1 + a + a * a + a ** 3, 1 + a + a * a, 1 + a, 1.0])
        assert pr.ranks == pytest.approx(y / y.sum(), rel=1e-15)
        assert pr.iterations == 4 and pr.change == 0.0 and pr.residual < 1e-15

    def test_dangling_works_share_their_rank(self):
        # two origins (0, 1), each remixed once; an unremixed origin (4) shares in the dangling rank too
        pr = pagerank_solve(5, np.array([2, 3]), np.array([0, 1]), np.ones(2))
        x = pr.ranks
        assert x[0] == pytest.approx(x[1]) and x[2] == pytest.approx(x[3]) == pytest.approx(x[4])
        assert x[0] > x[2] and x.sum() == pytest.approx(1.0, abs=1e-15)

    def test_cycle_converges_within_its_bound(self):
        # compute_metrics refuses a cycle, but the solver's bound holds there too (an infinite series)
        pr = pagerank_solve(3, np.array([0, 1, 2]), np.array([1, 2, 0]), np.ones(3))
        assert pr.ranks == pytest.approx([1 / 3] * 3, rel=PAGERANK_TOL)
        assert 0 < pr.error_bound <= PAGERANK_TOL and pr.iterations > 100
        with pytest.raises(RuntimeError, match="did not reach"):
            pagerank_solve(3, np.array([0, 1, 2]), np.array([1, 2, 0]), np.ones(3), max_iter=10)

    def test_error_bound_holds_on_random_lineages(self):
        # a loose tolerance, so the bound is what stops it: the true error stays under it
        rng = np.random.default_rng(3)
        for _ in range(5):
            n = 300
            d = rng.integers(1, n, 600)
            s = (rng.random(600) * d).astype(np.int64)  # a source older than its remix: a DAG
            w = rng.choice([0.5, 1.0, 3.0], 600)
            arr = LineageArrays.build(list(range(n)), d, s, w, [], [], [], None)
            pr = pagerank_solve(n, arr.derived, arr.source, arr.remix_weight, tol=1e-4)
            g = nx.DiGraph()
            g.add_nodes_from(range(n))
            g.add_weighted_edges_from(zip(arr.derived.tolist(), arr.source.tolist(), arr.remix_weight.tolist()))
            exact = nx.pagerank(g, tol=1e-16, max_iter=10_000)
            exact = np.array([exact[i] for i in range(n)])
            error = np.max(np.abs(pr.ranks - exact) / exact)
            assert pr.error_bound <= 1e-4 and error <= pr.error_bound

    def test_the_run_reports_how_it_converged(self):
        m = compute_metrics(LineageArrays.from_digraph(lineage([("b", "a"), ("c", "b")])))
        assert m.pagerank["tolerance"] == PAGERANK_TOL and m.pagerank["iterations"] == 3
        assert set(m.pagerank) >= {"iterations", "change", "error_bound", "residual", "damping"}


class TestGenerations:
    def test_cycle(self):
        with pytest.raises(LineageCycle):
            generations(2, np.array([0, 1]), np.array([1, 0]))

    def test_empty(self):
        assert generations(0, np.array([], int), np.array([], int)).tolist() == []


# ---------------------------------------------------------------------------
# artist metrics
# ---------------------------------------------------------------------------
class TestArtistMetrics:
    def test_chain(self):
        g = lineage([("b", "a"), ("c", "b")], {"a": {"x": 1.0}, "b": {"y": 1.0}, "c": {"z": 1.0}})
        a = artist_metrics(g)
        assert a["x"]["works"] == 1 and a["x"]["works_remixed"] == 1
        assert a["x"]["downstream_works"] == 2 and a["x"]["downstream_artists"] == 2
        assert a["y"]["downstream_works"] == 1 and a["y"]["downstream_artists"] == 1
        assert a["z"] == {"works": 1, "works_remixed": 0, "downstream_works": 0, "downstream_artists": 0,
                          "h_index": 0, "influence": pytest.approx(work_metrics(g)["c"]["pagerank"])}

    def test_diamond_counts_each_descendant_once(self):
        g = lineage([("top", "left"), ("top", "right"), ("left", "base"), ("right", "base")],
                    {"base": {"ann": 1.0}, "top": {"bob": 1.0}})
        a = artist_metrics(g)
        assert a["ann"]["downstream_works"] == 3
        assert a["ann"]["downstream_artists"] == 1
        assert a["ann"]["works_remixed"] == 1  # left and right have no contributors: not ann's
        assert a["ann"]["h_index"] == 1

    def test_own_remixes_do_not_count(self):
        # x remixed their own song (r1) and y remixed it (r2)
        g = lineage([("r1", "song"), ("r2", "song"), ("r3", "r1")],
                    {"song": {"x": 1.0}, "r1": {"x": 1.0}, "r2": {"y": 1.0}, "r3": {"x": 1.0, "z": 1.0}})
        a = artist_metrics(g)
        assert a["x"]["works"] == 3
        assert a["x"]["works_remixed"] == 1  # song, by y; r1 was remixed only by a work x is on
        assert a["x"]["downstream_works"] == 1  # r2; r1 and r3 are x's own
        assert a["x"]["downstream_artists"] == 2  # y, and z who co-made r3
        assert a["x"]["h_index"] == 1

    def test_influence_is_pagerank_times_weight_share(self):
        g = lineage([("b", "a")], {"a": {"x": 3.0, "y": 1.0}, "b": {"x": 0.0, "z": 0.0}})
        pr = {w: v["pagerank"] for w, v in work_metrics(g).items()}
        a = artist_metrics(g)
        assert a["x"]["influence"] == pytest.approx(pr["a"] * 0.75 + pr["b"] * 0.5)  # zero weights: equal
        assert a["y"]["influence"] == pytest.approx(pr["a"] * 0.25)
        assert sum(v["influence"] for v in a.values()) == pytest.approx(1.0)

    def test_missing_artist(self):
        with pytest.raises(ArtistNotFound):
            artist_metrics(lineage([("b", "a")], {"a": {"x": 1.0}}), ["nobody"])

    def test_cycle(self):
        with pytest.raises(LineageCycle):
            artist_metrics(lineage([("a", "b"), ("b", "a")], {"a": {"x": 1.0}}))

    def test_every_metric_is_present(self):
        a = artist_metrics(lineage([("b", "a")], {"a": {"x": 1.0}}))
        assert set(a["x"]) == set(ARTIST_METRICS)


class TestHIndex:
    def test_no_works(self):
        assert h_index([]) == 0
        a = artist_metrics(lineage([("b", "a")], {"a": {"x": 1.0}}, artists=["idle"]))
        assert a["idle"] == {"works": 0, "works_remixed": 0, "downstream_works": 0, "downstream_artists": 0,
                             "h_index": 0, "influence": 0.0}

    def test_all_unremixed(self):
        assert h_index([0, 0, 0]) == 0
        a = artist_metrics(lineage([], {"p": {"x": 1.0}, "q": {"x": 1.0}}))
        assert a["x"]["h_index"] == 0 and a["x"]["works"] == 2

    def test_h_equals_the_number_of_works(self):
        assert h_index([3, 3, 3]) == 3
        assert h_index([5, 4, 3]) == 3
        edges = [(f"{w}-r{i}", w) for w in ("p", "q", "s") for i in range(3)]
        a = artist_metrics(lineage(edges, {"p": {"x": 1.0}, "q": {"x": 1.0}, "s": {"x": 1.0}}))
        assert a["x"]["h_index"] == 3

    def test_capped_by_counts(self):
        assert h_index([10, 1, 1]) == 1
        assert h_index([1]) == 1
        assert h_index([4, 4, 1, 0]) == 2


# ---------------------------------------------------------------------------
# against independent computations on random DAGs
# ---------------------------------------------------------------------------
def random_lineage(seed, n=120, artists=25):
    rng = random.Random(seed)
    g = nx.DiGraph()
    g.add_nodes_from(range(n))
    for v in range(1, n):
        for s in rng.sample(range(v), k=min(v, rng.choice([0, 0, 1, 1, 2, 3]))):
            g.add_edge(v, s, weight=rng.choice([1.0, 2.0]))
    for v in range(n):
        people = rng.sample(range(artists), k=rng.choice([0, 1, 1, 2, 3]))
        g.nodes[v]["contributors"] = {f"a{p}": rng.choice([1.0, 2.0]) for p in people}
    g.graph["artists"] = {f"a{p}": {} for p in range(artists)}
    return g


def brute_force_artists(g):
    """The artist metrics by their definitions, with plain Python sets."""
    contrib = {w: set(g.nodes[w].get("contributors") or {}) for w in g}
    out = {}
    for artist in g.graph["artists"]:
        works = [w for w in g if artist in contrib[w]]
        down = set().union(*(nx.ancestors(g, w) for w in works)) if works else set()
        by_others = [sum(1 for d in g.predecessors(w) if artist not in contrib[d]) for w in works]
        ordered = sorted(by_others, reverse=True)
        out[artist] = {
            "works": len(works),
            "works_remixed": sum(1 for c in by_others if c > 0),
            "downstream_works": len({d for d in down if artist not in contrib[d]}),
            "downstream_artists": len(set().union(*(contrib[d] for d in down)) - {artist}) if down else 0,
            "h_index": max([i for i, c in enumerate(ordered, 1) if c >= i], default=0),
        }
    return out


@pytest.mark.parametrize("seed", range(6))
def test_exact_counts_match_networkx(seed):
    g = random_lineage(seed)
    m = work_metrics(g)
    for v in g:
        assert m[v]["descendants"] == len(nx.ancestors(g, v))  # works that reach v
        assert m[v]["ancestors"] == len(nx.descendants(g, v))  # works v reaches
        assert m[v]["direct_remixes"] == g.in_degree(v)
        longest = max((len(p) - 1 for o in nx.descendants(g, v) | {v} if g.out_degree(o) == 0
                       for p in nx.all_simple_paths(g, v, o)), default=0) if g.out_degree(v) else 0
        assert m[v]["generation"] == longest


@pytest.mark.parametrize("seed", range(6))
def test_artist_metrics_match_brute_force(seed):
    g = random_lineage(seed)
    ours = artist_metrics(g)
    theirs = brute_force_artists(g)
    for artist, expected in theirs.items():
        assert {k: ours[artist][k] for k in expected} == expected, artist


def test_sketches_are_exact_for_small_sets_and_close_for_large():
    # exact_limit=0 forces the bottom-k sketches; sets of up to k members stay exact
    rng = random.Random(11)
    g = nx.DiGraph()
    g.add_nodes_from(range(3000))
    for v in range(1, 3000):
        # preferential: most remixes reach back to a few early works, so some sets are large
        for s in {int(rng.random() ** 3 * v) for _ in range(rng.choice([1, 1, 2]))}:
            g.add_edge(v, s)
    exact = work_metrics(g)
    estimated = work_metrics(g, exact_limit=0, sketch_size=64)
    large = [v for v in g if exact[v]["descendants"] > 64]
    assert large, "the graph must have sets larger than the sketch"
    for v in g:
        if exact[v]["descendants"] <= 64:
            assert estimated[v]["descendants"] == exact[v]["descendants"]
        if exact[v]["ancestors"] <= 64:
            assert estimated[v]["ancestors"] == exact[v]["ancestors"]
    errors = [abs(estimated[v]["descendants"] - exact[v]["descendants"]) / exact[v]["descendants"] for v in large]
    assert np.mean(errors) < 0.2  # 1/sqrt(62) ~ 0.13 standard error
    arrays = LineageArrays.from_digraph(g)
    m = compute_metrics(arrays, exact_limit=0, sketch_size=64)
    assert not m.exact and m.estimated_works >= len(large)
    assert compute_metrics(arrays).exact


def test_exact_limit_falls_back_to_sketches_with_a_note():
    g = random_lineage(3, n=300)
    m = compute_metrics(LineageArrays.from_digraph(g), exact_limit=10, sketch_size=512)
    assert not m.exact and m.notes
    # every set is smaller than 512: the sketches hold them whole, so the counts are still right
    exact = compute_metrics(LineageArrays.from_digraph(g))
    for name in ("descendants", "ancestors"):
        assert m.work[name].tolist() == exact.work[name].tolist()
    for name in ("downstream_works", "downstream_artists"):
        assert m.artist[name].tolist() == exact.artist[name].tolist()


class TestLineageArrays:
    def test_repeated_contributions_are_merged(self):
        arr = LineageArrays.build(["w"], [], [], None, ["x"], [0, 0], [0, 0], [1.0, 2.0])
        assert arr.contrib_weight.tolist() == [3.0]
        assert compute_metrics(arr).artist["works"].tolist() == [1]

    def test_index_out_of_range(self):
        with pytest.raises(InvalidParameter):
            LineageArrays.build(["a"], [1], [0], None, [], [], [], None)

    def test_negative_weight(self):
        with pytest.raises(InvalidParameter):
            LineageArrays.build(["a", "b"], [1], [0], [-1.0], [], [], [], None)

    def test_empty(self):
        m = compute_metrics(LineageArrays.build([], [], [], None, [], [], [], None))
        assert all(len(v) == 0 for v in m.work.values()) and m.exact

    def test_bad_sketch_size(self):
        with pytest.raises(InvalidParameter):
            compute_metrics(LineageArrays.build([], [], [], None, [], [], [], None), sketch_size=1)

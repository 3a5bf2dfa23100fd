"""lineage.dag: the networkx reference computations, on hand-checked graphs.

Grouped per function; each group covers the empty graph, a cycle and a
missing work. Edges run from the derived work to its source.
"""

from __future__ import annotations

import networkx as nx
import pytest

from lineage import asof, dag
from lineage.errors import InvalidParameter, LineageCycle, WorkNotFound

EMPTY = nx.DiGraph()
CYCLE = nx.DiGraph([("a", "b"), ("b", "c"), ("c", "a"), ("d", "a")])  # d remixes into a 3-cycle
# f remixes m1 and m2, which both remix o1 (a diamond); m2 also remixes o2; d1 and d2 remix f; d2 remixes d1.
FAMILY = nx.DiGraph([("m1", "o1"), ("m2", "o1"), ("m2", "o2"), ("f", "m1"), ("f", "m2"),
                     ("d1", "f"), ("d2", "d1"), ("d2", "f")])


class TestAncestry:
    def test_distances_are_shortest(self):
        assert dag.ancestry(FAMILY, "d2") == {"d1": 1, "f": 1, "m1": 2, "m2": 2, "o1": 3, "o2": 3}

    def test_depth(self):
        assert dag.ancestry(FAMILY, "d2", depth=2) == {"d1": 1, "f": 1, "m1": 2, "m2": 2}
        assert dag.ancestry(FAMILY, "d2", depth=1) == {"d1": 1, "f": 1}

    def test_origin_has_none(self):
        assert dag.ancestry(FAMILY, "o1") == {}

    def test_bad_depth(self):
        for depth in (0, -1, 1.5, "2", True):
            with pytest.raises(InvalidParameter):
                dag.ancestry(FAMILY, "f", depth=depth)

    def test_empty_graph(self):
        with pytest.raises(WorkNotFound):
            dag.ancestry(EMPTY, "a")

    def test_cycle_terminates_without_the_work_itself(self):
        assert dag.ancestry(CYCLE, "a") == {"b": 1, "c": 2}
        assert dag.ancestry(CYCLE, "d") == {"a": 1, "b": 2, "c": 3}

    def test_missing_work(self):
        with pytest.raises(WorkNotFound, match="'zz'"):
            dag.ancestry(FAMILY, "zz")


class TestDescendants:
    def test_distances(self):
        assert dag.descendants(FAMILY, "o1") == {"m1": 1, "m2": 1, "f": 2, "d1": 3, "d2": 3}

    def test_depth(self):
        assert dag.descendants(FAMILY, "o1", depth=2) == {"m1": 1, "m2": 1, "f": 2}

    def test_leaf(self):
        assert dag.descendants(FAMILY, "d2") == {}

    def test_empty_graph(self):
        with pytest.raises(WorkNotFound):
            dag.descendants(EMPTY, "a")

    def test_cycle(self):
        assert dag.descendants(CYCLE, "a") == {"c": 1, "d": 1, "b": 2}

    def test_missing_work(self):
        with pytest.raises(WorkNotFound):
            dag.descendants(FAMILY, "zz")


class TestOrigins:
    def test_origins(self):
        assert dag.origins(FAMILY, "d2") == {"o1", "o2"}
        assert dag.origins(FAMILY, "m1") == {"o1"}

    def test_an_origin_is_its_own(self):
        assert dag.origins(FAMILY, "o2") == {"o2"}

    def test_empty_graph(self):
        with pytest.raises(WorkNotFound):
            dag.origins(EMPTY, "a")

    def test_cycle_has_none(self):
        assert dag.origins(CYCLE, "d") == set()

    def test_missing_work(self):
        with pytest.raises(WorkNotFound):
            dag.origins(FAMILY, "zz")


class TestPaths:
    def test_derivation_path(self):
        assert dag.derivation_path(FAMILY, "d2", "o2") == ["d2", "f", "m2", "o2"]
        assert dag.derivation_path(FAMILY, "o2", "d2") is None
        assert dag.derivation_path(FAMILY, "f", "f") == ["f"]

    def test_shortest_derivation_either_way(self):
        assert dag.shortest_derivation(FAMILY, "o2", "d2") == ["d2", "f", "m2", "o2"]
        assert dag.shortest_derivation(FAMILY, "o1", "o2") is None

    def test_empty_graph(self):
        with pytest.raises(WorkNotFound):
            dag.shortest_derivation(EMPTY, "a", "b")

    def test_cycle(self):
        assert dag.shortest_derivation(CYCLE, "a", "c") == ["a", "b", "c"]
        assert dag.shortest_derivation(CYCLE, "d", "c") == ["d", "a", "b", "c"]

    def test_missing_work(self):
        with pytest.raises(WorkNotFound):
            dag.derivation_path(FAMILY, "f", "zz")
        with pytest.raises(WorkNotFound):
            dag.shortest_derivation(FAMILY, "zz", "f")


class TestCommonAncestry:
    def test_nearest_first(self):
        # d1: f 1, m1 2, m2 2, o1 3, o2 3; m2: o1 1, o2 1
        assert dag.common_ancestry(FAMILY, "d1", "m2") == [("o1", 3, 1), ("o2", 3, 1)]
        # d2 and d1: f (1, 1), m1 (2, 2), m2 (2, 2), o1 (3, 3), o2 (3, 3); d1 is d2's source, not its own
        assert dag.common_ancestry(FAMILY, "d2", "d1") == [("f", 1, 1), ("m1", 2, 2), ("m2", 2, 2),
                                                           ("o1", 3, 3), ("o2", 3, 3)]

    def test_ties_broken_by_the_larger_distance(self):
        G = nx.DiGraph([("x", "a"), ("x", "p"), ("p", "b"), ("y", "b"), ("y", "q"), ("q", "a")])
        # x: a 1, b 2 (through p); y: b 1, a 2 (through q): both sum 3, max 2 -> the id decides
        assert dag.common_ancestry(G, "x", "y") == [("a", 1, 2), ("b", 2, 1)]
        H = nx.DiGraph([("x", "a"), ("x", "b1"), ("b1", "b2"), ("b2", "b"), ("y", "a"), ("y", "a1"), ("a1", "a2"),
                        ("y", "b")])
        # a: (1, 1); b: (3, 1) sum 4 max 3; a2: only y's
        assert dag.common_ancestry(H, "x", "y") == [("a", 1, 1), ("b", 3, 1)]
        K = nx.DiGraph([("x", "z"), ("z", "z2"), ("x", "c"), ("y", "z2"), ("y", "c1"), ("c1", "c")])
        # z2: (2, 1) sum 3 max 2; c: (1, 2) sum 3 max 2 -> "c" < "z2"
        assert dag.common_ancestry(K, "x", "y") == [("c", 1, 2), ("z2", 2, 1)]
        M = nx.DiGraph([("x", "s"), ("y", "s1"), ("s1", "s2"), ("s2", "s"), ("x", "t1"), ("t1", "t"),
                        ("y", "t1b"), ("t1b", "t")])
        # s: (1, 3) sum 4 max 3; t: (2, 2) sum 4 max 2 -> t first although "s" < "t"
        assert dag.common_ancestry(M, "x", "y") == [("t", 2, 2), ("s", 1, 3)]

    def test_nothing_shared(self):
        assert dag.common_ancestry(FAMILY, "o1", "o2") == []

    def test_empty_graph(self):
        with pytest.raises(WorkNotFound):
            dag.common_ancestry(EMPTY, "a", "b")

    def test_cycle(self):
        assert dag.common_ancestry(CYCLE, "a", "d") == [("b", 1, 2), ("c", 2, 3)]

    def test_missing_work(self):
        with pytest.raises(WorkNotFound):
            dag.common_ancestry(FAMILY, "f", "zz")


class TestNearest:
    def test_by_distance_then_id(self):
        assert dag.nearest({"w2": 1, "w10": 1, "a": 2, "b": 0}, 3) == ["b", "w10", "w2"]

    def test_cap_larger_than_the_map(self):
        assert dag.nearest({"a": 1}, 10) == ["a"]

    def test_empty(self):
        assert dag.nearest({}, 3) == [] and dag.nearest({"a": 1}, 0) == []

    def test_cycle_distances(self):
        assert dag.nearest(dag.ancestry(CYCLE, "d"), 2) == ["a", "b"]

    def test_missing_work(self):
        with pytest.raises(WorkNotFound):
            dag.nearest(dag.descendants(FAMILY, "zz"), 2)


class TestAsOf:
    def dated(self, G: nx.DiGraph, dates: dict) -> nx.DiGraph:
        H = G.copy()
        nx.set_node_attributes(H, {n: None for n in H}, "created_at")
        nx.set_node_attributes(H, dates, "created_at")
        return H

    def test_later_works_and_their_remixes_left_out(self):
        G = self.dated(FAMILY, {"o1": "2019-01-01", "o2": "2019-02-01", "m1": "2019-03-01", "m2": "2019-04-01",
                                "f": "2019-05-01", "d1": "2019-06-01", "d2": "2019-07-01T08:00:00+02:00"})
        H = asof.graph_as_of(G, "2019-04-15")
        assert sorted(H) == ["m1", "m2", "o1", "o2"]
        assert sorted(H.edges) == [("m1", "o1"), ("m2", "o1"), ("m2", "o2")]
        assert "d2" in asof.graph_as_of(G, "2019-07-01") and "d2" not in asof.graph_as_of(G, "2019-06-30")

    def test_undated_works_kept(self):
        G = self.dated(FAMILY, {"f": "2030-01-01"})
        assert sorted(asof.graph_as_of(G, "2000-01-01")) == ["d1", "d2", "m1", "m2", "o1", "o2"]

    def test_copy_not_view(self):
        G = self.dated(FAMILY, {})
        H = asof.graph_as_of(G, "2000-01-01")
        H.remove_node("f")
        assert "f" in G

    def test_empty_graph(self):
        assert len(asof.graph_as_of(EMPTY, "2020-01-01")) == 0

    def test_cycle(self):
        G = self.dated(CYCLE, {"c": "2021-01-01"})
        assert sorted(asof.graph_as_of(G, "2020-12-31").edges) == [("a", "b"), ("d", "a")]

    def test_missing_work_is_simply_absent(self):
        G = self.dated(FAMILY, {"f": "2030-01-01"})
        with pytest.raises(WorkNotFound):
            dag.ancestry(asof.graph_as_of(G, "2020-01-01"), "f")

    @pytest.mark.parametrize("day", ["2019-02-29", "2019-13-01", "2019-1-1", "20190101", "", "2019-01-01T00:00",
                                     None, 20190101, "２０１９-01-01"])
    def test_bad_days(self, day):
        with pytest.raises(InvalidParameter):
            asof.graph_as_of(FAMILY, day)

    def test_next_day_edges(self):
        assert asof.next_day("2020-02-28") == "2020-02-29"
        assert asof.next_day("2019-12-31") == "2020-01-01"
        with pytest.raises(InvalidParameter):
            asof.next_day("9999-12-31")


class TestCycles:
    def test_find_cycle(self):
        cycle = dag.find_cycle(CYCLE)
        assert sorted(cycle) == ["a", "b", "c"]
        assert all(CYCLE.has_edge(u, v) for u, v in zip(cycle, cycle[1:] + cycle[:1]))

    def test_acyclic(self):
        assert dag.find_cycle(FAMILY) is None
        dag.require_acyclic(FAMILY)

    def test_empty_graph(self):
        assert dag.find_cycle(EMPTY) is None
        dag.require_acyclic(EMPTY)

    def test_require_acyclic_names_the_cycle(self):
        with pytest.raises(LineageCycle) as err:
            dag.require_acyclic(CYCLE)
        assert err.value.cycle[0] == err.value.cycle[-1] and len(err.value.cycle) == 4
        assert err.value.http_status == 409

    def test_self_remix(self):
        assert dag.find_cycle(nx.DiGraph([("a", "a")])) == ["a"]

    def test_missing_work_not_involved(self):
        # find_cycle looks at the whole graph: there is no work to miss
        assert dag.find_cycle(nx.DiGraph([("a", "b")])) is None


class TestFromEdges:
    def test_dates_and_isolated_works(self):
        G = dag.from_edges([("b", "a")], {"a": "2020-01-01", "z": None})
        assert sorted(G.edges) == [("b", "a")] and G.nodes["z"]["created_at"] is None

    def test_empty(self):
        assert len(dag.from_edges([])) == 0

    def test_cycle(self):
        assert dag.find_cycle(dag.from_edges([("a", "b"), ("b", "a")])) is not None

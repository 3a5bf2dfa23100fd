"""The cycle rule (graph_loader.cycles): the edge that closes a cycle is refused, in file order.

Checked against a plain reference written here with networkx: take the edges
in order and refuse one exactly when its source already reaches its derived
work through the edges accepted so far (the graph's own edges first).
"""

from __future__ import annotations

import networkx as nx
from hypothesis import given, settings
from hypothesis import strategies as st

from graph_loader.cycles import cycle_closing_edges, refuse_cycles


def reference(edges, existing=()):
    accepted = nx.DiGraph()
    accepted.add_edges_from(existing)
    refused = []
    for i, (u, v) in enumerate(edges):
        if u == v or (u in accepted and v in accepted and nx.has_path(accepted, v, u)):
            refused.append(i)
        else:
            accepted.add_edge(u, v)
    return refused


def assert_is_cycle_closed_by(cycle, edge, accepted_edges):
    u, v = edge
    assert cycle[0] == u and cycle[1] == v and cycle[-1] == u
    for a, b in zip(cycle[1:], cycle[2:]):
        assert (a, b) in accepted_edges, f"{a}->{b} is not an accepted edge"


class TestCycleRule:
    def test_empty(self):
        assert cycle_closing_edges([]) == []
        assert refuse_cycles(0, [], [], []).refused == []

    def test_acyclic_keeps_everything(self):
        assert cycle_closing_edges([("b", "a"), ("c", "a"), ("c", "b"), ("d", "c")]) == []

    def test_pair_citing_each_other(self):
        assert cycle_closing_edges([("a", "b"), ("b", "a")]) == [(1, ["b", "a", "b"])]

    def test_the_later_edge_is_refused_whatever_its_names(self):
        assert cycle_closing_edges([("z", "y"), ("y", "x"), ("x", "z")]) == [(2, ["x", "z", "y", "x"])]
        assert cycle_closing_edges([("x", "z"), ("z", "y"), ("y", "x")]) == [(2, ["y", "x", "z", "y"])]

    def test_names_the_shortest_cycle(self):
        edges = [("a", "b"), ("b", "c"), ("c", "d"), ("b", "d"), ("d", "a")]
        assert cycle_closing_edges(edges) == [(4, ["d", "a", "b", "d"])]

    def test_graph_edges_count_as_accepted_first(self):
        assert cycle_closing_edges([("c", "a")], existing=[("a", "b"), ("b", "c")]) == [(0, ["c", "a", "b", "c"])]

    def test_self_loop(self):
        assert cycle_closing_edges([("a", "a")]) == [(0, ["a", "a"])]

    def test_missing_node_is_no_problem(self):
        # an edge to a node no other edge touches cannot close anything
        assert cycle_closing_edges([("a", "b"), ("c", "d")], existing=[("e", "f")]) == []

    def test_cycle_already_in_the_graph_is_reported_not_fatal(self):
        check = refuse_cycles(3, [0, 2], [2, 0], [1, 2], existing_src=[0, 1], existing_dst=[1, 0])
        assert check.existing_cycles == [[1, 0, 1]]
        assert check.refused == [(1, [2, 0, 2])]

    def test_long_ring_is_fast_and_refuses_only_the_last_edge(self):
        n = 20000
        ring = [(i, i + 1) for i in range(n)] + [(n, 0)]
        refused = cycle_closing_edges(list(reversed(ring)))
        assert len(refused) == 1
        position, cycle = refused[0]
        assert position == n  # (0, 1), the last in the reversed order
        assert len(cycle) == n + 2

    def test_order_not_index_decides(self):
        # refuse_cycles takes edges in the order of `order` (file lines), not their positions
        check = refuse_cycles(2, [0, 1], [1, 0], [20, 10])
        assert [p for p, _ in check.refused] == [0]


edges_strategy = st.lists(
    st.tuples(st.integers(0, 9), st.integers(0, 9)), max_size=60
)


@settings(max_examples=300, deadline=None)
@given(edges=edges_strategy, existing=st.lists(st.tuples(st.integers(0, 9), st.integers(0, 9)), max_size=15))
def test_agrees_with_the_reference(edges, existing):
    # the graph's own edges are acyclic: keep those the reference would accept
    accepted_existing = [e for i, e in enumerate(existing) if i not in set(reference(existing))]
    refused = cycle_closing_edges(edges, existing=accepted_existing)
    assert [i for i, _ in refused] == reference(edges, accepted_existing)
    kept = set(accepted_existing)
    refused_at = dict(refused)
    for i, edge in enumerate(edges):
        if i in refused_at:
            assert_is_cycle_closed_by(refused_at[i], edge, kept | {edge})
        else:
            kept.add(edge)


@settings(max_examples=100, deadline=None)
@given(edges=edges_strategy)
def test_deterministic(edges):
    assert cycle_closing_edges(edges) == cycle_closing_edges(list(edges))

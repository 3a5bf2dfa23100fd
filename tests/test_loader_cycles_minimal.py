"""``--cycles minimal``: the fewest remix links refused per group (issue 11), checked against brute force."""

from __future__ import annotations

import csv
import itertools

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from graph_loader.cycles import EXACT_LIMIT, cycle_closing_edges
from graph_loader.dataset import open_dataset
from graph_loader.loader import load_dataset


def fewest_to_refuse(edges, existing=()):
    """The size of a minimum set of file edges whose removal leaves the graph acyclic (brute force)."""
    edges = [e for e in edges if e[0] != e[1]]
    for k in range(len(edges) + 1):
        for dropped in itertools.combinations(range(len(edges)), k):
            kept = [e for i, e in enumerate(edges) if i not in dropped]
            if nx.is_directed_acyclic_graph(nx.DiGraph(list(existing) + kept)):
                return k
    raise AssertionError("the existing edges hold a cycle")


def check(edges, existing, refused):
    positions = {p for p, _ in refused}
    kept = [e for i, e in enumerate(edges) if i not in positions]
    assert all(u != v for u, v in kept)  # a self loop is always refused
    accepted = set(existing) | set(kept)
    assert nx.is_directed_acyclic_graph(nx.DiGraph(list(accepted)))
    for position, cycle in refused:  # every refused link names a cycle of accepted links it closes
        u, v = edges[position]
        if u == v:
            assert cycle == [u, u]
            continue
        assert cycle[:2] == [u, v] and cycle[-1] == u
        assert all((a, b) in accepted for a, b in zip(cycle[1:], cycle[2:]))


def test_a_group_where_file_order_refuses_four_and_one_suffices():
    # One early link s -> t, then four ways back t -> x -> s: file order keeps s -> t and refuses
    # each x -> s; refusing s -> t alone breaks every cycle.
    edges = [("s", "t")] + [e for x in "1234" for e in ((("t", x), (x, "s")))]
    assert len(cycle_closing_edges(edges)) == 4
    minimal = cycle_closing_edges(edges, rule="minimal")
    assert [edges[p] for p, _ in minimal] == [("s", "t")]
    check(edges, (), minimal)


def test_the_graphs_own_edges_are_never_refused():
    edges = [("c", "a"), ("a", "x")]
    minimal = cycle_closing_edges(edges, existing=[("a", "b"), ("b", "c")], rule="minimal")
    assert minimal == [(0, ["c", "a", "b", "c"])]


small_graphs = st.lists(st.tuples(st.integers(0, 5), st.integers(0, 5)), max_size=11, unique=True)


@settings(max_examples=150, deadline=None)
@given(edges=small_graphs)
def test_minimal_refuses_the_fewest_links(edges):
    refused = cycle_closing_edges(edges, rule="minimal")
    loops = sum(1 for u, v in edges if u == v)
    assert len(refused) == fewest_to_refuse(edges) + loops
    assert len(refused) <= len(cycle_closing_edges(edges))
    check(edges, (), refused)
    assert refused == cycle_closing_edges(edges, rule="minimal")  # deterministic


@settings(max_examples=40, deadline=None)
@given(edges=st.lists(st.tuples(st.integers(0, 24), st.integers(0, 24)), min_size=30, max_size=90, unique=True))
def test_large_groups_get_the_heuristic_and_an_acyclic_graph(edges):
    edges = [(u, v) for u, v in edges if u != v]
    refused = cycle_closing_edges(edges, rule="minimal")
    check(edges, (), refused)
    assert refused == cycle_closing_edges(edges, rule="minimal")


def test_a_group_larger_than_the_exact_limit_uses_the_heuristic():
    ring = [(i, (i + 1) % (EXACT_LIMIT + 6)) for i in range(EXACT_LIMIT + 6)]  # one cycle of 20 works
    refused = cycle_closing_edges(ring, rule="minimal")
    assert len(refused) == 1
    check(ring, (), refused)


@pytest.mark.neo4j
def test_the_loader_with_minimal_keeps_the_conservation_law_on_openideo(graph, tmp_path, openideo):
    dataset = open_dataset(openideo)
    dataset.cycles = "minimal"
    rejects = tmp_path / "rejects.csv"
    summary = load_dataset(graph, dataset, rejects_path=rejects, home=tmp_path)
    for part in summary.parts:
        if part.present:
            assert part.read == part.loaded + part.duplicates + part.rejected, part.file
    with open(rejects, newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == summary.totals()["rejected"] == 20  # file order refuses 23 (docs/dataset-format.md)
    assert all(r["reason"] == "remix_cycle" and "--cycles minimal" in r["message"] for r in rows)
    edges = graph.read_text("MATCH (d:Work)-[:REMIXES]->(s:Work) RETURN d.id AS d, s.id AS s")
    assert nx.is_directed_acyclic_graph(nx.DiGraph((e["d"], e["s"]) for e in edges))

"""Lineage computations as pure functions over a networkx DiGraph.

Edges run from the derived work to its source, as ``REMIXES`` does in Neo4j::

    G.add_edge("remix", "original")      # "remix" derives from "original"

so a work's *ancestors* are the nodes reachable along the edges and its
*descendants* the nodes that reach it. Distances are shortest hop counts.
Works may carry a ``created_at`` attribute (an ISO 8601 string);
:func:`lineage.asof.graph_as_of` keeps what existed on a day.

These functions are the independent computation the Cypher answers of
:mod:`lineage.api` are checked against; they tolerate cycles (a walk never
visits a work twice and a work is never its own ancestor) but
:func:`require_acyclic` says where one is. A work that is not in the graph
raises :class:`~lineage.errors.WorkNotFound`.
"""

from __future__ import annotations

from collections import deque
from typing import Hashable, Iterable

import networkx as nx

from lineage.errors import InvalidParameter, LineageCycle, WorkNotFound

__all__ = [
    "ancestry",
    "descendants",
    "origins",
    "derivation_path",
    "shortest_derivation",
    "common_ancestry",
    "nearest",
    "check_depth",
    "find_cycle",
    "require_acyclic",
]


def check_depth(depth: int | None) -> int | None:
    """Validate a depth limit: None (unlimited) or an int >= 1.

    >>> check_depth(None), check_depth(3)
    (None, 3)
    >>> check_depth(0)
    Traceback (most recent call last):
    ...
    lineage.errors.InvalidParameter: depth must be a whole number of at least 1 (got 0)
    """
    if depth is None:
        return None
    if isinstance(depth, bool) or not isinstance(depth, int) or depth < 1:
        raise InvalidParameter(f"depth must be a whole number of at least 1 (got {depth!r})")
    return depth


def _require(G: nx.DiGraph, work: Hashable) -> None:
    if work not in G:
        raise WorkNotFound(work)


def _walk(G: nx.DiGraph, work: Hashable, neighbours, depth: int | None) -> dict:
    """Breadth-first distances from ``work`` (excluded) along ``neighbours``."""
    _require(G, work)
    depth = check_depth(depth)
    distances: dict = {}
    seen = {work}
    queue = deque([(work, 0)])
    while queue:
        node, dist = queue.popleft()
        if depth is not None and dist >= depth:
            continue
        for nxt in neighbours(node):
            if nxt not in seen:
                seen.add(nxt)
                distances[nxt] = dist + 1
                queue.append((nxt, dist + 1))
    return distances


def ancestry(G: nx.DiGraph, work: Hashable, depth: int | None = None) -> dict:
    """The works ``work`` derives from, transitively, with their distances.

    Parameters
    ----------
    G : nx.DiGraph
        Edges from derived work to source.
    work : node
        The work whose sources are wanted.
    depth : int or None
        Keep ancestors at most this many remixes away (None: all).

    Returns
    -------
    dict
        ``{ancestor: shortest number of hops from work}``; ``work`` itself is
        never included, even on a cycle.

    Examples
    --------
    A diamond: ``d`` remixes ``b`` and ``c``, both of which remix ``a``.

    >>> G = nx.DiGraph([("d", "b"), ("d", "c"), ("b", "a"), ("c", "a")])
    >>> sorted(ancestry(G, "d").items())
    [('a', 2), ('b', 1), ('c', 1)]
    >>> sorted(ancestry(G, "d", depth=1))
    ['b', 'c']
    >>> ancestry(G, "a")
    {}
    """
    return _walk(G, work, G.successors, depth)


def descendants(G: nx.DiGraph, work: Hashable, depth: int | None = None) -> dict:
    """The works derived from ``work``, transitively, with their distances.

    Parameters
    ----------
    G : nx.DiGraph
        Edges from derived work to source.
    work : node
    depth : int or None
        Keep descendants at most this many remixes away (None: all).

    Returns
    -------
    dict
        ``{descendant: shortest number of hops to work}``, ``work`` excluded.

    Examples
    --------
    >>> G = nx.DiGraph([("d", "b"), ("d", "c"), ("b", "a"), ("c", "a")])
    >>> sorted(descendants(G, "a").items())
    [('b', 1), ('c', 1), ('d', 2)]
    >>> descendants(G, "a", depth=1) == {"b": 1, "c": 1}
    True
    """
    return _walk(G, work, G.predecessors, depth)


def origins(G: nx.DiGraph, work: Hashable) -> set:
    """The origins of a work's lineage: its ancestors that have no sources.

    A work with no sources is its own origin.

    Examples
    --------
    >>> G = nx.DiGraph([("d", "b"), ("d", "c"), ("b", "a"), ("c", "z")])
    >>> sorted(origins(G, "d"))
    ['a', 'z']
    >>> origins(G, "a")
    {'a'}
    """
    _require(G, work)
    candidates = [work, *ancestry(G, work)]
    return {n for n in candidates if G.out_degree(n) == 0}


def derivation_path(G: nx.DiGraph, derived: Hashable, source: Hashable) -> list | None:
    """The shortest chain of remixes from ``derived`` back to ``source``.

    Returns
    -------
    list or None
        ``[derived, ..., source]``, or None when ``derived`` does not derive
        from ``source``. A work and itself give ``[work]``.

    Examples
    --------
    >>> G = nx.DiGraph([("c", "b"), ("b", "a"), ("c", "a2")])
    >>> derivation_path(G, "c", "a")
    ['c', 'b', 'a']
    >>> derivation_path(G, "a", "c") is None
    True
    """
    _require(G, derived)
    _require(G, source)
    try:
        return nx.shortest_path(G, derived, source)
    except nx.NetworkXNoPath:
        return None


def shortest_derivation(G: nx.DiGraph, a: Hashable, b: Hashable) -> list | None:
    """The shortest derivation chain between two works, in either direction.

    ``a`` deriving from ``b`` is tried first; the chain starts at the derived
    work. None when neither derives from the other.

    Examples
    --------
    >>> G = nx.DiGraph([("c", "b"), ("b", "a")])
    >>> shortest_derivation(G, "a", "c")
    ['c', 'b', 'a']
    >>> G.add_node("x"); shortest_derivation(G, "x", "a") is None
    True
    """
    found = derivation_path(G, a, b)
    return found if found is not None else derivation_path(G, b, a)


def common_ancestry(G: nx.DiGraph, a: Hashable, b: Hashable) -> list[tuple]:
    """The works both ``a`` and ``b`` derive from, nearest first.

    Returns
    -------
    list of (work, distance_a, distance_b)
        Ordered by ``distance_a + distance_b``, then the larger of the two,
        then the work itself. Neither ``a`` nor ``b`` is its own ancestor, so
        when ``b`` derives from ``a``, ``a`` is not listed.

    Examples
    --------
    >>> G = nx.DiGraph([("x", "m"), ("y", "m"), ("m", "o"), ("y", "o"), ("x", "p")])
    >>> common_ancestry(G, "x", "y")
    [('m', 1, 1), ('o', 2, 1)]
    >>> common_ancestry(G, "x", "p")
    []
    """
    up_a = ancestry(G, a)
    up_b = ancestry(G, b)
    shared = [(n, up_a[n], up_b[n]) for n in up_a.keys() & up_b.keys()]
    return sorted(shared, key=lambda t: (t[1] + t[2], max(t[1], t[2]), t[0]))


def nearest(distances: dict, cap: int) -> list:
    """The ``cap`` nearest works of a ``{work: distance}`` map, by distance then id.

    This is the rule a capped lineage follows.

    >>> nearest({"b": 1, "a": 2, "c": 1}, 2)
    ['b', 'c']
    >>> nearest({}, 5)
    []
    """
    return sorted(distances, key=lambda n: (distances[n], n))[:cap]


def find_cycle(G: nx.DiGraph) -> list | None:
    """A cycle of remixes as the list of works around it, or None.

    >>> find_cycle(nx.DiGraph([("a", "b"), ("b", "c"), ("c", "a")]))
    ['a', 'b', 'c']
    >>> find_cycle(nx.DiGraph([("a", "b")])) is None
    True
    """
    try:
        edges = nx.find_cycle(G)
    except nx.NetworkXNoCycle:
        return None
    return [u for u, _ in edges]


def require_acyclic(G: nx.DiGraph) -> None:
    """Raise :class:`LineageCycle` naming a cycle, if ``G`` holds one.

    >>> require_acyclic(nx.DiGraph([("a", "b"), ("b", "a")]))
    Traceback (most recent call last):
    ...
    lineage.errors.LineageCycle: the lineage holds a cycle: a -> b -> a
    """
    cycle = find_cycle(G)
    if cycle is not None:
        raise LineageCycle([*cycle, cycle[0]])


def from_edges(edges: Iterable[tuple], created_at: dict | None = None) -> nx.DiGraph:
    """Build a lineage DiGraph from ``(derived, source)`` pairs and optional dates.

    >>> G = from_edges([("b", "a")], {"a": "2020-01-01", "z": None})
    >>> sorted(G.nodes(data="created_at"))
    [('a', '2020-01-01'), ('b', None), ('z', None)]
    """
    G = nx.DiGraph()
    for node, created in (created_at or {}).items():
        G.add_node(node, created_at=created)
    G.add_edges_from(edges)
    for node in G:
        G.nodes[node].setdefault("created_at", None)
    return G

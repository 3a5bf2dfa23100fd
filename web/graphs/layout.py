"""Layout geometry: rows, places in a row, rings. Pure functions of ids and edges.

The browser only draws: every position is computed here, in milliseconds even
for 2,000 nodes, so no layout can freeze a tab.
"""

from __future__ import annotations

from typing import Any, Iterable, Mapping

import networkx as nx


def hierarchy_levels(node_ids: Iterable[Any], edges: Iterable[tuple[Any, Any]]) -> dict[Any, int]:
    """Rows of the hierarchical layout: sources above, derived works below.

    ``edges`` are ``(derived, source)`` pairs. A node's level is the longest
    chain of sources above it within the drawn graph (its generation there),
    so every edge points strictly up and time flows down. A cycle (the
    database refuses them, a console result may not) falls back to the
    shortest distance from the sourceless nodes.

    >>> hierarchy_levels(["a", "b", "c"], [("b", "a"), ("c", "b"), ("c", "a")])
    {'a': 0, 'b': 1, 'c': 2}
    >>> hierarchy_levels([], [])
    {}
    >>> hierarchy_levels(["x", "y"], [("x", "y"), ("y", "x")])
    {'x': 0, 'y': 1}
    >>> hierarchy_levels(["lonely"], [("gone", "lonely")])
    {'lonely': 0}
    """
    graph = nx.DiGraph()
    graph.add_nodes_from(node_ids)
    # Time order: source -> derived; edges to nodes not drawn are ignored.
    graph.add_edges_from((s, d) for d, s in edges if d in graph and s in graph)
    levels: dict[Any, int] = {}
    try:
        for node in nx.topological_sort(graph):
            levels[node] = max((levels[p] + 1 for p in graph.predecessors(node)), default=0)
    except nx.NetworkXUnfeasible:
        levels = {}
        roots = [n for n in graph if graph.in_degree(n) == 0] or list(graph)[:1]
        for node, dist in nx.multi_source_dijkstra_path_length(graph, roots).items():
            levels[node] = int(dist)
        for node in graph:
            levels.setdefault(node, 0)
    return {n: levels[n] for n in graph}


def layered_positions(
    node_ids: Iterable[Any],
    edges: Iterable[tuple[Any, Any]],
    levels: Mapping[Any, int] | None = None,
    *,
    spacing: float = 150.0,
    level_gap: float = 110.0,
    sweeps: int = 5,
) -> dict[Any, tuple[float, float]]:
    """The hierarchical drawing, computed here so the browser only draws it.

    Rows are the :func:`hierarchy_levels` (sources on top); within a row,
    nodes are ordered by the barycentre of their neighbours in the rows above
    and below (alternating sweeps, which untangle crossings; the last one goes
    down, so a tree comes out with none), then
    placed at least ``spacing`` apart as close as they can get to the mean
    position of their sources (and then of their remixes), so a work sits
    near what it came from. Linear in the edges per sweep: 2,000 nodes take
    milliseconds, and the browser never runs a layout that could freeze it.

    >>> pos = layered_positions(["a", "b", "c"], [("b", "a"), ("c", "a")], spacing=100, level_gap=50)
    >>> pos["a"], sorted([pos["b"], pos["c"]])
    ((0.0, 0.0), [(-50.0, 50.0), (50.0, 50.0)])
    >>> layered_positions([], [])
    {}
    """
    node_ids = list(dict.fromkeys(node_ids))
    present = set(node_ids)
    pairs = [(d, s) for d, s in edges if d in present and s in present]
    if levels is None:
        levels = hierarchy_levels(node_ids, pairs)
    above: dict[Any, list] = {n: [] for n in node_ids}  # sources drawn higher up
    below: dict[Any, list] = {n: [] for n in node_ids}  # remixes drawn lower down
    for derived, source in pairs:
        if levels[source] < levels[derived]:
            above[derived].append(source)
            below[source].append(derived)
    if not node_ids:
        return {}
    rows: list[list] = [[] for _ in range(max(levels[n] for n in node_ids) + 1)]
    for node in node_ids:  # input order (nearest first) breaks ties
        rows[levels[node]].append(node)
    index = {n: i for row in rows for i, n in enumerate(row)}

    width = {level: max(len(row) - 1, 1) for level, row in enumerate(rows)}

    def place_in_row(node) -> float:  # 0..1 across its row, comparable between rows
        return index[node] / width[levels[node]]

    def reorder(row: list, neighbours: dict) -> list:
        def key(node):
            near = neighbours[node]
            spot = sum(place_in_row(m) for m in near) / len(near) if near else place_in_row(node)
            return (spot, index[node])
        ordered = sorted(row, key=key)
        for i, node in enumerate(ordered):
            index[node] = i
        return ordered

    for sweep in range(sweeps):
        if sweep % 2 == 0:
            for r in range(1, len(rows)):
                rows[r] = reorder(rows[r], above)
        else:
            for r in range(len(rows) - 2, -1, -1):
                rows[r] = reorder(rows[r], below)

    x: dict[Any, float] = {}
    for row in rows:
        for i, node in enumerate(row):
            x[node] = (i - (len(row) - 1) / 2) * spacing

    def place(row: list, neighbours: dict) -> None:
        if not any(neighbours[n] for n in row):
            return
        desired = [sum(x[m] for m in neighbours[n]) / len(neighbours[n]) if neighbours[n] else x[n] for n in row]
        placed: list[float] = []
        for want in desired:
            placed.append(want if not placed else max(want, placed[-1] + spacing))
        # Pushing right only drifts the row: shift it back by the mean error.
        shift = sum(w - p for w, p in zip(desired, placed)) / len(row)
        for node, p in zip(row, placed):
            x[node] = p + shift

    # Down then up, twice: the last pass centres each work over its remixes (the
    # widest rows are the lowest ones, so their spacing sets the width).
    for _ in range(2):
        for row in rows[1:]:
            place(row, above)
        for row in reversed(rows[:-1]):
            place(row, below)
    centre = (min(x.values()) + max(x.values())) / 2
    return {n: (round(x[n] - centre, 1), round(float(levels[n] * level_gap), 1)) for n in node_ids}


def spread_rows(
    positions: Mapping[Any, tuple[float, float]], levels: Mapping[Any, int], *, aspect: float = 1.8,
    low: float = 110.0, high: float = 260.0,
) -> dict[Any, tuple[float, float]]:
    """Space the rows of a wide drawing further apart (the view is wider than tall).

    Fitting a drawing much wider than tall leaves the rows squeezed together;
    spreading them up to about the view's ``aspect`` costs no zoom and makes
    the edges between rows readable.

    >>> spread_rows({"a": (0.0, 0.0), "b": (-900.0, 110.0), "c": (900.0, 110.0)}, {"a": 0, "b": 1, "c": 1})
    {'a': (0.0, 0.0), 'b': (-900.0, 260.0), 'c': (900.0, 260.0)}
    >>> spread_rows({}, {})
    {}
    """
    if not positions:
        return {}
    xs = [x for x, _ in positions.values()]
    rows = max(levels[n] for n in positions)
    gap = min(high, max(low, (max(xs) - min(xs)) / aspect / max(rows, 1)))
    return {n: (x, round(float(levels[n] * gap), 1)) for n, (x, _) in positions.items()}


def radial_positions(
    node_ids: Iterable[Any], edges: Iterable[tuple[Any, Any]], focus: Any = None, ring: float = 160.0
) -> dict[Any, tuple[float, float]]:
    """Starting points for the free layout of a large graph: rings around the focus.

    A breadth-first tree from the focus (ignoring edge direction) puts each
    node on the ring of its distance, inside an angle proportional to the
    leaves under it, so branches start apart and physics only has to relax
    them (random starting points leave a 2,000-node graph tangled).
    Other components get their own centres to the right.

    >>> pos = radial_positions(["f", "a", "b"], [("a", "f"), ("b", "f")], "f")
    >>> (ax, ay), (bx, by) = pos["a"], pos["b"]
    >>> pos["f"], round(((ax - bx) ** 2 + (ay - by) ** 2) ** 0.5)
    ((0.0, 0.0), 320)
    >>> radial_positions([], [])
    {}
    """
    import math

    graph = nx.Graph()
    graph.add_nodes_from(node_ids)
    graph.add_edges_from((d, s) for d, s in edges if d in graph and s in graph)
    positions: dict[Any, tuple[float, float]] = {}
    if not len(graph):
        return positions
    roots = [focus] if focus in graph else []
    offset = 0.0
    for component in sorted(nx.connected_components(graph), key=lambda c: (focus not in c, -len(c))):
        root = focus if focus in component else min(component, key=str)
        tree = nx.bfs_tree(graph, root)
        depth = nx.single_source_shortest_path_length(tree, root)
        leaves: dict[Any, int] = {}
        for node in reversed(list(nx.topological_sort(tree))):
            leaves[node] = sum(leaves[c] for c in tree.successors(node)) or 1
        centre = (offset, 0.0)
        spans = {root: (0.0, 2 * math.pi)}
        for node in nx.topological_sort(tree):
            start, end = spans[node]
            r = depth[node] * ring
            mid = (start + end) / 2
            positions[node] = (round(centre[0] + r * math.cos(mid), 1), round(centre[1] + r * math.sin(mid), 1))
            cursor = start
            for child in sorted(tree.successors(node), key=str):
                width = (end - start) * leaves[child] / leaves[node]
                spans[child] = (cursor, cursor + width)
                cursor += width
        offset += 2 * ring * (max(depth.values()) + 1)
        roots.append(root)
    return positions


def degrees(node_ids: Iterable[Any], edges: Iterable[tuple[Any, Any]]) -> dict[Any, int]:
    """Edges touching each node within the drawn graph.

    >>> degrees(["a", "b", "c"], [("b", "a"), ("c", "a")])
    {'a': 2, 'b': 1, 'c': 1}
    """
    counts = {n: 0 for n in node_ids}
    for derived, source in edges:
        for end in (derived, source):
            if end in counts:
                counts[end] += 1
    return counts

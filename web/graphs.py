"""Derivation graphs for the browser: pyvis builds them, our templates draw them.

A graph starts from a lineage answer (``lineage.api.Lineage.to_dict()``: the
focus, its nodes with ``distance``/``side``/metrics, the ``REMIXES`` edges from
the derived work to its source) or from the nodes and relationships a console
query returned. :func:`lineage_network` turns it into a
:class:`pyvis.network.Network` (``add_node``/``add_edge``/``set_options``);
:func:`payload` reads that network's nodes, edges and options back into the
JSON that ``static/js/lineage-graph.js`` draws with the vendored vis-network.
pyvis's own HTML template links CDNs, so it is never used: the standalone
export (:func:`standalone_html`) is rendered through ``templates/graph_standalone.html``
with vis-network inlined.

Every string a person typed (titles, media, kinds) reaches the browser as a
plain string: vis-network shows a string ``title`` with ``innerText`` and draws
labels on a canvas, so nothing is ever parsed as HTML.
"""

from __future__ import annotations

import hashlib
import json
from importlib import resources
from typing import Any, Callable, Iterable, Mapping
from urllib.parse import quote

import networkx as nx
from pyvis.network import Network

from lineage.errors import InvalidParameter
from lineage.model import ARTIST_METRICS, MEDIA, WORK_METRICS

# The vendored vis-network (web/static/vendor/, from npm) and its stylesheet.
VIS_VERSION = "10.1.5"
VIS_JS = f"vendor/vis-network-{VIS_VERSION}.min.js"
VIS_CSS = f"vendor/vis-network-{VIS_VERSION}.min.css"

# The graph's settings a page address may carry (lineage-graph.js GRAPH_PARAMS says the same).
VIEW_PARAMS = ("view", "direction", "depth", "cap", "size", "layout", "rank", "per_gen")
LAYOUTS = ("hierarchical", "free")
DEFAULT_LAYOUT = "hierarchical"
# "degree" is counted on the drawn graph, so it works before `lineage metrics` ran.
SIZE_METRICS = ("degree", *WORK_METRICS)
DEFAULT_SIZE = "degree"
# Widening the node cap doubles it, up to this many nodes in one drawing.
MAX_GRAPH_CAP = 8000
# Above this many nodes the layout gives up the costly parts (vis-network's
# Kamada-Kawai seeding, curved edges, physics in the hierarchical layout).
LARGE_GRAPH = 300

# Okabe-Ito colours: distinguishable with the common colour-vision deficiencies.
MEDIUM_COLOURS = {
    "music": "#E69F00",
    "video": "#56B4E9",
    "writing": "#009E73",
    "image": "#F0E442",
    "audio": "#0072B2",
    "animation": "#D55E00",
    "other": "#BBBBBB",
}
UNKNOWN_MEDIUM = "other"
# What the shapes and strokes mean, shown under the colour legend.
LINEAGE_MARKS = [
    {"mark": "focus", "label": "the work in focus (heavy border)"},
    {"mark": "selected", "label": "selected (blue ring)"},
    {"mark": "origin", "label": "origin: remixes nothing"},
    {"mark": "arrow", "label": "remix → its source"},
    {"mark": "anomaly", "label": "temporal anomaly (dated before its source)"},
]
FOCUS_BORDER = "#111111"
# The selected node's ring: thin and blue, so it never reads as the focus's heavy dark border.
SELECTED_BORDER = "#0969DA"
SELECTED_WIDTH = 2
NODE_BORDER = "#4D4D4D"
EDGE_COLOUR = "#8A8F98"
ANOMALY_COLOUR = "#C0392B"
LABEL_LENGTH = 28
# No spaces: pyvis's set_options strips every space from the options JSON.
FONT_FACE = "system-ui,-apple-system,Roboto,Arial,sans-serif"

assert set(MEDIUM_COLOURS) == set(MEDIA), "every medium needs a colour"


# ---------------------------------------------------------------- parameters


def parse_size(value: str | None) -> str:
    """The size metric named in ``?size=``, from the whitelist.

    >>> parse_size(None), parse_size("pagerank")
    ('degree', 'pagerank')
    >>> parse_size("title")
    Traceback (most recent call last):
    ...
    lineage.errors.InvalidParameter: parameter 'size' must be one of degree, direct_remixes, descendants, ancestors, generation, pagerank, bridge, not 'title'
    """
    if value is None or value == "":
        return DEFAULT_SIZE
    if value not in SIZE_METRICS:
        raise InvalidParameter(f"parameter 'size' must be one of {', '.join(SIZE_METRICS)}, not {_show(value)}")
    return value


def parse_layout(value: str | None) -> str:
    """The layout named in ``?layout=``.

    >>> parse_layout(None), parse_layout("free")
    ('hierarchical', 'free')
    >>> parse_layout("circle")
    Traceback (most recent call last):
    ...
    lineage.errors.InvalidParameter: parameter 'layout' must be one of hierarchical, free, not 'circle'
    """
    if value is None or value == "":
        return DEFAULT_LAYOUT
    if value not in LAYOUTS:
        raise InvalidParameter(f"parameter 'layout' must be one of {', '.join(LAYOUTS)}, not {_show(value)}")
    return value


def widened_cap(cap: int, total: int, maximum: int = MAX_GRAPH_CAP) -> int | None:
    """The cap a "widen" link asks for: doubled, at most ``maximum``; None when no wider graph exists.

    >>> widened_cap(100, 1000), widened_cap(600, 1000), widened_cap(8000, 9000), widened_cap(100, 50)
    (200, 1200, None, None)
    """
    if total <= cap or cap >= maximum:
        return None
    return min(cap * 2, maximum)


# ---------------------------------------------------------------- pure pieces


def medium_colour(medium: Any) -> str:
    """The fill colour of a medium; unknown media share "other"'s grey.

    >>> medium_colour("music"), medium_colour("hologram"), medium_colour(None)
    ('#E69F00', '#BBBBBB', '#BBBBBB')
    """
    return MEDIUM_COLOURS.get(medium if isinstance(medium, str) else UNKNOWN_MEDIUM, MEDIUM_COLOURS[UNKNOWN_MEDIUM])


def legend(media: Iterable[Any] | None = None) -> list[dict]:
    """The legend: every medium (or those given, in the palette's order) with its colour.

    >>> legend(["writing", "music", "music"])
    [{'label': 'music', 'colour': '#E69F00'}, {'label': 'writing', 'colour': '#009E73'}]
    >>> [entry["label"] for entry in legend(["zither"])]
    ['other']
    """
    if media is None:
        wanted = set(MEDIUM_COLOURS)
    else:
        wanted = {m if m in MEDIUM_COLOURS else UNKNOWN_MEDIUM for m in media}
    return [{"label": m, "colour": c} for m, c in MEDIUM_COLOURS.items() if m in wanted]


def short_label(title: Any, limit: int = LABEL_LENGTH) -> str:
    """A node's label: the title on one line, shortened with an ellipsis.

    >>> short_label("A very long title that goes on and on")
    'A very long title that goes…'
    >>> short_label("two\\nlines"), short_label(None), short_label("  ")
    ('two lines', '(untitled)', '(untitled)')
    """
    text = " ".join(str(title).split()) if title is not None else ""
    if not text:
        return "(untitled)"
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


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


def tooltip(lines: Iterable[tuple[str, Any]]) -> str:
    """A plain-text tooltip, one ``label: value`` per line (None values left out).

    >>> print(tooltip([("", "<b>Song</b>"), ("medium", "music"), ("date", None)]))
    <b>Song</b>
    medium: music
    """
    out = []
    for label, value in lines:
        if value is None or value == "":
            continue
        text = _plain(value)
        out.append(f"{label}: {text}" if label else text)
    return "\n".join(out)


def edge_id(derived: Any, source: Any) -> str:
    """A stable id for the edge ``derived -> source`` (so expanding never duplicates one).

    >>> edge_id("w2", "w1")
    '["w2","w1"]'
    """
    return json.dumps([derived, source], separators=(",", ":"), ensure_ascii=False)


def focus_id(lineage: Mapping[str, Any]) -> Any:
    """The id of a lineage's focus (``focus`` is a work dict, or an id).

    >>> focus_id({"focus": {"id": "w1", "title": "T"}}), focus_id({"focus": "w2"}), focus_id({})
    ('w1', 'w2', None)
    """
    focus = lineage.get("focus")
    return focus.get("id") if isinstance(focus, Mapping) else focus


def default_work_url(work_id: Any) -> str:
    """The site address of a work's page.

    >>> default_work_url("w/1 é")
    '/works/w/1%20%C3%A9'
    """
    return "/works/" + quote(str(work_id), safe="/")


# ---------------------------------------------------------------- options


def vis_options(node_count: int, layout: str) -> dict:
    """vis-network options sized to the graph, so even 2,000 nodes never hang the tab.

    Hierarchical: the positions come with the nodes (:func:`layered_positions`),
    so vis-network only draws. Free: Barnes-Hut physics, stabilised in small
    batches (the page stays responsive between them) for a bounded number of
    iterations, large graphs starting from :func:`radial_positions`. The
    script turns physics off once the graph is stable.

    >>> vis_options(10, "hierarchical")["physics"]
    {'enabled': False}
    >>> vis_options(2000, "free")["layout"]["improvedLayout"], vis_options(20, "free")["layout"]["improvedLayout"]
    (False, True)
    """
    large = node_count > LARGE_GRAPH
    options: dict[str, Any] = {
        "autoResize": True,
        "layout": {"improvedLayout": not large, "randomSeed": 7},
        "interaction": {
            "hover": not large,
            "tooltipDelay": 120,
            "hideEdgesOnDrag": large,
            "hideEdgesOnZoom": large,
            "navigationButtons": False,
            "keyboard": False,
            "multiselect": False,
        },
        "nodes": {
            "shape": "dot",
            "borderWidth": 1,
            "scaling": {"min": 8, "max": 34, "label": {"enabled": False}},
            "font": {"size": 12, "face": FONT_FACE, "color": "#1F2328"},
            # Long titles wrap under the node instead of running into the neighbours.
            "widthConstraint": {"maximum": 120},
        },
        "edges": {
            "arrows": {"to": {"enabled": True, "scaleFactor": 0.55}},
            "color": {"color": EDGE_COLOUR, "highlight": "#1F2328", "hover": "#1F2328"},
            "font": {"size": 10, "face": FONT_FACE, "align": "middle", "color": "#57606A"},
            "width": 1.2,
            "selectionWidth": 1.5,
            "smooth": False,
        },
    }
    if layout == "hierarchical":
        # The rows and places come with the nodes (layered_positions): vis-network
        # runs no layout and no physics, it only draws, so no size can hang the tab.
        options["layout"]["improvedLayout"] = False
        options["layout"]["hierarchical"] = {"enabled": False}
        options["physics"] = {"enabled": False}
        if not large:
            options["edges"]["smooth"] = {"enabled": True, "type": "cubicBezier", "forceDirection": "vertical", "roundness": 0.4}
    else:
        options["physics"] = {
            "enabled": True,
            "solver": "barnesHut",
            # Large graphs start from rings around the focus (radial_positions) and
            # only relax: a coarser Barnes-Hut (theta 1), no overlap term, fewer steps.
            "barnesHut": {
                "gravitationalConstant": -4000,
                "springLength": 120,
                "springConstant": 0.03,
                "avoidOverlap": 0.2 if not large else 0,
                "theta": 0.5 if not large else 1.0,
            },
            "stabilization": {
                "enabled": True,
                # Each batch runs between two tasks of the page, so a click is
                # answered while it settles: a large graph's step is ~20-30 ms.
                "iterations": 400 if not large else 100,
                "updateInterval": 20 if not large else 2,
                "fit": True,
            },
            "minVelocity": 1.0,
        }
    return options


# ---------------------------------------------------------------- building


def lineage_network(
    lineage: Mapping[str, Any],
    *,
    size: str = DEFAULT_SIZE,
    layout: str = DEFAULT_LAYOUT,
    work_url: Callable[[Any], str] | None = default_work_url,
) -> tuple[Network, str]:
    """A pyvis network of a lineage answer, and the size metric actually used.

    Nodes are coloured by medium, sized by ``size`` (falling back to the degree
    in the drawn graph when no node carries that metric), the focus has a dark
    heavy border, origins are diamonds. Edges run from the derived work to its
    source with their kind as label; temporal anomalies are dashed and red.

    >>> lin = {"focus": "b", "nodes": [
    ...     {"id": "a", "title": "Seed", "medium": "music", "side": "ancestor", "distance": 1, "origin": True},
    ...     {"id": "b", "title": "<i>Remix</i>", "medium": "video", "side": "focus", "distance": 0}],
    ...     "edges": [{"source": "b", "target": "a", "kind": "sample", "weight": 1.0, "temporal_anomaly": False}],
    ...     "origins": ["a"]}
    >>> net, used = lineage_network(lin)
    >>> used, [(n["id"], n["shape"], n["level"]) for n in net.nodes]
    ('degree', [('a', 'diamond', 0), ('b', 'dot', 1)])
    >>> net.edges[0]["from"], net.edges[0]["to"], net.edges[0]["label"]
    ('b', 'a', 'sample')
    >>> net.nodes[1]["title"].splitlines()[0]
    '<i>Remix</i>'
    """
    size = parse_size(size)
    layout = parse_layout(layout)
    nodes = list(lineage.get("nodes") or [])
    node_ids = [n["id"] for n in nodes]
    present = set(node_ids)
    pairs = [(e["source"], e["target"]) for e in lineage.get("edges") or [] if e["source"] in present and e["target"] in present]
    levels = hierarchy_levels(node_ids, pairs)
    degree = degrees(node_ids, pairs)
    origins = set(lineage.get("origins") or [])
    focus = focus_id(lineage)
    large = len(nodes) > LARGE_GRAPH
    if layout == "hierarchical":
        seeds = spread_rows(layered_positions(node_ids, pairs, levels, spacing=150.0 if not large else 100.0), levels)
    else:
        seeds = radial_positions(node_ids, pairs, focus) if large else {}

    used = size
    if size != "degree" and not any(_number(n.get(size)) is not None for n in nodes):
        used = "degree"  # metrics not computed yet (`lineage metrics`)

    net = Network(directed=True, height="100%", width="100%")
    for node in nodes:
        nid = node["id"]
        is_focus = nid == focus or node.get("side") == "focus"
        is_origin = bool(node.get("origin")) or nid in origins
        value = degree[nid] if used == "degree" else (_number(node.get(used)) or 0)
        fill = medium_colour(node.get("medium"))
        metrics = {m: node.get(m) for m in WORK_METRICS if node.get(m) is not None}
        info = {
            "kind": "work",
            "title": _plain(node.get("title")) or "(untitled)",
            "medium": _plain(node.get("medium")),
            "created_at": _plain(node.get("created_at")),
            "status": _plain(node.get("status")),
            "side": node.get("side"),
            "distance": node.get("distance"),
            "origin": is_origin,
            "focus": is_focus,
            "degree": degree[nid],
            "metrics": metrics,
            "url": work_url(nid) if work_url else None,
        }
        net.add_node(
            nid,
            label=short_label(node.get("title")),
            shape="diamond" if is_origin else "dot",
            color={
                "background": fill,
                "border": FOCUS_BORDER if is_focus else NODE_BORDER,
                "highlight": {"background": fill, "border": FOCUS_BORDER if is_focus else SELECTED_BORDER},
                "hover": {"background": fill, "border": "#000000"},
            },
            title=tooltip(
                [
                    ("", info["title"]),
                    ("medium", info["medium"]),
                    ("date", info["created_at"] or "undated"),
                    ("status", info["status"]),
                    ("", _role(node.get("side"), node.get("distance"), is_origin)),
                    (used.replace("_", " "), degree[nid] if used == "degree" else node.get(used)),
                ]
            ),
            value=value,
            level=levels[nid],
            x=seeds[nid][0] if nid in seeds else None,
            y=seeds[nid][1] if nid in seeds else None,
            borderWidth=5 if is_focus else 1,
            borderWidthSelected=6 if is_focus else SELECTED_WIDTH,
            font={"size": 16, "color": "#000000", "strokeWidth": 3, "strokeColor": "#FFFFFF"} if is_focus else None,
            info=info,
        )
    for edge in lineage.get("edges") or []:
        derived, source = edge["source"], edge["target"]
        if derived not in present or source not in present:
            continue
        kind = _plain(edge.get("kind")) or "remix"
        anomaly = bool(edge.get("temporal_anomaly"))
        net.add_edge(
            derived,
            source,
            id=edge_id(derived, source),
            label=kind,
            title=tooltip(
                [
                    ("", f"{kind}: derived → source"),
                    ("weight", edge.get("weight")),
                    ("", "temporal anomaly: the derived work is dated before its source" if anomaly else None),
                ]
            ),
            dashes=anomaly,
            color={"color": ANOMALY_COLOUR, "highlight": ANOMALY_COLOUR} if anomaly else None,
        )
    net.set_options(json.dumps(vis_options(len(nodes), layout)))
    return net, used


def payload(
    lineage: Mapping[str, Any],
    *,
    size: str = DEFAULT_SIZE,
    layout: str = DEFAULT_LAYOUT,
    work_url: Callable[[Any], str] | None = default_work_url,
    links: Mapping[str, Any] | None = None,
) -> dict:
    """The graph JSON the page script draws: vis nodes, edges, options, legend and counts.

    ``shown``/``total``/``truncated`` say how much of the lineage was left out;
    ``links`` (addresses the view computed: widen, download, expand) are passed
    through.

    >>> lin = {"focus": "a", "direction": "down", "depth": 2, "as_of": None, "cap": 1,
    ...        "nodes": [{"id": "a", "title": "A", "medium": "music", "side": "focus", "distance": 0}],
    ...        "edges": [], "origins": [], "truncated": True, "total": 5}
    >>> p = payload(lin)
    >>> p["shown"], p["total"], p["truncated"], p["left_out"], p["legend"]
    (1, 5, True, 4, [{'label': 'music', 'colour': '#E69F00'}])
    """
    net, used = lineage_network(lineage, size=size, layout=layout, work_url=work_url)
    shown = len(net.nodes)
    rows = sorted({n["y"] for n in net.nodes if n.get("y") is not None}) if layout == "hierarchical" else []
    total = lineage.get("total")
    total = shown if total is None else max(int(total), shown)
    return {
        "kind": "lineage",
        "focus": focus_id(lineage),
        "focus_title": _plain((lineage.get("focus") or {}).get("title")) if isinstance(lineage.get("focus"), Mapping) else None,
        "direction": lineage.get("direction"),
        "depth": lineage.get("depth"),
        "as_of": lineage.get("as_of"),
        "cap": lineage.get("cap"),
        "layout": layout,
        # Distance between two rows of the drawing: where "expand" puts new sources and remixes.
        "row_gap": rows[1] - rows[0] if len(rows) > 1 else 110.0,
        "size": used,
        "size_requested": size,
        "size_metrics": list(SIZE_METRICS),
        "nodes": _clean(net.nodes),
        "edges": _clean(net.edges),
        "options": net.options,
        "legend": legend(n["info"]["medium"] for n in net.nodes),
        "marks": LINEAGE_MARKS,
        "shown": shown,
        "total": total,
        "truncated": bool(lineage.get("truncated")) or total > shown,
        "left_out": total - shown,
        "links": dict(links or {}),
    }


def console_payload(
    nodes: Iterable[Mapping[str, Any]],
    relationships: Iterable[Mapping[str, Any]],
    *,
    work_url: Callable[[Any], str] = default_work_url,
    artist_url: Callable[[Any], str] | None = None,
) -> dict:
    """The graph of a console result: whatever nodes and relationships came back.

    Nodes are ``{id, labels, properties}`` (``id`` the element id),
    relationships ``{id, type, start, end, properties}``. Works are coloured by
    medium, artists are squares, anything else a grey dot; relationships are
    labelled with their type. Free layout (a console result has no focus).

    >>> p = console_payload(
    ...     [{"id": "1", "labels": ["Work"], "properties": {"id": "w1", "title": "Song", "medium": "music"}},
    ...      {"id": "2", "labels": ["Artist"], "properties": {"id": "a1", "handle": "<b>ann</b>"}}],
    ...     [{"id": "9", "type": "CONTRIBUTED", "start": "2", "end": "1", "properties": {}}])
    >>> [(n["label"], n["shape"]) for n in p["nodes"]], p["edges"][0]["label"]
    ([('Song', 'dot'), ('<b>ann</b>', 'square')], 'CONTRIBUTED')
    """
    artist_url = artist_url or (lambda aid: "/artists/" + quote(str(aid), safe="/"))
    node_list = list(nodes)
    rel_list = list(relationships)
    net = Network(directed=True, height="100%", width="100%")
    seen = set()
    for node in node_list:
        nid = str(node["id"])
        if nid in seen:
            continue
        seen.add(nid)
        labels = [str(label) for label in node.get("labels") or []]
        props = dict(node.get("properties") or {})
        if "Work" in labels:
            name = props.get("title")
            fill = medium_colour(props.get("medium"))
            shape = "dot"
            url = work_url(props["id"]) if props.get("id") is not None else None
        elif "Artist" in labels:
            name = props.get("handle") or props.get("name")
            fill, shape = "#CC79A7", "square"
            url = artist_url(props["id"]) if props.get("id") is not None else None
        else:
            name = props.get("name") or props.get("title") or props.get("id")
            fill, shape, url = "#DDDDDD", "dot", None
        name = _plain(name) or ":" + ":".join(labels)
        info = {
            "kind": "node",
            "title": name,
            "labels": labels,
            "properties": {k: _plain(v) for k, v in props.items()},
            "url": url,
            "medium": _plain(props.get("medium")),
            "created_at": _plain(props.get("created_at")),
        }
        net.add_node(
            nid,
            label=short_label(name),
            shape=shape,
            color={
                "background": fill,
                "border": NODE_BORDER,
                "highlight": {"background": fill, "border": SELECTED_BORDER},
                "hover": {"background": fill, "border": "#000000"},
            },
            borderWidthSelected=SELECTED_WIDTH,
            title=tooltip([("", name), ("labels", ", ".join(labels))] + [(k, v) for k, v in list(props.items())[:12]]),
            value=1,
            info=info,
        )
    for rel in rel_list:
        start, end = str(rel["start"]), str(rel["end"])
        if start not in seen or end not in seen:
            continue
        rtype = _plain(rel.get("type"))
        props = dict(rel.get("properties") or {})
        anomaly = bool(props.get("temporal_anomaly"))
        net.add_edge(
            start,
            end,
            id="r" + str(rel.get("id", edge_id(start, end))),
            label=rtype if rtype != "REMIXES" else (_plain(props.get("kind")) or rtype),
            title=tooltip([("", rtype)] + list(props.items())),
            dashes=anomaly,
            color={"color": ANOMALY_COLOUR} if anomaly else None,
        )
    net.set_options(json.dumps(vis_options(len(net.nodes), "free")))
    media = [n["info"]["medium"] for n in net.nodes if n["info"]["medium"]]
    return {
        "kind": "console",
        "layout": "free",
        "nodes": _clean(net.nodes),
        "edges": _clean(net.edges),
        "options": net.options,
        "legend": legend(media) if media else [],
        "shown": len(net.nodes),
        "total": len(net.nodes),
        "truncated": False,
        "left_out": 0,
        "links": {},
    }


ARTIST_ROLES = {
    "focus": ("the artist", "#009E73"),
    "upstream": ("drew on (upstream)", "#0072B2"),
    "downstream": ("reached (downstream)", "#D55E00"),
    "collaborator": ("collaborator", "#CC79A7"),
}


def artist_payload(
    influence: Mapping[str, Any],
    *,
    per_side: int = 150,
    artist_url: Callable[[Any], str] | None = None,
    links: Mapping[str, Any] | None = None,
) -> dict:
    """An artist's influence graph from ``lineage.api.artist_influence``.

    Upstream artists (whose works this artist's works derive from) above, the
    artist in the middle with their collaborators, downstream artists (who
    remixed this artist's works, directly or not) below. Arrows run from the
    later artist to the earlier one, as remixes do; node size and edge label
    are the number of works that put them there. At most ``per_side`` artists
    of each list are drawn (the ones with most works); the rest are counted,
    with those past the end of a list cut by the API's cap (its ``counts``
    say how many there are; one in two such lists is counted twice).

    >>> infl = {"artist": {"id": "a1", "handle": "ann", "name": "Ann"},
    ...         "upstream_artists": [{"id": "a0", "handle": "<img src=x>", "name": "Old", "works": 2}],
    ...         "downstream_artists": [{"id": "a2", "handle": "bo", "name": "Bo", "works": 3},
    ...                                {"id": "a3", "handle": "cy", "name": "Cy", "works": 1}],
    ...         "collaborators": []}
    >>> p = artist_payload(infl, per_side=1)
    >>> [(n["id"], n["level"]) for n in p["nodes"]], [(e["from"], e["to"], e["label"]) for e in p["edges"]]
    ([('a1', 1), ('a0', 0), ('a2', 2)], [('a1', 'a0', '2 works'), ('a2', 'a1', '3 works')])
    >>> p["shown"], p["total"], p["left_out"]
    (3, 4, 1)
    >>> infl["counts"] = {"downstream_artists": 40, "upstream_artists": 1, "collaborators": 0}
    >>> p = artist_payload(infl, per_side=1)
    >>> p["shown"], p["total"], p["left_out"]
    (3, 42, 39)
    """
    artist_url = artist_url or (lambda aid: "/artists/" + quote(str(aid), safe="/"))
    artist = dict(influence.get("artist") or {})
    focus = artist.get("id")
    groups = []  # (role, level, people drawn), most works first
    everyone = {focus}
    for role, level, key, count_key in (
        ("upstream", 0, "upstream_artists", "works"),
        ("downstream", 2, "downstream_artists", "works"),
        ("collaborator", 1, "collaborators", "shared_works"),
    ):
        people = [p for p in influence.get(key) or [] if p.get("id") is not None and p.get("id") != focus]
        people.sort(key=lambda p: (-(_number(p.get(count_key)) or 0), str(p.get("id"))))
        everyone.update(p["id"] for p in people)
        groups.append((role, level, count_key, people[:per_side]))
    biggest = max([_number(p.get(ck)) or 1 for _, _, ck, people in groups for p in people], default=1)

    net = Network(directed=True, height="100%", width="100%")
    seen: set = set()

    def add(person: Mapping[str, Any], role: str, level: int, count: Any) -> None:
        name = _plain(person.get("handle")) or _plain(person.get("name")) or _plain(person.get("id"))
        label, colour = ARTIST_ROLES[role]
        count_word = {"upstream": "works drawn on", "downstream": "derived works", "collaborator": "shared works"}.get(role)
        full_name = _plain(person.get("name"))
        info = {
            "kind": "artist",
            "title": name,
            "name": full_name,
            "role": label,
            "count": count,
            "count_label": count_word,
            "metrics": {m: person.get(m) for m in ARTIST_METRICS if person.get(m) is not None},
            "url": artist_url(person["id"]) if person.get("id") is not None else None,
            "focus": role == "focus",
        }
        net.add_node(
            person["id"],
            label=short_label(name),
            shape="square" if role == "focus" else "dot",
            color={
                "background": colour,
                "border": FOCUS_BORDER if role == "focus" else NODE_BORDER,
                "highlight": {"background": colour, "border": FOCUS_BORDER if role == "focus" else SELECTED_BORDER},
                "hover": {"background": colour, "border": "#000000"},
            },
            title=tooltip([("", name), ("name", full_name if full_name != name else None), ("", label),
                           (count_word or "", count)]),
            value=biggest if role == "focus" else (_number(count) or 1),
            level=level,
            borderWidth=5 if role == "focus" else 1,
            borderWidthSelected=6 if role == "focus" else SELECTED_WIDTH,
            info=info,
        )
        seen.add(person["id"])

    add(artist, "focus", 1, None)
    for role, level, count_key, people in groups:
        for person in people:
            count = person.get(count_key)
            if person["id"] not in seen:  # one node per artist, even in two roles
                add(person, role, level, count)
            if role == "upstream":
                derived, source, word = focus, person["id"], "works"
            else:
                derived, source, word = person["id"], focus, ("works" if role == "downstream" else "shared")
            text = f"{_plain(count)} {word}" if count is not None else word
            net.add_edge(
                derived,
                source,
                id=edge_id(derived, source) + ":" + role,
                label=text,
                title=text,
                arrows={"to": {"enabled": role != "collaborator"}},
                color={"color": ARTIST_ROLES["collaborator"][1]} if role == "collaborator" else None,
            )
    counts = influence.get("counts") or {}
    past_cap = sum(max(0, int(counts.get(key) or 0) - len(influence.get(key) or []))
                   for key in ("upstream_artists", "downstream_artists", "collaborators"))
    left_out = len(everyone) - len(seen) + past_cap
    places = layered_positions(
        [n["id"] for n in net.nodes],
        [(e["from"], e["to"]) for e in net.edges],
        {n["id"]: n["level"] for n in net.nodes},
        spacing=150.0 if len(net.nodes) <= LARGE_GRAPH else 100.0,
    )
    for node in net.nodes:
        node["x"], node["y"] = places[node["id"]]
    net.set_options(json.dumps(vis_options(len(net.nodes), "hierarchical")))
    shown = len(net.nodes)
    return {
        "kind": "artist",
        "focus": focus,
        "focus_title": _plain(artist.get("handle")) or _plain(artist.get("name")),
        "as_of": influence.get("as_of"),
        "layout": "hierarchical",
        "nodes": _clean(net.nodes),
        "edges": _clean(net.edges),
        "options": net.options,
        "legend": [{"label": label, "colour": colour} for label, colour in ARTIST_ROLES.values()],
        "marks": [{"mark": "arrow", "label": "drew on → the earlier artist"}],
        "shown": shown,
        "total": shown + left_out,
        "truncated": left_out > 0,
        "left_out": left_out,
        "links": dict(links or {}),
    }


# ---------------------------------------------------------------- standalone export


def vendored(name: str) -> str:
    """The text of a file in ``web/static/`` (the vendored vis-network)."""
    return resources.files("web").joinpath("static", *name.split("/")).read_text(encoding="utf-8")


def script_json(data: Any) -> str:
    """JSON safe inside a ``<script>`` element: ``<``, ``>``, ``&`` and line separators escaped.

    >>> script_json({"t": "</script><b>&"})
    '{"t": "\\\\u003c/script\\\\u003e\\\\u003cb\\\\u003e\\\\u0026"}'
    """
    text = json.dumps(data, ensure_ascii=False)
    for char, escape in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(char, escape)
    return text


def csp_hash(script: str) -> str:
    """The CSP source expression allowing exactly this inline script.

    >>> csp_hash("")
    "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='"
    """
    import base64

    digest = hashlib.sha256(script.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def standalone_parts(graph: Mapping[str, Any]) -> dict:
    """The inline pieces of the standalone file and the CSP that allows exactly them.

    The file needs no network at all: its policy is ``default-src 'none'``
    with the hashes of its own scripts, set both in a ``<meta>`` of the file
    and (when served) in the response header.
    """
    scripts = [
        vendored(VIS_JS),
        "window.LINEAGE_GRAPH = " + script_json(graph) + ";",
        vendored("js/lineage-graph.js"),
    ]
    for text in scripts:
        # A closing tag inside would end the element early; the data is escaped, the libraries checked.
        if "</script" in text.lower():
            raise RuntimeError("an inlined script holds '</script'")
    csp = (
        "default-src 'none'; script-src " + " ".join(csp_hash(s) for s in scripts) + "; "
        "style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"
    )
    return {"scripts": scripts, "styles": [vendored(VIS_CSS), vendored("css/graph.css")], "csp": csp}


def standalone_html(graph: Mapping[str, Any], *, heading: str, subtitle: str = "") -> tuple[str, str]:
    """One self-contained HTML file drawing ``graph`` offline, and its CSP.

    Rendered with Jinja (autoescaped) from ``templates/graph_standalone.html``
    outside any request, so the command line can use it too.
    """
    from jinja2 import Environment, PackageLoader, select_autoescape

    env = Environment(loader=PackageLoader("web", "templates"), autoescape=select_autoescape(["html"]))
    parts = standalone_parts(graph)
    html = env.get_template("graph_standalone.html").render(
        heading=heading, subtitle=subtitle, graph=graph, vis_version=VIS_VERSION, **parts
    )
    return html, parts["csp"]


def describe(data: Mapping[str, Any]) -> str:
    """One line saying what a lineage drawing shows.

    >>> describe({"direction": "up", "depth": 2, "as_of": "2024-01-31", "shown": 3, "total": 3})
    'sources, 2 generations · as of 2024-01-31 · 3 works'
    >>> describe({"direction": "both", "depth": None, "as_of": None, "shown": 10, "total": 40})
    'sources and remixes, all generations · 10 of 40 works'
    """
    what = {"up": "sources", "down": "remixes"}.get(data.get("direction"), "sources and remixes")
    depth = data.get("depth")
    gens = "all generations" if not depth else f"{depth} generation{'s' if depth != 1 else ''}"
    parts = [f"{what}, {gens}"]
    if data.get("as_of"):
        parts.append(f"as of {data['as_of']}")
    shown, total = data.get("shown", 0), data.get("total", 0)
    parts.append(f"{shown:,} works" if shown >= total else f"{shown:,} of {total:,} works")
    return " · ".join(parts)


def render_work_standalone(
    graph_db: Any,
    work_id: str,
    *,
    direction: str = "both",
    depth: int | None = None,
    as_of: str | None = None,
    cap: int = 500,
    size: str = DEFAULT_SIZE,
    layout: str = DEFAULT_LAYOUT,
) -> tuple[str, str, dict]:
    """The standalone HTML of a work's derivation graph, its CSP, and the graph data.

    Used by ``lineage render`` and the download route alike. The nodes carry no
    links (the file has no site to link to).
    """
    from lineage import api

    answer = api.lineage(graph_db, work_id, direction=direction, depth=depth, as_of=as_of, cap=cap).to_dict()
    data = payload(answer, size=size, layout=layout, work_url=None)
    focus = answer.get("focus")
    title = _plain(focus.get("title")) if isinstance(focus, Mapping) else ""
    heading = title or str(work_id)
    subtitle = f"Derivation graph of work {work_id}: {describe(data)} · Remix Lineage Explorer"
    html, csp = standalone_html(data, heading=heading, subtitle=subtitle)
    return html, csp, data


# ---------------------------------------------------------------- helpers


def _role(side: Any, distance: Any, is_origin: bool) -> str:
    """How a node relates to the focus, in words.

    >>> _role("ancestor", 2, True), _role("descendant", 1, False), _role("focus", 0, False)
    ('source, 2 steps up · origin', 'remix, 1 step down', 'the work in focus')
    """
    if side == "focus":
        text = "the work in focus"
    elif side in ("ancestor", "descendant") and isinstance(distance, int):
        steps = "step" if distance == 1 else "steps"
        text = f"source, {distance} {steps} up" if side == "ancestor" else f"remix, {distance} {steps} down"
    else:
        text = ""
    if is_origin:
        text = f"{text} · origin" if text else "origin"
    return text


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return float(value) if value == value else None  # NaN is no size


def _plain(value: Any) -> str:
    """Any value as one plain string (lists joined, floats shortened)."""
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return ", ".join(_plain(v) for v in value)
    if isinstance(value, float):
        return f"{value:.4g}"
    return str(value)


def _clean(items: list[dict]) -> list[dict]:
    """pyvis's dicts without the options left as None."""
    return [{k: v for k, v in item.items() if v is not None} for item in items]


def _show(raw: str, limit: int = 40) -> str:
    return repr(raw if len(raw) <= limit else raw[: limit - 1] + "…")


__all__ = [
    "LAYOUTS", "SIZE_METRICS", "MEDIUM_COLOURS", "MAX_GRAPH_CAP", "VIS_JS", "VIS_CSS",
    "parse_size", "parse_layout", "widened_cap", "medium_colour", "legend", "short_label",
    "hierarchy_levels", "degrees", "tooltip", "edge_id", "vis_options", "lineage_network",
    "payload", "console_payload", "standalone_html", "standalone_parts", "script_json", "csp_hash",
]

"""The focus-and-context view of a lineage: readable at any size.

The work in focus sits in the middle; its generations stand in columns by
distance, sources to the left and remixes to the right. Each generation shows
its most significant works (by a metric the reader picks) one by one, and the
rest as one labelled group ("+133 more sources · 40 music, 93 image") that
opens page by page (``?more=up2:16``). Edges into a group merge into one edge
with a count. The number of works drawn one by one is bounded whatever the
lineage's size, and the geometry (:data:`COLUMN_GAP`, :data:`ROW_GAP`, the
label width) is chosen so that at 1440x900 every label is drawn at 11 px or
more and no two overlap.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from typing import Any, Callable, Mapping

from lineage import limits
from lineage.errors import InvalidParameter
from lineage.explore import MIN_KEYS
from lineage.model import MEDIA, REMIX_KINDS, WORK_METRICS

from web import params as web_params
from web.graphs.layout import degrees
from web.graphs.params import DEFAULT_SIZE, SIZE_METRICS, parse_size
from web.graphs.payloads import lineage_network
from web.graphs.style import EDGE_COLOUR, FONT_FACE, LINEAGE_MARKS, interaction_options, legend
from web.graphs.text import _clean, _number, _plain, default_work_url, focus_id, short_label

# Generations drawn when no depth is named; works of a generation drawn one by one (lineage.limits).
FOCUS_DEPTH = limits.FOCUS_DEPTH
PER_GENERATION, MAX_PER_GENERATION = limits.PER_GENERATION.default, limits.PER_GENERATION.high
RANK_METRICS = ("descendants", "degree", *[m for m in WORK_METRICS if m != "descendants"])
DEFAULT_RANK = "descendants"
# Geometry in drawing units. A label wraps at LABEL_WIDTH; columns leave a gap between labels,
# rows leave room for the largest node and a two-line label.
COLUMN_GAP = 200.0
ROW_GAP = 76.0
LABEL_WIDTH = 150
LABEL_FONT = 14
FOCUS_FONT = 16
# A label is at most two lines of LINE_CHARS characters (wrapped here, so vis-network never makes three).
LINE_CHARS = 20
NODE_MIN, NODE_MAX = 8, 16
# The script never starts a focus view smaller than this (14 px labels drawn at >= 11 px).
MIN_START_SCALE = 0.8
PAIRED_LABEL_GAP = 9  # px between the counts of two edges joining one pair, one each way
SAME_COLUMN_CURVE = {"enabled": True, "type": "curvedCW", "roundness": 0.45}
GROUP_FILL = "#EEF1F4"
GROUP_BORDER = "#8A8F98"


def parse_rank(value: str | None) -> str:
    """The ranking metric named in ``?rank=``.

    >>> parse_rank(None), parse_rank("pagerank")
    ('descendants', 'pagerank')
    >>> parse_rank("title")
    Traceback (most recent call last):
    ...
    lineage.errors.InvalidParameter: parameter 'rank' must be one of descendants, degree, direct_remixes, ancestors, generation, pagerank, bridge, not 'title'
    """
    return web_params.one_of(value, "rank", RANK_METRICS, DEFAULT_RANK)


def parse_more(value: str | None, limit: int = MAX_PER_GENERATION) -> dict[int, int]:
    """Generations opened further (``?more=up2:16,down1:24``): signed distance → works shown.

    >>> parse_more("up2:16,down1:24"), parse_more(None), parse_more("")
    ({-2: 16, 1: 24}, {}, {})
    >>> parse_more("up2:9999")
    {-2: 200}
    >>> parse_more("left3:4")
    Traceback (most recent call last):
    ...
    lineage.errors.InvalidParameter: parameter 'more' must look like up2:16,down1:24, not 'left3:4'
    """
    opened: dict[int, int] = {}
    for part in (value or "").split(","):
        part = part.strip()
        if not part:
            continue
        side, _, count = part.partition(":")
        way = -1 if side.startswith("up") else 1 if side.startswith("down") else 0
        digits = side[2:] if way < 0 else side[4:]
        if not way or not digits.isdigit() or not count.isdigit() or int(digits) < 1 or len(part) > 20:
            raise InvalidParameter(f"parameter 'more' must look like up2:16,down1:24, not {part[:40]!r}")
        opened[way * int(digits)] = min(max(int(count), 1), limit)
    return opened


def format_more(opened: Mapping[int, int]) -> str:
    """The ``?more=`` value of opened generations (the inverse of :func:`parse_more`).

    >>> format_more({-2: 16, 1: 24})
    'up2:16,down1:24'
    """
    return ",".join(f"{'up' if d < 0 else 'down'}{abs(d)}:{n}" for d, n in sorted(opened.items()))


def signed_distance(node: Mapping[str, Any]) -> int:
    """Sources at negative distances, remixes at positive ones, the focus at 0.

    >>> signed_distance({"side": "ancestor", "distance": 2}), signed_distance({"side": "focus"})
    (-2, 0)
    """
    side = node.get("side")
    if side == "focus":
        return 0
    distance = int(node.get("distance") or 0)
    return -distance if side == "ancestor" else distance


def group_label(count: int, sign: int, media: Counter) -> str:
    """A group's label: how many works it holds, and of which media (largest first).

    >>> group_label(133, -1, Counter({"image": 93, "music": 40}))
    '+133 more sources\\n93 image · 40 music'
    >>> group_label(1, 1, Counter({"video": 1}))
    '+1 more remix\\n1 video'
    >>> group_label(9, 1, Counter({"a": 3, "b": 2, "c": 2, "d": 2}))
    '+9 more remixes\\n3 a · 2 b · 4 other'
    >>> group_label(10, 1, Counter({"other": 5, "music": 3, "image": 2}))
    '+10 more remixes\\n3 music · 7 other'
    """
    noun = ("source" if sign < 0 else "remix") if count == 1 else ("sources" if sign < 0 else "remixes")
    ranked = sorted(media.items(), key=lambda kv: (-kv[1], kv[0]))
    top = dict(ranked[:2])
    rest = sum(n for _, n in ranked[2:])
    if rest:  # the smaller media join "other" (itself a medium), said once
        top["other"] = top.get("other", 0) + rest
    parts = [f"{n} {m}" for m, n in sorted(top.items(), key=lambda kv: (kv[0] == "other", -kv[1], kv[0]))]
    return f"+{count:,} more {noun}\n" + " · ".join(parts)


def two_lines(title: Any, width: int = LINE_CHARS) -> str:
    """A title wrapped on word boundaries into at most two lines of ``width`` characters, then cut with an ellipsis.

    >>> two_lines("Voters ID card with unique Personal Identification Number")
    'Voters ID card with\\nunique Personal…'
    >>> two_lines("Short"), two_lines(None), two_lines("Supercalifragilisticexpialidocious")
    ('Short', '(untitled)', 'Supercalifragilistic\\nexpialidocious')
    """
    text = short_label(title, 10 * width)
    lines: list[str] = []
    current = ""
    for word in text.split(" "):
        while len(word) > width:  # a word longer than a line is cut across lines
            room = width - len(current) - (1 if current else 0)
            if room <= 0:
                lines.append(current)
                current = ""
                continue
            current = (current + " " if current else "") + word[:room]
            word = word[room:]
            lines.append(current)
            current = ""
        if not word:
            continue
        candidate = (current + " " + word) if current else word
        if len(candidate) <= width:
            current = candidate
        else:
            lines.append(current)
            current = word
    if current:
        lines.append(current)
    if len(lines) > 2:
        lines = lines[:2]
        lines[1] = lines[1][: width - 1].rstrip() + "…"
    elif text.endswith("…") and not lines[-1].endswith("…"):
        lines[-1] = lines[-1][: width - 1].rstrip() + "…"
    return "\n".join(lines)


def rank_generation(members: list[Mapping[str, Any]], metric: str, degree: Mapping[Any, int]) -> list:
    """A generation's works, most significant first (by ``metric``; the degree breaks ties, then the id).

    A metric nobody in the generation carries (``lineage metrics`` not run) ranks by degree.

    >>> rank_generation([{"id": "a", "pagerank": 1}, {"id": "b", "pagerank": 3}, {"id": "c"}], "pagerank", {})
    ['b', 'a', 'c']
    >>> rank_generation([{"id": "a"}, {"id": "b"}], "pagerank", {"a": 1, "b": 2})
    ['b', 'a']
    """
    def score(node):
        if metric == "degree":
            return float(degree.get(node["id"], 0))
        value = _number(node.get(metric))
        return value if value is not None else -math.inf

    return [n["id"] for n in sorted(members, key=lambda n: (-score(n), -degree.get(n["id"], 0), str(n["id"])))]


def focus_payload(
    lineage: Mapping[str, Any],
    *,
    depth: int = FOCUS_DEPTH,
    rank: str = DEFAULT_RANK,
    per_generation: int = PER_GENERATION,
    more: Mapping[int, int] | None = None,
    size: str = DEFAULT_SIZE,
    work_url: Callable[[Any], str] | None = default_work_url,
    links: Mapping[str, Any] | None = None,
    degree: Mapping[Any, int] | None = None,
) -> dict:
    """The focus-and-context drawing of a lineage answer fetched one generation deeper than ``depth``.

    Works farther than ``depth`` are only counted (``beyond``); each generation
    shows its ``per_generation`` best works by ``rank`` (``more`` opens some
    generations further) and groups the rest; edges are merged per pair of
    drawn nodes, with a count. The site reads the same view without the whole
    lineage (:func:`lineage.explore.explore`, drawn by :func:`draw_focus`);
    this is the same view of an answer in hand (:func:`gather`).

    >>> nodes = [{"id": "f", "title": "Focus", "side": "focus", "distance": 0, "medium": "music"}]
    >>> nodes += [{"id": f"s{i}", "title": f"S{i}", "side": "ancestor", "distance": 1, "medium": "image",
    ...            "descendants": i} for i in range(5)]
    >>> nodes += [{"id": "far", "title": "Far", "side": "ancestor", "distance": 2, "medium": "image"}]
    >>> edges = [{"source": "f", "target": f"s{i}", "kind": "remix"} for i in range(5)]
    >>> edges += [{"source": "s0", "target": "far", "kind": "remix"}]
    >>> p = focus_payload({"focus": "f", "nodes": nodes, "edges": edges, "total": 7}, depth=1, per_generation=2)
    >>> [n["id"] for n in p["nodes"]]
    ['s4', 's3', 'f', 'group:-1']
    >>> [n["label"] for n in p["nodes"] if n["id"].startswith("group")]
    ['+3 more sources\\n3 image']
    >>> sorted((e["from"], e["to"], e.get("label")) for e in p["edges"])
    [('f', 'group:-1', '3 links'), ('f', 's3', None), ('f', 's4', None)]
    >>> p["shown"], p["grouped"], p["beyond"]
    (3, 3, {'up': 1, 'down': 0})
    >>> p = focus_payload({"focus": "f", "nodes": nodes, "edges": edges}, depth=1, per_generation=2, more={-1: 4})
    >>> [n["id"] for n in p["nodes"]], p["more"]
    (['s4', 's3', 's2', 's1', 'f', 'group:-1'], 'up1:4')
    """
    view = gather(lineage, depth=depth, rank=rank, per_generation=per_generation, more=more, degree=degree)
    return draw_focus(view, rank=rank, per_generation=per_generation, more=more, size=size, work_url=work_url,
                      links=links, cap=lineage.get("cap"))


def gather(
    lineage: Mapping[str, Any],
    *,
    depth: int = FOCUS_DEPTH,
    rank: str = DEFAULT_RANK,
    per_generation: int = PER_GENERATION,
    more: Mapping[int, int] | None = None,
    degree: Mapping[Any, int] | None = None,
) -> dict:
    """What the focus view draws, taken from a whole lineage answer (the shape of :func:`lineage.explore.explore`).

    ``degree`` (work id → links) breaks ties and is the ``degree`` rank; by
    default the links among the lineage's works within ``depth``.

    >>> v = gather({"focus": "f", "nodes": [{"id": "f", "side": "focus"}], "edges": []})
    >>> v["generations"], v["links"], v["total"]
    ([], [], 1)
    """
    rank = parse_rank(rank)
    opened = dict(more or {})
    focus = focus_id(lineage)
    everyone = list(lineage.get("nodes") or [])
    inside = [n for n in everyone if abs(signed_distance(n)) <= depth]
    beyond = Counter("up" if signed_distance(n) < 0 else "down" for n in everyone if abs(signed_distance(n)) > depth)
    ids = {n["id"] for n in inside}
    all_pairs = [(e["source"], e["target"]) for e in lineage.get("edges") or []]
    pairs = [(d, s) for d, s in all_pairs if d in ids and s in ids]
    if degree is None:
        degree = degrees(ids, pairs)
    rank_used = rank
    if rank != "degree" and not any(_number(n.get(rank)) is not None for n in inside):
        rank_used = "degree"

    generations: dict[int, list] = defaultdict(list)
    for node in inside:
        generations[signed_distance(node)].append(node)
    by_id = {n["id"]: n for n in inside}
    works = {}
    gens = []
    rep = {}
    for gen in sorted(generations, key=lambda g: (g > 0, abs(g))):
        ranked = rank_generation(generations[gen], rank, degree)
        keep = ranked if gen == 0 else ranked[: opened.get(gen, per_generation)]
        for nid in keep:
            works[nid] = {**by_id[nid], "links": degree.get(nid, 0)}
            rep[nid] = nid
        if gen == 0:
            continue
        rest = ranked[len(keep):]
        for nid in rest:
            rep[nid] = f"group:{gen}"
        gens.append({
            "gen": gen, "drawn": keep, "count": len(ranked), "lower_bound": False,
            "media": dict(Counter(_plain(by_id[m].get("medium")) or "other" for m in rest)),
            "preview": [by_id[m].get("title") for m in rest[:5]],
        })
    merged: dict[tuple, list] = defaultdict(list)
    for edge in lineage.get("edges") or []:
        d, s = rep.get(edge["source"]), rep.get(edge["target"])
        if d is None or s is None or d == s:
            continue
        merged[(d, s)].append(edge)
    links = [{
        "from": d, "to": s, "count": len(group_edges),
        "kinds": dict(Counter(_plain(e.get("kind")) or "remix" for e in group_edges)),
        "anomalies": sum(1 for e in group_edges if e.get("temporal_anomaly")),
        "kind": group_edges[0].get("kind"), "weight": group_edges[0].get("weight"),
        "temporal_anomaly": bool(group_edges[0].get("temporal_anomaly")),
    } for (d, s), group_edges in sorted(merged.items(), key=lambda kv: (str(kv[0][0]), str(kv[0][1])))]
    total = lineage.get("total")
    total = len(everyone) if total is None else max(int(total), len(everyone))
    focus_work = lineage.get("focus") if isinstance(lineage.get("focus"), Mapping) else by_id.get(focus, {"id": focus})
    return {
        "focus": focus_work,
        "direction": lineage.get("direction"),
        "depth": depth,
        "as_of": lineage.get("as_of"),
        "rank": rank_used,
        "works": works,
        "generations": gens,
        "links": links,
        "beyond": {"up": beyond.get("up", 0), "down": beyond.get("down", 0)},
        "total": total,
        "lower_bound": False,
        "filters": {},
    }


def draw_focus(
    view: Mapping[str, Any],
    *,
    rank: str = DEFAULT_RANK,
    per_generation: int = PER_GENERATION,
    more: Mapping[int, int] | None = None,
    size: str = DEFAULT_SIZE,
    work_url: Callable[[Any], str] | None = default_work_url,
    links: Mapping[str, Any] | None = None,
    cap: int | None = None,
) -> dict:
    """The focus view's JSON (what lineage-graph.js draws) of what :func:`gather` or :func:`lineage.explore.explore` read.

    >>> p = draw_focus({"focus": {"id": "f", "title": "F"}, "works": {"f": {"id": "f", "side": "focus"}},
    ...                 "generations": [], "links": [], "total": 1})
    >>> [n["id"] for n in p["nodes"]], p["shown"], p["lower_bound"]
    (['f'], 1, False)
    """
    rank = parse_rank(rank)
    size = parse_size(size)
    opened = dict(more or {})
    focus_work = view.get("focus") or {}
    focus = focus_work.get("id") if isinstance(focus_work, Mapping) else focus_work
    by_id = dict(view.get("works") or {})
    rank_used = view.get("rank") or rank
    column: dict[Any, int] = {focus: 0} if focus in by_id else {}
    order = [(0, [focus] if focus in by_id else [])]
    for g in view.get("generations") or []:
        order.append((g["gen"], [n for n in g["drawn"] if n in by_id]))
    drawn: list = []          # ids drawn one by one, far sources first, far remixes last
    for gen, ids in sorted(order, key=lambda o: o[0]):
        for nid in ids:
            drawn.append(nid)
            column[nid] = gen
    groups = {g["gen"]: g for g in view.get("generations") or [] if g["count"] > len(g["drawn"])}
    all_links = list(view.get("links") or [])

    # The works drawn one by one, styled as in the overview (colour by medium, size, focus, origins).
    sub = {"focus": focus, "nodes": [by_id[nid] for nid in drawn],
           "edges": [{"source": e["from"], "target": e["to"], "kind": e.get("kind"), "weight": e.get("weight"),
                      "temporal_anomaly": e.get("temporal_anomaly")}
                     for e in all_links if e["from"] in by_id and e["to"] in by_id and e["count"] == 1]}
    net, used = lineage_network(sub, size=size, layout="hierarchical", work_url=work_url)
    nodes = {n["id"]: n for n in _clean(net.nodes)}
    for nid, node in nodes.items():
        node["label"] = two_lines(by_id[nid].get("title"))
        node.pop("level", None)
        node["info"]["rank_value"] = by_id[nid].get("links") if rank == "degree" else by_id[nid].get(rank)
        node["info"]["generation"] = column[nid]
        if node["info"]["focus"]:
            node["font"] = {"size": FOCUS_FONT, "color": "#000000", "strokeWidth": 3, "strokeColor": "#FFFFFF"}

    # Merged edges: one per pair of drawn things (works or groups), counted.
    edges = []
    single = {(e["from"], e["to"]): e for e in _clean(net.edges)}
    pairs = []
    ends = set(nodes) | {f"group:{gen}" for gen in groups}
    for link in all_links:
        d, s, count = link["from"], link["to"], link["count"]
        if d not in ends or s not in ends:  # a work gone between two reads
            continue
        pairs.append((d, s))
        if count == 1 and not str(d).startswith("group:") and not str(s).startswith("group:"):
            edge = single[(d, s)]
            edge.pop("label", None)  # kinds are in the tooltip; labels on 700 edges are noise
            if column.get(d) == column.get(s):
                edge["smooth"] = SAME_COLUMN_CURVE  # bulge sideways, off the labels of the column
            edges.append(edge)
            continue
        anomalies = link.get("anomalies") or 0
        kinds = sorted((link.get("kinds") or {}).items(), key=lambda kv: (-kv[1], kv[0]))
        edges.append({
            "id": f"merged:{d}->{s}",
            "from": d,
            "to": s,
            "label": f"{count:,} links" if count != 1 else None,
            "title": f"{count:,} remix links: " + ", ".join(f"{n} {_plain(k)}" for k, n in kinds[:4])
                     + (f"\n{anomalies} temporal anomalies" if anomalies else ""),
            "width": round(1.2 + min(5.0, math.log2(count)), 2) if count > 1 else 1.2,
            "count": count,
            "color": {"color": EDGE_COLOUR, "opacity": 0.8},
            **({"smooth": SAME_COLUMN_CURVE} if column.get(d, "?") == column.get(s, "!") else {}),
        })
    for edge in edges:
        if edge.get("label") is None:
            edge.pop("label", None)

    group_nodes = {}
    for gen, g in sorted(groups.items()):
        count = g["count"] - len(g["drawn"])
        media = Counter({_plain(m) or "other": n for m, n in (g.get("media") or {}).items()})
        bound = bool(g.get("lower_bound"))
        gid = f"group:{gen}"
        sign = -1 if gen < 0 else 1
        shown_now = opened.get(gen, per_generation)
        label = group_label(count, sign, media)
        if bound:  # a cap cut this generation: at least this many
            label = label.replace("+", "+≥", 1)
        group_nodes[gid] = {
            "id": gid,
            "label": label,
            "shape": "box",
            "color": {"background": GROUP_FILL, "border": GROUP_BORDER,
                      "highlight": {"background": GROUP_FILL, "border": "#0969DA"}},
            "borderWidth": 1,
            "borderWidthSelected": 2,
            "shapeProperties": {"borderDashes": [4, 3], "borderRadius": 4},
            "font": {"size": 13, "face": FONT_FACE, "color": "#1F2328", "multi": False},
            "widthConstraint": {"maximum": LABEL_WIDTH},
            "margin": 6,
            "title": label.replace("\n", ": ") + f" (generation {abs(gen)})"
                     + ("; a lower bound: the walk stopped at its cap" if bound else ""),
            "info": {
                "kind": "group",
                "title": label.split("\n")[0],
                "generation": gen,
                "count": count,
                "lower_bound": bound,
                "media": dict(media.most_common()),
                "shown": shown_now,
                "next": format_more({**opened, gen: min(shown_now + per_generation, MAX_PER_GENERATION)}),
                "all": format_more({**opened, gen: min(shown_now + count, MAX_PER_GENERATION)}),
                "members_preview": [_plain(t) for t in (g.get("preview") or [])[:5]],
            },
        }
        column[gid] = gen

    # Places: a column per generation; in a column, works ordered by where their
    # neighbours nearer the focus stand (fewer crossings), the group last.
    place_y: dict[Any, float] = {}
    neighbours: dict[Any, list] = defaultdict(list)
    for (d, s) in pairs:
        neighbours[d].append(s)
        neighbours[s].append(d)
    for gen in sorted(set(column.values()), key=abs):
        members = [nid for nid in list(nodes) + list(group_nodes) if column.get(nid) == gen]
        singles = [m for m in members if not str(m).startswith("group:")]
        rank_order = {nid: i for i, nid in enumerate(singles)}  # rank order breaks ties

        def spot(nid):
            near = [place_y[m] for m in neighbours[nid] if m in place_y and abs(column.get(m, 0)) < abs(gen)]
            return (sum(near) / len(near) if near else 0.0, rank_order[nid])

        if gen != 0:
            singles.sort(key=spot)
        stack = singles + [m for m in members if str(m).startswith("group:")]
        for i, nid in enumerate(stack):
            place_y[nid] = (i - (len(stack) - 1) / 2) * ROW_GAP
    for nid, node in {**nodes, **group_nodes}.items():
        node["x"] = round(column[nid] * COLUMN_GAP, 1)
        node["y"] = round(place_y[nid], 1)
    place_labels(edges, {**nodes, **group_nodes})

    options = focus_options()
    shown = len(nodes)
    grouped = sum(g["count"] - len(g["drawn"]) for g in groups.values())
    beyond = dict(view.get("beyond") or {})
    total = max(int(view.get("total") or 0), shown + grouped + sum(beyond.values()))
    return {
        "kind": "lineage",
        "view": "focus",
        "focus": focus,
        "focus_title": _plain(focus_work.get("title")) if isinstance(focus_work, Mapping) else None,
        "direction": view.get("direction"),
        "depth": view.get("depth"),
        "as_of": view.get("as_of"),
        "cap": cap,
        "layout": "focus",
        "rank": rank_used,
        "rank_requested": rank,
        "rank_metrics": list(RANK_METRICS),
        "per_gen": per_generation,
        "more": format_more(opened),
        "size": used,
        "size_requested": size,
        "size_metrics": list(SIZE_METRICS),
        "min_scale": MIN_START_SCALE,
        "column_gap": COLUMN_GAP,
        "row_gap": ROW_GAP,
        "nodes": list(nodes.values()) + list(group_nodes.values()),
        "edges": edges,
        "options": options,
        "legend": legend(n["info"]["medium"] for n in nodes.values()),
        "marks": LINEAGE_MARKS + [{"mark": "group", "label": "a group: the rest of a generation (click to open)"}],
        "shown": shown,
        "grouped": grouped,
        "in_view": shown + grouped,
        "beyond": {"up": beyond.get("up", 0), "down": beyond.get("down", 0)},
        "total": total,
        # Nothing is silently left out: grouped works are counted, further generations too.
        "truncated": False,
        "left_out": max(0, total - shown - grouped - sum(beyond.values())),
        # A cap of the walk cut a generation: its counts (and the total) are at least these.
        "lower_bound": bool(view.get("lower_bound")),
        "filters": dict(view.get("filters") or {}),
        "filter_choices": {"medium": list(MEDIA), "kind": list(REMIX_KINDS), "min": list(MIN_KEYS)},
        "links": dict(links or {}),
        "whole": whole_lineage(focus_work, view),
    }


def whole_lineage(focus_work: Any, view: Mapping[str, Any]) -> dict:
    """The whole lineage's size per side asked, from the focus's stored metrics: today's graph, unfiltered only.

    The walk reads one generation past the depth; ``lineage metrics`` counted
    every generation (a load drops the counts, so present means current).

    >>> whole_lineage({"descendants": 153, "ancestors": 2}, {"direction": "down"})
    {'down': 153}
    >>> whole_lineage({"descendants": 153}, {"direction": "both", "as_of": "2020-01-01"})
    {}
    """
    if not isinstance(focus_work, Mapping) or view.get("as_of") or view.get("filters"):
        return {}
    direction = view.get("direction") or "both"
    sides = {"up": "ancestors", "down": "descendants"}
    return {way: int(focus_work[metric]) for way, metric in sides.items()
            if direction in (way, "both") and isinstance(focus_work.get(metric), (int, float))}


def place_labels(edges: list[dict], nodes: Mapping[Any, Mapping[str, Any]]) -> None:
    """Keep each edge's count legible where vis-network would misplace or stack it.

    vis-network draws a label aligned along its edge ("middle") at the canvas
    origin when the edge is exactly horizontal, which is the focus's place: such
    an edge's label is drawn level instead. Two edges between the same pair (one
    each way) would put their counts on one spot: they are drawn apart.

    >>> nodes = {"a": {"x": 0, "y": 50}, "b": {"x": 200, "y": 50}, "c": {"x": 0, "y": 0}}
    >>> edges = [{"from": "a", "to": "b", "label": "9 links"}, {"from": "b", "to": "a", "label": "2 links"},
    ...          {"from": "c", "to": "b", "label": "3 links"}, {"from": "c", "to": "a"}]
    >>> place_labels(edges, nodes)
    >>> [e.get("font") for e in edges]
    [{'align': 'horizontal', 'vadjust': -9}, {'align': 'horizontal', 'vadjust': 9}, None, None]
    """
    labelled = {(e["from"], e["to"]) for e in edges if e.get("label")}
    for edge in edges:
        if not edge.get("label"):
            continue
        font = {}
        ends = nodes.get(edge["from"]), nodes.get(edge["to"])
        if all(ends) and ends[0].get("y") == ends[1].get("y"):
            font["align"] = "horizontal"
        if (edge["to"], edge["from"]) in labelled:
            font["vadjust"] = -PAIRED_LABEL_GAP if str(edge["from"]) < str(edge["to"]) else PAIRED_LABEL_GAP
        if font:
            edge["font"] = {**edge.get("font", {}), **font}


def focus_options() -> dict:
    """vis-network options of the focus view: positions come with the nodes, nothing moves.

    >>> focus_options()["physics"], focus_options()["nodes"]["font"]["size"]
    ({'enabled': False}, 14)
    """
    return {
        "autoResize": True,
        "layout": {"improvedLayout": False, "hierarchical": {"enabled": False}},
        "physics": {"enabled": False},
        "interaction": interaction_options(),
        "nodes": {
            "shape": "dot",
            "borderWidth": 1,
            "scaling": {"min": NODE_MIN, "max": NODE_MAX, "label": {"enabled": False}},
            "font": {"size": LABEL_FONT, "face": FONT_FACE, "color": "#1F2328", "strokeWidth": 3, "strokeColor": "#FFFFFF"},
            "widthConstraint": {"maximum": LABEL_WIDTH + 50},
        },
        "edges": {
            "arrows": {"to": {"enabled": True, "scaleFactor": 0.5}},
            "color": {"color": EDGE_COLOUR, "highlight": "#1F2328", "hover": "#1F2328"},
            "font": {"size": 13, "face": FONT_FACE, "align": "middle", "color": "#57606A", "strokeWidth": 3,
                     "strokeColor": "#FFFFFF"},
            "width": 1.2,
            "selectionWidth": 1.5,
            "smooth": {"enabled": True, "type": "cubicBezier", "forceDirection": "horizontal", "roundness": 0.5},
        },
    }


__all__ = ["focus_payload", "gather", "draw_focus", "parse_rank", "parse_more", "format_more", "FOCUS_DEPTH", "PER_GENERATION",
           "RANK_METRICS", "DEFAULT_RANK", "MIN_START_SCALE"]

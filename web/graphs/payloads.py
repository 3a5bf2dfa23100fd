"""The graph JSON the page script draws, built with pyvis.

A graph starts from a lineage answer (``lineage.api.Lineage.to_dict()``: the
focus, its nodes with ``distance``/``side``/metrics, the ``REMIXES`` edges from
the derived work to its source), from an artist's influence, or from the nodes
and relationships a console query returned. :func:`lineage_network` turns a
lineage into a :class:`pyvis.network.Network` (``add_node``/``add_edge``/
``set_options``); :func:`payload` reads that network back into the JSON that
``static/js/lineage-graph.js`` draws with the vendored vis-network. pyvis's own
HTML template links CDNs, so it is never used.
"""

from __future__ import annotations

import json
from typing import Any, Callable, Iterable, Mapping
from urllib.parse import quote

from pyvis.network import Network

from lineage.model import ARTIST_METRICS, WORK_METRICS

from web.graphs.layout import degrees, hierarchy_levels, layered_positions, radial_positions, spread_rows
from web.graphs.params import DEFAULT_LAYOUT, DEFAULT_SIZE, SIZE_METRICS, parse_layout, parse_size
from web.graphs.style import (
    ANOMALY_COLOUR, ARTIST_ROLES, FOCUS_BORDER, LARGE_GRAPH, LINEAGE_MARKS, NODE_BORDER, SELECTED_BORDER,
    SELECTED_WIDTH, legend, medium_colour, vis_options,
)
from web.graphs.text import _clean, _number, _plain, default_work_url, edge_id, focus_id, short_label, tooltip


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

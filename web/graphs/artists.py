"""An artist's influence graph in the focus-and-context design of the work view.

The artist in the middle; the artists they drew on (upstream) in a column to
the left, those who drew on them (downstream) to the right, their
collaborators under them. Each side shows its artists with most works one by
one and the rest as one group with a count ("+212 more downstream artists"),
which opens page by page (``?more=up1:20``); edges into a group merge into one
with the number of works behind it.
"""

from __future__ import annotations

from typing import Any, Callable, Mapping
from urllib.parse import quote

from lineage.model import ARTIST_METRICS

from web.graphs.focus import (
    COLUMN_GAP, GROUP_BORDER, GROUP_FILL, LABEL_WIDTH, MAX_PER_GENERATION, MIN_START_SCALE, PER_GENERATION,
    ROW_GAP, focus_options, format_more, two_lines,
)
from web.graphs.style import ARTIST_ROLES, FOCUS_BORDER, FONT_FACE, NODE_BORDER, SELECTED_BORDER, SELECTED_WIDTH
from web.graphs.text import _number, _plain, tooltip

# Collaborators drawn one by one under the artist (the rest are counted in a group).
COLLABORATORS = 4
SIDES = (
    # role, column, list key, count key, the word for the count
    ("upstream", -1, "upstream_artists", "works", "works drawn on"),
    ("downstream", 1, "downstream_artists", "works", "derived works"),
)


def artist_focus_payload(
    influence: Mapping[str, Any],
    *,
    per_side: int = PER_GENERATION,
    more: Mapping[int, int] | None = None,
    artist_url: Callable[[Any], str] | None = None,
    links: Mapping[str, Any] | None = None,
) -> dict:
    """The focus-and-context influence graph of ``lineage.api.artist_influence``.

    >>> infl = {"artist": {"id": "a1", "handle": "ann"},
    ...         "upstream_artists": [{"id": f"u{i}", "handle": f"up{i}", "works": i + 1} for i in range(12)],
    ...         "downstream_artists": [{"id": "d1", "handle": "dee", "works": 3}],
    ...         "collaborators": [], "counts": {"upstream_artists": 30, "downstream_artists": 1}}
    >>> p = artist_focus_payload(infl, per_side=3)
    >>> [n["id"] for n in p["nodes"]]
    ['a1', 'u11', 'u10', 'u9', 'group:-1', 'd1']
    >>> g = p["nodes"][4]
    >>> g["label"], g["info"]["next"]
    ('+27 more upstream\\n45 works listed', 'up1:6')
    >>> [(e["from"], e["to"], e["label"]) for e in p["edges"] if e["to"] == "group:-1"]
    [('a1', 'group:-1', '27 artists')]
    >>> p["shown"], p["total"]
    (5, 32)
    """
    artist_url = artist_url or (lambda aid: "/artists/" + quote(str(aid), safe="/"))
    opened = dict(more or {})
    artist = dict(influence.get("artist") or {})
    focus = artist.get("id")
    counts = influence.get("counts") or {}
    nodes: list[dict] = []
    edges: list[dict] = []
    column_members: dict[int, list] = {-1: [], 0: [], 1: []}

    def person_node(person: Mapping[str, Any], role: str, count: Any, count_word: str | None) -> dict:
        name = _plain(person.get("handle")) or _plain(person.get("name")) or _plain(person.get("id"))
        label, colour = ARTIST_ROLES[role]
        full_name = _plain(person.get("name"))
        is_focus = role == "focus"
        return {
            "id": person["id"],
            "label": two_lines(name),
            "shape": "square" if is_focus else "dot",
            "color": {"background": colour, "border": FOCUS_BORDER if is_focus else NODE_BORDER,
                      "highlight": {"background": colour, "border": FOCUS_BORDER if is_focus else SELECTED_BORDER},
                      "hover": {"background": colour, "border": "#000000"}},
            "borderWidth": 5 if is_focus else 1,
            "borderWidthSelected": 6 if is_focus else SELECTED_WIDTH,
            "value": _number(count) or 1,
            "title": tooltip([("", name), ("name", full_name if full_name != name else None), ("", label),
                              (count_word or "", count)]),
            "info": {
                "kind": "artist", "title": name, "name": full_name, "role": label, "count": count,
                "count_label": count_word, "focus": is_focus,
                "metrics": {m: person.get(m) for m in ARTIST_METRICS if person.get(m) is not None},
                "url": artist_url(person["id"]) if person.get("id") is not None else None,
            },
        }

    focus_node = person_node(artist, "focus", None, None)
    focus_node["font"] = {"size": 16, "color": "#000000", "strokeWidth": 3, "strokeColor": "#FFFFFF"}
    nodes.append(focus_node)
    column_members[0].append(focus)
    seen = {focus}
    grouped = 0
    listed_total = 0
    sides = list(SIDES) + [("collaborator", 0, "collaborators", "shared_works", "shared works")]
    for role, col, key, count_key, word in sides:
        people = [p for p in influence.get(key) or [] if p.get("id") is not None and p.get("id") not in seen]
        people.sort(key=lambda p: (-(_number(p.get(count_key)) or 0), str(p.get("id"))))
        full = max(int(counts.get(key) or 0), len(people))
        listed_total += full
        cap = COLLABORATORS if role == "collaborator" else opened.get(col, per_side)
        for person in people[:cap]:
            seen.add(person["id"])
            count = person.get(count_key)
            nodes.append(person_node(person, role, count, word))
            column_members[col].append(person["id"])
            derived, source = (focus, person["id"]) if role == "upstream" else (person["id"], focus)
            text = f"{_plain(count)} {'shared' if role == 'collaborator' else 'works'}" if count is not None else None
            edges.append({
                "id": f"{role}:{person['id']}", "from": derived, "to": source, "title": text or role,
                "arrows": {"to": {"enabled": role != "collaborator"}},
                **({"color": {"color": ARTIST_ROLES["collaborator"][1]},
                    "smooth": {"enabled": True, "type": "curvedCW", "roundness": 0.3}} if role == "collaborator" else {}),
            })
        rest = people[cap:]
        left = full - min(cap, len(people))
        if left <= 0:
            continue
        grouped += left
        gid = f"group:{col}" if role != "collaborator" else "group:collaborators"
        works = sum(int(_number(p.get(count_key)) or 0) for p in rest)
        noun = {"upstream": "upstream artist", "downstream": "downstream artist", "collaborator": "collaborator"}[role]
        plural = f"{noun}{'s' if left != 1 else ''}"
        # Two short lines fit the box; the panel and the tooltip name the group in full.
        label = f"+{left:,} more {role if role != 'collaborator' else 'collaborators'}\n{works:,} {'works' if role != 'collaborator' else 'shared'} listed"
        shown_now = cap
        nodes.append({
            "id": gid, "label": label, "shape": "box",
            "color": {"background": GROUP_FILL, "border": GROUP_BORDER,
                      "highlight": {"background": GROUP_FILL, "border": SELECTED_BORDER}},
            "borderWidth": 1, "borderWidthSelected": 2,
            "shapeProperties": {"borderDashes": [4, 3], "borderRadius": 4},
            "font": {"size": 13, "face": FONT_FACE, "color": "#1F2328"},
            "widthConstraint": {"maximum": LABEL_WIDTH}, "margin": 6,
            "title": f"+{left:,} more {plural}: {works:,} works listed",
            "info": {
                "kind": "group", "title": f"+{left:,} more {plural}", "generation": col, "count": left,
                "media": {}, "shown": shown_now, "role": noun,
                "members_preview": [_plain(p.get("handle")) or _plain(p.get("id")) for p in rest[:5]],
                **({} if role == "collaborator" else {
                    "next": format_more({**opened, col: min(shown_now + per_side, MAX_PER_GENERATION)}),
                    "all": format_more({**opened, col: min(shown_now + left, MAX_PER_GENERATION)}),
                }),
            },
        })
        column_members[col].append(gid)
        derived, source = (focus, gid) if role == "upstream" else (gid, focus)
        edges.append({
            "id": f"{role}:group", "from": derived, "to": source, "label": f"{left:,} artists",
            "title": f"{left:,} {noun}s, {works:,} works listed",
            "width": 3, "arrows": {"to": {"enabled": role != "collaborator"}},
        })
    for edge in edges:
        if edge.get("label") is None:
            edge.pop("label", None)
    # Places: a column per side, the collaborators under the artist.
    place = {}
    for col, members in column_members.items():
        if col == 0:  # the artist, their collaborators under them
            for i, nid in enumerate(members):
                place[nid] = (0.0, (i + 0.5) * ROW_GAP if i else 0.0)
            continue
        for i, nid in enumerate(members):
            place[nid] = (col * COLUMN_GAP * 1.4, (i - (len(members) - 1) / 2) * ROW_GAP)
    for node in nodes:
        node["x"], node["y"] = (round(v, 1) for v in place[node["id"]])
    shown = len(seen)
    total = 1 + listed_total
    options = focus_options()
    options["nodes"]["scaling"] = {"min": 8, "max": 18, "label": {"enabled": False}}
    return {
        "kind": "artist",
        "view": "focus",
        "focus": focus,
        "focus_title": _plain(artist.get("handle")) or _plain(artist.get("name")),
        "as_of": influence.get("as_of"),
        "layout": "focus",
        "per_gen": per_side,
        "more": format_more(opened),
        "min_scale": MIN_START_SCALE,
        "column_gap": COLUMN_GAP,
        "row_gap": ROW_GAP,
        "nodes": nodes,
        "edges": edges,
        "options": options,
        "legend": [{"label": label, "colour": colour} for label, colour in ARTIST_ROLES.values()],
        "marks": [{"mark": "arrow", "label": "drew on → the earlier artist"},
                  {"mark": "group", "label": "a group: the other artists of a side (click to open)"}],
        "shown": shown,
        "grouped": grouped,
        "total": total,
        "truncated": False,
        "left_out": 0,
        "summary": f"{shown:,} of {total:,} artists drawn one by one (most works first), {grouped:,} in groups.",
        "links": dict(links or {}),
    }


__all__ = ["artist_focus_payload"]

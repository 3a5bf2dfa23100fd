"""Lineage answers from Neo4j: the one API the command line and the web site call.

Every function takes a :class:`lineage.db.Graph` and returns plain JSON-able
values (dicts, lists, strings, numbers, booleans, None). The Cypher lives in
``queries/lineage_*.cypher``; variable-length walks are done breadth first, one
query per level with the frontier as a parameter, so a wide graph full of
diamonds costs one visit per work, never one per path.

Shapes
------
*work dict*: ``{"id", "title", "medium", "created_at", "status"}`` plus every
metric of :data:`lineage.model.WORK_METRICS` present on the node.

:class:`Lineage` (``.to_dict()``)::

    {"focus": work dict, "direction": "up"|"down"|"both", "depth": int|None,
     "as_of": "YYYY-MM-DD"|None, "cap": int,
     "nodes": [work dict + {"distance": hops from the focus (0 for it),
                            "side": "focus"|"ancestor"|"descendant",
                            "origin": True when the work has no sources}],
     "edges": [{"source": derived id, "target": source id, "kind", "weight",
                "temporal_anomaly"}],          # REMIXES among the returned nodes
     "origins": [ids of returned works with no sources of their own],
     "truncated": bool, "total": int}          # total: works in the full lineage

``nodes`` come nearest first (distance, then id); the focus counts towards the
cap. When the lineage holds more works than ``cap`` the nearest ``cap`` are
returned (every level closer than the cut is complete, so the returned graph is
connected), ``truncated`` is True and ``total`` gives the full size.

As of a day
-----------
``as_of="YYYY-MM-DD"``: works created after that day are left out, with every
remix from or to them; works without ``created_at`` are undated and kept. The
focus work must exist on that day (else :class:`InvalidParameter`).

Errors: unknown ids raise :class:`WorkNotFound` / :class:`ArtistNotFound`; a bad
``depth`` (an int >= 1, or None), ``cap``, ``direction`` or ``as_of`` (a real
date ``YYYY-MM-DD``) raises :class:`InvalidParameter`.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, fields
from typing import Iterable

from lineage import asof, credit
from lineage.dag import check_depth
from lineage.db import Graph
from lineage.errors import ArtistNotFound, InvalidParameter, LineageCycle, LineageTooLarge, WorkNotFound
from lineage.model import ARTIST, ARTIST_METRICS, WORK, WORK_METRICS
from lineage.limits import (CAP as _CAP, CONNECTION_SHARED_LIMIT, DETAILS_CAP, DIRECTIONS, LIBRARY_MAX_CAP,
                            MAX_ANCESTORS, REACH_CAP)
from lineage.reach import Reach, ReachIndex

DEFAULT_CAP = _CAP.default
# What the Python API accepts; the CLI and the JSON API stop at lineage.limits.CAP.high.
MAX_CAP = LIBRARY_MAX_CAP
# Up to this many works a lineage is fetched in one query with every distance
# (ANY SHORTEST from the focus); beyond it a level-by-level walk stops at the
# cap, because sorting a huge lineage to keep its nearest works costs more.
ONE_QUERY_LIMIT = 20_000
_UNLIMITED = 10**9

# The short form of a work (lineage.model's summary, the fields lineage_works.cypher reads) and every
# property of an artist; tests/test_schema.py checks the queries against them.
WORK_FIELDS = WORK.summary_names
ARTIST_FIELDS = ARTIST.graph_names


@dataclass
class Lineage:
    """A work's lineage: the works around it and the remixes among them."""

    focus: dict
    direction: str
    depth: int | None
    as_of: str | None
    cap: int
    nodes: list[dict] = field(default_factory=list)
    edges: list[dict] = field(default_factory=list)
    origins: list[str] = field(default_factory=list)
    truncated: bool = False
    total: int = 0

    def to_dict(self) -> dict:
        """The answer as plain data, each work and link its own dict.

        Not :func:`dataclasses.asdict`: its recursive copy of a 2,000-work
        answer took 0.3 s of the overview's 1.1 s.

        >>> lin = Lineage(focus={"id": "a"}, direction="both", depth=None, as_of=None, cap=5,
        ...               nodes=[{"id": "a", "metrics": {"descendants": 1}}])
        >>> out = lin.to_dict()
        >>> out["nodes"] == lin.nodes and out["nodes"][0] is not lin.nodes[0], sorted(out)[:3]
        (True, ['as_of', 'cap', 'depth'])
        """
        out = {f.name: getattr(self, f.name) for f in fields(self)}
        out["focus"] = _copied(self.focus)
        out["nodes"] = [_copied(n) for n in self.nodes]
        out["edges"] = [dict(e) for e in self.edges]
        out["origins"] = list(self.origins)
        return out


def _copied(row: dict) -> dict:
    """A work's dict with its nested dicts and lists copied (all a lineage's works hold)."""
    return {k: (dict(v) if isinstance(v, dict) else list(v) if isinstance(v, list) else v) for k, v in row.items()}


# -- parameters ---------------------------------------------------------------
def check_cap(cap: int) -> int:
    """A node cap: a whole number from 1 to :data:`MAX_CAP`.

    >>> check_cap(5)
    5
    >>> check_cap(0)
    Traceback (most recent call last):
    ...
    lineage.errors.InvalidParameter: cap must be a whole number from 1 to 100000 (got 0)
    """
    if isinstance(cap, bool) or not isinstance(cap, int) or not 1 <= cap <= MAX_CAP:
        raise InvalidParameter(f"cap must be a whole number from 1 to {MAX_CAP} (got {cap!r})")
    return cap


def work_dict(props: dict) -> dict:
    """The short form of a work: its main fields and whichever metrics it has.

    >>> work_dict({"id": "w1", "title": "T", "pagerank": 0.5, "license": "cc"})
    {'id': 'w1', 'title': 'T', 'medium': None, 'created_at': None, 'status': None, 'pagerank': 0.5}
    """
    out = {name: props.get(name) for name in WORK_FIELDS}
    out.update({m: props[m] for m in WORK_METRICS if props.get(m) is not None})
    return out


def artist_dict(props: dict) -> dict:
    """The short form of an artist: id, handle, name, joined_at and metrics present.

    >>> artist_dict({"id": "a1", "handle": "h", "h_index": 2})
    {'id': 'a1', 'handle': 'h', 'name': None, 'joined_at': None, 'h_index': 2}
    """
    out = {name: props.get(name) for name in ARTIST_FIELDS}
    out.update({m: props[m] for m in ARTIST_METRICS if props.get(m) is not None})
    return out


# -- reading ---------------------------------------------------------------------
# -- walking the graph ----------------------------------------------------------
def _fetch_works(graph: Graph, ids: Iterable[str], before: str | None = None) -> dict[str, dict]:
    """The works of ``ids`` that exist, as ``{id: {"props", "has_sources", "edges"}}``.

    ``props`` holds the fields of a work dict (None where missing), ``has_sources``
    says whether the work remixes anything that existed before ``before``, and
    ``edges`` lists its REMIXES to other works of ``ids`` as ``[target, kind,
    weight, temporal_anomaly]``.
    """
    row = graph.read_one("lineage_works", ids=list(dict.fromkeys(ids)), before=before)
    return {props["id"]: {"props": props, "has_sources": has_sources, "edges": edges}
            for props, has_sources, edges in row["works"]}


def _check_focus(work_id: str, row: dict | None, as_of: str | None) -> dict:
    """The fetched row of a work that must exist (as of the day, when one is given)."""
    if row is None:
        raise WorkNotFound(work_id)
    asof.require_existed(work_id, row["props"].get("created_at"), as_of)
    return row


def _bfs(graph: Graph, step: str, starts: list[str], *, before: str | None, depth: int | None,
         keep: int | None, starts_reached: set[str] | None = None) -> tuple[dict[str, int], int | None]:
    """Breadth-first walk, one query per level with the frontier as a parameter.

    Returns the ``keep`` nearest works found (by distance, then id; all when
    ``keep`` is None) with their distances, the starts excluded, and the number
    of works found in all, or None where the walk stopped at ``keep`` before
    the end (only when ``depth`` is None: with a depth the walk goes on, ids
    only, to count). ``starts_reached``, if given, collects the starts that
    are themselves reached from another start.
    """
    seen = set(starts)
    kept: dict[str, int] = {}
    frontier = list(starts)
    level = 0
    while frontier and (depth is None or level < depth):
        level += 1
        # One row holding the level's ids: far cheaper to decode than a row per id.
        ids = set(graph.read_one(step, frontier=frontier, before=before)["ids"])
        if starts_reached is not None:
            starts_reached |= ids.intersection(starts)
        found = sorted(ids - seen)
        seen.update(found)
        room = len(found) if keep is None else max(0, keep - len(kept))
        for work in found[:room]:
            kept[work] = level
        if keep is not None and len(kept) >= keep and depth is None:
            return kept, None
        frontier = found
    return kept, len(seen) - len(starts)


_SIZE_METRIC = {"up": "ancestors", "down": "descendants"}


def _walk(graph: Graph, work_id: str, direction: str, *, depth: int | None, before: str | None,
          keep: int) -> tuple[dict[str, int], int]:
    """The ``keep`` nearest works one way from a work, and how many there are in all.

    One query (``lineage_walk_up|down``) counts the works and, for a lineage of
    up to :data:`ONE_QUERY_LIMIT` works, returns the nearest with their
    distances; a larger one is walked level by level until the cap. Today's
    whole lineage one way is as large as the work's ``descendants`` or
    ``ancestors`` metric while ``lineage metrics`` has stamped them current and
    exact: a large one is then walked to the cap without counting it (counting
    177,815 descendants took 1.3 s of a 1.6 s answer at 1M works).
    """
    if depth is None and before is None:
        # A lineage's size is a metric: when it is current and large, only the nearest are walked.
        stored = graph.read_one("lineage_stored_total", id=work_id, metric=_SIZE_METRIC[direction])
        if stored is not None and stored["total"] is not None and stored["total"] > ONE_QUERY_LIMIT:
            kept, total = _bfs(graph, f"lineage_step_{direction}", [work_id], before=None, depth=None, keep=keep)
            return kept, (stored["total"] if total is None else total)
    row = graph.read_one(f"lineage_walk_{direction}", id=work_id, before=before, depth=depth, cap=keep,
                         one_query_limit=ONE_QUERY_LIMIT)
    if row is None:
        raise WorkNotFound(work_id)
    if row["reach"] <= ONE_QUERY_LIMIT:
        return {n["id"]: n["distance"] for n in row["nodes"]}, row["total"]
    kept, total = _bfs(graph, f"lineage_step_{direction}", [work_id], before=before, depth=depth, keep=keep)
    return kept, (row["reach"] if total is None else total)


def _edges_among(rows: dict[str, dict]) -> list[dict]:
    edges = [
        {"source": derived, "target": target, "kind": kind, "weight": weight, "temporal_anomaly": bool(anomaly)}
        for derived, row in rows.items()
        for target, kind, weight, anomaly in row["edges"]
        if target in rows
    ]
    edges.sort(key=lambda e: (e["source"], e["target"]))
    return edges


# -- lineages -------------------------------------------------------------------
def ancestry(graph: Graph, work_id: str, *, depth: int | None = None, as_of: str | None = None,
             cap: int = DEFAULT_CAP) -> Lineage:
    """Every work ``work_id`` derives from, transitively (direction ``"up"``)."""
    return lineage(graph, work_id, direction="up", depth=depth, as_of=as_of, cap=cap)


def descendants(graph: Graph, work_id: str, *, depth: int | None = None, as_of: str | None = None,
                cap: int = DEFAULT_CAP) -> Lineage:
    """Every work derived from ``work_id``, transitively (direction ``"down"``)."""
    return lineage(graph, work_id, direction="down", depth=depth, as_of=as_of, cap=cap)


def lineage(graph: Graph, work_id: str, *, direction: str = "both", depth: int | None = None,
            as_of: str | None = None, cap: int = DEFAULT_CAP, index: ReachIndex | None = None) -> Lineage:
    """The lineage of a work: ancestors (``"up"``), descendants (``"down"``) or both.

    See the module's docstring for the shape; ``cap`` counts the focus. As of a day,
    the walk is made over ``index`` where one is given (a :class:`lineage.reach.ReachIndex`
    with creation dates of the graph as it is now, web/reach_index.py) and knows the work.
    """
    if direction not in DIRECTIONS:
        raise InvalidParameter(f"direction must be one of {', '.join(DIRECTIONS)} (got {direction!r})")
    depth = check_depth(depth)
    cap = check_cap(cap)
    before = asof.before(as_of)

    sides: dict[str, tuple[int, str]] = {}
    total = 1
    position = index.work_position(work_id) if index is not None and before is not None else None
    for way, side in (("up", "ancestor"), ("down", "descendant")):
        if direction in (way, "both"):
            if position is None:
                found, count = _walk(graph, work_id, way, depth=depth, before=before, keep=cap - 1)
            else:
                found, count = index.lineage(position, way, keep=cap - 1, depth=depth, before=before)
            looped = sorted(found.keys() & sides.keys())  # both an ancestor and a descendant
            if looped:  # the database is kept acyclic; say so should a cycle slip in
                raise LineageCycle([work_id, looped[0], work_id])
            sides.update({w: (d, side) for w, d in found.items()})
            total += count
    chosen = sorted(sides, key=lambda w: (sides[w][0], w))[: cap - 1]

    rows = _fetch_works(graph, [work_id, *chosen], before)
    focus_row = _check_focus(work_id, rows.get(work_id), as_of)
    nodes = []
    for work, (distance, side) in [(work_id, (0, "focus")), *((w, sides[w]) for w in chosen)]:
        if work not in rows:  # deleted between two queries
            continue
        node = work_dict(rows[work]["props"])
        node.update(distance=distance, side=side, origin=not rows[work]["has_sources"])
        nodes.append(node)
    return Lineage(
        focus=work_dict(focus_row["props"]),
        direction=direction,
        depth=depth,
        as_of=as_of,
        cap=cap,
        nodes=nodes,
        edges=_edges_among(rows),
        origins=[n["id"] for n in nodes if n["origin"]],
        truncated=total > len(nodes),
        total=total,
    )


def path(graph: Graph, from_id: str, to_id: str) -> list[dict] | None:
    """The shortest derivation chain between two works, derived work first.

    Both directions are tried: when ``from_id`` derives from ``to_id`` the list
    starts at ``from_id``; when ``to_id`` derives from ``from_id`` it starts at
    ``to_id`` (compare ``result[0]["id"]`` to tell which). Each element is a
    work dict; every element but the last also has ``"remix": {"kind",
    "weight", "temporal_anomaly"}``, the REMIXES edge to the next one. A work
    and itself give ``[work]``. None when neither derives from the other.
    """
    rows = _fetch_works(graph, [from_id, to_id])
    for work in (from_id, to_id):
        if work not in rows:
            raise WorkNotFound(work)
    if from_id == to_id:
        return [work_dict(rows[from_id]["props"])]
    for derived, source in ((from_id, to_id), (to_id, from_id)):
        found = graph.read_one("lineage_path", derived=derived, source=source)
        if found:
            chain = [work_dict(w) for w in found["works"]]
            for work, remix in zip(chain, found["remixes"]):
                work["remix"] = {"kind": remix.get("kind"), "weight": remix.get("weight"),
                                 "temporal_anomaly": bool(remix.get("temporal_anomaly"))}
            return chain
    return None


def common_ancestry(graph: Graph, a: str, b: str, *, as_of: str | None = None) -> list[dict]:
    """The works both ``a`` and ``b`` derive from, nearest first.

    Each element: a work dict plus ``"distance_a"`` and ``"distance_b"``
    (shortest hops from ``a`` and from ``b``); ordered by the sum of the two
    distances, then the larger one, then id. A work is not its own ancestor:
    when ``b`` derives from ``a``, ``a`` itself is not listed.
    """
    before = asof.before(as_of)
    works = _fetch_works(graph, [a, b])
    up = {}
    for work in (a, b):
        _check_focus(work, works.get(work), as_of)
        up[work], _ = _walk(graph, work, "up", depth=None, before=before, keep=_UNLIMITED)
    up_a, up_b = up[a], up[b]
    shared = sorted(up_a.keys() & up_b.keys(),
                    key=lambda w: (up_a[w] + up_b[w], max(up_a[w], up_b[w]), w))
    rows = _fetch_works(graph, shared)
    return [dict(work_dict(rows[w]["props"]), distance_a=up_a[w], distance_b=up_b[w])
            for w in shared if w in rows]


def connection(graph: Graph, a: str, b: str, *, shared_limit: int = CONNECTION_SHARED_LIMIT) -> dict:
    """How two works are connected: the shortest derivation chain (either way) and their shared sources.

    Built on :func:`path` and :func:`common_ancestry` (what ``lineage path`` and
    ``lineage common`` print). Returns ``{"from", "to", "connected", "direction",
    "steps", "path", "shared", "shared_total"}``: ``direction`` is ``"up"`` when
    ``a`` derives from ``b``, ``"down"`` when ``b`` derives from ``a``, None when
    neither does; ``path`` is :func:`path`'s chain (derived work first) or ``[]``;
    ``shared`` the ``shared_limit`` nearest shared sources; ``connected`` is true
    when there is a chain or a shared source.

    Raises
    ------
    WorkNotFound
        Either work does not exist.
    InvalidParameter
        ``a`` and ``b`` are the same work.
    """
    if a == b:
        raise InvalidParameter(f"a work is connected to itself: choose a work other than {a!r}")
    chain = path(graph, a, b) or []
    shared = common_ancestry(graph, a, b)
    ends = {w["id"]: w for w in (chain[0], chain[-1])} if chain else _ends(graph, a, b)
    direction = None
    if chain:
        direction = "up" if chain[0]["id"] == a else "down"
    return {
        "from": {k: v for k, v in ends[a].items() if k != "remix"},
        "to": {k: v for k, v in ends[b].items() if k != "remix"},
        "connected": bool(chain or shared),
        "direction": direction,
        "steps": max(0, len(chain) - 1),
        "path": chain,
        "shared": shared[:shared_limit],
        "shared_total": len(shared),
    }


def _ends(graph: Graph, a: str, b: str) -> dict[str, dict]:
    rows = _fetch_works(graph, [a, b])
    return {w: work_dict(rows[w]["props"]) for w in (a, b)}


# -- artists -------------------------------------------------------------------------
def _artist(graph: Graph, artist_id: str, before: str | None, limit: int | None = None) -> dict:
    """The artist's properties, the ids of all their works (as of the day) and the first ``limit`` in full (None: all)."""
    row = graph.read_one("lineage_artist", id=artist_id, before=before, limit=limit)
    if row is None:
        raise ArtistNotFound(artist_id)
    return row


def _own_work(entry: dict) -> dict:
    out = work_dict(entry["work"])
    roles = sorted({r for r in entry["roles"] if r is not None})  # one per kind: two contributions may share one
    out.update(role=", ".join(roles) if roles else None, weight=entry["weight"])
    return out


def _walked_reach(graph: Graph, artist_id: str, own: list[str], before: str | None,
                  cap: int) -> tuple[Reach, dict[str, dict]]:
    """The artist's reach walked live (one query per level), and the listed artists' names."""
    own_below, own_above = set(), set()  # own works derived from (drawn on by) another of theirs
    down, _ = _bfs(graph, "lineage_step_down", own, before=before, depth=None, keep=None,
                   starts_reached=own_below)
    up, _ = _bfs(graph, "lineage_step_up", own, before=before, depth=None, keep=None,
                 starts_reached=own_above)
    nearest = sorted(down, key=lambda w: (down[w], w))[:cap]
    downstream = graph.read_one("lineage_contributors", ids=[*down, *sorted(own_below)], artist=artist_id,
                                limit=cap)
    upstream = graph.read_one("lineage_contributors", ids=[*up, *sorted(own_above)], artist=artist_id,
                              limit=cap)
    collaborators = graph.read_one("lineage_collaborators", id=artist_id, before=before, limit=cap)
    names = {p["id"]: p for answer in (downstream, upstream, collaborators) for p in answer["artists"]}
    reach = Reach(
        artist=artist_id, direct=sum(1 for d in down.values() if d == 1), transitive=len(down),
        upstream_transitive=len(up), derived=[[w, down[w]] for w in nearest],
        downstream_artists=[[p["id"], p["works"]] for p in downstream["artists"]],
        downstream_total=downstream["total"],
        upstream_artists=[[p["id"], p["works"]] for p in upstream["artists"]], upstream_total=upstream["total"],
        collaborators=[[p["id"], p["shared_works"]] for p in collaborators["artists"]],
        collaborators_total=collaborators["total"])
    return reach, names


def _stored_reach(graph: Graph, artist_id: str, cap: int) -> Reach | None:
    """The reach ``lineage metrics`` stored for the artist (lineage/reach.py), if any and long enough."""
    if cap > REACH_CAP:
        return None
    row = graph.read_one("reach_read", id=artist_id)
    return None if row is None else Reach.from_json(row["data"])


def _indexed_reach(index: ReachIndex, artist_id: str, before: str | None, cap: int) -> Reach | None:
    """The reach walked over ``index``, the arrays of the graph as it is (web/reach_index.py), if it knows the artist."""
    position = index.artist_position.get(artist_id)
    return None if position is None else index.reach(position, cap=cap, before=before)


def _names(graph: Graph, reach: Reach, cap: int) -> dict[str, dict]:
    """The names of the artists a reach computed elsewhere lists (the first ``cap`` of each kind)."""
    listed = {a for kind in (reach.downstream_artists, reach.upstream_artists, reach.collaborators)
              for a, _ in kind[:cap]}
    return {p["id"]: p for p in graph.read_one("lineage_artist_names", ids=sorted(listed))["artists"]}


def artist_influence(graph: Graph, artist_id: str, *, as_of: str | None = None,
                     cap: int = DEFAULT_CAP, stored: bool = True, works: bool = True,
                     index: ReachIndex | None = None) -> dict:
    """How far an artist's work travelled, and whom they drew on.

    Returns::

        {"artist": {"id", "handle", "name", "joined_at"} + metrics present,
         "as_of": str|None,
         "works": [work dict + {"role", "weight"}],           # their own works, oldest first
         "derived": {"direct": int, "transitive": int,          # counts, others' works only
                     "works": [work dict + {"distance"}],       # nearest first
                     "truncated": bool},
         "upstream": {"transitive": int},                       # works their works derive from
         "downstream_artists": [{"id", "handle", "name", "works": int}],  # most works first
         "upstream_artists":   [{"id", "handle", "name", "works": int}],
         "collaborators":      [{"id", "handle", "name", "shared_works": int}],
         "counts": {"works", "downstream_artists", "upstream_artists", "collaborators": int}}

    Each list holds at most ``cap`` entries (a prolific artist's reach runs to
    tens of thousands of artists); ``counts`` and ``derived`` give the full
    numbers.

    Derived works are works derived (directly: one remix away; transitively: any
    number) from any of the artist's works, the artist's own works left out;
    ``distance`` is counted from the nearest of their works. Downstream artists
    contributed to a work derived from one of the artist's works, the artist's
    own later works included (the co-makers of a production that builds on
    their song were reached by it), as the ``downstream_artists`` metric
    counts them; upstream artists likewise to the works their works derive
    from; ``works`` counts the works that put them there.
    ``role`` joins an artist's roles on a work, ``weight`` sums their weights.
    The artist never appears in their own lists.

    Today's reach of the widest-reaching artists is read as ``lineage metrics``
    stored it (:mod:`lineage.reach`: the same answer, computed over the whole
    graph at once); other artists, and any as-of date, are walked live, or
    over ``index`` where one is given (a :class:`lineage.reach.ReachIndex` with
    creation dates of the graph as it is now: the site keeps one per version,
    web/reach_index.py). ``stored=False`` walks live always: the tests' and the
    bench's baseline.
    ``works=False`` leaves both lists of works empty (their counts stay): the
    influence graph draws artists only, and reading 2,000 works was a third of it.
    """
    cap = check_cap(cap)
    before = asof.before(as_of)
    # With a reach read from the store or the index, the artist's own works, the listed artists' names and
    # the listed works are independent reads: side by side, the server sorts a prolific artist's works
    # (29,078: 150 ms at 1M) while the others are read.
    with ThreadPoolExecutor(max_workers=2) as pool:
        artist_read = pool.submit(_artist, graph, artist_id, before, cap if works else 0)
        reach = _stored_reach(graph, artist_id, cap) if stored and before is None else None
        if reach is None and stored and index is not None:
            reach = _indexed_reach(index, artist_id, before, cap)
        if reach is None:
            reach, names = _walked_reach(graph, artist_id, artist_read.result()["own"], before, cap)
            names_read = None
        else:
            names_read = pool.submit(_names, graph, reach, cap)
        nearest = reach.derived[:cap] if works else []
        rows = _fetch_works(graph, [w for w, _ in nearest]) if nearest else {}
        row = artist_read.result()
        if names_read is not None:
            names = names_read.result()

    def people(entries: list, count: str) -> list[dict]:
        """Artists in the documented key order (an artist gone since the reach was stored is left out)."""
        return [{"id": a, "handle": names[a]["handle"], "name": names[a]["name"], count: n}
                for a, n in entries[:cap] if a in names]

    return {
        "artist": artist_dict(row["artist"]),
        "as_of": as_of,
        "works": [_own_work(entry) for entry in row["works"]],
        "derived": {
            "direct": reach.direct,
            "transitive": reach.transitive,
            "works": [dict(work_dict(rows[w]["props"]), distance=d) for w, d in nearest if w in rows],
            "truncated": reach.transitive > len(nearest),
        },
        "upstream": {"transitive": reach.upstream_transitive},
        "downstream_artists": people(reach.downstream_artists, "works"),
        "upstream_artists": people(reach.upstream_artists, "works"),
        "collaborators": people(reach.collaborators, "shared_works"),
        "counts": {"works": len(row["own"]), "downstream_artists": reach.downstream_total,
                   "upstream_artists": reach.upstream_total, "collaborators": reach.collaborators_total},
    }


def cut_influence(answer: dict, *, cap: int, works: bool = True) -> dict:
    """An :func:`artist_influence` answer as a smaller ``cap`` (and ``works``) would have given it.

    Every list is nearest or most first and ``counts`` are whole, so a smaller
    cap is a prefix of each list: one answer read at the largest cap serves the
    artist page, the graph and the API alike (web/site_data.py keeps it).

    >>> full = {"artist": {"id": "a"}, "as_of": None, "works": [{"id": "w1"}, {"id": "w2"}],
    ...         "derived": {"direct": 2, "transitive": 3, "works": [{"id": "d1"}, {"id": "d2"}], "truncated": True},
    ...         "upstream": {"transitive": 0}, "downstream_artists": [{"id": "b"}, {"id": "c"}],
    ...         "upstream_artists": [], "collaborators": [{"id": "c"}], "counts": {"works": 2}}
    >>> cut = cut_influence(full, cap=1)
    >>> [w["id"] for w in cut["works"]], cut["derived"]["works"], cut["downstream_artists"]
    (['w1'], [{'id': 'd1'}], [{'id': 'b'}])
    >>> cut_influence(full, cap=5, works=False)["derived"]
    {'direct': 2, 'transitive': 3, 'works': [], 'truncated': True}
    """
    cap = check_cap(cap)
    derived = answer["derived"]["works"][:cap] if works else []
    out = dict(answer, works=answer["works"][:cap] if works else [],
               derived=dict(answer["derived"], works=derived,
                            truncated=answer["derived"]["transitive"] > len(derived)))
    for kind in ("downstream_artists", "upstream_artists", "collaborators"):
        out[kind] = answer[kind][:cap]
    return out


# -- details -----------------------------------------------------------------------------
def _linked(entry: dict) -> dict:
    out = work_dict(entry["work"])
    out.update(kind=entry.get("kind"), weight=entry.get("weight"),
               temporal_anomaly=bool(entry.get("temporal_anomaly")))
    return out


def work_details(graph: Graph, work_id: str) -> dict:
    """Everything about one work.

    Returns::

        {"work": work dict,
         "properties": {every property of the node, extra columns and metrics included},
         "contributors": [{"id", "handle", "name", "role", "weight"}],      # heaviest first
         "sources": [work dict + {"kind", "weight", "temporal_anomaly"}],   # it remixes these
         "remixes": [work dict + {"kind", "weight", "temporal_anomaly"}],   # these remix it
         "counts": {"contributors": int, "sources": int, "remixes": int}}

    Each list holds at most :data:`DETAILS_CAP` entries (oldest first for works);
    ``counts`` gives the full numbers.
    """
    row = graph.read_one("lineage_work_details", id=work_id, cap=DETAILS_CAP)
    if row is None:
        raise WorkNotFound(work_id)
    return {
        "work": work_dict(row["work"]),
        "properties": row["work"],
        "contributors": row["contributors"],
        "sources": [_linked(e) for e in row["sources"]],
        "remixes": [_linked(e) for e in row["remixes"]],
        "counts": {"contributors": row["contributor_count"], "sources": row["source_count"],
                   "remixes": row["remix_count"]},
    }


def artist_details(graph: Graph, artist_id: str, *, works: int | None = None) -> dict:
    """Everything about one artist (their first ``works`` works; None: all of them).

    Returns::

        {"artist": {"id", "handle", "name", "joined_at"} + metrics present,
         "properties": {every property of the node},
         "works": [work dict + {"role", "weight"}]}           # oldest first

    ``role`` joins the artist's roles on a work, ``weight`` sums their weights.
    """
    if works == 0:  # the node alone: their works are thousands for a prolific artist
        row = graph.read_one("lineage_artist_node", id=artist_id)
        if row is None:
            raise ArtistNotFound(artist_id)
        row["works"] = []
    else:
        row = _artist(graph, artist_id, None, works)
    return {
        "artist": artist_dict(row["artist"]),
        "properties": row["artist"],
        "works": [_own_work(entry) for entry in row["works"]],
    }


# -- ids or handles ----------------------------------------------------------------------
def resolve_work(graph: Graph, text: str) -> str:
    """The id of the work ``text`` names: its exact id.

    Otherwise :class:`WorkNotFound`, whose message names the nearest works
    ("did you mean ...", from :func:`lineage.search.nearest`).
    """
    from lineage import search

    if graph.read_one("search_work_exists", id=text):
        return text
    raise WorkNotFound(text, search.did_you_mean(search.nearest(graph, text, "works")))


def resolve_works(graph: Graph, texts: Iterable[str]) -> list[str]:
    """The ids of the works ``texts`` name, in order: one query for them all; the first unknown is
    :class:`WorkNotFound` naming its nearest works (as :func:`resolve_work`)."""
    texts = list(texts)
    found = {row["id"] for row in graph.read("search_works_exist", ids=texts)}
    for text in texts:
        if text not in found:
            resolve_work(graph, text)  # raises, with "did you mean"
    return texts


def resolve_artist(graph: Graph, text: str) -> str:
    """The id of the artist ``text`` names: their exact id, else their exact handle.

    Otherwise :class:`ArtistNotFound` naming the nearest artists; a handle two
    artists share is :class:`InvalidParameter` naming both ids.
    """
    from lineage import search

    if graph.read_one("search_artist_exists", id=text):
        return text
    owners = [row["id"] for row in graph.read("search_artist_by_handle", handle=text)]
    if len(owners) == 1:
        return owners[0]
    if owners:
        raise InvalidParameter(f"handle {text!r} belongs to several artists ({', '.join(owners)}): give the id")
    raise ArtistNotFound(text, search.did_you_mean(search.nearest(graph, text, "artists")))


# ---------------------------------------------------------------------------
# The graph at a glance: its counts, and the works and artists ranked first
# ---------------------------------------------------------------------------
STATS = ("works", "artists", "contributions", "remixes", "ratings", "temporal_anomalies")
TOP_KINDS = ("works", "artists")
# The metric a ranking uses when none is named, once `lineage metrics` has written it.
HEADLINE_METRIC = {"works": "pagerank", "artists": "influence"}


def stats(graph: Graph) -> dict:
    """How many of each :data:`STATS` the graph holds (``queries/stats.cypher``), 0 for an empty graph."""
    row = graph.read_one("stats") or {}
    return {name: row.get(name) or 0 for name in STATS}


def top(graph: Graph, kind: str, metric: str | None = None, *, limit: int) -> dict:
    """The works or artists ranked highest by one metric of ``lineage metrics``, ties by id.

    Returns ``{"kind", "metric", "items": [{"id", "title", "medium" | "handle", "name", "value"}]}``.
    Without ``metric`` the :data:`HEADLINE_METRIC` ranks when it has been computed, else
    how often a work (an artist's work) was remixed (``"direct_remixes"``,
    ``"remixes_of_their_work"``). A named metric nobody has yet gives no items:
    :func:`why_no_top` says why.
    """
    if kind not in TOP_KINDS:
        raise InvalidParameter(f"kind must be one of {', '.join(TOP_KINDS)}, not {kind!r}")
    allowed = WORK_METRICS if kind == "works" else ARTIST_METRICS
    if metric is not None and metric not in allowed:
        raise InvalidParameter(f"metric for {kind} must be one of {', '.join(allowed)}, not {metric!r}")
    chosen = metric or HEADLINE_METRIC[kind]
    # $metric is one of the whitelisted names above, passed as a parameter.
    items = graph.read(f"top_{kind}", metric=chosen, limit=limit)
    if items or metric is not None:
        return {"kind": kind, "metric": chosen, "items": items}
    if kind == "works":
        rows = graph.read("site_most_remixed", limit=limit)
        items = [{"id": r["id"], "title": r["title"], "medium": r["medium"], "value": r["direct_remixes"]}
                 for r in rows]
        return {"kind": kind, "metric": "direct_remixes", "items": items}
    rows = graph.read("site_most_remixed_artists", limit=limit)
    items = [{"id": r["id"], "handle": r["handle"], "name": r["name"], "value": r["remixes_of_their_work"]}
             for r in rows]
    return {"kind": kind, "metric": "remixes_of_their_work", "items": items}


def why_no_top(graph: Graph, kind: str, metric: str) -> str:
    """Why :func:`top` by ``metric`` found nothing: the graph holds no such nodes, or the metric is not computed."""
    counts = graph.read_one(f"top_{kind}_status", metric=metric) or {}
    if not counts.get("total"):
        return f"the graph holds no {kind}"
    return f"no {kind[:-1]} has {metric} yet: run `lineage metrics` first"


# ---------------------------------------------------------------------------
# Credit: the lineage read from Neo4j, split by the pure rule of lineage.credit
# ---------------------------------------------------------------------------
def credit_lineage(graph: Graph, work_id: str, *, cap: int = MAX_ANCESTORS):
    """The work and all its ancestors, as the DiGraph :mod:`lineage.credit` splits.

    One query (``queries/credit_lineage.cypher``) gathers the distinct
    ancestors with a pruning breadth-first expansion (never all paths), then
    each one's sources and contributors. Raises WorkNotFound, or
    LineageTooLarge when the work has more than ``cap`` ancestors.
    """
    rows = graph.read("credit_lineage", work_id=work_id, limit=cap + 1)
    if not rows:
        raise WorkNotFound(work_id)
    if rows[0]["ancestors_found"] > cap:
        raise LineageTooLarge(
            f"work {work_id!r} has more than {cap:,} ancestors: too large a lineage for a credit split", cap
        )
    return credit.lineage_from_rows(rows)


def credit_split(graph: Graph, work_id: str, *, cap: int = MAX_ANCESTORS, **options) -> dict:
    """:func:`lineage.credit.credit_split` of the work's lineage in Neo4j (``options``: keep, amount, as_of, policy)."""
    return credit.credit_split(credit_lineage(graph, work_id, cap=cap), work_id, **options)


def explain_credit(graph: Graph, work_id: str, artist_id: str, **options) -> dict:
    """:func:`lineage.credit.explain_credit` of the work's lineage in Neo4j.

    An artist who does not exist raises ArtistNotFound; one who exists but is
    not in the lineage has share 0 and no chains.
    """
    dag = credit_lineage(graph, work_id)
    people = dag.graph["artists"]
    if artist_id not in people:
        row = graph.read_one("credit_artist", artist_id=artist_id)
        if row is None:
            raise ArtistNotFound(artist_id)
        people[artist_id] = {"handle": row["handle"], "name": row["name"]}
    return credit.explain_credit(dag, work_id, artist_id, **options)


__all__ = [
    "cut_influence",
    "resolve_work",
    "resolve_works",
    "resolve_artist",
    "Lineage",
    "DEFAULT_CAP",
    "MAX_CAP",
    "DIRECTIONS",
    "ancestry",
    "descendants",
    "lineage",
    "path",
    "common_ancestry",
    "connection",
    "CONNECTION_SHARED_LIMIT",
    "artist_influence",
    "work_details",
    "artist_details",
    "work_dict",
    "artist_dict",
    "check_cap",
    "STATS",
    "TOP_KINDS",
    "HEADLINE_METRIC",
    "stats",
    "top",
    "why_no_top",
    "credit_lineage",
    "credit_split",
    "explain_credit",
]

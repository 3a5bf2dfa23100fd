"""The focus view's bounded read: a few works per generation, and the counts of the rest.

The focus-and-context view (``web/graphs/focus.py``) draws, for each
generation around a work (its distance from the focus, each way), the ``k``
most significant works one by one and the rest as one group counted by
medium. :func:`explore` reads exactly that from the graph, without the whole
lineage: a pruning breadth-first walk, one query per level
(``queries/focus_step_up|down.cypher``), each level's works distinct (never
one row per path) and at most :data:`LEVEL_CAP` of them, and only the
:data:`EXPAND_CAP` most significant of a level walked further. Where a cap
cut a level, its count and every count past it is a lower bound, and the
answer says so (``lower_bound``). Then one query reads the drawn works
(``queries/focus_works.cypher``) and one the links among the drawn works and into the
groups, merged per pair (``queries/focus_links.cypher``).

Significance: the rank metric (a stored work metric, or ``"degree"``), ties
broken by the work's remix links in the whole graph, then by id; a work
without the metric comes last. When no work read carries the metric
(``lineage metrics`` not run) the view ranks by degree and says so.

Filters (:class:`Filters`) act inside the walk: a work that fails one is
neither drawn nor counted, and the walk does not go through it (nor through a
link of another kind), so everything drawn is joined to the focus by works
and links that pass; the focus itself is always drawn.

The walk itself (:func:`walk`) and the grouping (:func:`generations`) are
pure: they take the step as a function, so they are tested without a
database.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Mapping

from lineage import asof
from lineage.dag import check_depth
from lineage.errors import InvalidParameter, LineageCycle, WorkNotFound
from lineage.limits import LEVEL_CAP, WALK_EXPAND_CAP as EXPAND_CAP
from lineage.model import MEDIA, REMIX_KINDS, WORK_METRICS

# Rank metrics a view may sort a generation by (a whitelist: the name goes into the query as $rank).
RANK_KEYS = ("descendants", "degree", *[m for m in WORK_METRICS if m != "descendants"])
# Metrics a minimum may be set on (stored on the works by `lineage metrics`).
MIN_KEYS = WORK_METRICS
# Titles a group lists in its details.
PREVIEW = 5

Row = tuple  # (id, medium, rank value, links)


@dataclass(frozen=True)
class Filters:
    """What a work (and a link) must be to be drawn or counted; empty means everything.

    ``media`` and ``kinds`` are whitelisted names (``lineage.model.MEDIA``,
    ``REMIX_KINDS``); ``date_from``/``date_to`` a range of days, both ends
    included (an undated work is outside every range); ``min_key``/``min_value``
    a stored metric of at least a value.

    >>> Filters(media=("image",), date_to="2012-12-31").params()["date_before"]
    '2013-01-01'
    >>> Filters().active
    False
    """

    media: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    date_from: str | None = None
    date_to: str | None = None
    min_key: str | None = None
    min_value: float | None = None

    def __post_init__(self) -> None:
        bad = [m for m in self.media if m not in MEDIA]
        if bad:
            raise InvalidParameter(f"medium must be among {', '.join(MEDIA)}, not {bad[0][:40]!r}")
        bad = [k for k in self.kinds if k not in REMIX_KINDS]
        if bad:
            raise InvalidParameter(f"kind must be among {', '.join(REMIX_KINDS)}, not {bad[0][:40]!r}")
        if self.min_key is not None and self.min_key not in MIN_KEYS:
            raise InvalidParameter(f"a minimum must be on one of {', '.join(MIN_KEYS)}, not {self.min_key[:40]!r}")
        if (self.min_key is None) != (self.min_value is None):
            raise InvalidParameter("a minimum needs both a metric and a value")
        if self.min_value is not None and not math.isfinite(self.min_value):
            raise InvalidParameter("a minimum must be a finite number")
        if self.date_from and self.date_to and self.date_from > self.date_to:
            raise InvalidParameter(f"the date range is empty: from {self.date_from} is after to {self.date_to}")

    @property
    def active(self) -> bool:
        return bool(self.media or self.kinds or self.date_from or self.date_to or self.min_key)

    def params(self) -> dict:
        """The filters as the queries' parameters (null where unused)."""
        return {
            "media": sorted(self.media) or None,
            "kinds": sorted(self.kinds) or None,
            "date_from": self.date_from,
            "date_before": asof.next_day(self.date_to) if self.date_to else None,
            "min_key": self.min_key,
            "min_value": self.min_value,
        }

    def describe(self) -> dict:
        """The filters in force, for the payload (only those set)."""
        out: dict[str, Any] = {}
        if self.media:
            out["medium"] = list(self.media)
        if self.kinds:
            out["kind"] = list(self.kinds)
        if self.date_from:
            out["from"] = self.date_from
        if self.date_to:
            out["to"] = self.date_to
        if self.min_key:
            out["min"] = {"metric": self.min_key, "value": self.min_value}
        return out


NO_FILTERS = Filters()


@dataclass
class Level:
    """One generation as the walk read it: its works (rows), and whether a cap cut what it could reach.

    A level only counted (the one past the view's depth) has no rows and its ``count``.
    """

    rows: list[Row] = field(default_factory=list)
    lower_bound: bool = False
    count: int | None = None

    @property
    def size(self) -> int:
        """The works of the level (read or counted)."""
        return len(self.rows) if self.count is None else self.count


def sort_key(row: Row, rank: str) -> tuple:
    """Most significant first: the rank value (``degree``: the links), then the links, then the id.

    >>> sorted([("a", None, 1, 5), ("b", None, 3, 0), ("c", None, None, 9)], key=lambda r: sort_key(r, "pagerank"))
    [('b', None, 3, 0), ('a', None, 1, 5), ('c', None, None, 9)]
    >>> [r[0] for r in sorted([("a", None, None, 1), ("b", None, None, 2)], key=lambda r: sort_key(r, "degree"))]
    ['b', 'a']
    """
    _, _, value, links = row
    links = links or 0
    if rank == "degree":
        score = float(links)
    else:
        score = float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else -math.inf
    return (-score, -links, str(row[0]))


def walk(step: Callable[[str, list, list], list[Row]], focus: str, way: str, levels: int, rank: str, *,
         level_cap: int = LEVEL_CAP, expand_cap: int = EXPAND_CAP,
         count: Callable[[str, list, list], int] | None = None) -> list[Level]:
    """The generations one way (``"up"`` or ``"down"``) from the focus, nearest first, each ranked.

    ``step(way, frontier, seen)`` returns the works one link away from the
    ``frontier`` works that pass the filters and are not in ``seen``, at most
    ``level_cap`` of them. Each work is read once, at its shortest distance
    (the walk is breadth first and ``seen`` holds every work met so far); a
    cycle back to the focus or to a nearer work stops there. Only the
    ``expand_cap`` most significant works of a level are walked on; a level
    cut by either cap, and every level past it, is a ``lower_bound``. With
    ``count(way, frontier, seen)`` (the step's count, at most ``level_cap``),
    the last level is only counted, not read.

    >>> graph = {"f": ["a", "b"], "a": ["c"], "b": ["c"], "c": ["f"]}   # c remixes f: a cycle
    >>> step = lambda way, frontier, seen: [(x, "music", None, 1) for x in
    ...     dict.fromkeys(y for w in frontier for y in graph.get(w, [])) if x not in seen]
    >>> [[r[0] for r in level.rows] for level in walk(step, "f", "up", 5, "degree")]
    [['a', 'b'], ['c']]
    """
    seen: list = [focus]
    seen_set = {focus}
    frontier = [focus]
    out: list[Level] = []
    cut = False
    for number in range(1, levels + 1):
        if not frontier:
            break
        if count is not None and number == levels:
            counted = count(way, frontier, seen)
            if counted:
                out.append(Level(lower_bound=cut or counted >= level_cap, count=counted))
            break
        rows = [r for r in step(way, frontier, seen) if r[0] not in seen_set]
        rows = list({r[0]: r for r in rows}.values())
        if not rows:
            break
        rows.sort(key=lambda r: sort_key(r, rank))
        cut = cut or len(rows) >= level_cap
        out.append(Level(rows=rows[:level_cap], lower_bound=cut))
        for r in rows:
            seen.append(r[0])
            seen_set.add(r[0])
        frontier = [r[0] for r in rows[:expand_cap]]
        cut = cut or len(rows) > expand_cap
    return out


@dataclass
class Generation:
    """One generation of the view: the works drawn one by one (ranked), and the rest as a group."""

    gen: int                       # signed distance: sources negative, remixes positive
    drawn: list[str]
    rest: list[Row]
    count: int                     # works in the generation (drawn + rest)
    media: Counter
    lower_bound: bool


def generations(levels: Mapping[str, list[Level]], depth: int, per_generation: int,
                opened: Mapping[int, int]) -> tuple[list[Generation], dict, bool]:
    """The generations within ``depth`` (drawn and grouped), the works counted past it, and whether any count is a lower bound.

    >>> lv = {"up": [Level([("s2", "image", 3, 1), ("s1", "music", 1, 1), ("s0", None, 0, 1)]), Level([("x", "image", 0, 1)])]}
    >>> gens, beyond, bound = generations(lv, depth=1, per_generation=2, opened={})
    >>> [(g.gen, g.drawn, g.count, dict(g.media)) for g in gens], beyond, bound
    ([(-1, ['s2', 's1'], 3, {'other': 1})], {'up': 1, 'down': 0}, False)
    """
    out = []
    beyond = {"up": 0, "down": 0}
    bound = False
    for way, sign in (("up", -1), ("down", 1)):
        for distance, level in enumerate(levels.get(way) or [], start=1):
            bound = bound or level.lower_bound
            if distance > depth:
                beyond[way] += level.size
                continue
            gen = sign * distance
            keep = opened.get(gen, per_generation)
            drawn = [r[0] for r in level.rows[:keep]]
            rest = level.rows[keep:]
            media = Counter((r[1] if isinstance(r[1], str) and r[1] else "other") for r in rest)
            out.append(Generation(gen, drawn, rest, len(level.rows), media, level.lower_bound))
    return out, beyond, bound


def rank_in_use(rank: str, rows: Iterable[Row], focus_value: Any) -> str:
    """The rank actually used: ``degree`` when no work read carries the metric.

    >>> rank_in_use("pagerank", [("a", None, None, 1)], None), rank_in_use("pagerank", [("a", None, 0.2, 1)], None)
    ('degree', 'pagerank')
    """
    if rank == "degree":
        return rank
    values = [focus_value, *(r[2] for r in rows)]
    return rank if any(isinstance(v, (int, float)) and not isinstance(v, bool) for v in values) else "degree"


# -- reading the graph ------------------------------------------------------------------
def explore(graph, work_id: str, *, direction: str = "both", depth: int = 3, as_of: str | None = None,
            rank: str = "descendants", per_generation: int = 8, more: Mapping[int, int] | None = None,
            filters: Filters = NO_FILTERS, level_cap: int = LEVEL_CAP, expand_cap: int = EXPAND_CAP) -> dict:
    """What the focus view draws around ``work_id``, read level by level (see the module's docstring).

    ``graph`` is a :class:`lineage.db.Graph` or the site's page graph (its
    reads keep to the page's deadline); every read runs in one transaction
    (``graph.read_together``). Returns::

        {"focus": work dict, "direction", "depth", "as_of", "rank": the rank used,
         "works": {id: work dict + {"side", "distance", "origin", "links"}},   # the drawn works
         "generations": [{"gen", "drawn": [ids], "count", "media": {medium: n},
                          "preview": [titles], "lower_bound": bool}],         # nearest first, sources first
         "links": [{"from", "to", "count", "kinds": {kind: n}, "anomalies",
                    "kind", "weight", "temporal_anomaly"}],   # from/to: a work id or "group:<gen>";
                                                              # kind, weight: a single link's own, else null
         "beyond": {"up": n, "down": n},     # works one generation past the depth
         "total": n,                          # works read: the focus, every generation, beyond
         "lower_bound": bool,                 # a cap cut a level: counts are at least these
         "filters": {...}}                    # the filters in force

    Raises :class:`WorkNotFound` for an unknown work, :class:`InvalidParameter`
    for a bad value (or a focus that did not exist on ``as_of``),
    :class:`LineageCycle` when a work is both a source and a remix of the focus.
    """
    from lineage.api import DIRECTIONS, work_dict  # the one work shape

    if direction not in DIRECTIONS:
        raise InvalidParameter(f"direction must be one of {', '.join(DIRECTIONS)} (got {direction!r})")
    depth = check_depth(depth)
    if depth is None:
        raise InvalidParameter("the focus view needs a depth")
    if rank not in RANK_KEYS:
        raise InvalidParameter(f"rank must be one of {', '.join(RANK_KEYS)} (got {rank!r})")
    before = asof.before(as_of)
    opened = dict(more or {})
    common = {"before": before, "rank": rank, **filters.params()}

    # Every read in one transaction: the walk's queries depend on each other, and one
    # transaction spares each its own begin and commit.
    def gather(reads) -> dict:
        focus_row = reads.read_one("focus_works", ids=[work_id], before=before)
        found = {props["id"]: (props, has, eid) for props, has, eid in (focus_row or {}).get("works") or []}
        if work_id not in found:
            raise WorkNotFound(work_id)
        focus_props = found[work_id][0]
        asof.require_existed(work_id, focus_props.get("created_at"), as_of)
        # The walk's queries name works by element id (valid within this transaction): direct lookups.
        eid_of = {work_id: found[work_id][2]}

        def read_level(way: str, frontier: list, seen: list, count_only: bool) -> dict:
            return reads.read_one(f"focus_step_{way}", frontier=[eid_of[i] for i in frontier],
                                  seen=[eid_of[i] for i in seen], level_cap=level_cap, count_only=count_only,
                                  **common) or {}

        def step(way: str, frontier: list, seen: list) -> list[Row]:
            rows = read_level(way, frontier, seen, False).get("works") or []
            for r in rows:
                eid_of[r[0]] = r[4]
            return [tuple(r[:4]) for r in rows]

        def count(way: str, frontier: list, seen: list) -> int:
            return int(read_level(way, frontier, seen, True).get("count") or 0)

        levels: dict[str, list[Level]] = {}
        for way in ("up", "down"):
            if direction in (way, "both"):
                levels[way] = walk(step, work_id, way, depth + 1, rank, level_cap=level_cap, expand_cap=expand_cap,
                                  count=count)
        up_ids = {r[0] for level in levels.get("up", []) for r in level.rows}
        looped = sorted(up_ids.intersection(r[0] for level in levels.get("down", []) for r in level.rows))
        if looped:  # the database is kept acyclic; say so should a cycle slip in
            raise LineageCycle([work_id, looped[0], work_id])

        gens, beyond, bound = generations(levels, depth, per_generation, opened)
        every = [r for way in levels.values() for level in way for r in level.rows]
        within = [r for way in levels.values() for level in way[:depth] for r in level.rows]
        rank_used = rank_in_use(rank, within, focus_props.get(rank))
        if rank_used != rank:  # re-rank by degree, as the view will say
            for way in levels.values():
                for level in way:
                    level.rows.sort(key=lambda r: sort_key(r, rank_used))
            gens, beyond, bound = generations(levels, depth, per_generation, opened)

        drawn = [work_id] + [nid for g in gens for nid in g.drawn]
        previews = [r[0] for g in gens for r in g.rest[:PREVIEW]]
        rows = reads.read_one("focus_works", ids=drawn + previews, before=before)
        props = {p["id"]: (p, has) for p, has, _ in (rows or {}).get("works") or []}
        links_of = {r[0]: r[3] for r in every}
        links_of[work_id] = None
        works: dict[str, dict] = {}
        place = {work_id: ("focus", 0)}
        for g in gens:
            for nid in g.drawn:
                place[nid] = ("ancestor" if g.gen < 0 else "descendant", abs(g.gen))
        for nid in drawn:
            if nid not in props:  # deleted between two reads
                continue
            p, has_sources = props[nid]
            work = work_dict(p)
            side, distance = place[nid]
            work.update(side=side, distance=distance, origin=not has_sources, links=links_of.get(nid))
            works[nid] = work

        rep = {eid_of[nid]: nid for nid in works}
        for g in gens:
            for r in g.rest:
                rep[eid_of[r[0]]] = f"group:{g.gen}"
        link_rows = reads.read("focus_links", rep=rep, kinds=common["kinds"]) if len(rep) > 1 else []
        links = []
        for row in link_rows:
            kind, weight, anomaly = row["single"] or (None, None, False)
            kinds: Counter = Counter()
            for k, n in row["kinds"]:
                kinds[k or "remix"] += n
            links.append({
                "from": row["from"], "to": row["to"], "count": row["count"],
                "kinds": dict(kinds), "anomalies": row["anomalies"],
                "kind": kind, "weight": weight, "temporal_anomaly": bool(anomaly),
            })
        links.sort(key=lambda e: (str(e["from"]), str(e["to"])))

        return {
            "focus": work_dict(focus_props),
            "direction": direction,
            "depth": depth,
            "as_of": as_of,
            "rank": rank_used,
            "works": works,
            "generations": [
                {"gen": g.gen, "drawn": [n for n in g.drawn if n in works], "count": g.count,
                 "media": dict(g.media), "lower_bound": g.lower_bound,
                 "preview": [(props[r[0]][0].get("title") if r[0] in props else None) for r in g.rest[:PREVIEW]]}
                for g in gens
            ],
            "links": links,
            "beyond": beyond,
            "total": 1 + sum(level.size for way in levels.values() for level in way),
            "lower_bound": bound,
            "filters": filters.describe(),
        }


    return graph.read_together(gather)

__all__ = ["explore", "walk", "generations", "sort_key", "rank_in_use", "Filters", "NO_FILTERS", "Level",
           "Generation", "RANK_KEYS", "MIN_KEYS", "LEVEL_CAP", "EXPAND_CAP"]

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

from dataclasses import asdict, dataclass, field
from typing import Any

from lineage.db import Graph
from lineage.errors import ArtistNotFound, InvalidParameter, WorkNotFound  # noqa: F401

DEFAULT_CAP = 2000
DIRECTIONS = ("up", "down", "both")


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
        return asdict(self)


def ancestry(graph: Graph, work_id: str, *, depth: int | None = None, as_of: str | None = None,
             cap: int = DEFAULT_CAP) -> Lineage:
    """Every work ``work_id`` derives from, transitively (direction ``"up"``)."""
    return lineage(graph, work_id, direction="up", depth=depth, as_of=as_of, cap=cap)


def descendants(graph: Graph, work_id: str, *, depth: int | None = None, as_of: str | None = None,
                cap: int = DEFAULT_CAP) -> Lineage:
    """Every work derived from ``work_id``, transitively (direction ``"down"``)."""
    return lineage(graph, work_id, direction="down", depth=depth, as_of=as_of, cap=cap)


def lineage(graph: Graph, work_id: str, *, direction: str = "both", depth: int | None = None,
            as_of: str | None = None, cap: int = DEFAULT_CAP) -> Lineage:
    """The lineage of a work: ancestors (``"up"``), descendants (``"down"``) or both."""
    raise NotImplementedError


def path(graph: Graph, from_id: str, to_id: str) -> list[dict] | None:
    """The shortest derivation chain between two works, derived work first.

    Both directions are tried: when ``from_id`` derives from ``to_id`` the list
    starts at ``from_id``; when ``to_id`` derives from ``from_id`` it starts at
    ``to_id`` (compare ``result[0]["id"]`` to tell which). Each element is a
    work dict; every element but the last also has ``"remix": {"kind",
    "weight", "temporal_anomaly"}``, the REMIXES edge to the next one. A work
    and itself give ``[work]``. None when neither derives from the other.
    """
    raise NotImplementedError


def common_ancestry(graph: Graph, a: str, b: str, *, as_of: str | None = None) -> list[dict]:
    """The works both ``a`` and ``b`` derive from, nearest first.

    Each element: a work dict plus ``"distance_a"`` and ``"distance_b"``
    (shortest hops from ``a`` and from ``b``); ordered by the sum of the two
    distances, then the larger one, then id. A work is not its own ancestor:
    when ``b`` derives from ``a``, ``a`` itself is not listed.
    """
    raise NotImplementedError


def artist_influence(graph: Graph, artist_id: str, *, as_of: str | None = None,
                     cap: int = DEFAULT_CAP) -> dict:
    """How far an artist's work travelled, and whom they drew on.

    Returns::

        {"artist": {"id", "handle", "name", "joined_at"} + metrics present,
         "as_of": str|None,
         "works": [work dict + {"role", "weight"}],           # their own works
         "derived": {"direct": int, "transitive": int,          # counts, others' works only
                     "works": [work dict + {"distance"}],       # nearest first, at most cap
                     "truncated": bool},
         "downstream_artists": [{"id", "handle", "name", "works": int}],  # most works first
         "upstream_artists":   [{"id", "handle", "name", "works": int}],
         "collaborators":      [{"id", "handle", "name", "shared_works": int}]}

    Derived works are works derived (directly: one remix away; transitively: any
    number) from any of the artist's works, the artist's own works left out.
    Downstream artists contributed to those derived works; upstream artists to
    the works the artist's works derive from; ``works`` counts the works that
    put them there. The artist never appears in their own lists.
    """
    raise NotImplementedError


def work_details(graph: Graph, work_id: str) -> dict:
    """Everything about one work.

    Returns::

        {"work": work dict,
         "properties": {every property of the node, extra columns and metrics included},
         "contributors": [{"id", "handle", "name", "role", "weight"}],
         "sources": [work dict + {"kind", "weight", "temporal_anomaly"}],   # it remixes these
         "remixes": [work dict + {"kind", "weight", "temporal_anomaly"}]}   # these remix it
    """
    raise NotImplementedError


def artist_details(graph: Graph, artist_id: str) -> dict:
    """Everything about one artist.

    Returns::

        {"artist": {"id", "handle", "name", "joined_at"} + metrics present,
         "properties": {every property of the node},
         "works": [work dict + {"role", "weight"}]}           # oldest first
    """
    raise NotImplementedError

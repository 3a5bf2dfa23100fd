"""How far an artist's work travelled, computed over the whole lineage's arrays at once.

A prolific artist's influence is a walk over a large part of the graph: at 1M
works the most influential artist's works have 153,950 derived works and 60,019
downstream artists, and the live walk of :func:`lineage.api.artist_influence`
(one query per level, then the contributors of every work found) took 10 to
17 s. Those are the pages people open first (the home page lists them). So
``lineage metrics``, which holds the lineage as arrays anyway, computes the
same answer for the artists of the widest reach (:func:`heavy_artists`) and
stores it (``(:ArtistReach)``, queries/reach_write.cypher); the site reads it
instead of walking, for today's graph. A load drops every stored reach before
its first write (``graph_loader.loader``), so what is read always describes
the graph as it is.

An as-of date cannot be stored for every day, and its live walk took seconds
at 1M works. Given every work's ``created_at`` (:meth:`ReachIndex.reach` with
``before``), the same walk keeps to the works that existed on the day, as
:mod:`lineage.asof` says, at the cost of a mask: the site holds one index per
version of the graph (web/reach_index.py) and answers any artist on any day
from it.

:meth:`ReachIndex.reach` is a second, independent implementation of the walk of
``artist_influence`` (numpy over the arrays of :class:`lineage.metrics.LineageArrays`
rather than Cypher level by level), and the tests hold the two to the same answer.

Conventions, as in ``artist_influence``: derived works are the works derived
from any of the artist's works, their own left out, each at its distance from
the nearest of them; downstream artists contributed to a derived work or to an
own work derived from another of theirs, each with the number of such works;
upstream likewise the other way; the artist is never in their own lists; ties
go to the smaller id (string order).
"""

from __future__ import annotations

import json
from bisect import bisect_left
from dataclasses import asdict, dataclass
from typing import Sequence

import numpy as np

from lineage.limits import REACH_CAP, REACH_MAX_ARTISTS, REACH_MIN_WORKS
from lineage.metrics import LineageArrays, _csr, _ranges


@dataclass
class Reach:
    """One artist's reach, the lists cut at ``cap``: works and artists by id, with their counts.

    ``derived`` is ``[[work id, distance], ...]`` nearest first; the artist lists are
    ``[[artist id, count], ...]`` most first.
    """

    artist: str
    direct: int
    transitive: int
    upstream_transitive: int
    derived: list
    downstream_artists: list
    downstream_total: int
    upstream_artists: list
    upstream_total: int
    collaborators: list
    collaborators_total: int

    def to_json(self) -> str:
        return json.dumps(asdict(self), separators=(",", ":"))

    @classmethod
    def from_json(cls, text: str) -> "Reach":
        return cls(**json.loads(text))


class ReachIndex:
    """The arrays regrouped for walks from any artist: who derives from whom, who made what.

    >>> arr = LineageArrays.build(["s", "d1", "d2"], [1, 2], [0, 1], None,
    ...                           ["a", "b"], [0, 1, 1], [0, 1, 2], None)
    >>> r = ReachIndex(arr).reach(0, cap=10)
    >>> r.derived, r.direct, r.transitive, r.downstream_artists
    ([['d1', 1], ['d2', 2]], 1, 2, [['b', 2]])

    With each work's ``created_at`` (``""`` or None: undated), a walk keeps to a day:

    >>> dated = ReachIndex(arr, created=["2020-01-01", "2021-05-01T10:00:00Z", None])
    >>> dated.reach(0, before="2021-01-01").derived, dated.reach(0, before="2021-05-02").derived
    ([], [['d1', 1], ['d2', 2]])
    """

    def __init__(self, arrays: LineageArrays, created: Sequence[str | None] | None = None):
        n, m = arrays.n_works, arrays.n_artists
        self.arrays = arrays
        self.down_ptr, self.down_of = _csr(arrays.source, n, arrays.derived)  # work -> works remixing it
        self.up_ptr, self.up_of = _csr(arrays.derived, n, arrays.source)  # work -> its sources
        self.by_artist_ptr, self.by_artist = _csr(arrays.contrib_artist, m, arrays.contrib_work)
        self.by_work_ptr, self.by_work = _csr(arrays.contrib_work, n, arrays.contrib_artist)
        # Ties go to the smaller id, as ORDER BY id does in the live queries.
        self.work_rank = _string_rank(arrays.work_ids)
        self.artist_rank = _string_rank(arrays.artist_ids)
        self.artist_position = {a: i for i, a in enumerate(arrays.artist_ids)}
        # Works are found by id through their string order (a dict of 1M ids would take 100 MB more).
        self._work_order = np.argsort(self.work_rank)
        self._works_sorted = [arrays.work_ids[i] for i in self._work_order.tolist()]
        # A work's created_at as its place among the distinct ones (-1: undated), so that a day's
        # works are those ranked below the place of its bound: one comparison per work.
        self.days: list[str] | None = None
        if created is not None:
            if len(created) != n:
                raise ValueError(f"{len(created)} creation dates for {n} works")
            self.days = sorted({c for c in created if c})
            place = {c: i for i, c in enumerate(self.days)}
            self.day_rank = np.fromiter((place[c] if c else -1 for c in created), np.int64, n)

    def existed(self, before: str | None) -> np.ndarray | None:
        """Which works existed before ``before`` (:func:`lineage.asof.before`), as a mask; None: all."""
        if before is None:
            return None
        if self.days is None:
            raise ValueError("this index was built without creation dates: it cannot answer a day")
        return self.day_rank < bisect_left(self.days, before)

    def work_position(self, work_id: str) -> int | None:
        """The position of the work ``work_id`` in the arrays, None when it is not there.

        >>> index = ReachIndex(LineageArrays.build(["w2", "w10", "w1"], [], [], None, [], [], [], None))
        >>> index.work_position("w1"), index.work_position("w10"), index.work_position("w3")
        (2, 1, None)
        """
        at = bisect_left(self._works_sorted, work_id)
        if at < len(self._works_sorted) and self._works_sorted[at] == work_id:
            return int(self._work_order[at])
        return None

    def lineage(self, work: int, direction: str, *, keep: int, depth: int | None = None,
                before: str | None = None) -> tuple[dict[str, int], int]:
        """The ``keep`` nearest works one way (``"up"``: sources, ``"down"``: remixes) from the work at
        position ``work``, within ``depth`` remixes (None: all), with their distances, and how many
        there are in all: the answer of ``lineage.api._walk``. Ties go to the smaller id.

        >>> arr = LineageArrays.build(["s", "d1", "d2", "d3"], [1, 2, 3], [0, 1, 0], None, [], [], [], None)
        >>> ReachIndex(arr).lineage(0, "down", keep=2)
        ({'d1': 1, 'd3': 1}, 3)
        >>> ReachIndex(arr).lineage(0, "down", keep=5, depth=1), ReachIndex(arr).lineage(2, "up", keep=5)
        (({'d1': 1, 'd3': 1}, 2), ({'d1': 1, 's': 2}, 2))
        """
        ptr, of = (self.down_ptr, self.down_of) if direction == "down" else (self.up_ptr, self.up_of)
        found, levels, _ = self._walk(ptr, of, np.array([work], dtype=np.int64), self.existed(before), depth)
        nearest = np.lexsort((self.work_rank[found], levels))[:keep]
        ids = self.arrays.work_ids
        return {ids[w]: d for w, d in zip(found[nearest].tolist(), levels[nearest].tolist())}, len(found)

    def _walk(self, ptr: np.ndarray, of: np.ndarray, own: np.ndarray, kept: np.ndarray | None = None,
              most: int | None = None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Multi-source breadth-first walk (over ``kept`` works only, if given; ``most`` levels deep at
        most): reached works (own left out), their levels, own works reached."""
        level = np.full(self.arrays.n_works, -1, dtype=np.int32)
        level[own] = 0
        own_reached = np.zeros(self.arrays.n_works, dtype=bool)
        frontier, depth = own, 0
        while len(frontier) and (most is None or depth < most):
            depth += 1
            pos, _ = _ranges(ptr[frontier], ptr[frontier + 1] - ptr[frontier])
            step = np.unique(of[pos])
            if kept is not None:
                step = step[kept[step]]
            own_reached[step[level[step] == 0]] = True
            frontier = step[level[step] < 0]
            level[frontier] = depth
        reached = np.flatnonzero(level > 0)
        return reached, level[reached], np.flatnonzero(own_reached)

    def _artists(self, works: np.ndarray, me: int, cap: int) -> tuple[list, int]:
        """The artists other than ``me`` of ``works``, with how many of them each made: most first."""
        pos, _ = _ranges(self.by_work_ptr[works], self.by_work_ptr[works + 1] - self.by_work_ptr[works])
        counts = np.bincount(self.by_work[pos], minlength=self.arrays.n_artists)
        counts[me] = 0
        who = np.flatnonzero(counts)
        order = np.lexsort((self.artist_rank[who], -counts[who]))[:cap]
        ids = self.arrays.artist_ids
        return [[ids[a], int(counts[a])] for a in who[order]], len(who)

    def reach(self, artist: int, *, cap: int = REACH_CAP, before: str | None = None) -> Reach:
        """The reach of the artist at position ``artist`` of the arrays' artist ids.

        With ``before`` (:func:`lineage.asof.before` of an as-of day), the reach as it stood on the
        day: the artist's works of then, and walks through works of then only.
        """
        own = np.unique(self.by_artist[self.by_artist_ptr[artist]:self.by_artist_ptr[artist + 1]])
        kept = self.existed(before)
        if kept is not None:
            own = own[kept[own]]
        down, levels, own_below = self._walk(self.down_ptr, self.down_of, own, kept)
        up, _, own_above = self._walk(self.up_ptr, self.up_of, own, kept)
        nearest = np.lexsort((self.work_rank[down], levels))[:cap]  # positions in down, nearest first
        downstream, downstream_total = self._artists(np.concatenate([down, own_below]), artist, cap)
        upstream, upstream_total = self._artists(np.concatenate([up, own_above]), artist, cap)
        collaborators, collaborators_total = self._artists(own, artist, cap)
        ids = self.arrays.work_ids
        return Reach(
            artist=self.arrays.artist_ids[artist], direct=int((levels == 1).sum()), transitive=len(down),
            upstream_transitive=len(up), derived=[[ids[w], d] for w, d in zip(down[nearest].tolist(), levels[nearest].tolist())],
            downstream_artists=downstream, downstream_total=downstream_total,
            upstream_artists=upstream, upstream_total=upstream_total,
            collaborators=collaborators, collaborators_total=collaborators_total)


def _string_rank(ids) -> np.ndarray:
    """Each id's place in string order (ids compared as the database compares them)."""
    order = sorted(range(len(ids)), key=lambda i: str(ids[i]))
    rank = np.empty(len(ids), dtype=np.int64)
    rank[order] = np.arange(len(ids), dtype=np.int64)
    return rank


def heavy_artists(downstream_works: np.ndarray, *, min_works: int = REACH_MIN_WORKS,
                  most: int = REACH_MAX_ARTISTS) -> np.ndarray:
    """Positions of the artists whose reach is stored: at least ``min_works`` downstream works, widest first.

    >>> heavy_artists(np.array([5, 3000, 9000, 1999]), min_works=2000, most=5).tolist()
    [2, 1]
    """
    wide = np.flatnonzero(downstream_works >= min_works)
    return wide[np.argsort(-downstream_works[wide], kind="stable")][:most]

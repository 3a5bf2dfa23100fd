"""Influence metrics over the remix lineage: pure functions, no database.

The lineage is a DAG whose edges run from a derived work to its source
(``(:Work)-[:REMIXES]->(:Work)``). Two equivalent inputs are accepted:

* a :class:`networkx.DiGraph` over work ids, edge ``derived -> source`` with
  an optional ``weight`` (the REMIXES weight, default 1.0), each node with an
  optional ``contributors`` attribute ``{artist_id: weight}`` (the CONTRIBUTED
  weights, several roles of one artist summed) and ``graph.graph["artists"]``
  optionally listing artists ``{artist_id: {...}}`` that have no work;
* :class:`LineageArrays`: the same as flat integer arrays (what ``lineage
  metrics`` pulls from Neo4j), which is what the algorithms run on.

Per work (:data:`lineage.model.WORK_METRICS`):

``direct_remixes``
    works that remix it directly (its in-degree in derived -> source order).
``descendants`` / ``ancestors``
    distinct works derived from it, transitively / distinct works it derives from.
``generation``
    the longest chain back to an origin (an origin is generation 0).
``pagerank``
    lineage PageRank: credit flows from each derived work to its sources in
    proportion to the REMIXES weights (damping 0.85, uniform teleport). An
    origin has no source to pass its rank to (a *dangling* node): its rank is
    spread uniformly over all works, as :func:`networkx.pagerank` does, so the
    ranks sum to 1. Solved to a stated tolerance: every work within
    :data:`PAGERANK_TOL` (relative) of the exact PageRank (:func:`pagerank_solve`).
``bridge``
    how many lineages pass through it: the number of (ancestor, descendant)
    pairs it connects, ``ancestors * descendants``. Every such pair is joined
    by a derivation chain through the work; an origin or an unremixed work
    bridges nothing. (Chosen over sampled betweenness: exact whenever the two
    counts are, linear to compute, and it does not favour shortest paths, which
    mean nothing in a lineage.)

Per artist (:data:`lineage.model.ARTIST_METRICS`), where a work is "by
others" when the artist is not among its contributors:

``works``
    distinct works the artist contributed to.
``works_remixed``
    their works remixed directly by others at least once.
``downstream_works``
    distinct descendants of their works, by others.
``downstream_artists``
    distinct other artists who contributed to a descendant of their works.
``h_index``
    the largest h such that h of their works were each remixed directly by
    others at least h times.
``influence``
    the sum over their works of the work's PageRank times the artist's share
    of the work's CONTRIBUTED weight (equal shares where all weights are 0).

Exact where affordable, estimated where not. The transitive counts
(descendants, ancestors, downstream works and artists) are computed by one
dynamic programme per direction, level by level in topological order with
numpy, uniting the sets of each work's parents. While the set entries
computed stay under ``exact_limit`` (150 million by default: ~600 MB of
int32 at most) every count is exact. Beyond it the computation restarts with bottom-k
sketches (k = ``sketch_size``, 256 by default): each set keeps only its k
smallest members under a fixed random permutation, which is exact for sets of
up to k members and estimates larger ones as ``(k - 1) / u_k`` (``u_k`` the
k-th smallest rank scaled to (0, 1]), a relative standard error of about
``1 / sqrt(k - 2)`` (6.3 % at k = 256). :attr:`Metrics.exact` says which way
it went; docs/metrics.md gives the measured error and timings.

>>> import networkx as nx
>>> g = nx.DiGraph([("remix", "song"), ("film", "remix"), ("film", "poem")])
>>> g.nodes["song"]["contributors"] = {"ann": 1.0}
>>> g.nodes["remix"]["contributors"] = {"bob": 1.0}
>>> m = work_metrics(g)
>>> m["song"]["descendants"], m["film"]["ancestors"], m["film"]["generation"]
(2, 3, 2)
>>> m["remix"]["bridge"]
1
>>> a = artist_metrics(g)
>>> a["ann"]["downstream_works"], a["ann"]["downstream_artists"], a["ann"]["h_index"]
(2, 1, 1)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Hashable, Iterable, Sequence

import networkx as nx
import numpy as np

from lineage.errors import ArtistNotFound, InvalidParameter, LineageCycle, WorkNotFound
from lineage.model import ARTIST_METRICS, WORK_METRICS

DEFAULT_EXACT_LIMIT = 150_000_000
DEFAULT_SKETCH_SIZE = 256
DAMPING = 0.85
# PageRank, both engines (lineage.metrics_spark too): every work's rank within this relative error
# of the exact fixed point (pagerank_solve states the guarantee), and the iterations allowed to get there.
PAGERANK_TOL = 1.0e-10
PAGERANK_MAX_ITER = 1000
# Entries gathered at once while uniting sets; bounds the transient memory.
_CHUNK_ENTRIES = 8_000_000

__all__ = [
    "LineageArrays",
    "Metrics",
    "compute_metrics",
    "work_metrics",
    "artist_metrics",
    "generations",
    "lineage_pagerank",
    "pagerank_solve",
    "PageRank",
    "PAGERANK_TOL",
    "h_index",
    "sketch_error",
    "DEFAULT_EXACT_LIMIT",
    "DEFAULT_SKETCH_SIZE",
]


# ---------------------------------------------------------------------------
# Input
# ---------------------------------------------------------------------------
@dataclass
class LineageArrays:
    """The lineage as flat arrays over compact integer ids.

    Works are ``0 .. len(work_ids) - 1`` and artists ``0 .. len(artist_ids) - 1``
    (positions in the id lists). Build with :meth:`build`, which checks the
    indices, merges repeated edges and contributions and fills missing weights.

    >>> arrays = LineageArrays.build(["a", "b"], [1], [0], None, ["x"], [0], [0], None)
    >>> arrays.n_works, arrays.remix_weight.tolist(), arrays.contrib_weight.tolist()
    (2, [1.0], [1.0])
    """

    work_ids: Sequence[Hashable]
    derived: np.ndarray
    source: np.ndarray
    remix_weight: np.ndarray
    artist_ids: Sequence[Hashable]
    contrib_artist: np.ndarray
    contrib_work: np.ndarray
    contrib_weight: np.ndarray

    @property
    def n_works(self) -> int:
        return len(self.work_ids)

    @property
    def n_artists(self) -> int:
        return len(self.artist_ids)

    @classmethod
    def build(
        cls,
        work_ids: Sequence[Hashable],
        derived: Iterable[int],
        source: Iterable[int],
        remix_weight: Iterable[float | None] | None,
        artist_ids: Sequence[Hashable],
        contrib_artist: Iterable[int],
        contrib_work: Iterable[int],
        contrib_weight: Iterable[float | None] | None,
    ) -> "LineageArrays":
        """Check and normalise the arrays (``None`` weights become 1.0).

        A repeated (derived, source) edge or (artist, work) contribution is
        merged, its weights summed (an artist's several roles on one work).
        """
        n, m = len(work_ids), len(artist_ids)
        d = np.asarray(list(derived) if not isinstance(derived, np.ndarray) else derived, dtype=np.int64)
        s = np.asarray(list(source) if not isinstance(source, np.ndarray) else source, dtype=np.int64)
        rw = _weights(remix_weight, len(d))
        ca = np.asarray(list(contrib_artist) if not isinstance(contrib_artist, np.ndarray) else contrib_artist,
                        dtype=np.int64)
        cw = np.asarray(list(contrib_work) if not isinstance(contrib_work, np.ndarray) else contrib_work,
                        dtype=np.int64)
        cwt = _weights(contrib_weight, len(ca))
        if not (len(d) == len(s) == len(rw)) or not (len(ca) == len(cw) == len(cwt)):
            raise InvalidParameter("edge and weight arrays differ in length")
        for name, idx, bound in (("derived", d, n), ("source", s, n), ("contrib_work", cw, n),
                                 ("contrib_artist", ca, m)):
            if len(idx) and (idx.min() < 0 or idx.max() >= bound):
                raise InvalidParameter(f"{name} holds an index outside 0..{bound - 1}")
        for name, w in (("remix", rw), ("contribution", cwt)):
            if len(w) and not (np.isfinite(w).all() and (w >= 0).all()):
                raise InvalidParameter(f"a {name} weight is negative or not a number")
        d, s, rw = _merge_pairs(d, s, rw, n)
        ca, cw, cwt = _merge_pairs(ca, cw, cwt, n)
        return cls(list(work_ids), d, s, rw, list(artist_ids), ca, cw, cwt)

    @classmethod
    def from_digraph(cls, graph: nx.DiGraph) -> "LineageArrays":
        """The arrays of a DiGraph in the module's convention (see the module docstring).

        >>> g = nx.DiGraph([("b", "a")])
        >>> g.nodes["a"]["contributors"] = {"x": 2.0}
        >>> arr = LineageArrays.from_digraph(g)
        >>> arr.work_ids, arr.derived.tolist(), arr.source.tolist(), arr.artist_ids
        (['b', 'a'], [0], [1], ['x'])
        """
        work_ids = list(graph.nodes)
        index = {w: i for i, w in enumerate(work_ids)}
        artists: dict[Hashable, int] = {}
        for artist in (graph.graph.get("artists") or {}):
            artists.setdefault(artist, len(artists))
        ca, cw, cwt = [], [], []
        for work, data in graph.nodes(data=True):
            for artist, weight in (data.get("contributors") or {}).items():
                ca.append(artists.setdefault(artist, len(artists)))
                cw.append(index[work])
                cwt.append(weight)
        d, s, rw = [], [], []
        for u, v, data in graph.edges(data=True):
            d.append(index[u])
            s.append(index[v])
            rw.append(data.get("weight"))
        return cls.build(work_ids, d, s, rw, list(artists), ca, cw, cwt)


def _weights(values: Iterable[float | None] | None, size: int) -> np.ndarray:
    if values is None:
        return np.ones(size, dtype=np.float64)
    if isinstance(values, np.ndarray) and values.dtype.kind == "f":
        out = values.astype(np.float64, copy=True)
        out[np.isnan(out)] = 1.0
        return out
    return np.array([1.0 if v is None else float(v) for v in values], dtype=np.float64)


def _merge_pairs(a: np.ndarray, b: np.ndarray, w: np.ndarray, nb: int):
    """Unique (a, b) pairs sorted by a then b, weights of repeats summed."""
    if len(a) == 0:
        return a, b, w
    key = a * max(nb, 1) + b
    uniq, inverse = np.unique(key, return_inverse=True)
    if len(uniq) == len(key):
        order = np.argsort(key, kind="stable")
        return a[order], b[order], w[order]
    summed = np.bincount(inverse, weights=w, minlength=len(uniq))
    return uniq // max(nb, 1), uniq % max(nb, 1), summed


# ---------------------------------------------------------------------------
# Small building blocks
# ---------------------------------------------------------------------------
def _csr(keys: np.ndarray, n: int, values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Group ``values`` by ``keys`` (0..n-1): row pointer and values in key order."""
    order = np.argsort(keys, kind="stable")
    ptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(np.bincount(keys, minlength=n), out=ptr[1:])
    return ptr, values[order]


def _ranges(starts: np.ndarray, lengths: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Flat positions of the ranges ``[start, start + length)``, and the range each came from."""
    total = int(lengths.sum())
    owner = np.repeat(np.arange(len(starts), dtype=np.int64), lengths)
    offsets = np.cumsum(lengths) - lengths
    pos = np.arange(total, dtype=np.int64) - np.repeat(offsets - starts, lengths)
    return pos, owner


def _sorted_unique(keys: np.ndarray) -> np.ndarray:
    """Sorted distinct values (a plain sort: faster than np.unique's hashing on big arrays)."""
    keys = np.sort(keys)
    if len(keys) < 2:
        return keys
    keep = np.empty(len(keys), dtype=bool)
    keep[0] = True
    np.not_equal(keys[1:], keys[:-1], out=keep[1:])
    return keys[keep]


def h_index(counts: Iterable[int]) -> int:
    """The largest h such that h of the counts are each at least h.

    >>> h_index([]), h_index([0, 0]), h_index([3, 3, 3]), h_index([10, 1, 5, 2])
    (0, 0, 3, 2)
    """
    ordered = sorted((int(c) for c in counts), reverse=True)
    return sum(1 for i, c in enumerate(ordered, start=1) if c >= i)


def _h_index_groups(group: np.ndarray, counts: np.ndarray, n_groups: int) -> np.ndarray:
    """:func:`h_index` of every group at once."""
    if len(group) == 0:
        return np.zeros(n_groups, dtype=np.int64)
    order = np.lexsort((-counts, group))
    g, c = group[order], counts[order]
    sizes = np.bincount(g, minlength=n_groups)
    first = np.cumsum(sizes) - sizes
    rank = np.arange(len(g)) - first[g] + 1
    return np.bincount(g[c >= rank], minlength=n_groups)


@dataclass
class _Levels:
    level: np.ndarray  # level of each node
    order: np.ndarray  # nodes sorted by level
    ptr: np.ndarray  # order[ptr[L]:ptr[L+1]] is level L


def _levels(n: int, tail: np.ndarray, head: np.ndarray, labels: Sequence[Hashable]) -> _Levels:
    """Longest-chain levels: ``level(t) = 1 + max(level(h))`` over edges t -> h, 0 without edges.

    Kahn's algorithm, one numpy step per level. Raises LineageCycle.
    """
    remaining = np.bincount(tail, minlength=n).astype(np.int64)
    rev_ptr, rev_tail = _csr(head, n, tail)
    level = np.full(n, -1, dtype=np.int64)
    frontier = np.flatnonzero(remaining == 0)
    parts, ptr, depth = [], [0], 0
    while len(frontier):
        level[frontier] = depth
        parts.append(frontier)
        ptr.append(ptr[-1] + len(frontier))
        pos, _ = _ranges(rev_ptr[frontier], rev_ptr[frontier + 1] - rev_ptr[frontier])
        if len(pos) == 0:
            break
        touched, hits = np.unique(rev_tail[pos], return_counts=True)
        remaining[touched] -= hits
        frontier = touched[remaining[touched] == 0]
        depth += 1
    if ptr[-1] < n:
        raise LineageCycle(_a_cycle(level, tail, head, labels))
    order = np.concatenate(parts) if parts else np.zeros(0, dtype=np.int64)
    return _Levels(level, order, np.asarray(ptr, dtype=np.int64))


def _a_cycle(level: np.ndarray, tail: np.ndarray, head: np.ndarray, labels) -> list:
    stuck = level < 0
    keep = stuck[tail] & stuck[head]
    sub = nx.DiGraph(zip(tail[keep].tolist(), head[keep].tolist()))
    cycle = [u for u, _ in nx.find_cycle(sub)]
    return [labels[i] for i in cycle] + [labels[cycle[0]]]


# ---------------------------------------------------------------------------
# Reach sets: exact, or bottom-k sketches
# ---------------------------------------------------------------------------
class _OverBudget(Exception):
    pass


class _Buffer:
    """A growing int32 array (amortised doubling)."""

    def __init__(self) -> None:
        self.data = np.zeros(1 << 16, dtype=np.int32)
        self.size = 0

    def append(self, values: np.ndarray) -> int:
        start = self.size
        end = start + len(values)
        if end > len(self.data):
            grown = np.zeros(max(end, 2 * len(self.data)), dtype=np.int32)
            grown[:start] = self.data[:start]
            self.data = grown
        self.data[start:end] = values
        self.size = end
        return start


@dataclass
class _Sets:
    """One set per row: ``values[start[i]:start[i]+length[i]]``, sorted ascending."""

    start: np.ndarray
    length: np.ndarray
    saturated: np.ndarray  # the set has more members than the sketch keeps
    values: np.ndarray

    def sizes(self, k: int | None, universe: int) -> np.ndarray:
        """Exact size of unsaturated sets, the bottom-k estimate of the others."""
        out = self.length.astype(np.float64)
        if k is not None and self.saturated.any():
            rows = np.flatnonzero(self.saturated)
            kth = self.values[self.start[rows] + k - 1].astype(np.float64)
            out[rows] = (k - 1) * universe / (kth + 1.0)
        return out


def _unite(
    member_ptr: np.ndarray,
    members: np.ndarray,
    rows: np.ndarray,
    sets: _Sets,
    set_values: np.ndarray,
    own_ptr: np.ndarray | None,
    own_values: np.ndarray | None,
    k: int | None,
    universe: int,
):
    """For each row r: the union over its members p of ``own(p) ∪ set(p)``, bottom-k if k.

    Returns (values sorted per row, lengths, saturated) for ``rows`` in order.
    """
    mpos, mrow = _ranges(member_ptr[rows], member_ptr[rows + 1] - member_ptr[rows])
    parents = members[mpos]
    spos, sidx = _ranges(sets.start[parents], sets.length[parents])
    vals = [set_values[spos].astype(np.int64)]
    owners = [mrow[sidx]]
    if own_ptr is not None:
        opos, oidx = _ranges(own_ptr[parents], own_ptr[parents + 1] - own_ptr[parents])
        vals.append(own_values[opos].astype(np.int64))
        owners.append(mrow[oidx])
    key = _sorted_unique(np.concatenate(owners) * universe + np.concatenate(vals))
    owner, value = key // universe, key % universe
    counts = np.bincount(owner, minlength=len(rows))
    saturated = np.bincount(mrow, weights=sets.saturated[parents].astype(np.float64), minlength=len(rows)) > 0
    if k is not None:
        saturated |= counts > k
        first = np.cumsum(counts) - counts
        keep = (np.arange(len(key)) - first[owner]) < k
        value = value[keep]
        counts = np.minimum(counts, k)
    return value.astype(np.int32), counts, saturated


def _chunks(rows: np.ndarray, cost: np.ndarray, limit: int = _CHUNK_ENTRIES):
    """Split ``rows`` so that each piece gathers at most about ``limit`` entries."""
    if len(rows) == 0:
        return
    total = np.cumsum(cost)
    start = 0
    while start < len(rows):
        base = total[start - 1] if start else 0
        end = int(np.searchsorted(total, base + limit, side="right"))
        end = max(end, start + 1)
        yield rows[start:end]
        start = end


def _propagate(
    n: int,
    levels: _Levels,
    parent_ptr: np.ndarray,
    parents: np.ndarray,
    own_ptr: np.ndarray,
    own_values: np.ndarray,
    k: int | None,
    universe: int,
    budget: _Budget,
) -> _Sets:
    """``set(v) = ∪ own(p) ∪ set(p)`` over the parents p of v, in level order."""
    sets = _Sets(np.zeros(n, np.int64), np.zeros(n, np.int64), np.zeros(n, bool), np.zeros(0, np.int32))
    buf = _Buffer()
    for lv in range(1, len(levels.ptr) - 1):
        nodes = levels.order[levels.ptr[lv]:levels.ptr[lv + 1]]
        pos, row = _ranges(parent_ptr[nodes], parent_ptr[nodes + 1] - parent_ptr[nodes])
        p = parents[pos]
        cost = np.bincount(row, weights=sets.length[p] + own_ptr[p + 1] - own_ptr[p], minlength=len(nodes))
        for chunk_at in _chunks(np.arange(len(nodes)), cost):
            chunk = nodes[chunk_at]
            values, lengths, saturated = _unite(
                parent_ptr, parents, chunk, sets, buf.data, own_ptr, own_values, k, universe
            )
            begin = buf.append(values)
            sets.start[chunk] = begin + np.cumsum(lengths) - lengths
            sets.length[chunk] = lengths
            sets.saturated[chunk] = saturated
            budget.spend(len(values))
    sets.values = buf.data[: buf.size]
    return sets


@dataclass
class _Budget:
    limit: int | None
    spent: int = 0

    def spend(self, entries: int) -> None:
        self.spent += entries
        if self.limit is not None and self.spent > self.limit:
            raise _OverBudget()


# ---------------------------------------------------------------------------
# PageRank
# ---------------------------------------------------------------------------
@dataclass
class PageRank:
    """The ranks of :func:`pagerank_solve` and how far they are from the exact PageRank.

    ``iterations`` mat-vecs were run; ``change`` is the L1 size of the last
    term added (``||y_k - y_(k-1)||_1``, the residual of ``(I - alpha P^T) y = 1``);
    ``error_bound`` = ``alpha / (1 - alpha) * change`` bounds every work's
    relative error; ``residual`` is measured afterwards on the ranks
    themselves: the largest ``|G(x)_i - x_i| / x_i``, G one PageRank step.
    """

    ranks: np.ndarray
    iterations: int
    change: float
    error_bound: float
    residual: float
    tolerance: float
    damping: float

    def summary(self) -> dict:
        """What a run reports (``lineage metrics --json``: ``pagerank``)."""
        return {"method": "Neumann series of (I - alpha P^T) y = 1, normalised", "damping": self.damping,
                "tolerance": self.tolerance, "iterations": self.iterations, "change": self.change,
                "error_bound": self.error_bound, "residual": self.residual}


def pagerank_solve(
    n: int,
    derived: np.ndarray,
    source: np.ndarray,
    weight: np.ndarray,
    *,
    alpha: float = DAMPING,
    tol: float = PAGERANK_TOL,
    max_iter: int = PAGERANK_MAX_ITER,
) -> PageRank:
    """PageRank with rank flowing from derived works to their sources, to a stated tolerance per work.

    Each work passes ``alpha`` of its rank to its sources in proportion to the
    REMIXES weights; a work with no source, or only zero weights, is dangling
    and its rank is spread uniformly; teleport is uniform; the ranks sum to 1.
    This is the fixed point ``x = G(x)`` that :func:`networkx.pagerank`
    approximates; networkx's default stop (L1 change under ``n * 1e-6``) leaves
    errors of several percent on real lineages (docs/metrics.md).

    Method: the dangling and teleport parts add the same amount to every work,
    so ``x`` is proportional to the solution ``y`` of ``(I - alpha P^T) y = 1``
    (P the row-normalised weights; an empty row for a dangling work). ``y`` is
    summed as its series ``y_(k+1) = 1 + alpha P^T y_k`` (one sparse mat-vec
    per term) and ``x = y / sum(y)``.

    Stop rule and guarantee: stop once ``alpha / (1 - alpha) * ||y_k - y_(k-1)||_1
    <= tol``. The terms are non-negative and each is at most ``alpha`` times the
    last in L1, so that quantity bounds ``||y* - y_k||_1``; as every ``y_i >= 1``
    it bounds each work's relative error, and normalising keeps it within that
    (the sum's relative error is n times smaller): every rank is within ``tol``
    (relative) of the exact one, plus rounding. On a DAG the series is finite (a chain of L works adds
    nothing after L terms), so it stops after at most the longest chain + 1
    mat-vecs, whatever ``tol``. Raises RuntimeError past ``max_iter``.

    >>> pr = pagerank_solve(3, np.array([1, 2]), np.array([0, 0]), np.array([1.0, 1.0]))
    >>> pr.ranks.tolist() == [2.7 / 4.7, 1 / 4.7, 1 / 4.7]   # the exact ranks (networkx: the same to 4 places)
    True
    >>> pr.iterations, pr.change, pr.residual < 1e-15
    (2, 0.0, True)
    """
    import scipy.sparse

    if n == 0:
        return PageRank(np.zeros(0, dtype=np.float64), 0, 0.0, 0.0, 0.0, tol, alpha)
    a = scipy.sparse.csr_array((weight, (derived, source)), shape=(n, n), dtype=np.float64)
    out_weight = np.asarray(a.sum(axis=1)).ravel()
    scale = np.zeros(n)
    nonzero = out_weight != 0
    scale[nonzero] = 1.0 / out_weight[nonzero]
    a = scipy.sparse.diags_array(scale) @ a
    a = (alpha * a.T).tocsr()  # alpha P^T: one sparse mat-vec per term
    bound_per_l1 = alpha / (1.0 - alpha)
    y = np.ones(n)
    for iteration in range(1, max_iter + 1):
        last = y
        y = a @ last
        y += 1.0
        change = float(np.abs(y - last).sum())
        if bound_per_l1 * change <= tol:
            break
    else:
        raise RuntimeError(f"PageRank did not reach a relative error of {tol:g} in {max_iter} iterations")
    x = y / y.sum()
    step = a @ x + alpha * x[~nonzero].sum() / n + (1.0 - alpha) / n  # G(x)
    residual = float(np.max(np.abs(step - x) / x))
    return PageRank(x, iteration, change, bound_per_l1 * change, residual, tol, alpha)


def lineage_pagerank(
    n: int,
    derived: np.ndarray,
    source: np.ndarray,
    weight: np.ndarray,
    *,
    alpha: float = DAMPING,
    tol: float = PAGERANK_TOL,
    max_iter: int = PAGERANK_MAX_ITER,
) -> np.ndarray:
    """The ranks of :func:`pagerank_solve` (every work within ``tol`` relative of the exact PageRank).

    >>> r = lineage_pagerank(3, np.array([1, 2]), np.array([0, 0]), np.array([1.0, 1.0]))
    >>> [round(float(x), 4) for x in r]   # networkx.pagerank gives the same to 4 places on this small graph
    [0.5745, 0.2128, 0.2128]
    >>> round(float(r.sum()), 12)
    1.0
    """
    return pagerank_solve(n, derived, source, weight, alpha=alpha, tol=tol, max_iter=max_iter).ranks


def generations(n: int, derived: np.ndarray, source: np.ndarray, labels: Sequence[Hashable] | None = None) -> np.ndarray:
    """The longest derivation chain from each work back to an origin.

    >>> generations(4, np.array([1, 2, 2, 3]), np.array([0, 1, 0, 2])).tolist()
    [0, 1, 2, 3]
    """
    labels = labels if labels is not None else range(n)
    return _levels(n, np.asarray(derived, np.int64), np.asarray(source, np.int64), labels).level


# ---------------------------------------------------------------------------
# Everything at once
# ---------------------------------------------------------------------------
@dataclass
class Metrics:
    """The metrics of every work and artist, as arrays aligned with the input ids.

    ``work[name]`` / ``artist[name]`` for the names of WORK_METRICS / ARTIST_METRICS.
    ``exact`` is False when the transitive counts were estimated with bottom-k
    sketches; ``estimated_works`` / ``estimated_artists`` then count the rows
    whose transitive counts are estimates (sets larger than ``sketch_size``).
    ``pagerank`` says how PageRank converged (:meth:`PageRank.summary`).
    """

    work_ids: Sequence[Hashable]
    artist_ids: Sequence[Hashable]
    work: dict[str, np.ndarray]
    artist: dict[str, np.ndarray]
    exact: bool
    sketch_size: int | None
    estimated_works: int = 0
    estimated_artists: int = 0
    set_entries: int = 0
    notes: list[str] = field(default_factory=list)
    pagerank: dict = field(default_factory=dict)

    def work_rows(self) -> Iterable[dict]:
        """One dict per work: ``{"id": ..., <metric>: python value, ...}``."""
        cols = {name: self.work[name].tolist() for name in WORK_METRICS}
        for i, wid in enumerate(self.work_ids):
            yield {"id": wid, **{name: cols[name][i] for name in WORK_METRICS}}

    def artist_rows(self) -> Iterable[dict]:
        cols = {name: self.artist[name].tolist() for name in ARTIST_METRICS}
        for i, aid in enumerate(self.artist_ids):
            yield {"id": aid, **{name: cols[name][i] for name in ARTIST_METRICS}}


def compute_metrics(
    arrays: LineageArrays,
    *,
    exact_limit: int | None = DEFAULT_EXACT_LIMIT,
    sketch_size: int = DEFAULT_SKETCH_SIZE,
    seed: int = 0,
) -> Metrics:
    """Every work and artist metric of the lineage (see the module docstring).

    ``exact_limit`` bounds the set entries computed for exact counts (None: no
    bound, always exact); past it, counts are estimated with bottom-k sketches
    of ``sketch_size``. ``seed`` fixes the sketches' permutation, so a rerun
    gives the same figures. Raises LineageCycle if the REMIXES graph has a cycle.

    >>> arr = LineageArrays.build(["o", "r"], [1], [0], None, ["x", "y"], [0, 1], [0, 1], None)
    >>> m = compute_metrics(arr)
    >>> m.work["direct_remixes"].tolist(), m.artist["downstream_artists"].tolist(), m.exact
    ([1, 0], [1, 0], True)
    """
    if sketch_size < 3:
        raise InvalidParameter("sketch_size must be at least 3")
    n, m = arrays.n_works, arrays.n_artists
    d, s = arrays.derived, arrays.source
    gen = _levels(n, d, s, arrays.work_ids)
    height = _levels(n, s, d, arrays.work_ids)
    direct = np.bincount(s, minlength=n).astype(np.int64)
    pr = pagerank_solve(n, d, s, arrays.remix_weight)
    pagerank = pr.ranks

    src_ptr, src_of = _csr(d, n, s)  # the sources of each work
    der_ptr, der_of = _csr(s, n, d)  # the works derived from each work
    cw_ptr, cw_artists = _csr(arrays.contrib_work, n, arrays.contrib_artist)  # contributors of each work
    ca_ptr, ca_works = _csr(arrays.contrib_artist, m, arrays.contrib_work)  # works of each artist

    notes: list[str] = []
    try:
        reach = _reach(n, m, gen, height, src_ptr, src_of, der_ptr, der_of, cw_ptr, cw_artists,
                       ca_ptr, ca_works, None, 0, _Budget(exact_limit))
        exact = True
    except _OverBudget:
        notes.append(f"exact sets would exceed {exact_limit:,} entries: bottom-{sketch_size} sketches used")
        reach = _reach(n, m, gen, height, src_ptr, src_of, der_ptr, der_of, cw_ptr, cw_artists,
                       ca_ptr, ca_works, sketch_size, seed, _Budget(None))
        exact = False
    ancestors, descendants, downstream_works, downstream_artists, est_w, est_a, entries = reach

    # Direct remixes by others, per (artist, work) contribution.
    contrib_key = arrays.contrib_artist * max(n, 1) + arrays.contrib_work  # sorted (build merged them)
    epos, eidx = _ranges(cw_ptr[s], cw_ptr[s + 1] - cw_ptr[s])  # each remix edge x each source contributor
    artist_on_source = cw_artists[epos]
    remixer = d[eidx]
    by_self = _contains(contrib_key, artist_on_source * max(n, 1) + remixer)
    pair_key = artist_on_source[~by_self] * max(n, 1) + s[eidx][~by_self]
    pair_uniq, pair_count = np.unique(pair_key, return_counts=True)
    works_remixed = np.bincount(pair_uniq // max(n, 1), minlength=m).astype(np.int64)
    hidx = _h_index_groups(pair_uniq // max(n, 1), pair_count, m)

    # Influence: PageRank x the artist's share of the work's contribution weight.
    total_w = np.bincount(arrays.contrib_work, weights=arrays.contrib_weight, minlength=n)
    n_contrib = np.bincount(arrays.contrib_work, minlength=n)
    cwork = arrays.contrib_work
    share = np.where(total_w[cwork] > 0, arrays.contrib_weight / np.where(total_w[cwork] > 0, total_w[cwork], 1.0),
                     1.0 / np.maximum(n_contrib[cwork], 1))
    influence = np.bincount(arrays.contrib_artist, weights=pagerank[cwork] * share, minlength=m)

    descendants_i = np.rint(descendants).astype(np.int64)
    ancestors_i = np.rint(ancestors).astype(np.int64)
    work = {
        "direct_remixes": direct,
        "descendants": descendants_i,
        "ancestors": ancestors_i,
        "generation": gen.level,
        "pagerank": pagerank,
        "bridge": descendants_i * ancestors_i,
    }
    artist = {
        "works": np.diff(ca_ptr).astype(np.int64),
        "works_remixed": works_remixed,
        "downstream_works": np.rint(downstream_works).astype(np.int64),
        "downstream_artists": np.rint(downstream_artists).astype(np.int64),
        "h_index": hidx,
        "influence": influence,
    }
    return Metrics(list(arrays.work_ids), list(arrays.artist_ids), work, artist, exact,
                   None if exact else sketch_size, est_w, est_a, entries, notes, pr.summary())


def _contains(sorted_keys: np.ndarray, keys: np.ndarray) -> np.ndarray:
    if len(sorted_keys) == 0:
        return np.zeros(len(keys), dtype=bool)
    at = np.searchsorted(sorted_keys, keys)
    at[at == len(sorted_keys)] = 0
    return sorted_keys[at] == keys


def _reach(n, m, gen, height, src_ptr, src_of, der_ptr, der_of, cw_ptr, cw_artists, ca_ptr, ca_works,
           k, seed, budget):
    """Ancestors, descendants, downstream works and artists: exact (k None) or bottom-k."""
    if k is None:
        work_rank = np.arange(n, dtype=np.int64)
        artist_rank = np.arange(m, dtype=np.int64)
    else:
        rng = np.random.default_rng(seed)
        work_rank = rng.permutation(n).astype(np.int64)
        artist_rank = rng.permutation(m).astype(np.int64)
    self_ptr = np.arange(n + 1, dtype=np.int64)
    ranked_artists = artist_rank[cw_artists]

    anc = _propagate(n, gen, src_ptr, src_of, self_ptr, work_rank, k, max(n, 1), budget)
    ancestors = anc.sizes(k, n)
    anc_saturated = anc.saturated
    del anc
    desc = _propagate(n, height, der_ptr, der_of, self_ptr, work_rank, k, max(n, 1), budget)
    descendants = desc.sizes(k, n)
    est_works = int((anc_saturated | desc.saturated).sum())

    # Each artist: the union of their works' descendant sets, less their own works.
    artists = np.arange(m, dtype=np.int64)
    rank_to_work = np.empty(n, dtype=np.int64)
    rank_to_work[work_rank] = np.arange(n)
    contrib_key = np.sort(ca_works_key(ca_ptr, ca_works, n))
    down_works = np.zeros(m)
    sat_a = np.zeros(m, dtype=bool)
    cost = np.bincount(np.repeat(artists, np.diff(ca_ptr)), weights=desc.length[ca_works], minlength=m)
    for chunk in _chunks(artists, cost):
        values, lengths, saturated = _unite(ca_ptr, ca_works, chunk, desc, desc.values, None, None, k, max(n, 1))
        budget.spend(len(values))
        row = np.repeat(np.arange(len(chunk)), lengths)
        own = _contains(contrib_key, chunk[row] * max(n, 1) + rank_to_work[values])
        down_works[chunk] = _filtered_sizes(values, lengths, saturated, ~own, k, n)
        sat_a[chunk] |= saturated
    del desc

    # Each work: the artists on its descendants; each artist: the union over their works, less themselves.
    adown = _propagate(n, height, der_ptr, der_of, cw_ptr, ranked_artists, k, max(m, 1), budget)
    down_artists = np.zeros(m)
    cost = np.bincount(np.repeat(artists, np.diff(ca_ptr)), weights=adown.length[ca_works], minlength=m)
    for chunk in _chunks(artists, cost):
        values, lengths, saturated = _unite(ca_ptr, ca_works, chunk, adown, adown.values, None, None, k, max(m, 1))
        budget.spend(len(values))
        row = np.repeat(np.arange(len(chunk)), lengths)
        others = values != artist_rank[chunk][row]
        down_artists[chunk] = _filtered_sizes(values, lengths, saturated, others, k, m)
        sat_a[chunk] |= saturated
    return ancestors, descendants, down_works, down_artists, est_works, int(sat_a.sum()), budget.spent


def ca_works_key(ca_ptr: np.ndarray, ca_works: np.ndarray, n: int) -> np.ndarray:
    artist = np.repeat(np.arange(len(ca_ptr) - 1, dtype=np.int64), np.diff(ca_ptr))
    return artist * max(n, 1) + ca_works


def _filtered_sizes(values, lengths, saturated, keep, k, universe) -> np.ndarray:
    """Size of each row's set restricted to ``keep``: exact, or the sketch's kept fraction of the estimate."""
    rows = np.repeat(np.arange(len(lengths)), lengths)
    kept = np.bincount(rows[keep], minlength=len(lengths)).astype(np.float64)
    if k is None or not saturated.any():
        return kept
    out = kept
    sat = np.flatnonzero(saturated)
    first = np.cumsum(lengths) - lengths
    kth = values[first[sat] + lengths[sat] - 1].astype(np.float64)
    estimate = (k - 1) * universe / (kth + 1.0)
    out[sat] = estimate * kept[sat] / lengths[sat]
    return out


def sketch_error(arrays: LineageArrays, *, sketch_size: int = DEFAULT_SKETCH_SIZE, seed: int = 0) -> dict:
    """How far the bottom-k estimates fall from the exact counts on ``arrays``.

    Computes the metrics exactly and with sketches forced (``exact_limit=0``);
    for each transitive count, over the rows whose exact value exceeds
    ``sketch_size`` (the only ones estimated), the mean, 95th percentile and
    maximum relative error, and whether every other row came out exact.

    >>> arr = LineageArrays.build(list(range(40)), range(1, 40), [0] * 39, None, [], [], [], None)
    >>> e = sketch_error(arr, sketch_size=16)
    >>> e["descendants"]["estimated"], e["descendants"]["others_exact"], e["ancestors"]["estimated"]
    (1, True, 0)
    """
    exact = compute_metrics(arrays, exact_limit=None)
    sketched = compute_metrics(arrays, exact_limit=0, sketch_size=sketch_size, seed=seed)
    out: dict = {"sketch_size": sketch_size}
    for kind, name in (("work", "descendants"), ("work", "ancestors"),
                       ("artist", "downstream_works"), ("artist", "downstream_artists")):
        truth = getattr(exact, kind)[name].astype(np.float64)
        guess = getattr(sketched, kind)[name].astype(np.float64)
        large = truth > sketch_size
        rel = np.abs(guess[large] - truth[large]) / truth[large] if large.any() else np.zeros(1)
        out[name] = {
            "estimated": int(large.sum()),
            "others_exact": bool((guess[~large] == truth[~large]).all()),
            "mean_relative_error": float(rel.mean()),
            "p95_relative_error": float(np.quantile(rel, 0.95)),
            "max_relative_error": float(rel.max()),
        }
    return out


# ---------------------------------------------------------------------------
# DiGraph conveniences
# ---------------------------------------------------------------------------
def work_metrics(graph: nx.DiGraph, works: Iterable[Hashable] | None = None, **options) -> dict[Hashable, dict]:
    """Every WORK_METRICS value of every work of ``graph`` (or of ``works`` only).

    Raises WorkNotFound for a requested work that is not in the graph, and
    LineageCycle if the graph has a cycle. ``options`` go to :func:`compute_metrics`.

    >>> g = nx.DiGraph([("b", "a"), ("c", "a")])
    >>> {w: v["direct_remixes"] for w, v in work_metrics(g).items()}
    {'b': 0, 'a': 2, 'c': 0}
    >>> work_metrics(g, ["z"])
    Traceback (most recent call last):
    ...
    lineage.errors.WorkNotFound: no work with id 'z'
    """
    wanted = _wanted(graph.nodes, works, WorkNotFound)
    result = compute_metrics(LineageArrays.from_digraph(graph), **options)
    return {row["id"]: _strip(row) for row in result.work_rows() if wanted is None or row["id"] in wanted}


def artist_metrics(graph: nx.DiGraph, artists: Iterable[Hashable] | None = None, **options) -> dict[Hashable, dict]:
    """Every ARTIST_METRICS value of every artist of ``graph`` (or of ``artists`` only).

    The artists are those of ``graph.graph["artists"]`` and of the works'
    ``contributors``. Raises ArtistNotFound for a requested unknown artist.

    >>> g = nx.DiGraph([("b", "a")])
    >>> g.nodes["a"]["contributors"] = {"x": 1.0}
    >>> artist_metrics(g)["x"]["works_remixed"]
    1
    """
    arrays = LineageArrays.from_digraph(graph)
    wanted = _wanted(arrays.artist_ids, artists, ArtistNotFound)
    result = compute_metrics(arrays, **options)
    return {row["id"]: _strip(row) for row in result.artist_rows() if wanted is None or row["id"] in wanted}


def _wanted(known: Iterable[Hashable], asked: Iterable[Hashable] | None, error) -> set | None:
    if asked is None:
        return None
    asked = list(asked)
    known_set = set(known)
    for item in asked:
        if item not in known_set:
            raise error(item)
    return set(asked)


def _strip(row: dict) -> dict:
    return {k: v for k, v in row.items() if k != "id"}


def metric_names(kind: str) -> tuple[str, ...]:
    """The metric names of ``"works"`` or ``"artists"``.

    >>> metric_names("artists")[-1]
    'influence'
    """
    if kind == "works":
        return WORK_METRICS
    if kind == "artists":
        return ARTIST_METRICS
    raise InvalidParameter(f"kind must be works or artists, not {kind!r}")


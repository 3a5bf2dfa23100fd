"""The credit split along a lineage: who gets what share of a work's credit.

The rule (docs/credit.md has it with a worked example). A work's credit, 1 at
the start, is split between its own contributors and its sources:

* a fraction ``keep`` (default 0.5) stays with the work's contributors, split
  between them by their CONTRIBUTED weights (an artist's several roles on one
  work summed);
* the rest, ``1 - keep``, passes to the work's sources, split between them by
  the REMIXES weights, and each source splits what it receives the same way,
  recursively, back to the origins;
* an origin (no sources) keeps everything it receives for its contributors;
  a work with no contributors passes its kept share on to its sources too,
  and an origin with no contributors reports what reaches it as
  *unattributed*;
* all-zero weights split equally; an artist on several works gets the sum; a
  source reached along several chains (a diamond) receives along each chain,
  so it is counted once per path.

The shares and the unattributed part sum to 1. The split is computed by
pushing mass through the lineage in topological order (linear in its size);
that equals the sum over every derivation chain, which :func:`explain_credit`
lists for one artist, largest first.

Functions the command line and the web site call (``graph`` is a
:class:`lineage.db.Graph`, read with ``queries/credit_lineage.cypher``, or a
:class:`networkx.DiGraph` in the convention of :mod:`lineage.metrics`:
edges derived -> source with ``weight``, nodes with ``contributors``
``{artist_id: weight}`` and optional ``created_at``/``title``, and
``graph.graph["artists"] = {artist_id: {"handle": ..., "name": ...}}``):

``credit_split(graph, work_id, *, keep=0.5, amount=None, as_of=None) -> dict``
    ``{"work_id", "keep", "as_of", "works", "shares": [{"artist_id", "handle",
    "name", "share", "works", ["amount", "cents"]}], "unattributed",
    "unattributed_works", ["unattributed_amount", "unattributed_cents"],
    "total", "amount"}``; shares largest first. With ``amount`` (a number of at
    most two decimals; a float is rounded to cents) every part gets
    ``amount``/``cents``, rounded by the largest-remainder method so the
    parts, the unattributed one included, add up to the amount exactly.
``explain_credit(graph, work_id, artist_id, *, keep=0.5, as_of=None, limit=20) -> dict``
    ``{"work_id", "artist_id", "handle", "name", "share", "chains": [{"works":
    [ids from the work back to the artist's work], "share"}], "chains_total",
    "shown_share", "truncated"}``: the chains through which the artist earned
    the share, largest first, at most ``limit`` of them.

>>> import networkx as nx
>>> g = nx.DiGraph([("film", "song")])
>>> g.nodes["film"]["contributors"] = {"ann": 1.0}
>>> g.nodes["song"]["contributors"] = {"bob": 3.0, "cy": 1.0}
>>> split = credit_split(g, "film", amount=100)
>>> [(s["artist_id"], s["share"], s["amount"]) for s in split["shares"]]
[('ann', 0.5, 50.0), ('bob', 0.375, 37.5), ('cy', 0.125, 12.5)]
>>> split["total"], split["unattributed"]
(1.0, 0.0)
"""

from __future__ import annotations

import heapq
import itertools
import math
from collections import defaultdict
from decimal import Decimal, InvalidOperation
from typing import Any, Hashable, Mapping, Sequence

import networkx as nx

from lineage.dag import existed, next_day
from lineage.errors import ArtistNotFound, InvalidParameter, LineageCycle, WorkNotFound

DEFAULT_KEEP = 0.5
# A credit split reads the whole ancestry; past this many ancestors it is refused, not truncated.
MAX_ANCESTORS = 100_000
EXPLAIN_LIMIT = 20
# Partial chains the explanation may examine before it stops (and says so).
_EXPLAIN_STEPS = 200_000

__all__ = [
    "credit_split",
    "explain_credit",
    "split_credit",
    "credit_chains",
    "largest_remainder",
    "parse_amount",
    "check_keep",
    "credit_lineage",
    "DEFAULT_KEEP",
    "MAX_ANCESTORS",
]


# ---------------------------------------------------------------------------
# Parameters
# ---------------------------------------------------------------------------
def check_keep(keep: Any) -> float:
    """Validate ``keep``: a number from 0 to 1.

    >>> check_keep(0.25), check_keep(1)
    (0.25, 1.0)
    >>> check_keep(1.5)
    Traceback (most recent call last):
    ...
    lineage.errors.InvalidParameter: keep must be a number from 0 to 1 (got 1.5)
    """
    if isinstance(keep, bool) or not isinstance(keep, (int, float)) or not 0.0 <= float(keep) <= 1.0:
        raise InvalidParameter(f"keep must be a number from 0 to 1 (got {keep!r})")
    return float(keep)


def parse_amount(amount: Any) -> int:
    """An amount of money as whole cents.

    Text, ints and Decimals must have at most two decimals; a float is rounded
    to the nearest cent (it cannot say more).

    >>> parse_amount("1000"), parse_amount("0.07"), parse_amount(12.5), parse_amount(0.1 + 0.2)
    (100000, 7, 1250, 30)
    >>> parse_amount("10.001")
    Traceback (most recent call last):
    ...
    lineage.errors.InvalidParameter: amount must be a number of at least 0 with at most two decimals (got '10.001')
    """
    problem = InvalidParameter(
        f"amount must be a number of at least 0 with at most two decimals (got {amount!r})"
    )
    if isinstance(amount, bool):
        raise problem
    try:
        if isinstance(amount, float):
            if not math.isfinite(amount):
                raise problem
            value = Decimal(repr(amount)).quantize(Decimal("0.01"))
        else:
            value = Decimal(str(amount).strip())
    except (InvalidOperation, ValueError):
        raise problem from None
    if not value.is_finite() or value < 0 or value != value.quantize(Decimal("0.01")) or value > Decimal(10) ** 15:
        raise problem
    return int(value * 100)


def largest_remainder(shares: Sequence[float], total: int) -> list[int]:
    """Whole parts of ``total`` proportional to ``shares`` that add up to it exactly.

    Each part gets the floor of its quota; the units left over go to the
    largest remainders, ties to the earlier share. Exact rational arithmetic.

    >>> largest_remainder([1/3, 1/3, 1/3], 100)
    [34, 33, 33]
    >>> largest_remainder([0.5, 0.3, 0.2], 7)
    [4, 2, 1]
    >>> largest_remainder([], 100), largest_remainder([0.0], 100)
    ([], [0])
    """
    # Floats are exact binary fractions: bring them to one power-of-two denominator
    # and do the rest in integers, exactly and fast.
    ratios = [float(s).as_integer_ratio() for s in shares]
    if not ratios:
        return []
    if any(n < 0 for n, _ in ratios):
        raise InvalidParameter("shares must not be negative")
    denominator = max(d for _, d in ratios)
    numerators = [n * (denominator // d) for n, d in ratios]
    whole = sum(numerators)
    if whole == 0:
        return [0] * len(numerators)
    parts = [n * total // whole for n in numerators]
    remainders = [n * total % whole for n in numerators]
    left = total - sum(parts)
    order = sorted(range(len(parts)), key=lambda i: (-remainders[i], i))
    for i in order[:left]:
        parts[i] += 1
    return parts


# ---------------------------------------------------------------------------
# The rule, over a DiGraph
# ---------------------------------------------------------------------------
def _proportions(weights: Mapping[Hashable, float]) -> list[tuple[Hashable, float]]:
    """Each key's share of the total weight; equal shares where the weights sum to 0."""
    total = math.fsum(weights.values())
    if total > 0:
        return [(k, w / total) for k, w in weights.items()]
    return [(k, 1.0 / len(weights)) for k in weights]


def _contributors(dag: nx.DiGraph, work: Hashable) -> dict:
    return {a: (1.0 if w is None else float(w)) for a, w in (dag.nodes[work].get("contributors") or {}).items()}


def _sources(dag: nx.DiGraph, work: Hashable) -> dict:
    return {s: (1.0 if w is None else float(w)) for s, w in
            ((s, data.get("weight")) for s, data in dag.adj[work].items())}


def _fractions(dag: nx.DiGraph, work: Hashable, keep: float) -> tuple[float, float]:
    """(kept for the contributors, passed to the sources) of what reaches ``work``."""
    has_contributors = bool(dag.nodes[work].get("contributors"))
    has_sources = bool(dag.adj[work])
    if has_contributors and has_sources:
        return keep, 1.0 - keep
    if has_contributors:
        return 1.0, 0.0
    if has_sources:
        return 0.0, 1.0
    return 0.0, 0.0  # an origin with no contributors: unattributed


def _lineage(dag: nx.DiGraph, work_id: Hashable, as_of: str | None) -> tuple[nx.DiGraph, list]:
    """The work and its ancestors (as of a day), and a topological order of them; raises LineageCycle."""
    if work_id not in dag:
        raise WorkNotFound(work_id)
    if as_of is not None:
        before = next_day(as_of)
        created = dag.nodes[work_id].get("created_at")
        if not existed(created, before):
            raise InvalidParameter(f"work {work_id!r} was created after {as_of} ({created})")
        dag = dag.subgraph([n for n, c in dag.nodes(data="created_at") if existed(c, before)]).copy()
    nodes = nx.descendants(dag, work_id)
    nodes.add(work_id)
    # A plain copy: networkx subgraph views are slow to walk.
    sub = dag if len(nodes) == dag.number_of_nodes() else dag.subgraph(nodes).copy()
    try:
        order = list(nx.topological_sort(sub))  # a derived work before its sources
    except nx.NetworkXUnfeasible:
        cycle = [u for u, _ in nx.find_cycle(sub)]
        raise LineageCycle(cycle + cycle[:1]) from None
    return sub, order


def split_credit(dag: nx.DiGraph, work_id: Hashable, *, keep: float = DEFAULT_KEEP,
                 as_of: str | None = None) -> dict:
    """The credit of ``work_id`` split by the rule: shares per artist and what stays unattributed.

    Returns ``{"shares": {artist: share}, "works_of": {artist: [works]},
    "unattributed": float, "unattributed_works": {work: share}, "works": n}``.

    >>> g = nx.DiGraph([("remix", "orig")])
    >>> g.nodes["remix"]["contributors"] = {"ann": 1.0}
    >>> r = split_credit(g, "remix", keep=0.75)
    >>> r["shares"], r["unattributed"], r["unattributed_works"]
    ({'ann': 0.75}, 0.25, {'orig': 0.25})
    """
    keep = check_keep(keep)
    sub, order = _lineage(dag, work_id, as_of)
    mass: dict[Hashable, float] = defaultdict(float)
    mass[work_id] = 1.0
    shares: dict[Hashable, float] = defaultdict(float)
    works_of: dict[Hashable, list] = defaultdict(list)
    unattributed: dict[Hashable, float] = {}
    for work in order:  # a derived work before its sources
        arrived = mass.pop(work, 0.0)
        kept, passed = _fractions(sub, work, keep)
        contributors = _contributors(sub, work)
        for artist, part in _proportions(contributors) if contributors else ():
            works_of[artist].append(work)
            if arrived and kept:
                shares[artist] += arrived * kept * part
        if not arrived:
            continue
        if not contributors and not sub.adj[work]:
            unattributed[work] = arrived
            continue
        if passed:
            for source, part in _proportions(_sources(sub, work)):
                mass[source] += arrived * passed * part
    return {
        "shares": dict(shares),
        "works_of": dict(works_of),
        "unattributed": math.fsum(unattributed.values()),
        "unattributed_works": unattributed,
        "works": sub.number_of_nodes(),
    }


def _rounded(x: float) -> float:
    return float(f"{x:.12g}")


def credit_chains(dag: nx.DiGraph, work_id: Hashable, artist_id: Hashable, *, keep: float = DEFAULT_KEEP,
                  as_of: str | None = None, limit: int = EXPLAIN_LIMIT) -> dict:
    """The derivation chains through which ``artist_id`` earns credit from ``work_id``, largest first.

    A chain runs from the work back along REMIXES to a work the artist
    contributed to; its share is what the rule sends along it. The shares of
    all chains add up to the artist's share. Chains are found best-first
    (a chain's share only shrinks as it grows), so the first ``limit`` are the
    largest without listing the others (an A* search whose estimate, the best
    completion of a partial chain, is exact); ``chains_total`` counts them all
    (by dynamic programming).

    >>> g = nx.DiGraph([("top", "left"), ("top", "right"), ("left", "base"), ("right", "base")])
    >>> g.nodes["base"]["contributors"] = {"ann": 1.0}
    >>> c = credit_chains(g, "top", "ann")
    >>> [(x["works"], x["share"]) for x in c["chains"]]
    [(['top', 'left', 'base'], 0.5), (['top', 'right', 'base'], 0.5)]
    """
    keep = check_keep(keep)
    if isinstance(limit, bool) or not isinstance(limit, int) or limit < 1:
        raise InvalidParameter(f"limit must be a whole number of at least 1 (got {limit!r})")
    sub, order = _lineage(dag, work_id, as_of)
    targets = {}
    for work in sub:
        contributors = _contributors(sub, work)
        if artist_id in contributors:
            kept, _ = _fractions(sub, work, keep)
            targets[work] = kept * dict(_proportions(contributors))[artist_id]
    # Works from which a target can still be reached, with the number of chains from each.
    useful = set(targets)
    for t in targets:
        useful |= nx.ancestors(sub, t)
    steps: dict[Hashable, list[tuple[Hashable, float]]] = {}
    for work in useful:
        _, passed = _fractions(sub, work, keep)
        steps[work] = [(s, passed * part) for s, part in _proportions(_sources(sub, work))
                       if s in useful and passed * part > 0] if passed else []
    # Per work: the number of chains from it to the artist (dynamic programming), and the
    # share of the best one, which makes the search below an A* with an exact estimate.
    count: dict[Hashable, int] = {}
    best: dict[Hashable, float] = {}
    for work in reversed([w for w in order if w in useful]):
        own = targets.get(work, 0.0)
        count[work] = (1 if own > 0 else 0) + sum(count[s] for s, _ in steps[work])
        best[work] = max([own, *(factor * best[s] for s, factor in steps[work])])

    # Best-first over partial chains, ordered by the share of their best completion: chains
    # come out largest first. Equal shares (to 12 digits) go deepest-first, so a lineage of
    # many equal chains is walked chain by chain rather than level by level.
    chains, examined, truncated_search = [], 0, False
    tie = itertools.count()

    def push(share_so_far: float, completion: float, is_chain: bool, path: tuple) -> None:
        heapq.heappush(heap, (-_rounded(share_so_far * completion), 0 if is_chain else 1, -next(tie),
                              share_so_far, is_chain, path))

    heap: list = []
    if work_id in useful and best.get(work_id, 0.0) > 0:
        push(1.0, best[work_id], False, (work_id,))
    while heap and len(chains) < limit:
        _, _, _, share_so_far, is_chain, path = heapq.heappop(heap)
        if is_chain:
            chains.append({"works": list(path), "share": share_so_far})
            continue
        examined += 1
        if examined > _EXPLAIN_STEPS:
            truncated_search = True
            break
        here = path[-1]
        if targets.get(here, 0.0) > 0:
            chain_share = share_so_far * targets[here]
            push(chain_share, 1.0, True, path)
        for source, factor in reversed(steps[here]):  # pushed last, popped first among equals
            if best[source] > 0:
                push(share_so_far * factor, best[source], False, path + (source,))
    total = count.get(work_id, 0)
    shown = math.fsum(c["share"] for c in chains)
    return {
        "chains": chains,
        "chains_total": total,
        "shown_share": shown,
        "truncated": len(chains) < total,
        "search_stopped": truncated_search,
    }


# ---------------------------------------------------------------------------
# From Neo4j
# ---------------------------------------------------------------------------
def credit_lineage(graph, work_id: str, *, cap: int = MAX_ANCESTORS) -> nx.DiGraph:
    """The work and all its ancestors from Neo4j, as a DiGraph for the functions above.

    One query (``queries/credit_lineage.cypher``) gathers the distinct
    ancestors with a pruning breadth-first expansion (never all paths), then
    each one's sources and contributors. Raises WorkNotFound, or
    InvalidParameter when the work has more than ``cap`` ancestors.
    """
    rows = graph.read("credit_lineage", work_id=work_id, limit=cap + 1)
    if not rows:
        raise WorkNotFound(work_id)
    if rows[0]["ancestors_found"] > cap:
        raise InvalidParameter(
            f"work {work_id!r} has more than {cap:,} ancestors: too large a lineage for a credit split"
        )
    dag = nx.DiGraph()
    artists: dict[str, dict] = {}
    for row in rows:
        contributors: dict[str, float] = defaultdict(float)
        for c in row["contributors"]:
            contributors[c["artist_id"]] += 1.0 if c["weight"] is None else float(c["weight"])
            artists.setdefault(c["artist_id"], {"handle": c["handle"], "name": c["name"]})
        dag.add_node(row["id"], title=row["title"], created_at=row["created_at"], contributors=dict(contributors))
    for row in rows:
        for s in row["sources"]:
            dag.add_edge(row["id"], s["id"], weight=s["weight"])
    dag.graph["artists"] = artists
    return dag


def _as_dag(graph, work_id: str) -> nx.DiGraph:
    return graph if isinstance(graph, nx.DiGraph) else credit_lineage(graph, work_id)


def credit_split(graph, work_id: str, *, keep: float = DEFAULT_KEEP, amount: Any = None,
                 as_of: str | None = None) -> dict:
    """The credit split of ``work_id`` as a plain dict (see the module docstring).

    ``graph`` is a :class:`lineage.db.Graph` or a DiGraph of the lineage.
    """
    dag = _as_dag(graph, work_id)
    cents = None if amount is None else parse_amount(amount)
    result = split_credit(dag, work_id, keep=keep, as_of=as_of)
    people = dag.graph.get("artists") or {}
    order = sorted(result["shares"].items(), key=lambda kv: (-kv[1], str(kv[0])))
    shares = [
        {"artist_id": a, "handle": (people.get(a) or {}).get("handle"), "name": (people.get(a) or {}).get("name"),
         "share": share, "works": len(result["works_of"].get(a, ()))}
        for a, share in order
    ]
    answer = {
        "work_id": work_id,
        "keep": check_keep(keep),
        "as_of": as_of,
        "works": result["works"],
        "shares": shares,
        "unattributed": result["unattributed"],
        "unattributed_works": sorted(result["unattributed_works"], key=str),
        "total": math.fsum([*(s["share"] for s in shares), result["unattributed"]]),
        "amount": None,
    }
    if cents is not None:
        parts = largest_remainder([s["share"] for s in shares] + [result["unattributed"]], cents)
        for entry, part in zip(shares, parts):
            entry["cents"] = part
            entry["amount"] = part / 100
        answer["unattributed_cents"] = parts[-1]
        answer["unattributed_amount"] = parts[-1] / 100
        answer["amount"] = cents / 100
        answer["cents"] = cents
    return answer


def explain_credit(graph, work_id: str, artist_id: str, *, keep: float = DEFAULT_KEEP,
                   as_of: str | None = None, limit: int = EXPLAIN_LIMIT) -> dict:
    """The chains through which ``artist_id`` earned their share of ``work_id`` (module docstring).

    With a database ``graph``, an artist that does not exist raises ArtistNotFound;
    one that exists but is not in the lineage has share 0 and no chains.
    """
    dag = _as_dag(graph, work_id)
    people = dict(dag.graph.get("artists") or {})
    if not isinstance(graph, nx.DiGraph) and artist_id not in people:
        row = graph.read_one("credit_artist", artist_id=artist_id)
        if row is None:
            raise ArtistNotFound(artist_id)
        people[artist_id] = {"handle": row["handle"], "name": row["name"]}
    result = split_credit(dag, work_id, keep=keep, as_of=as_of)
    chains = credit_chains(dag, work_id, artist_id, keep=keep, as_of=as_of, limit=limit)
    person = people.get(artist_id) or {}
    return {
        "work_id": work_id,
        "artist_id": artist_id,
        "handle": person.get("handle"),
        "name": person.get("name"),
        "keep": check_keep(keep),
        "as_of": as_of,
        "share": result["shares"].get(artist_id, 0.0),
        "works": result["works_of"].get(artist_id, []),
        **chains,
    }

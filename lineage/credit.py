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

Functions the command line and the web site call, through
:func:`lineage.api.credit_split` and :func:`lineage.api.explain_credit`, which
read the lineage from Neo4j (``queries/credit_lineage.cypher``) as a
:class:`networkx.DiGraph` (``dag``) in the convention of :mod:`lineage.metrics`:
edges derived -> source with ``weight``, nodes with ``contributors``
``{artist_id: weight}`` and optional ``created_at``/``title``, and
``dag.graph["artists"] = {artist_id: {"handle": ..., "name": ...}}``):

``credit_split(dag, work_id, *, keep=0.5, amount=None, as_of=None) -> dict``
    ``{"work_id", "keep", "as_of", "works", "shares": [{"artist_id", "handle",
    "name", "share", "works", ["amount", "cents"]}], "unattributed",
    "unattributed_works", ["unattributed_amount", "unattributed_cents"],
    "total", "amount"}``; shares largest first. With ``amount`` (a number of at
    most two decimals; a float is rounded to cents) every part gets
    ``amount``/``cents``, rounded by the largest-remainder method so the
    parts, the unattributed one included, add up to the amount exactly.
``explain_credit(dag, work_id, artist_id, *, keep=0.5, as_of=None, limit=20) -> dict``
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
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from typing import Any, Hashable, Mapping, Sequence

import networkx as nx

from lineage import asof
from lineage.errors import InvalidParameter, LineageCycle, WorkNotFound

DEFAULT_KEEP = 0.5
EXPLAIN_LIMIT = 20
# Partial chains the explanation may examine before it stops (and says so).
_EXPLAIN_STEPS = 200_000

__all__ = [
    "credit_split",
    "explain_credit",
    "split_credit",
    "credit_chains",
    "largest_remainder",
    "work_split",
    "Policy",
    "make_policy",
    "exact_number",
    "parse_amount",
    "check_keep",
    "lineage_from_rows",
    "DEFAULT_KEEP",
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
    return float(_unit_fraction(keep, "keep"))


def _unit_fraction(value: Any, name: str, *, low_open: bool = False) -> Fraction:
    """A number from 0 to 1 (above 0 with ``low_open``) as the exact fraction of the decimal written."""
    if isinstance(value, Fraction):
        exact = value
    elif isinstance(value, bool) or not isinstance(value, (int, float, Decimal)) or (
            isinstance(value, float) and not math.isfinite(value)):
        exact = None
    else:
        exact = exact_number(value)
    if exact is None or not (0 < exact if low_open else 0 <= exact) or exact > 1:
        bound = "above 0 and at most 1" if low_open else "from 0 to 1"
        raise InvalidParameter(f"{name} must be a number {bound} (got {value!r})")
    return exact


def exact_number(value: Any) -> Fraction:
    """The exact fraction of a number as it is written: ``0.1`` is 1/10, not the binary float nearest it.

    Weights, ``keep`` and credit-map fractions come from text (a CSV, a command
    line) through floats; their shortest decimal spelling is what was meant.

    >>> exact_number(0.1), exact_number(2), exact_number(1.5), exact_number(Fraction(1, 3))
    (Fraction(1, 10), Fraction(2, 1), Fraction(3, 2), Fraction(1, 3))
    """
    if isinstance(value, (Fraction, int)) and not isinstance(value, bool):
        return Fraction(value)
    if isinstance(value, float):
        return Fraction(repr(value))
    return Fraction(str(value))


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


def largest_remainder(shares: Sequence[Any], total: int) -> list[int]:
    """Whole parts of ``total`` proportional to ``shares`` that add up to it exactly.

    Each part gets the floor of its quota; the units left over go to the
    largest remainders, ties to the earlier share. Exact rational arithmetic:
    give exact shares (Fractions) where two of them may be equal or have
    equal remainders, since floats computed along different routes differ in
    the last bit and would break the tie by that noise.

    >>> largest_remainder([Fraction(1, 3)] * 3, 100)
    [34, 33, 33]
    >>> largest_remainder([0.5, 0.3, 0.2], 7)
    [4, 2, 1]
    >>> largest_remainder([Fraction(1, 6), Fraction(1, 60), Fraction(49, 60)], 10)  # remainders 2/3, 1/6, 1/6
    [2, 0, 8]
    >>> largest_remainder([], 100), largest_remainder([0.0], 100)
    ([], [0])
    """
    ratios = [Fraction(s) for s in shares]  # a float converts exactly (its binary value)
    if not ratios:
        return []
    if any(r < 0 for r in ratios):
        raise InvalidParameter("shares must not be negative")
    denominator = math.lcm(*(r.denominator for r in ratios))
    numerators = [r.numerator * (denominator // r.denominator) for r in ratios]
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
# Credit policies
# ---------------------------------------------------------------------------
@dataclass(frozen=True)
class Policy:
    """How a work's credit is shared between its contributors and its sources (docs/credit.md).

    ``keep``
        the fraction a work with contributors and sources keeps for its
        contributors (a work's own ``keep`` node attribute overrides it);
    ``decay``
        per generation: a work ``g`` remix steps back from the production
        passes ``(1 - keep) * decay**g`` to its sources and keeps the rest
        (1, the default, is no decay);
    ``cap``
        at most this fraction of the production's credit flows upstream; the
        excess stays with the production's contributors (``None``: no cap);
    ``maps``
        use the credit maps works state (Katz and Smith's transitive credit):
        a work with a map gives each contributor and each source the fraction
        the map names, and what it names for nobody stays unattributed.

    All fractions are exact (:class:`fractions.Fraction`).
    """

    keep: Fraction = Fraction(1, 2)
    decay: Fraction = Fraction(1)
    cap: Fraction | None = None
    maps: bool = False

    def describe(self) -> dict:
        """The policy as plain values (the API and the statements show it)."""
        return {"keep": float(self.keep), "decay": float(self.decay),
                "cap": None if self.cap is None else float(self.cap), "maps": self.maps,
                "name": self.name}

    @property
    def name(self) -> str:
        parts = [f"keep {float(self.keep):g}"]
        if self.decay != 1:
            parts.append(f"decay {float(self.decay):g}")
        if self.cap is not None:
            parts.append(f"cap {float(self.cap):g}")
        if self.maps:
            parts.append("credit maps")
        return ", ".join(parts)


def make_policy(keep: Any = DEFAULT_KEEP, *, decay: Any = None, cap: Any = None, maps: bool = False) -> Policy:
    """A validated :class:`Policy`; numbers are taken as the decimals written (0.3 is 3/10).

    >>> make_policy(0.3, decay=0.5).keep, make_policy(cap=0.25).cap
    (Fraction(3, 10), Fraction(1, 4))
    >>> make_policy(decay=0)
    Traceback (most recent call last):
    ...
    lineage.errors.InvalidParameter: decay must be a number above 0 and at most 1 (got 0)
    """
    if isinstance(keep, Policy):
        return keep
    return Policy(keep=_unit_fraction(keep, "keep"),
                  decay=Fraction(1) if decay is None else _unit_fraction(decay, "decay", low_open=True),
                  cap=None if cap is None else _unit_fraction(cap, "cap"),
                  maps=bool(maps))


def _policy(keep: Any, policy: Policy | None) -> Policy:
    return policy if policy is not None else make_policy(keep)


# ---------------------------------------------------------------------------
# The rule, over a DiGraph, in exact fractions
# ---------------------------------------------------------------------------
def _proportions(weights: Mapping[Hashable, Fraction]) -> list[tuple[Hashable, Fraction]]:
    """Each key's share of the total weight; equal shares where the weights sum to 0."""
    total = sum(weights.values(), Fraction(0))
    if total > 0:
        return [(k, w / total) for k, w in weights.items()]
    return [(k, Fraction(1, len(weights))) for k in weights]


def _contributors(dag: nx.DiGraph, work: Hashable) -> dict:
    return {a: (Fraction(1) if w is None else exact_number(w))
            for a, w in (dag.nodes[work].get("contributors") or {}).items()}


def _sources(dag: nx.DiGraph, work: Hashable) -> dict:
    return {s: (Fraction(1) if w is None else exact_number(w)) for s, w in
            ((s, data.get("weight")) for s, data in dag.adj[work].items())}


def _withhold(artists: list, sources: list, amount: Fraction, weights: dict) -> tuple[list, list]:
    """Move ``amount`` of what ``sources`` get back to the contributors (a cap or a decay)."""
    passed = sum((f for _, f in sources), Fraction(0))
    if amount <= 0 or passed == 0:
        return artists, sources
    scale = (passed - amount) / passed
    sources = [(s, f * scale) for s, f in sources]
    kept = sum((f for _, f in artists), Fraction(0))
    extra = dict(_proportions({a: f for a, f in artists}) if kept > 0 else _proportions(weights))
    return [(a, f + amount * extra[a]) for a, f in artists], sources


def work_split(dag: nx.DiGraph, work: Hashable, policy: Policy, *, generation: int = 0,
               is_production: bool = False) -> tuple[list, list, Fraction]:
    """How ``work`` shares what reaches it: ``([(artist, fraction)], [(source, fraction)], unattributed)``.

    The fractions add up to 1. ``generation`` is the number of remix steps
    back from the production (the decay), ``is_production`` marks the
    production itself (the cap).

    >>> g = nx.DiGraph([("remix", "song")])
    >>> g.nodes["remix"]["contributors"] = {"ann": 1}
    >>> work_split(g, "remix", make_policy(0.25))
    ([('ann', Fraction(1, 4))], [('song', Fraction(3, 4))], Fraction(0, 1))
    """
    node = dag.nodes[work]
    weights = _contributors(dag, work)
    source_weights = _sources(dag, work)
    credit_map = node.get("credit_map") if policy.maps else None
    if credit_map:
        stated_artists = {a: exact_number(f) for a, f in (credit_map.get("artists") or {}).items()}
        stated_sources = {s: exact_number(f) for s, f in (credit_map.get("sources") or {}).items()}
        given = sum(stated_artists.values(), Fraction(0)) + sum(stated_sources.values(), Fraction(0))
        if given > 1 or any(f < 0 for f in (*stated_artists.values(), *stated_sources.values())):
            raise InvalidParameter(f"the credit map of work {work!r} gives more than all of its credit "
                                   f"({float(given):g}) or a negative fraction")
        artists = [(a, stated_artists.get(a, Fraction(0))) for a in weights]
        artists += [(a, f) for a, f in stated_artists.items() if a not in weights]
        # A source the lineage no longer has (left out as of a day) does not get its part: nobody does.
        sources = [(s, stated_sources.get(s, Fraction(0))) for s in source_weights]
        weights = weights or {a: Fraction(1) for a, _ in artists}
    else:
        keep = exact_number(node["keep"]) if node.get("keep") is not None else policy.keep
        if weights and source_weights:
            kept, passed = keep, 1 - keep
        elif weights:
            kept, passed = Fraction(1), Fraction(0)
        elif source_weights:
            kept, passed = Fraction(0), Fraction(1)
        else:
            return [], [], Fraction(1)  # an origin with no contributors: unattributed
        artists = [(a, kept * p) for a, p in _proportions(weights)] if weights else []
        sources = [(s, passed * p) for s, p in _proportions(source_weights)] if passed else []
    if weights and sources:
        passed = sum((f for _, f in sources), Fraction(0))
        if policy.decay != 1 and generation > 0:
            artists, sources = _withhold(artists, sources, passed * (1 - policy.decay ** generation), weights)
            passed = sum((f for _, f in sources), Fraction(0))
        if is_production and policy.cap is not None and passed > policy.cap:
            artists, sources = _withhold(artists, sources, passed - policy.cap, weights)
    unattributed = 1 - sum((f for _, f in artists), Fraction(0)) - sum((f for _, f in sources), Fraction(0))
    return artists, sources, unattributed


def _lineage(dag: nx.DiGraph, work_id: Hashable, as_of: str | None) -> tuple[nx.DiGraph, list]:
    """The work and its ancestors (as of a day), and a topological order of them; raises LineageCycle."""
    if work_id not in dag:
        raise WorkNotFound(work_id)
    if as_of is not None:
        asof.require_existed(work_id, dag.nodes[work_id].get("created_at"), as_of)
        dag = asof.graph_as_of(dag, as_of)
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
                 as_of: str | None = None, policy: Policy | None = None, track: Hashable | None = None) -> dict:
    """The credit of ``work_id`` split by the rule: exact shares per artist and what stays unattributed.

    Returns ``{"shares": {artist: Fraction}, "works_of": {artist: [works]},
    "unattributed": Fraction, "unattributed_works": {work: Fraction}, "works": n}``,
    and with ``track`` (an artist) ``"earned_at": {work: Fraction}``, what that
    artist earned at each of their works. ``policy`` (a :class:`Policy`) overrides ``keep``.

    >>> g = nx.DiGraph([("remix", "orig")])
    >>> g.nodes["remix"]["contributors"] = {"ann": 1.0}
    >>> r = split_credit(g, "remix", keep=0.75)
    >>> r["shares"], r["unattributed"], r["unattributed_works"]
    ({'ann': Fraction(3, 4)}, Fraction(1, 4), {'orig': Fraction(1, 4)})
    """
    policy = _policy(keep, policy)
    sub, order = _lineage(dag, work_id, as_of)
    # Mass per (work, generation); without a decay the generation plays no part and is always 0.
    by_generation = policy.decay != 1
    mass: dict[Hashable, dict[int, Fraction]] = defaultdict(dict)
    mass[work_id][0] = Fraction(1)
    shares: dict[Hashable, Fraction] = defaultdict(Fraction)
    works_of: dict[Hashable, list] = defaultdict(list)
    unattributed: dict[Hashable, Fraction] = {}
    earned_at: dict[Hashable, Fraction] = {}
    for work in order:  # a derived work before its sources
        for artist in sub.nodes[work].get("contributors") or ():
            works_of[artist].append(work)
        for generation, arrived in sorted(mass.pop(work, {}).items()):
            if not arrived:
                continue
            artists, sources, lost = work_split(sub, work, policy, generation=generation,
                                                is_production=work == work_id)
            for artist, part in artists:
                if part:
                    shares[artist] += arrived * part
                    if artist == track:
                        earned_at[work] = earned_at.get(work, Fraction(0)) + arrived * part
            if lost:
                unattributed[work] = unattributed.get(work, Fraction(0)) + arrived * lost
            step = generation + 1 if by_generation else 0
            for source, part in sources:
                if part:
                    here = mass[source]
                    here[step] = here.get(step, Fraction(0)) + arrived * part
    answer = {
        "shares": dict(shares),
        "works_of": dict(works_of),
        "unattributed": sum(unattributed.values(), Fraction(0)),
        "unattributed_works": unattributed,
        "works": sub.number_of_nodes(),
    }
    if track is not None:
        answer["earned_at"] = earned_at
    return answer


def _rounded(x: float) -> float:
    return float(f"{x:.12g}")


def credit_chains(dag: nx.DiGraph, work_id: Hashable, artist_id: Hashable, *, keep: float = DEFAULT_KEEP,
                  as_of: str | None = None, limit: int = EXPLAIN_LIMIT, policy: Policy | None = None) -> dict:
    """The derivation chains through which ``artist_id`` earns credit from ``work_id``, largest first.

    A chain runs from the work back along REMIXES to a work the artist
    contributed to; its share is what the rule sends along it. The shares of
    all chains add up to the artist's share. Chains are found best-first
    (a chain's share only shrinks as it grows), so the first ``limit`` are the
    largest without listing the others (an A* search whose estimate, the best
    completion of a partial chain, never underestimates; without a decay it
    is exact); ``chains_total`` counts them all (by dynamic programming).
    Each chain's ``share`` is a float, ``fraction`` the exact value.

    >>> g = nx.DiGraph([("top", "left"), ("top", "right"), ("left", "base"), ("right", "base")])
    >>> g.nodes["base"]["contributors"] = {"ann": 1.0}
    >>> c = credit_chains(g, "top", "ann")
    >>> [(x["works"], x["share"]) for x in c["chains"]]
    [(['top', 'left', 'base'], 0.5), (['top', 'right', 'base'], 0.5)]
    """
    policy = _policy(keep, policy)
    if isinstance(limit, bool) or not isinstance(limit, int) or limit < 1:
        raise InvalidParameter(f"limit must be a whole number of at least 1 (got {limit!r})")
    sub, order = _lineage(dag, work_id, as_of)
    decays = policy.decay != 1

    def split_at(work, generation):
        artists, sources, _ = work_split(sub, work, policy, generation=generation if decays else 0,
                                         is_production=work == work_id)
        return dict(artists).get(artist_id, Fraction(0)), [(s, f) for s, f in sources if f > 0]

    # Works from which a work the artist contributed to can still be reached.
    targets = {w for w in sub if artist_id in (sub.nodes[w].get("contributors") or {})
               or (policy.maps and artist_id in ((sub.nodes[w].get("credit_map") or {}).get("artists") or {}))}
    useful = set(targets)
    for t in targets:
        useful |= nx.ancestors(sub, t)
    # An upper bound of the best completion from each work: exact without a decay; with one the
    # first generation passes the most and a later one may keep all, so bound by those.
    best: dict[Hashable, float] = {}
    for work in reversed([w for w in order if w in useful]):
        generation = 0 if work == work_id else 1
        own, steps = split_at(work, generation)
        if decays and work in targets and steps:
            own = Fraction(1)
        best[work] = max([float(own), *(float(f) * best[s] for s, f in steps if s in useful)])

    # Best-first over partial chains, ordered by the share of their best completion: chains
    # come out largest first. Equal shares (to 12 digits) go deepest-first, so a lineage of
    # many equal chains is walked chain by chain rather than level by level.
    chains, examined, truncated_search = [], 0, False
    tie = itertools.count()
    heap: list = []

    def push(share_so_far: Fraction, completion: float, is_chain: bool, path: tuple) -> None:
        heapq.heappush(heap, (-_rounded(float(share_so_far) * completion), 0 if is_chain else 1, -next(tie),
                              share_so_far, is_chain, path))

    if work_id in useful and best.get(work_id, 0.0) > 0:
        push(Fraction(1), best[work_id], False, (work_id,))
    while heap and len(chains) < limit:
        _, _, _, share_so_far, is_chain, path = heapq.heappop(heap)
        if is_chain:
            chains.append({"works": list(path), "share": float(share_so_far), "fraction": share_so_far})
            continue
        examined += 1
        if examined > _EXPLAIN_STEPS:
            truncated_search = True
            break
        own, steps = split_at(path[-1], len(path) - 1)
        if own > 0:
            push(share_so_far * own, 1.0, True, path)
        for source, factor in reversed(steps):  # pushed last, popped first among equals
            if source in useful and best[source] > 0:
                push(share_so_far * factor, best[source], False, path + (source,))
    total = _count_chains(sub, order, work_id, useful, split_at, decays)
    shown = sum((c["fraction"] for c in chains), Fraction(0))
    return {
        "chains": chains,
        "chains_total": total,
        "shown_share": float(shown),
        "truncated": len(chains) < total,
        "search_stopped": truncated_search,
    }


def _count_chains(sub, order, work_id, useful, split_at, decays) -> int:
    """The number of chains with a share above 0, by dynamic programming over (work, generation)."""
    if work_id not in useful:
        return 0
    generations: dict[Hashable, set] = defaultdict(set)
    generations[work_id].add(0)
    for work in order:  # the generations each work is reached at (one, 0, without a decay)
        for generation in generations.get(work, ()):
            for source, _ in split_at(work, generation)[1]:
                if source in useful:
                    generations[source].add(generation + 1 if decays else 0)
    count: dict[tuple, int] = {}
    for work in reversed(order):
        for generation in generations.get(work, ()):
            own, steps = split_at(work, generation)
            nxt = generation + 1 if decays else 0
            count[work, generation] = (1 if own > 0 else 0) + sum(
                count.get((s, nxt), 0) for s, _ in steps if s in useful)
    return count[work_id, 0]


# ---------------------------------------------------------------------------
# From rows read from Neo4j (lineage.api.credit_lineage reads them)
# ---------------------------------------------------------------------------
def lineage_from_rows(rows: Sequence[Mapping], dag: nx.DiGraph | None = None) -> nx.DiGraph:
    """A lineage DiGraph from rows shaped like ``queries/credit_lineage.cypher``'s (added to ``dag``).

    A ``credit_share`` on a CONTRIBUTED or REMIXES relationship (an extra
    column of the dataset) becomes the work's credit map.
    """
    dag = nx.DiGraph() if dag is None else dag
    artists: dict[str, dict] = dag.graph.setdefault("artists", {})
    for row in rows:
        if row["id"] in dag and "contributors" in dag.nodes[row["id"]]:
            continue
        contributors: dict[str, Fraction] = defaultdict(Fraction)
        credit_map: dict[str, dict] = {"artists": {}, "sources": {}}
        for c in row["contributors"]:
            contributors[c["artist_id"]] += Fraction(1) if c["weight"] is None else exact_number(c["weight"])
            artists.setdefault(c["artist_id"], {"handle": c["handle"], "name": c["name"]})
            if c.get("credit_share") is not None:
                mapped = credit_map["artists"]
                mapped[c["artist_id"]] = mapped.get(c["artist_id"], 0) + exact_number(c["credit_share"])
        for s in row["sources"]:
            if s.get("credit_share") is not None:
                credit_map["sources"][s["id"]] = exact_number(s["credit_share"])
        attrs = {"title": row["title"], "created_at": row["created_at"], "contributors": dict(contributors)}
        for key in ("status", "amount"):
            if row.get(key) is not None:
                attrs[key] = row[key]
        if credit_map["artists"] or credit_map["sources"]:
            attrs["credit_map"] = credit_map
        dag.add_node(row["id"], **attrs)
    for row in rows:
        for s in row["sources"]:
            dag.add_edge(row["id"], s["id"], weight=s["weight"])
    return dag


def listed_shares(result: dict) -> list[tuple[Hashable, Fraction]]:
    """The artists' exact shares in the order every split lists them: largest first, equal shares by artist id.

    This order is the cents rule's tie order (docs/credit.md); the unattributed part comes after them.
    """
    return sorted(result["shares"].items(), key=lambda kv: (-kv[1], str(kv[0])))


def payout(result: dict, cents: int) -> tuple[list[int], int]:
    """Whole cents for each artist of :func:`listed_shares` and for the unattributed part, adding up to ``cents``.

    Largest remainder over the exact shares, ties to the part listed first.
    """
    listed = listed_shares(result)
    parts = largest_remainder([share for _, share in listed] + [result["unattributed"]], cents)
    return parts[:-1], parts[-1]


def fraction_text(value: Fraction) -> str:
    """A fraction as ``"11/24"`` (``"1"``, ``"0"`` for whole numbers)."""
    return str(Fraction(value))


def credit_split(dag: nx.DiGraph, work_id: Hashable, *, keep: float = DEFAULT_KEEP, amount: Any = None,
                 as_of: str | None = None, policy: Policy | None = None) -> dict:
    """The credit split of ``work_id`` as a plain dict (see the module docstring).

    ``dag`` holds the lineage (at least the work and its ancestors: for one
    stored in Neo4j, :func:`lineage.api.credit_lineage`); ``policy`` (a
    :class:`Policy`) overrides ``keep``. Each share also comes as the exact
    ``fraction`` (text such as ``"11/24"``).
    """
    policy = _policy(keep, policy)
    cents = None if amount is None else parse_amount(amount)
    result = split_credit(dag, work_id, as_of=as_of, policy=policy)
    people = dag.graph.get("artists") or {}
    listed = listed_shares(result)
    shares = [
        {"artist_id": a, "handle": (people.get(a) or {}).get("handle"), "name": (people.get(a) or {}).get("name"),
         "share": float(share), "fraction": fraction_text(share), "works": len(result["works_of"].get(a, ()))}
        for a, share in listed
    ]
    total = sum((share for _, share in listed), result["unattributed"])
    answer = {
        "work_id": work_id,
        "keep": float(policy.keep),
        "policy": policy.describe(),
        "as_of": as_of,
        "works": result["works"],
        "shares": shares,
        "unattributed": float(result["unattributed"]),
        "unattributed_fraction": fraction_text(result["unattributed"]),
        "unattributed_works": sorted(result["unattributed_works"], key=str),
        "total": float(total),
        "amount": None,
    }
    if cents is not None:
        parts, lost = payout(result, cents)
        for entry, part in zip(shares, parts):
            entry["cents"] = part
            entry["amount"] = part / 100
        answer["unattributed_cents"] = lost
        answer["unattributed_amount"] = lost / 100
        answer["amount"] = cents / 100
        answer["cents"] = cents
    return answer


def explain_credit(dag: nx.DiGraph, work_id: Hashable, artist_id: Hashable, *, keep: float = DEFAULT_KEEP,
                   as_of: str | None = None, limit: int = EXPLAIN_LIMIT, policy: Policy | None = None) -> dict:
    """The chains through which ``artist_id`` earned their share of ``work_id`` (module docstring).

    An artist who is not in the lineage has share 0 and no chains (their handle
    and name come from ``dag.graph["artists"]`` when it names them).
    """
    policy = _policy(keep, policy)
    people = dag.graph.get("artists") or {}
    result = split_credit(dag, work_id, as_of=as_of, policy=policy)
    chains = credit_chains(dag, work_id, artist_id, as_of=as_of, limit=limit, policy=policy)
    for chain in chains["chains"]:
        chain["fraction"] = fraction_text(chain["fraction"])
    person = people.get(artist_id) or {}
    share = result["shares"].get(artist_id, Fraction(0))
    return {
        "work_id": work_id,
        "artist_id": artist_id,
        "handle": person.get("handle"),
        "name": person.get("name"),
        "keep": float(policy.keep),
        "policy": policy.describe(),
        "as_of": as_of,
        "share": float(share),
        "fraction": fraction_text(share),
        "works": result["works_of"].get(artist_id, []),
        **chains,
    }

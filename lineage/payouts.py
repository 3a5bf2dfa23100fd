"""Productions and payouts: statements, planned productions and what-ifs (docs/credit.md, "Payouts").

Pure functions over a lineage :class:`networkx.DiGraph` in the convention of
:mod:`lineage.credit` (edges derived -> source with ``weight``, nodes with
``contributors``, ``title``, ``created_at``, ``status``, ``amount``;
``graph.graph["artists"]``). :mod:`lineage.payouts_db` reads such a graph
from Neo4j. Nothing here writes anything.

A **production** is a work with status ``production`` or an ``amount`` (the
money it pays out, at most two decimals). Its payout statement is its credit
split (:func:`lineage.credit.split_credit`, any :class:`~lineage.credit.Policy`)
with the amount in whole cents (largest remainder over the exact shares) and,
per artist, the chains that earned the share.

``production_statement(dag, work_id, ...)``
    ``{"work_id", "title", "created_at", "policy", "as_of", "amount", "cents",
    "works", "artists": [{"artist_id", "handle", "name", "label", "fraction",
    "share", "cents", "amount", "works", "chains", "chains_total"}],
    "unattributed": {"fraction", "share", "cents", "amount", "works"}}``.
``artist_statement(dag, artist_id, productions, ...)``
    every production crediting the artist, with their share, cents, chains;
    totals; a timeline; the artist's works by the credit they earned.
``plan_statement(dag, work_ids, ...)``
    the statement of a production that does not exist yet, drawing on
    ``work_ids`` (a root of no contributors, so all passes to them).
``what_if(dag, productions, changes, ...)``
    per affected production, each artist's payout before and after the changes.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, Hashable, Iterable, Sequence

import networkx as nx

from lineage.credit import (
    Policy,
    credit_chains,
    exact_number,
    fraction_text,
    listed_shares,
    make_policy,
    parse_amount,
    payout,
    split_credit,
)
from lineage import asof
from lineage.errors import InvalidParameter, WorkNotFound

# The id of a planned production's root: no work id can be it (ids are trimmed text, never starting with NUL).
PLAN_ID = "\x00planned production"
PLAN_TITLE = "planned production"
CHAIN_LIMIT = 5
PRODUCTION_STATUS = "production"

__all__ = [
    "production_statement", "artist_statement", "plan_statement", "what_if", "Change", "apply_changes",
    "statement_csv", "statement_prov", "artist_statement_csv", "is_production", "production_cents",
    "PLAN_ID", "CHAIN_LIMIT",
]


def is_production(attrs: dict) -> bool:
    """A work is a production when its status says so or it has an amount to pay out."""
    return attrs.get("status") == PRODUCTION_STATUS or attrs.get("amount") is not None


def production_cents(dag: nx.DiGraph, work_id: Hashable, amount: Any = None) -> int | None:
    """The cents a production pays out: ``amount`` if given, else its own ``amount``, else None (shares only)."""
    if amount is not None:
        return parse_amount(amount)
    own = dag.nodes[work_id].get("amount")
    if own is None:
        return None
    try:
        return parse_amount(own)
    except InvalidParameter:
        raise InvalidParameter(f"work {work_id!r} has an amount that is not money ({own!r})") from None


def _person(dag: nx.DiGraph, artist_id: Hashable) -> dict:
    person = (dag.graph.get("artists") or {}).get(artist_id) or {}
    handle, name = person.get("handle"), person.get("name")
    label = handle or str(artist_id)
    if name and name != label:
        label = f"{label} ({name})"
    return {"handle": handle, "name": name, "label": label}


def _money(cents: int | None) -> str | None:
    return None if cents is None else f"{cents // 100}.{cents % 100:02d}"


def _chain_entries(chains: dict) -> list[dict]:
    return [{"works": [w for w in c["works"]], "fraction": fraction_text(c["fraction"]), "share": c["share"]}
            for c in chains["chains"]]


def production_statement(dag: nx.DiGraph, work_id: Hashable, *, policy: Policy | None = None, amount: Any = None,
                         as_of: str | None = None, chain_limit: int = CHAIN_LIMIT, chains: bool = True) -> dict:
    """The payout statement of one production (module docstring); ``chains=False`` leaves the chains out."""
    policy = policy or make_policy()
    if work_id not in dag:
        raise WorkNotFound(work_id)
    cents = production_cents(dag, work_id, amount)
    result = split_credit(dag, work_id, policy=policy, as_of=as_of)
    listed = listed_shares(result)
    parts, lost = payout(result, cents) if cents is not None else ([None] * len(listed), None)
    artists = []
    for (artist, share), part in zip(listed, parts):
        entry = {"artist_id": artist, **_person(dag, artist), "fraction": fraction_text(share),
                 "share": float(share), "cents": part, "amount": _money(part),
                 "works": len(result["works_of"].get(artist, ()))}
        if chains:
            found = credit_chains(dag, work_id, artist, policy=policy, as_of=as_of, limit=chain_limit)
            entry["chains"] = _chain_entries(found)
            entry["chains_total"] = found["chains_total"]
        artists.append(entry)
    node = dag.nodes[work_id]
    return {
        "work_id": work_id,
        "title": node.get("title"),
        "created_at": node.get("created_at"),
        "status": node.get("status"),
        "policy": policy.describe(),
        "as_of": as_of,
        "amount": _money(cents),
        "cents": cents,
        "works": result["works"],
        "artists": artists,
        "unattributed": {"fraction": fraction_text(result["unattributed"]), "share": float(result["unattributed"]),
                         "cents": lost, "amount": _money(lost),
                         "works": sorted(result["unattributed_works"], key=str)},
    }


def artist_statement(dag: nx.DiGraph, artist_id: Hashable, productions: Iterable[Hashable], *,
                     policy: Policy | None = None, as_of: str | None = None,
                     chain_limit: int = CHAIN_LIMIT) -> dict:
    """What ``artist_id`` earned from ``productions`` (work ids in ``dag``): one entry per production crediting them.

    Returns ``{"artist_id", "handle", "name", "label", "policy", "as_of",
    "productions": [{"work_id", "title", "created_at", "fraction", "share",
    "cents", "amount", "production_cents", "chains", "chains_total"}],
    "total": {"productions", "fraction", "share", "cents", "amount"},
    "timeline": [{"date", "work_id", "cents", "cumulative_cents",
    "cumulative_share"}], "works": [{"work_id", "title", "fraction", "share"}]}``:
    productions by date, the artist's works by the credit they earned
    (summed over the productions). With ``as_of``, productions created after
    the day are left out and lineages are as they stood then.
    """
    policy = policy or make_policy()
    before = asof.before(as_of)
    entries, earned = [], {}
    for work_id in productions:
        node = dag.nodes[work_id]
        if not asof.existed(node.get("created_at"), before):
            continue
        result = split_credit(dag, work_id, policy=policy, as_of=as_of, track=artist_id)
        share = result["shares"].get(artist_id, Fraction(0))
        if share <= 0:
            continue
        for work, part in result["earned_at"].items():
            earned[work] = earned.get(work, Fraction(0)) + part
        cents = production_cents(dag, work_id)
        mine = None
        if cents is not None:
            parts, _ = payout(result, cents)
            mine = parts[[a for a, _ in listed_shares(result)].index(artist_id)]
        found = credit_chains(dag, work_id, artist_id, policy=policy, as_of=as_of, limit=chain_limit)
        entries.append({"work_id": work_id, "title": node.get("title"), "created_at": node.get("created_at"),
                        "status": node.get("status"), "fraction": fraction_text(share), "share": float(share),
                        "exact": share, "cents": mine, "amount": _money(mine), "production_cents": cents,
                        "production_amount": _money(cents), "chains": _chain_entries(found),
                        "chains_total": found["chains_total"]})
    entries.sort(key=lambda e: (e["created_at"] is None, e["created_at"] or "", str(e["work_id"])))
    total_share = sum((e.pop("exact") for e in entries), Fraction(0))
    total_cents = sum(e["cents"] or 0 for e in entries)
    timeline, running_cents, running_share = [], 0, Fraction(0)
    for e in entries:
        running_cents += e["cents"] or 0
        running_share += Fraction(e["fraction"])
        timeline.append({"date": e["created_at"], "work_id": e["work_id"], "cents": e["cents"],
                         "cumulative_cents": running_cents, "cumulative_share": float(running_share)})
    works = [{"work_id": w, "title": dag.nodes[w].get("title"), "fraction": fraction_text(f), "share": float(f)}
             for w, f in sorted(earned.items(), key=lambda kv: (-kv[1], str(kv[0])))]
    return {"artist_id": artist_id, **_person(dag, artist_id), "policy": policy.describe(), "as_of": as_of,
            "productions": entries,
            "total": {"productions": len(entries), "fraction": fraction_text(total_share),
                      "share": float(total_share), "cents": total_cents, "amount": _money(total_cents)},
            "timeline": timeline, "works": works}


def plan_dag(dag: nx.DiGraph, work_ids: Sequence[Hashable], weights: dict | None = None) -> nx.DiGraph:
    """A copy of ``dag`` with a planned production drawing on ``work_ids`` (REMIXES weights from ``weights``)."""
    if not work_ids:
        raise InvalidParameter("a planned production needs at least one work to draw on")
    missing = [w for w in work_ids if w not in dag]
    if missing:
        raise WorkNotFound(missing[0])
    planned = dag.copy()
    planned.add_node(PLAN_ID, title=PLAN_TITLE, contributors={}, created_at=None)
    for work in dict.fromkeys(work_ids):
        planned.add_edge(PLAN_ID, work, weight=(weights or {}).get(work, 1))
    return planned


def plan_statement(dag: nx.DiGraph, work_ids: Sequence[Hashable], *, amount: Any = None,
                   weights: dict | None = None, policy: Policy | None = None,
                   chain_limit: int = CHAIN_LIMIT) -> dict:
    """The payout statement of a production drawing on ``work_ids``, before it exists (nothing is written).

    The planned production has no contributors of its own, so all its credit
    passes to the works it draws on, split by ``weights`` (1 each by default).
    """
    planned = plan_dag(dag, work_ids, weights)
    statement = production_statement(planned, PLAN_ID, policy=policy, amount=amount, chain_limit=chain_limit)
    statement["work_id"] = None
    statement["draws_on"] = [{"work_id": w, "title": dag.nodes[w].get("title"),
                              "weight": (weights or {}).get(w, 1)} for w in dict.fromkeys(work_ids)]
    for entry in statement["artists"]:
        for chain in entry.get("chains", ()):
            chain["works"] = [None if w == PLAN_ID else w for w in chain["works"]]
    return statement


# ---------------------------------------------------------------------------
# What if
# ---------------------------------------------------------------------------
CHANGE_KINDS = ("withdraw", "drop", "reweight", "keep")


@dataclass(frozen=True)
class Change:
    """One hypothetical change: ``withdraw`` a work, ``drop`` or ``reweight`` the link work -> source,
    or set the ``keep`` of a work (the share its own contributors keep)."""

    kind: str
    work: Hashable
    source: Hashable | None = None
    value: Fraction | None = None

    def describe(self) -> str:
        if self.kind == "withdraw":
            return f"withdraw {self.work}"
        if self.kind == "drop":
            return f"drop the link {self.work} -> {self.source}"
        if self.kind == "reweight":
            return f"reweight the link {self.work} -> {self.source} to {float(self.value):g}"
        return f"{self.work} keeps {float(self.value):g}"

    def to_dict(self) -> dict:
        return {"kind": self.kind, "work_id": self.work, "source_id": self.source,
                "value": None if self.value is None else float(self.value), "text": self.describe()}

    @property
    def touches(self) -> Hashable:
        """The work whose lineage the change is in (the derived work of a link)."""
        return self.work


def make_change(kind: str, work: Hashable, source: Hashable | None = None, value: Any = None) -> Change:
    """A validated :class:`Change`."""
    if kind not in CHANGE_KINDS:
        raise InvalidParameter(f"a change is one of {', '.join(CHANGE_KINDS)} (got {kind!r})")
    if kind in ("drop", "reweight") and source is None:
        raise InvalidParameter(f"{kind} needs the derived work and its source")
    exact = None
    if kind in ("reweight", "keep"):
        try:
            exact = exact_number(value)
        except (ValueError, TypeError, ZeroDivisionError):
            exact = None
        if exact is None or exact < 0 or (kind == "keep" and exact > 1):
            bound = "from 0 to 1" if kind == "keep" else "of at least 0"
            raise InvalidParameter(f"{kind} needs a number {bound} (got {value!r})")
    return Change(kind, work, source, exact)


def apply_changes(dag: nx.DiGraph, changes: Sequence[Change]) -> nx.DiGraph:
    """A copy of ``dag`` with the changes made; a change naming a work or link that is not there is refused."""
    changed = dag.copy()
    for change in changes:
        if change.work not in changed:
            raise WorkNotFound(change.work)
        if change.kind in ("drop", "reweight") and not changed.has_edge(change.work, change.source):
            raise InvalidParameter(f"there is no remix link {change.work!r} -> {change.source!r}")
        if change.kind == "withdraw":
            changed.remove_node(change.work)
        elif change.kind == "drop":
            changed.remove_edge(change.work, change.source)
        elif change.kind == "reweight":
            changed.edges[change.work, change.source]["weight"] = change.value
            credit_map = changed.nodes[change.work].get("credit_map")
            if credit_map and change.source in (credit_map.get("sources") or {}):
                changed.nodes[change.work]["credit_map"] = {
                    **credit_map, "sources": {**credit_map["sources"], change.source: change.value}}
        else:
            changed.nodes[change.work]["keep"] = change.value
    return changed


def affected_productions(dag: nx.DiGraph, productions: Iterable[Hashable], changes: Sequence[Change]) -> list:
    """The productions whose lineage holds a changed work (or the derived work of a changed link)."""
    touched = {c.touches for c in changes if c.touches in dag}
    found = []
    for p in productions:
        if p in touched or any(t in touched for t in nx.descendants(dag, p)):
            found.append(p)
    return found


def what_if(dag: nx.DiGraph, productions: Iterable[Hashable], changes: Sequence[Change], *,
            policy: Policy | None = None, amount: Any = None, as_of: str | None = None) -> dict:
    """Each affected production's payout before and after ``changes``, per artist, and the difference.

    ``amount`` (if given) replaces every production's own amount. Returns
    ``{"changes": [...], "policy", "productions": [{"work_id", "title",
    "withdrawn", "cents", "amount", "artists": [{"artist_id", "handle", "name",
    "label", "before", "after", "difference" (fractions as text),
    "before_cents", "after_cents", "difference_cents"}], "unattributed": {...}}]}``;
    artists by the size of the change, largest first. Nothing is written.
    """
    policy = policy or make_policy()
    if not changes:
        raise InvalidParameter("a what-if needs at least one change")
    affected = affected_productions(dag, productions, changes)
    # Only the affected lineages matter: copy those, not the whole graph.
    keep = set(affected) | {w for c in changes for w in (c.touches, c.source) if w is not None and w in dag}
    for p in affected:
        keep |= nx.descendants(dag, p)
    dag = dag.subgraph(keep).copy()
    changed = apply_changes(dag, changes)
    answer = []
    for work_id in affected:
        cents = production_cents(dag, work_id, amount)
        before = split_credit(dag, work_id, policy=policy, as_of=as_of)
        withdrawn = work_id not in changed
        after = None if withdrawn else split_credit(changed, work_id, policy=policy, as_of=as_of)
        before_cents = _cents_by_artist(before, cents)
        after_cents = _cents_by_artist(after, cents) if after else {}
        artists = []
        everyone = set(before["shares"]) | set(after["shares"] if after else ())
        for artist in everyone:
            b = before["shares"].get(artist, Fraction(0))
            a = after["shares"].get(artist, Fraction(0)) if after else Fraction(0)
            bc, ac = before_cents.get(artist), after_cents.get(artist, 0 if cents is not None else None)
            artists.append({"artist_id": artist, **_person(dag, artist), "before": fraction_text(b),
                            "after": fraction_text(a), "difference": fraction_text(a - b),
                            "before_share": float(b), "after_share": float(a), "difference_share": float(a - b),
                            "before_cents": bc, "after_cents": ac,
                            "difference_cents": None if cents is None else (ac or 0) - (bc or 0)})
        artists.sort(key=lambda e: (-abs(Fraction(e["difference"])), str(e["artist_id"])))
        lost_b = before["unattributed"]
        lost_a = after["unattributed"] if after else Fraction(0)
        node = dag.nodes[work_id]
        answer.append({"work_id": work_id, "title": node.get("title"), "withdrawn": withdrawn,
                       "cents": cents, "amount": _money(cents), "artists": artists,
                       "changed_artists": sum(1 for e in artists if e["difference"] != "0"),
                       "unattributed": {"before": fraction_text(lost_b), "after": fraction_text(lost_a),
                                        "before_cents": before_cents.get(None),
                                        "after_cents": after_cents.get(None, 0 if cents is not None else None)}})
    return {"changes": [c.to_dict() for c in changes], "policy": policy.describe(), "as_of": as_of,
            "productions": answer}


def _cents_by_artist(result: dict, cents: int | None) -> dict:
    if cents is None:
        return {}
    parts, lost = payout(result, cents)
    found = {a: p for (a, _), p in zip(listed_shares(result), parts)}
    found[None] = lost
    return found


# ---------------------------------------------------------------------------
# Downloads
# ---------------------------------------------------------------------------
STATEMENT_CSV_COLUMNS = ("part", "artist_id", "handle", "name", "works", "fraction", "share", "amount",
                         "chains_total", "chains")


def _chain_text(chain: dict) -> str:
    names = [PLAN_TITLE if w is None else str(w) for w in chain["works"]]
    return " > ".join(names) + f" = {chain['fraction']}"


def statement_csv(statement: dict) -> str:
    """A production's payout statement as CSV: one row per artist and one for the unattributed part.

    ``fraction`` is exact, ``amount`` in the currency with two decimals (the
    parts add up to the production's amount), ``chains`` the largest chains,
    each ``work > source > ... = fraction``, separated by ``; ``.
    """
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=STATEMENT_CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for a in statement["artists"]:
        writer.writerow({"part": "artist", "artist_id": a["artist_id"], "handle": a["handle"] or "",
                         "name": a["name"] or "", "works": a["works"], "fraction": a["fraction"],
                         "share": repr(a["share"]), "amount": a["amount"] or "",
                         "chains_total": a.get("chains_total", ""),
                         "chains": "; ".join(_chain_text(c) for c in a.get("chains", ()))})
    u = statement["unattributed"]
    writer.writerow({"part": "unattributed", "artist_id": "", "handle": "", "name": "",
                     "works": len(u["works"]), "fraction": u["fraction"], "share": repr(u["share"]),
                     "amount": u["amount"] or "", "chains_total": "", "chains": "; ".join(map(str, u["works"][:50]))})
    return out.getvalue()


ARTIST_CSV_COLUMNS = ("work_id", "title", "created_at", "fraction", "share", "amount", "production_amount",
                      "chains_total", "chains")


def artist_statement_csv(statement: dict) -> str:
    """An artist's statement as CSV: one row per production crediting them."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=ARTIST_CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for p in statement["productions"]:
        writer.writerow({"work_id": p["work_id"], "title": p["title"] or "", "created_at": p["created_at"] or "",
                         "fraction": p["fraction"], "share": repr(p["share"]), "amount": p["amount"] or "",
                         "production_amount": p["production_amount"] or "", "chains_total": p["chains_total"],
                         "chains": "; ".join(_chain_text(c) for c in p["chains"])})
    return out.getvalue()


def statement_prov(statement: dict) -> dict:
    """A production's payout statement as a W3C PROV-JSON document (a dict).

    The production and every work on a chain are entities (``work:``), the
    artists agents (``artist:``), the statement an entity (``payout:``)
    derived from the production, and each artist's part an entity with its
    exact ``rle:fraction`` and ``rle:amount``, attributed to the artist,
    derived from the artist's works at the ends of their chains, and a member
    of the statement. Chains appear as ``wasDerivedFrom`` between works.
    """
    from lineage.export import RLE_NAMESPACE, _qname

    work_id = statement["work_id"]
    key = "planned" if work_id is None else str(work_id)
    production = _qname("payout", key)
    entities: dict[str, dict] = {}
    agents: dict[str, dict] = {}
    derivations: dict[str, dict] = {}
    attributions: dict[str, dict] = {}
    members: dict[str, dict] = {}
    links: set[tuple[str, str]] = set()

    def work_entity(w):
        name = _qname("work", "planned" if w is None else w)
        entities.setdefault(name, {"prov:type": {"$": "rle:Work", "type": "prov:QUALIFIED_NAME"},
                                   "rle:id": PLAN_TITLE if w is None else str(w)})
        return name

    head = work_entity(work_id)
    record = {"prov:type": {"$": "prov:Collection", "type": "prov:QUALIFIED_NAME"}, "rle:policy": statement["policy"]["name"],
              "rle:works": statement["works"]}
    if statement["title"] is not None:
        record["prov:label"] = f"payout statement of {statement['title']}"
    if statement["amount"] is not None:
        record["rle:amount"] = statement["amount"]
    entities[production] = record
    derivations["_:statement"] = {"prov:generatedEntity": production, "prov:usedEntity": head}
    for i, a in enumerate(statement["artists"], start=1):
        agent = _qname("artist", a["artist_id"])
        agents[agent] = {"prov:type": {"$": "prov:Person", "type": "prov:QUALIFIED_NAME"},
                         "rle:id": str(a["artist_id"]), "prov:label": a["label"]}
        part = _qname("payout", f"{key}/{a['artist_id']}")
        record = {"prov:type": {"$": "rle:Share", "type": "prov:QUALIFIED_NAME"}, "rle:fraction": a["fraction"],
                  "rle:share": a["share"], "rle:chains": a.get("chains_total", 0)}
        if a["amount"] is not None:
            record["rle:amount"] = a["amount"]
        entities[part] = record
        attributions[f"_:share{i}"] = {"prov:entity": part, "prov:agent": agent}
        members[f"_:member{i}"] = {"prov:collection": production, "prov:entity": part}
        ends = set()
        for chain in a.get("chains", ()):
            names = [work_entity(w) for w in chain["works"]]
            links.update(zip(names, names[1:]))
            ends.add(names[-1])
        for j, end in enumerate(sorted(ends), start=1):
            derivations[f"_:earned{i}_{j}"] = {"prov:generatedEntity": part, "prov:usedEntity": end}
    for i, (derived, source) in enumerate(sorted(links), start=1):
        derivations[f"_:remix{i}"] = {"prov:generatedEntity": derived, "prov:usedEntity": source}
    return {
        "prefix": {"work": "urn:remix-lineage:work:", "artist": "urn:remix-lineage:artist:",
                   "payout": "urn:remix-lineage:payout:", "rle": RLE_NAMESPACE},
        "entity": entities, "agent": agents, "wasDerivedFrom": derivations,
        "wasAttributedTo": attributions, "hadMember": members,
    }


def statement_prov_json(statement: dict) -> str:
    return json.dumps(statement_prov(statement), indent=2, ensure_ascii=False, sort_keys=True)

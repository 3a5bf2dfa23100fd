"""What :mod:`lineage.payouts` needs, read from Neo4j: the lineages, the productions, an artist's works.

Each function reads with the ``queries/credit_*.cypher`` / ``statement_*.cypher``
files, builds one lineage DiGraph (the union of the ancestries involved) and
hands it to the pure functions. Nothing is written.
"""

from __future__ import annotations

from typing import Any, Sequence

import networkx as nx

from lineage import payouts
from lineage.credit import Policy, lineage_from_rows, make_policy
from lineage.errors import ArtistNotFound, InvalidParameter, WorkNotFound
from lineage.limits import MAX_LINEAGE_WORKS, MAX_PRODUCTIONS
# The artist's works a statement ranks by how far they travelled.
WORKS_SHOWN = 50


def load_lineages(graph, work_ids: Sequence[str], *, cap: int = MAX_LINEAGE_WORKS) -> nx.DiGraph:
    """The union of the ancestries of ``work_ids`` as one DiGraph; WorkNotFound for an id that is not there."""
    ids = list(dict.fromkeys(work_ids))
    if not ids:
        return nx.DiGraph(artists={})
    rows = graph.read("credit_lineages", work_ids=ids, limit=cap + 1)
    if len(rows) > cap:
        raise InvalidParameter(f"the lineages involved hold more than {cap:,} works: too large to split at once")
    dag = lineage_from_rows(rows)
    for work_id in ids:
        if work_id not in dag:
            raise WorkNotFound(work_id)
    return dag


def _ids(rows: list[dict], what: str) -> list[str]:
    if len(rows) > MAX_PRODUCTIONS:
        raise InvalidParameter(f"more than {MAX_PRODUCTIONS:,} productions {what}: too many for one statement")
    return [r["id"] for r in rows]


def productions(graph, *, limit: int = MAX_PRODUCTIONS) -> list[dict]:
    """Every production (newest first): ``[{"id", "title", "created_at", "amount", "status"}]``."""
    return graph.read("credit_productions", limit=limit)


def production_statement(graph, work_id: str, *, policy: Policy | None = None, amount: Any = None,
                         as_of: str | None = None, chain_limit: int = payouts.CHAIN_LIMIT) -> dict:
    """The payout statement of ``work_id`` (any work: one that is not a production needs ``amount`` for money)."""
    dag = load_lineages(graph, [work_id])
    return payouts.production_statement(dag, work_id, policy=policy, amount=amount, as_of=as_of,
                                        chain_limit=chain_limit)


def artist_statement(graph, artist_id: str, *, policy: Policy | None = None, as_of: str | None = None,
                     chain_limit: int = payouts.CHAIN_LIMIT, works_shown: int = WORKS_SHOWN) -> dict:
    """The artist's statement (:func:`lineage.payouts.artist_statement`) over every production crediting them,
    with ``travelled``: the artist's works by the number of works derived from them."""
    person = graph.read_one("credit_artist", artist_id=artist_id)
    if person is None:
        raise ArtistNotFound(artist_id)
    ids = _ids(graph.read("statement_productions", artist_id=artist_id, limit=MAX_PRODUCTIONS + 1),
               "credit this artist")
    dag = load_lineages(graph, ids)
    dag.graph["artists"].setdefault(artist_id, {"handle": person["handle"], "name": person["name"]})
    statement = payouts.artist_statement(dag, artist_id, ids, policy=policy, as_of=as_of, chain_limit=chain_limit)
    earned = {w["work_id"]: w for w in statement["works"]}
    travelled = graph.read("statement_artist_works", artist_id=artist_id, limit=works_shown)
    statement["travelled"] = [{"work_id": r["id"], "title": r["title"], "created_at": r["created_at"],
                               "descendants": r["descendants"],
                               "fraction": (earned.get(r["id"]) or {}).get("fraction", "0"),
                               "share": (earned.get(r["id"]) or {}).get("share", 0.0)} for r in travelled]
    return statement


def plan_statement(graph, work_ids: Sequence[str], *, amount: Any = None, weights: dict | None = None,
                   policy: Policy | None = None, chain_limit: int = payouts.CHAIN_LIMIT) -> dict:
    """A planned production's statement (:func:`lineage.payouts.plan_statement`); nothing is written."""
    if not work_ids:
        raise InvalidParameter("a planned production needs at least one work to draw on")
    dag = load_lineages(graph, work_ids)
    return payouts.plan_statement(dag, list(work_ids), amount=amount, weights=weights, policy=policy,
                                  chain_limit=chain_limit)


def what_if(graph, changes: Sequence[payouts.Change], *, policy: Policy | None = None, amount: Any = None,
            as_of: str | None = None) -> dict:
    """Before and after ``changes`` for every production whose lineage they touch (nothing is written)."""
    if not changes:
        raise InvalidParameter("a what-if needs at least one change")
    touched = sorted({str(c.touches) for c in changes})
    ids = _ids(graph.read("credit_affected", work_ids=touched, limit=MAX_PRODUCTIONS + 1), "are affected")
    dag = load_lineages(graph, ids + touched)
    return payouts.what_if(dag, ids, changes, policy=policy or make_policy(), amount=amount, as_of=as_of)

"""Small lineage graphs written straight into Neo4j with Cypher, for the lineage tests.

Independent of the loader on purpose: the lineage tests check the lineage
queries, not the loading. A graph is described as a networkx DiGraph (edges
from the derived work to its source, node attribute ``created_at``), plus
optional artists and contributions.
"""

from __future__ import annotations

from typing import Iterable

import networkx as nx
from hypothesis import strategies as st

from lineage.db import Graph

WRITE_WORKS = """
UNWIND $rows AS row
MERGE (w:Work {id: row.id})
SET w += row.props
"""
WRITE_REMIXES = """
UNWIND $rows AS row
MATCH (w:Work {id: row.derived}), (s:Work {id: row.source})
MERGE (w)-[r:REMIXES]->(s)
SET r.kind = row.kind, r.weight = row.weight, r.temporal_anomaly = row.temporal_anomaly
"""
WRITE_ARTISTS = """
UNWIND $rows AS row
MERGE (a:Artist {id: row.id})
SET a += row.props
"""
WRITE_CONTRIBUTIONS = """
UNWIND $rows AS row
MATCH (a:Artist {id: row.artist}), (w:Work {id: row.work})
MERGE (a)-[c:CONTRIBUTED {role: row.role}]->(w)
SET c.weight = row.weight
"""


def write_lineage(graph: Graph, G: nx.DiGraph, artists: Iterable[dict] = (),
                  contributions: Iterable[tuple] = ()) -> None:
    """Write ``G`` (and artists, and ``(artist, work, role, weight)`` contributions)."""
    works = []
    for node, data in G.nodes(data=True):
        props = {"title": f"Work {node}", "medium": "music", "status": "published"}
        props.update({k: v for k, v in data.items() if v is not None})
        works.append({"id": node, "props": props})
    remixes = [
        {"derived": u, "source": v, "kind": data.get("kind", "remix"), "weight": data.get("weight", 1.0),
         "temporal_anomaly": data.get("temporal_anomaly", False)}
        for u, v, data in G.edges(data=True)
    ]
    artist_rows = [{"id": a["id"], "props": {k: v for k, v in a.items() if k != "id"}} for a in artists]
    contribution_rows = [{"artist": a, "work": w, "role": r, "weight": x} for a, w, r, x in contributions]

    def work(tx):
        for text, rows in ((WRITE_WORKS, works), (WRITE_REMIXES, remixes),
                           (WRITE_ARTISTS, artist_rows), (WRITE_CONTRIBUTIONS, contribution_rows)):
            if rows:
                tx.run(text, rows=rows).consume()

    graph.write(work)


DAYS = ["2020-01-01", "2020-01-02", "2020-01-03T12:00:00+02:00", "2020-01-05", "2020-02-01"]


@st.composite
def random_dags(draw, max_works: int = 14) -> nx.DiGraph:
    """Random remix DAGs: work i may remix any earlier work, dates drawn freely.

    Ids are ``w0, w1, ... w13`` so that string order (``w10`` < ``w2``) differs
    from creation order, as in real data; some works are undated.
    """
    n = draw(st.integers(min_value=1, max_value=max_works))
    G = nx.DiGraph()
    for i in range(n):
        G.add_node(f"w{i}", created_at=draw(st.sampled_from([None, *DAYS])))
    for i in range(1, n):
        sources = draw(st.sets(st.integers(min_value=0, max_value=i - 1), max_size=3))
        for j in sources:
            G.add_edge(f"w{i}", f"w{j}")
    return G


def clear(graph: Graph) -> None:
    """Delete every node and relationship (small test graphs only)."""
    graph.write(lambda tx: tx.run("MATCH (n) DETACH DELETE n").consume())


def family() -> tuple[nx.DiGraph, list[dict], list[tuple]]:
    """A hand-drawn lineage used across the lineage tests.

    ::

        o1 (2019-01-01)   o2 (2019-02-01)        x (unrelated, undated)
          |      \\        |
        m1 (03-01)  m2 (04-01, remixes o1 and o2)
             \\      /
              f (2019-05-01)        a diamond: f reaches o1 through m1 and m2
             /  \\
        d1 (06-01) |
             \\    |
              d2 (2019-07-01, remixes d1 and f)

    Artists: alice made o1 and co-made m1 with bob; bob made f; carol d1; dave o2; erin x.
    """
    G = nx.DiGraph()
    dates = {"o1": "2019-01-01", "o2": "2019-02-01", "m1": "2019-03-01", "m2": "2019-04-01",
             "f": "2019-05-01", "d1": "2019-06-01", "d2": "2019-07-01", "x": None}
    for node, created in dates.items():
        G.add_node(node, created_at=created)
    G.add_edges_from([("m1", "o1"), ("m2", "o1"), ("m2", "o2"), ("f", "m1"), ("f", "m2"),
                      ("d1", "f"), ("d2", "d1"), ("d2", "f")])
    G.edges["f", "m2"].update(kind="sample", weight=0.25, temporal_anomaly=False)
    G.nodes["f"].update(pagerank=0.3, tags=["film", "remix"], extra_id="legacy-7", license="CC-BY")
    artists = [
        {"id": "alice", "handle": "alice", "name": "Alice A."},
        {"id": "bob", "handle": "bob", "name": "Bob B.", "h_index": 1},
        {"id": "carol", "handle": "carol", "name": "Carol C."},
        {"id": "dave", "handle": "dave", "name": "Dave D."},
        {"id": "erin", "handle": "erin", "name": "Erin E."},
    ]
    contributions = [
        ("alice", "o1", "creator", 1.0), ("alice", "m1", "creator", 0.5), ("bob", "m1", "producer", 0.5),
        ("bob", "f", "creator", 1.0), ("carol", "d1", "creator", 1.0), ("dave", "o2", "creator", 1.0),
        ("erin", "x", "creator", 1.0),
    ]
    return G, artists, contributions

"""Export a work's lineage as W3C PROV-JSON, GraphML or CSV.

Every export holds the same things: the works of the lineage (as
:func:`lineage.api.lineage` returns them, capped the same way), the REMIXES
among them, the artists who contributed to those works and their
CONTRIBUTED links.

* **PROV-JSON** (https://www.w3.org/submissions/prov-json/): works are
  ``entity`` records (``work:<id>``), artists ``agent`` records
  (``artist:<id>``, ``prov:Person``), a remix is ``wasDerivedFrom`` (the
  derived work is ``prov:generatedEntity``, its source ``prov:usedEntity``), a
  contribution is ``wasAttributedTo``. Our own attributes use the ``rle:``
  prefix. Ids are percent-encoded into the qualified names
  (``work:a%20b``) and kept verbatim in ``rle:id``.
* **GraphML** (``networkx.write_graphml``), for Gephi or yEd: node ids are
  ``work:<id>`` and ``artist:<id>``, with a ``type`` attribute (``Work`` or
  ``Artist``); edges carry ``type`` (``REMIXES`` from derived to source, or
  ``CONTRIBUTED`` from artist to work) and their properties. Missing values are
  left out (GraphML has no null).
* **CSV** (``csv``): one table, ``nodes`` or ``edges``, as one CSV file;
  **csv-zip**: a zip archive holding both, ``nodes.csv`` and ``edges.csv``. The
  columns are the GraphML attributes (``node_id``, ``type``, ... and
  ``source``, ``target``, ``type``, ...); lists are joined with ``;``.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from typing import Any
from urllib.parse import quote

import networkx as nx

from lineage import api
from lineage.db import Graph
from lineage.model import ARTIST, CONTRIBUTED, REMIXES, WORK_METRICS

FORMATS = ("prov-json", "graphml", "csv", "csv-zip")
CSV_TABLES = ("nodes", "edges")
RLE_NAMESPACE = "https://github.com/remix-lineage-explorer/ns#"
# From lineage.model: a lineage's work dicts (lineage.api), the artists lineage_contributions.cypher reads
# (the model's summary of an artist) and every property of the two relationships.
WORK_COLUMNS = (*api.WORK_FIELDS, "distance", "side", "origin", *WORK_METRICS)
ARTIST_COLUMNS = ARTIST.summary_names
REMIX_COLUMNS = REMIXES.graph_names
CONTRIBUTION_COLUMNS = CONTRIBUTED.graph_names
NODE_COLUMNS = ("node_id", "type", *dict.fromkeys(WORK_COLUMNS + ARTIST_COLUMNS))
# What each link is (a remix's kind, a contribution's role) first, then what they share: the order the
# edges file has always had (source, target, type, kind, role, weight, temporal_anomaly).
EDGE_COLUMNS = ("source", "target", "type",
                *dict.fromkeys((REMIX_COLUMNS[0], CONTRIBUTION_COLUMNS[0]) + REMIX_COLUMNS + CONTRIBUTION_COLUMNS))


def collect(graph: Graph, work_id: str, *, direction: str = "both", depth: int | None = None,
            as_of: str | None = None, cap: int = api.DEFAULT_CAP) -> dict:
    """The lineage of a work and the contributions to its works, ready to export.

    Returns ``{"lineage": Lineage.to_dict(), "artists": [{"id", "handle", "name"}],
    "contributions": [{"work", "artist", "role", "weight"}]}``.
    """
    found = api.lineage(graph, work_id, direction=direction, depth=depth, as_of=as_of, cap=cap).to_dict()
    ids = [n["id"] for n in found["nodes"]]
    rows = graph.read("lineage_contributions", ids=ids)
    artists = {r["artist"]["id"]: r["artist"] for r in rows}
    contributions = [{"work": r["work"], "artist": r["artist"]["id"], **{k: r[k] for k in CONTRIBUTION_COLUMNS}}
                     for r in rows]
    return {"lineage": found, "artists": [artists[a] for a in sorted(artists)], "contributions": contributions}


# -- PROV-JSON ------------------------------------------------------------------------------
def _qname(prefix: str, ident: str) -> str:
    """A PROV qualified name for an id, percent-encoded so any id is valid.

    >>> _qname("work", "w 1/é")
    'work:w%201%2F%C3%A9'
    """
    return f"{prefix}:{quote(str(ident), safe='')}"


def _prov_value(value: Any) -> Any:
    if isinstance(value, (list, tuple)):
        return [_prov_value(v) for v in value]
    if isinstance(value, (bool, int, float, str)):
        return value
    return str(value)


def to_prov(bundle: dict) -> dict:
    """The PROV-JSON document (a dict) of a :func:`collect` bundle.

    >>> doc = to_prov({"lineage": {"nodes": [{"id": "b", "title": "B"}, {"id": "a", "title": "A"}],
    ...                            "edges": [{"source": "b", "target": "a", "kind": "remix"}]},
    ...                "artists": [{"id": "x", "handle": "ex"}],
    ...                "contributions": [{"work": "a", "artist": "x", "role": "creator", "weight": 1.0}]})
    >>> sorted(doc["entity"]), list(doc["agent"])
    (['work:a', 'work:b'], ['artist:x'])
    >>> doc["wasDerivedFrom"]["_:remix1"]["prov:generatedEntity"]
    'work:b'
    """
    entities = {}
    for node in bundle["lineage"]["nodes"]:
        record = {"prov:type": {"$": "rle:Work", "type": "prov:QUALIFIED_NAME"}, "rle:id": node["id"]}
        if node.get("title") is not None:
            record["prov:label"] = str(node["title"])
        for key in WORK_COLUMNS:
            if key not in ("id", "title") and node.get(key) is not None:
                record[f"rle:{key}"] = _prov_value(node[key])
        entities[_qname("work", node["id"])] = record
    agents = {}
    for artist in bundle["artists"]:
        record = {"prov:type": {"$": "prov:Person", "type": "prov:QUALIFIED_NAME"}, "rle:id": artist["id"]}
        label = artist.get("handle") or artist.get("name")
        if label is not None:
            record["prov:label"] = str(label)
        for key in ARTIST_COLUMNS:
            if key != "id" and artist.get(key) is not None:
                record[f"rle:{key}"] = str(artist[key])
        agents[_qname("artist", artist["id"])] = record
    derivations = {}
    for i, edge in enumerate(bundle["lineage"]["edges"], start=1):
        record = {"prov:generatedEntity": _qname("work", edge["source"]),
                  "prov:usedEntity": _qname("work", edge["target"])}
        for key in REMIX_COLUMNS:
            if edge.get(key) is not None:
                record[f"rle:{key}"] = _prov_value(edge[key])
        derivations[f"_:remix{i}"] = record
    attributions = {}
    for i, c in enumerate(bundle["contributions"], start=1):
        record = {"prov:entity": _qname("work", c["work"]), "prov:agent": _qname("artist", c["artist"])}
        for key in CONTRIBUTION_COLUMNS:
            if c.get(key) is not None:
                record[f"rle:{key}"] = _prov_value(c[key])
        attributions[f"_:contribution{i}"] = record
    document = {
        "prefix": {"work": "urn:remix-lineage:work:", "artist": "urn:remix-lineage:artist:", "rle": RLE_NAMESPACE},
        "entity": entities,
    }
    for name, records in (("agent", agents), ("wasDerivedFrom", derivations), ("wasAttributedTo", attributions)):
        if records:
            document[name] = records
    return document


def to_prov_json(bundle: dict) -> str:
    return json.dumps(to_prov(bundle), indent=2, ensure_ascii=False) + "\n"


# -- GraphML and CSV -----------------------------------------------------------------------------------
def to_networkx(bundle: dict) -> nx.DiGraph:
    """Works, artists, REMIXES and CONTRIBUTED as one DiGraph with plain attributes.

    >>> G = to_networkx({"lineage": {"nodes": [{"id": "a", "title": None, "origin": True}], "edges": []},
    ...                  "artists": [{"id": "a", "handle": "h"}],
    ...                  "contributions": [{"work": "a", "artist": "a", "role": "creator", "weight": 1.0}]})
    >>> sorted(G.nodes(data=True))
    [('artist:a', {'type': 'Artist', 'id': 'a', 'handle': 'h'}), ('work:a', {'type': 'Work', 'id': 'a', 'origin': True})]
    >>> list(G.edges(data=True))
    [('artist:a', 'work:a', {'type': 'CONTRIBUTED', 'role': 'creator', 'weight': 1.0})]
    """
    G = nx.DiGraph()
    for node in bundle["lineage"]["nodes"]:
        attrs = {k: _plain(node.get(k)) for k in WORK_COLUMNS if node.get(k) is not None}
        G.add_node(f"work:{node['id']}", type="Work", **attrs)
    for artist in bundle["artists"]:
        attrs = {k: _plain(artist.get(k)) for k in ARTIST_COLUMNS if artist.get(k) is not None}
        G.add_node(f"artist:{artist['id']}", type="Artist", **attrs)
    for edge in bundle["lineage"]["edges"]:
        attrs = {k: _plain(edge.get(k)) for k in REMIX_COLUMNS if edge.get(k) is not None}
        G.add_edge(f"work:{edge['source']}", f"work:{edge['target']}", type="REMIXES", **attrs)
    for c in bundle["contributions"]:
        attrs = {k: _plain(c.get(k)) for k in CONTRIBUTION_COLUMNS if c.get(k) is not None}
        source, target = f"artist:{c['artist']}", f"work:{c['work']}"
        if G.has_edge(source, target):  # one artist, several roles on a work: one edge, roles joined
            known = G.edges[source, target]
            known["role"] = ";".join(filter(None, [known.get("role"), attrs.get("role")]))
            known["weight"] = known.get("weight", 0.0) + attrs.get("weight", 0.0)
        else:
            G.add_edge(source, target, type="CONTRIBUTED", **attrs)
    return G


def _plain(value: Any) -> Any:
    if isinstance(value, (list, tuple)):
        return ";".join(str(v) for v in value)
    return value


def to_graphml(bundle: dict) -> str:
    out = io.BytesIO()
    nx.write_graphml(to_networkx(bundle), out, encoding="utf-8")
    return out.getvalue().decode("utf-8")


def to_csv(bundle: dict, table: str, G: nx.DiGraph | None = None) -> str:
    """One table of the export as CSV text: ``"nodes"`` (works and artists) or ``"edges"``."""
    G = to_networkx(bundle) if G is None else G
    out = io.StringIO()
    if table == "nodes":
        writer = csv.DictWriter(out, fieldnames=NODE_COLUMNS, extrasaction="ignore", lineterminator="\n")
        writer.writeheader()
        for node_id, attrs in G.nodes(data=True):
            writer.writerow({"node_id": node_id, **attrs})
    elif table == "edges":
        writer = csv.DictWriter(out, fieldnames=EDGE_COLUMNS, extrasaction="ignore", lineterminator="\n")
        writer.writeheader()
        for source, target, attrs in G.edges(data=True):
            writer.writerow({"source": source, "target": target, **attrs})
    else:
        raise ValueError(f"unknown CSV table {table!r}: one of {', '.join(CSV_TABLES)}")
    return out.getvalue()


def to_csv_zip(bundle: dict) -> bytes:
    """A zip archive holding ``nodes.csv`` and ``edges.csv``."""
    G = to_networkx(bundle)
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED) as z:
        for table in CSV_TABLES:
            z.writestr(f"{table}.csv", to_csv(bundle, table, G))
    return archive.getvalue()


def render(bundle: dict, fmt: str, table: str | None = None) -> bytes:
    """The export of a bundle in ``fmt`` (one of :data:`FORMATS`), as bytes; ``table`` for ``csv``."""
    if fmt == "prov-json":
        return to_prov_json(bundle).encode("utf-8")
    if fmt == "graphml":
        return to_graphml(bundle).encode("utf-8")
    if fmt == "csv":
        return to_csv(bundle, table or "").encode("utf-8")
    if fmt == "csv-zip":
        return to_csv_zip(bundle)
    raise ValueError(f"unknown export format {fmt!r}")

"""lineage.export: PROV-JSON read back by the ``prov`` package, GraphML by networkx, CSV by csv."""

from __future__ import annotations

import csv
import io
import json
import zipfile

import networkx as nx
import pytest
from prov.model import ProvDocument, ProvAgent, ProvAttribution, ProvDerivation, ProvEntity

from lineage import export
from lineage_testgraphs import family, write_lineage

ODD_IDS = ["plain", "with space", "slash/and:colon", "ünïcödé", "<script>", "100%"]


def bundle_of(ids: list[str]) -> dict:
    """A chain ids[0] -> ids[1] -> ... with one artist on every work."""
    nodes = [{"id": w, "title": f"T {w}", "medium": "music", "created_at": "2020-01-01", "status": "published",
              "distance": i, "side": "focus" if i == 0 else "ancestor", "origin": i == len(ids) - 1,
              "pagerank": 0.5} for i, w in enumerate(ids)]
    edges = [{"source": a, "target": b, "kind": "remix", "weight": 1.0, "temporal_anomaly": False}
             for a, b in zip(ids, ids[1:])]
    return {"lineage": {"nodes": nodes, "edges": edges, "total": len(ids), "truncated": False},
            "artists": [{"id": "a 1", "handle": "h", "name": None}],
            "contributions": [{"work": w, "artist": "a 1", "role": "creator", "weight": 1.0} for w in ids]}


def read_prov(text: str) -> ProvDocument:
    return ProvDocument.deserialize(content=text, format="json")


def records(doc: ProvDocument, kind) -> list:
    return [r for r in doc.get_records() if isinstance(r, kind)]


class TestProv:
    def test_read_back_by_prov_with_any_ids(self):
        doc = read_prov(export.to_prov_json(bundle_of(ODD_IDS)))
        entities = records(doc, ProvEntity)
        assert sorted(next(iter(e.get_attribute("rle:id"))) for e in entities) == sorted(ODD_IDS)
        assert len(records(doc, ProvAgent)) == 1
        derivations = records(doc, ProvDerivation)
        assert len(derivations) == len(ODD_IDS) - 1
        assert len(records(doc, ProvAttribution)) == len(ODD_IDS)

    def test_derivation_runs_from_derived_to_source(self):
        doc = read_prov(export.to_prov_json(bundle_of(["remix", "source"])))
        (derivation,) = records(doc, ProvDerivation)
        attrs = dict(derivation.formal_attributes)
        assert {str(k): str(v) for k, v in attrs.items() if v is not None} == {
            "prov:generatedEntity": "work:remix", "prov:usedEntity": "work:source"}

    def test_empty_lineage_has_only_the_prefixes_and_entities(self):
        doc = export.to_prov({"lineage": {"nodes": [], "edges": []}, "artists": [], "contributions": []})
        assert doc == {"prefix": doc["prefix"], "entity": {}}
        assert list(read_prov(json.dumps(doc)).get_records()) == []


class TestGraphml:
    def test_round_trip(self):
        G = nx.read_graphml(io.BytesIO(export.to_graphml(bundle_of(ODD_IDS)).encode("utf-8")))
        assert sorted(G) == sorted([f"work:{w}" for w in ODD_IDS] + ["artist:a 1"])
        assert G.nodes["work:with space"]["type"] == "Work" and G.nodes["work:plain"]["distance"] == 0
        assert G.nodes["work:100%"]["origin"] is True
        assert G.edges["work:plain", "work:with space"]["type"] == "REMIXES"
        assert G.edges["artist:a 1", "work:plain"]["role"] == "creator"
        assert "name" not in G.nodes["artist:a 1"]  # None is left out, GraphML has no null

    def test_several_roles_make_one_edge(self):
        bundle = bundle_of(["w"])
        bundle["contributions"].append({"work": "w", "artist": "a 1", "role": "editor", "weight": 0.5})
        G = export.to_networkx(bundle)
        assert G.edges["artist:a 1", "work:w"] == {"type": "CONTRIBUTED", "role": "creator;editor", "weight": 1.5}


class TestCsv:
    def test_zip_of_nodes_and_edges(self):
        archive = zipfile.ZipFile(io.BytesIO(export.to_csv_zip(bundle_of(["b", "a"]))))
        assert sorted(archive.namelist()) == ["edges.csv", "nodes.csv"]
        nodes = list(csv.DictReader(io.StringIO(archive.read("nodes.csv").decode("utf-8"))))
        edges = list(csv.DictReader(io.StringIO(archive.read("edges.csv").decode("utf-8"))))
        assert [(n["node_id"], n["type"], n["id"]) for n in nodes] == [
            ("work:b", "Work", "b"), ("work:a", "Work", "a"), ("artist:a 1", "Artist", "a 1")]
        assert nodes[0]["pagerank"] == "0.5" and nodes[2]["handle"] == "h"
        assert sorted((e["source"], e["target"], e["type"]) for e in edges) == [
            ("artist:a 1", "work:a", "CONTRIBUTED"), ("artist:a 1", "work:b", "CONTRIBUTED"),
            ("work:b", "work:a", "REMIXES")]

    def test_unknown_format(self):
        with pytest.raises(ValueError):
            export.render(bundle_of(["a"]), "xml")


@pytest.mark.neo4j
def test_collect_from_neo4j_and_read_back(graph):
    G, artists, contributions = family()
    write_lineage(graph, G, artists, contributions)
    bundle = export.collect(graph, "f")
    # f's lineage: everything but x; its artists: alice (o1, m1), bob (m1, f), carol (d1), dave (o2)
    assert sorted(n["id"] for n in bundle["lineage"]["nodes"]) == ["d1", "d2", "f", "m1", "m2", "o1", "o2"]
    assert [a["id"] for a in bundle["artists"]] == ["alice", "bob", "carol", "dave"]
    assert len(bundle["contributions"]) == 6
    doc = read_prov(export.render(bundle, "prov-json").decode("utf-8"))
    assert len(records(doc, ProvEntity)) == 7 and len(records(doc, ProvAgent)) == 4
    assert len(records(doc, ProvDerivation)) == 8 and len(records(doc, ProvAttribution)) == 6
    up = export.collect(graph, "f", direction="up", depth=1)
    assert sorted(n["id"] for n in up["lineage"]["nodes"]) == ["f", "m1", "m2"]
    assert [a["id"] for a in up["artists"]] == ["alice", "bob"]

"""The real OpenIDEO dataset (``openideo`` under LINEAGE_DATASETS) loads with every row accounted for.

What the data holds is worked out here independently of the loader, with the
csv module and networkx on the raw files: the rows per file, the remix edges a
file-order cycle check must refuse, and the backward-in-time links among the
edges kept.
"""

from __future__ import annotations

import csv
from collections import Counter

import networkx as nx
import pytest

from graph_loader.loader import load_dataset


def raw_rows(folder, name: str) -> list[tuple[int, dict]]:
    """(line the row starts on, row) for each row of a file."""
    with open(folder / name, newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        rows, line = [], reader.line_num
        for row in reader:
            rows.append((line + 1, row))
            line = reader.line_num
        return rows


@pytest.fixture(scope="module")
def expected(openideo):
    works = raw_rows(openideo, "works.csv")
    remixes = raw_rows(openideo, "remixes.csv")
    created = {row["work_id"].strip(): row["created_at"].strip() for _, row in works}
    accepted = nx.DiGraph()
    refused = set()
    for line, row in remixes:
        u, v = row["work_id"].strip(), row["source_id"].strip()
        if u in accepted and v in accepted and nx.has_path(accepted, v, u):
            refused.add(line)
        else:
            accepted.add_edge(u, v)
    backward = sum(1 for u, v in accepted.edges if created[u] and created[v] and created[u] < created[v])
    everything = nx.DiGraph((r["work_id"].strip(), r["source_id"].strip()) for _, r in remixes)
    groups = [c for c in nx.strongly_connected_components(everything) if len(c) > 1]
    return {
        "rows": {name: len(raw_rows(openideo, name)) for name in ("artists.csv", "works.csv", "contributions.csv")}
        | {"remixes.csv": len(remixes)},
        "refused": refused, "backward": backward, "groups": groups,
        "sources": Counter(r["work_id"].strip() for _, r in remixes),
        "lines": {line: (r["work_id"].strip(), r["source_id"].strip()) for line, r in remixes},
    }


@pytest.fixture
def loaded(graph, tmp_path, openideo):
    rejects = tmp_path / "rejects.csv"
    summary = load_dataset(graph, openideo, rejects_path=rejects, home=tmp_path)
    with open(rejects, newline="", encoding="utf-8") as handle:
        return summary, list(csv.DictReader(handle))


def test_every_row_is_accounted_for(loaded, expected):
    summary, rejects = loaded
    parts = {p.file: p for p in summary.parts if p.present}
    assert {name: p.read for name, p in parts.items()} == expected["rows"]
    for p in parts.values():
        assert p.read == p.loaded + p.duplicates + p.rejected, p.file
    assert summary.totals()["rejected"] == len(rejects)


def test_the_cycles_are_refused_and_only_they(loaded, expected):
    _, rejects = loaded
    assert expected["groups"] and len(expected["groups"]) == 16  # what the dataset's README says
    assert {(r["file"], r["reason"]) for r in rejects} == {("remixes.csv", "remix_cycle")}
    assert {int(r["line"]) for r in rejects} == expected["refused"]
    # every group of posts citing each other lost at least one link, and only links inside groups were refused
    refused_edges = [expected["lines"][int(r["line"])] for r in rejects]
    for group in expected["groups"]:
        assert any(u in group and v in group for u, v in refused_edges)
    assert all(any(u in g and v in g for g in expected["groups"]) for u, v in refused_edges)
    for r in rejects:
        u, v = expected["lines"][int(r["line"])]
        assert f"the remix {u!r} -> {v!r} would close the cycle {u} -> {v} -> " in r["message"]


def test_the_graph_is_acyclic_and_flags_backward_links(loaded, expected, graph):
    summary, _ = loaded
    edges = graph.read_text("MATCH (d:Work)-[:REMIXES]->(s:Work) RETURN d.id AS d, s.id AS s")
    assert len(edges) == expected["rows"]["remixes.csv"] - len(expected["refused"])
    assert nx.is_directed_acyclic_graph(nx.DiGraph((e["d"], e["s"]) for e in edges))
    assert summary.temporal_anomalies == expected["backward"]
    assert graph.read_one("stats")["temporal_anomalies"] == expected["backward"]


def test_the_post_with_the_most_sources_keeps_them(loaded, expected, graph):
    work, sources = expected["sources"].most_common(1)[0]
    refused_here = sum(1 for line in expected["refused"] if expected["lines"][line][0] == work)
    found = graph.read_text("MATCH (:Work {id: $id})-[r:REMIXES]->() RETURN count(r) AS n", {"id": work})
    assert found == [{"n": sources - refused_here}]


def test_titles_keep_their_inner_white_space(loaded, graph, openideo):
    titles = [row["title"] for _, row in raw_rows(openideo, "works.csv") if "  " in row["title"]]
    assert titles  # the data has such titles
    stored = graph.read_text("MATCH (w:Work) WHERE w.title CONTAINS '  ' RETURN count(w) AS n")
    assert stored == [{"n": len(titles)}]

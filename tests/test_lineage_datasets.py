"""The lineage API on real datasets (the example community and OpenIDEO), loaded by
the loader, checked against networkx built from a plain dump of the same graph."""

from __future__ import annotations

import json
import random

import networkx as nx
import pytest
from click.testing import CliRunner

from conftest import EXAMPLES, shared_dataset
from graph_loader.loader import load_dataset
from lineage import api, asof, dag
from lineage.cli import main
from lineage.errors import InvalidParameter
from lineage.metrics_db import pull
from lineage.reach import ReachIndex

pytestmark = pytest.mark.neo4j

DUMP_WORKS = "MATCH (w:Work) RETURN w.id AS id, w.created_at AS created_at"
DUMP_REMIXES = "MATCH (w:Work)-[:REMIXES]->(s:Work) RETURN w.id AS derived, s.id AS source"
DUMP_CONTRIBUTIONS = "MATCH (a:Artist)-[:CONTRIBUTED]->(w:Work) RETURN DISTINCT a.id AS artist, w.id AS work"


def dump(graph) -> tuple[nx.DiGraph, list[tuple[str, str]]]:
    created = {r["id"]: r["created_at"] for r in graph.read_text(DUMP_WORKS)}
    G = dag.from_edges([(r["derived"], r["source"]) for r in graph.read_text(DUMP_REMIXES)], created)
    contributions = [(r["artist"], r["work"]) for r in graph.read_text(DUMP_CONTRIBUTIONS)]
    return G, contributions


def check_lineages(graph, G: nx.DiGraph, works: list[str], as_of: str) -> None:
    H = asof.graph_as_of(G, as_of)
    for work in works:
        for direction, walk in (("up", dag.ancestry), ("down", dag.descendants)):
            found = api.lineage(graph, work, direction=direction, cap=api.MAX_CAP)
            assert {n["id"]: n["distance"] for n in found.nodes[1:]} == walk(G, work), (work, direction)
            assert sorted((e["source"], e["target"]) for e in found.edges) == sorted(
                G.subgraph([n["id"] for n in found.nodes]).edges)
            if work in H:
                earlier = api.lineage(graph, work, direction=direction, as_of=as_of, cap=api.MAX_CAP)
                assert {n["id"]: n["distance"] for n in earlier.nodes[1:]} == walk(H, work), (work, as_of)
        capped = api.lineage(graph, work, cap=5)
        want = {**dag.ancestry(G, work), **dag.descendants(G, work)}
        assert [n["id"] for n in capped.nodes[1:]] == dag.nearest(want, 4)
        assert capped.total == 1 + len(want)


def check_pairs(graph, G: nx.DiGraph, pairs: list[tuple[str, str]]) -> int:
    derived = 0
    for a, b in pairs:
        chain = api.path(graph, a, b)
        want = dag.shortest_derivation(G, a, b)
        assert (chain is None) == (want is None), (a, b)
        if chain is not None:
            derived += 1
            assert len(chain) == len(want) and chain[0]["id"] == want[0]
        shared = api.common_ancestry(graph, a, b)
        assert [(w["id"], w["distance_a"], w["distance_b"]) for w in shared] == dag.common_ancestry(G, a, b)
    return derived


def check_artists(graph, G: nx.DiGraph, contributions, artists: list[str]) -> None:
    for artist in artists:
        own = {w for a, w in contributions if a == artist}
        down = set().union(*(dag.descendants(G, w) for w in own)) - own
        up = set().union(*(dag.ancestry(G, w) for w in own)) - own
        out = api.artist_influence(graph, artist)
        assert out["derived"]["transitive"] == len(down), artist
        assert out["upstream"]["transitive"] == len(up), artist
        # Artists are reached through every strict descendant, the artist's own later works included.
        down_all = set().union(*(dag.descendants(G, w) for w in own))
        assert {a["id"] for a in out["downstream_artists"]} == {a for a, w in contributions
                                                                 if w in down_all and a != artist}


def pick(G: nx.DiGraph, n: int, seed: int) -> list[str]:
    """n works: the most remixed, the deepest, and a seeded random sample."""
    busiest = sorted(G, key=lambda w: (-G.in_degree(w), w))[:5]
    deepest = sorted(G, key=lambda w: (-G.out_degree(w), w))[:5]
    rest = random.Random(seed).sample(sorted(G), min(n, len(G)))
    return list(dict.fromkeys(busiest + deepest + rest))


@pytest.mark.parametrize("name, as_of", [("examples", "2022-06-30"), ("openideo", "2012-06-30")],
                         ids=["examples", "openideo"])
def test_dataset_answers_match_networkx(graph, tmp_path, name, as_of):
    folder = EXAMPLES if name == "examples" else shared_dataset(name)
    load_dataset(graph, folder, rejects_path=tmp_path / "rejects.csv", home=tmp_path)
    G, contributions = dump(graph)
    assert dag.find_cycle(G) is None and G.number_of_edges() > 100
    works = pick(G, 40, seed=1)
    check_lineages(graph, G, works, as_of)
    rng = random.Random(2)
    pairs = [(a, b) for a in works[:20] for b in rng.sample(sorted(G), 4)]
    pairs += [(a, b) for a in works[:10] for b in list(dag.ancestry(G, a))[:3]]  # surely derived
    assert check_pairs(graph, G, pairs) > 0
    artists = sorted({a for a, _ in contributions})
    check_artists(graph, G, contributions, random.Random(3).sample(artists, min(15, len(artists))))
    check_index(graph, works[:20], random.Random(4).sample(artists, min(30, len(artists))), as_of)


def check_index(graph, works: list[str], artists: list[str], as_of: str) -> None:
    """The site's index of the graph (web/reach_index.py) answers a day as the live walks do, on real flaws."""
    created: list = []
    index = ReachIndex(pull(graph, created=created), created=created)
    compared = 0
    for day in (as_of, "2100-01-01"):
        for artist in artists:
            assert api.artist_influence(graph, artist, as_of=day, cap=100, index=index) == \
                api.artist_influence(graph, artist, as_of=day, cap=100, stored=False), (artist, day)
        for work in works:
            try:
                live = api.lineage(graph, work, direction="both", as_of=day, cap=60).to_dict()
            except InvalidParameter:  # not yet made on the day
                continue
            assert api.lineage(graph, work, direction="both", as_of=day, cap=60, index=index).to_dict() == live, \
                (work, day)
            compared += 1
    assert compared >= len(works)


def test_every_command_answers_on_the_examples_with_json(graph, tmp_path, cli_env):
    load_dataset(graph, EXAMPLES, rejects_path=tmp_path / "rejects.csv", home=tmp_path)
    runner = CliRunner()

    def run(*args: str) -> dict:
        result = runner.invoke(main, list(args), env=cli_env, catch_exceptions=False)
        assert result.exit_code == 0, result.output
        return json.loads(result.stdout)

    assert run("ancestry", "w000200", "--json")["total"] > 69
    assert run("descendants", "w000010", "--json", "--depth", "1")["total"] == 33  # 32 direct remixes
    assert run("path", "w000250", "w000001", "--json")["derived"] == "w000250"
    assert run("common", "w000200", "w000250", "--json")["common"]
    assert run("artist", "a00007", "--json")["artist"]["id"] == "a00007"
    assert run("cypher", "MATCH (w:Work) RETURN count(w) AS n", "--json")["rows"] == [[300]]
    out = tmp_path / "w000250.json"
    runner.invoke(main, ["export", "w000250", "--format", "prov-json", "-o", str(out)], env=cli_env)
    from prov.model import ProvDocument

    doc = ProvDocument.deserialize(content=out.read_text(encoding="utf-8"), format="json")
    assert len(list(doc.get_records())) > 100

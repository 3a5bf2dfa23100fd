"""`lineage metrics`, `lineage top` and `lineage credit` against the real Neo4j of the test session."""

from __future__ import annotations

import json

import networkx as nx
import pytest
from click.testing import CliRunner

from lineage.cli import main
from lineage.api import credit_lineage, credit_split, explain_credit
from lineage.errors import ArtistNotFound, WorkNotFound

pytestmark = pytest.mark.neo4j

# c remixes b remixes a; d remixes a. x made a and (with z) d; y made b; z made c; w made nothing.
SMALL = """
CREATE (a:Work {id: 'a', title: 'A'}), (b:Work {id: 'b', title: 'B'}),
       (c:Work {id: 'c', title: 'C'}), (d:Work {id: 'd', title: 'D'}),
       (x:Artist {id: 'x', handle: 'ex'}), (y:Artist {id: 'y', handle: 'why'}),
       (z:Artist {id: 'z', handle: 'zed'}), (w:Artist {id: 'w', handle: 'idle'}),
       (b)-[:REMIXES {kind: 'remix', weight: 1.0}]->(a),
       (c)-[:REMIXES {kind: 'remix', weight: 1.0}]->(b),
       (d)-[:REMIXES {kind: 'remix', weight: 1.0}]->(a),
       (x)-[:CONTRIBUTED {role: 'creator', weight: 1.0}]->(a),
       (x)-[:CONTRIBUTED {role: 'creator', weight: 1.0}]->(d),
       (z)-[:CONTRIBUTED {role: 'creator', weight: 1.0}]->(d),
       (y)-[:CONTRIBUTED {role: 'creator', weight: 1.0}]->(b),
       (z)-[:CONTRIBUTED {role: 'creator', weight: 1.0}]->(c)
"""

# The lineage of docs/credit.md; Photo and Old song dated so that --as-of can leave Old song out.
BOOK = """
CREATE (book:Work {id: 'Book', title: 'Book', created_at: '2023-06-01'}),
       (story:Work {id: 'Story', title: 'Story', created_at: '2022-01-01'}),
       (poem:Work {id: 'Poem', title: 'Poem', created_at: '2022-02-01'}),
       (photo:Work {id: 'Photo', title: 'Photo', created_at: '2021-01-01'}),
       (song:Work {id: 'Old song', title: 'Old song', created_at: '2022-01-15'}),
       (ana:Artist {id: 'ana', handle: 'ana', name: 'Ana'}), (ben:Artist {id: 'ben', handle: 'ben', name: 'Ben'}),
       (cal:Artist {id: 'cal', handle: 'cal', name: 'Cal'}), (dee:Artist {id: 'dee', handle: 'dee', name: 'Dee'}),
       (eve:Artist {id: 'eve', handle: 'eve'}),
       (book)-[:REMIXES {weight: 3.0}]->(story), (book)-[:REMIXES {weight: 1.0}]->(poem),
       (story)-[:REMIXES {weight: 1.0}]->(photo), (poem)-[:REMIXES {weight: 1.0}]->(photo),
       (poem)-[:REMIXES {weight: 1.0}]->(song),
       (ana)-[:CONTRIBUTED {role: 'writer', weight: 1.5}]->(book),
       (ana)-[:CONTRIBUTED {role: 'editor', weight: 0.5}]->(book),
       (ben)-[:CONTRIBUTED {role: 'designer', weight: 1.0}]->(book),
       (cal)-[:CONTRIBUTED {role: 'writer', weight: 1.0}]->(story),
       (dee)-[:CONTRIBUTED {role: 'photographer', weight: 1.0}]->(photo),
       (ana)-[:CONTRIBUTED {role: 'photographer', weight: 1.0}]->(photo)
"""


def create(graph, cypher, **params):
    graph.write(lambda tx: tx.run(cypher, params).consume())


def run(cli_env, *args):
    return CliRunner().invoke(main, list(args), env=cli_env)


def properties(graph):
    rows = graph.read_text("MATCH (n) RETURN n.id AS id, properties(n) AS props ORDER BY id")
    return {r["id"]: r["props"] for r in rows}


class TestMetricsCommand:
    def test_writes_the_hand_computed_values(self, graph, cli_env):
        create(graph, SMALL)
        result = run(cli_env, "metrics")
        assert result.exit_code == 0, result.output
        assert "works 4" in result.output and "artists 4" in result.output
        assert "exact" in result.output
        for phase in ("pull", "compute", "write"):
            assert phase in result.output
        p = properties(graph)
        works = {"a": (2, 3, 0, 0, 0), "b": (1, 1, 1, 1, 1), "c": (0, 0, 2, 2, 0), "d": (0, 0, 1, 1, 0)}
        for work, (direct, desc, anc, gen, bridge) in works.items():
            got = p[work]
            assert (got["direct_remixes"], got["descendants"], got["ancestors"], got["generation"],
                    got["bridge"]) == (direct, desc, anc, gen, bridge), work
        # networkx run to convergence: its default stop leaves 4e-7 here (lineage.metrics.pagerank_solve)
        pagerank = nx.pagerank(nx.DiGraph([("b", "a"), ("c", "b"), ("d", "a")]), tol=1e-16, max_iter=10_000)
        for work in works:
            assert p[work]["pagerank"] == pytest.approx(pagerank[work], abs=1e-9)
        artists = {"x": (2, 1, 2, 2, 1), "y": (1, 1, 1, 1, 1), "z": (2, 0, 0, 0, 0), "w": (0, 0, 0, 0, 0)}
        for artist, expected in artists.items():
            got = p[artist]
            assert (got["works"], got["works_remixed"], got["downstream_works"], got["downstream_artists"],
                    got["h_index"]) == expected, artist
        assert p["x"]["influence"] == pytest.approx(pagerank["a"] + pagerank["d"] / 2)
        assert p["y"]["influence"] == pytest.approx(pagerank["b"])
        assert p["z"]["influence"] == pytest.approx(pagerank["c"] + pagerank["d"] / 2)
        assert p["w"]["influence"] == 0.0

    def test_rerun_is_idempotent(self, graph, cli_env):
        create(graph, SMALL)
        assert run(cli_env, "metrics").exit_code == 0
        first = properties(graph)
        counts = graph.read_text("MATCH (n) OPTIONAL MATCH (n)-[r]->() RETURN count(DISTINCT n) AS n, count(r) AS r")
        result = run(cli_env, "metrics", "--json", "--batch", "100")
        assert result.exit_code == 0, result.output
        report = json.loads(result.output)
        assert (report["works"], report["artists"], report["remixes"], report["contributions"]) == (4, 4, 3, 5)
        assert report["exact"] is True and set(report["seconds"]) == {"pull", "compute", "write", "total"}
        assert properties(graph) == first
        assert graph.read_text(
            "MATCH (n) OPTIONAL MATCH (n)-[r]->() RETURN count(DISTINCT n) AS n, count(r) AS r") == counts

    def test_new_remix_updates_the_values(self, graph, cli_env):
        create(graph, SMALL)
        assert run(cli_env, "metrics").exit_code == 0
        create(graph, "MATCH (c:Work {id: 'c'}) CREATE (:Work {id: 'e'})-[:REMIXES {weight: 1.0}]->(c)")
        assert run(cli_env, "metrics").exit_code == 0
        p = properties(graph)
        assert p["a"]["descendants"] == 4 and p["e"]["generation"] == 3 and p["c"]["bridge"] == 2

    def test_empty_graph(self, graph, cli_env):
        result = run(cli_env, "metrics", "--json")
        assert result.exit_code == 0, result.output
        assert json.loads(result.output)["works"] == 0

    def test_sketch_fallback_option(self, graph, cli_env):
        create(graph, SMALL)
        result = run(cli_env, "metrics", "--exact-limit", "0", "--sketch-size", "16")
        assert result.exit_code == 0, result.output
        assert "sketches" in result.output
        # sets of up to 16 members are held whole: still the exact answers
        assert properties(graph)["a"]["descendants"] == 3


class TestTop:
    def test_before_metrics(self, graph, cli_env):
        create(graph, SMALL)
        result = run(cli_env, "top", "--by", "pagerank")
        assert result.exit_code == 2
        assert "run `lineage metrics` first" in result.output

    def test_empty_graph(self, graph, cli_env):
        result = run(cli_env, "top", "--by", "h_index")
        assert result.exit_code == 2 and "holds no artists" in result.output

    def test_ranking(self, graph, cli_env):
        create(graph, SMALL)
        assert run(cli_env, "metrics").exit_code == 0
        result = run(cli_env, "top", "--by", "descendants", "--json")
        assert result.exit_code == 0, result.output
        answer = json.loads(result.output)
        assert [(r["id"], r["value"]) for r in answer["items"]] == [("a", 3), ("b", 1), ("c", 0), ("d", 0)]
        assert answer["kind"] == "works" and answer["metric"] == "descendants"  # the keys of /api/metrics/top
        result = run(cli_env, "top", "--metric", "h_index", "--limit", "2", "--kind", "artists", "--json")
        rows = json.loads(result.output)["items"]
        assert [(r["id"], r["handle"], r["value"]) for r in rows] == [("x", "ex", 1), ("y", "why", 1)]
        table = run(cli_env, "top", "--by", "downstream_artists")
        assert table.exit_code == 0 and "ex" in table.output and "rank" in table.output

    def test_metric_of_the_other_kind(self, graph, cli_env):
        result = run(cli_env, "top", "--by", "pagerank", "--kind", "artists")
        assert result.exit_code == 2 and "not a metric of artists" in result.output


class TestCredit:
    def test_doc_example(self, graph, cli_env):
        create(graph, BOOK)
        result = run(cli_env, "credit", "Book", "--amount", "1000", "--json")
        assert result.exit_code == 0, result.output
        answer = json.loads(result.output)
        assert {s["artist_id"]: s["cents"] for s in answer["shares"]} == {
            "ana": 45833, "cal": 18750, "ben": 16667, "dee": 12500}
        assert {s["artist_id"]: s["share"] for s in answer["shares"]} == pytest.approx(
            {"ana": 11 / 24, "cal": 3 / 16, "ben": 1 / 6, "dee": 1 / 8}, rel=1e-12)
        assert answer["unattributed"] == pytest.approx(1 / 16) and answer["unattributed_cents"] == 6250
        assert answer["unattributed_works"] == ["Old song"]
        assert answer["total"] == pytest.approx(1.0, abs=1e-12)

    def test_table(self, graph, cli_env):
        create(graph, BOOK)
        result = run(cli_env, "credit", "Book", "--amount", "1000")
        assert result.exit_code == 0, result.output
        assert "458.33" in result.output and "166.67" in result.output
        assert "unattributed: 0.062500" in result.output and "Old song" in result.output
        assert "total: 1.000000" in result.output

    def test_explain(self, graph, cli_env):
        create(graph, BOOK)
        result = run(cli_env, "credit", "Book", "--explain", "ana")
        assert result.exit_code == 0, result.output
        assert "0.458333" in result.output and "3 chain" in result.output
        assert "Book -> Story -> Photo" in result.output and "0.093750" in result.output
        answer = json.loads(run(cli_env, "credit", "Book", "--explain", "ana", "--json").output)
        assert [c["share"] for c in answer["chains"]] == pytest.approx([1 / 3, 3 / 32, 1 / 32])

    def test_explain_artist_outside_the_lineage(self, graph, cli_env):
        create(graph, BOOK)
        result = run(cli_env, "credit", "Book", "--explain", "eve")
        assert result.exit_code == 0 and "0.000000" in result.output

    def test_as_of(self, graph, cli_env):
        create(graph, BOOK)
        # on 2022-01-10 neither Old song nor Poem existed, nor the Book itself
        result = run(cli_env, "credit", "Story", "--as-of", "2022-01-10", "--json")
        assert result.exit_code == 0, result.output
        assert {s["artist_id"]: s["share"] for s in json.loads(result.output)["shares"]} == pytest.approx(
            {"cal": 0.5, "dee": 0.25, "ana": 0.25})
        result = run(cli_env, "credit", "Book", "--as-of", "2022-01-10")
        assert result.exit_code == 2 and "did not exist yet on" in result.output
        # as of 2023-06-01 Poem exists but Old song does too: the full example
        answer = json.loads(run(cli_env, "credit", "Book", "--as-of", "2023-06-01", "--json").output)
        assert answer["unattributed"] == pytest.approx(1 / 16)

    def test_unknown_ids(self, graph, cli_env):
        create(graph, BOOK)
        result = run(cli_env, "credit", "nope")
        assert result.exit_code == 2 and "no work with id 'nope'" in result.output
        assert "Traceback" not in result.output
        result = run(cli_env, "credit", "Book", "--explain", "nobody")
        assert result.exit_code == 2 and "no artist with id 'nobody'" in result.output

    def test_the_web_sites_function(self, graph):
        create(graph, BOOK)
        answer = credit_split(graph, "Book", keep=1.0, amount=10.0)
        assert [(s["artist_id"], s["handle"], s["name"], s["cents"]) for s in answer["shares"]] == [
            ("ana", "ana", "Ana", 667), ("ben", "ben", "Ben", 333)]
        assert explain_credit(graph, "Book", "ben", keep=1.0)["share"] == pytest.approx(1 / 3)
        with pytest.raises(WorkNotFound):
            credit_split(graph, "nope")
        with pytest.raises(ArtistNotFound):
            explain_credit(graph, "Book", "nobody")

    def test_roles_are_summed(self, graph):
        create(graph, BOOK)
        dag = credit_lineage(graph, "Book")
        assert dag.nodes["Book"]["contributors"] == {"ana": 2.0, "ben": 1.0}
        assert sorted(dag.edges) == sorted([("Book", "Story"), ("Book", "Poem"), ("Story", "Photo"),
                                            ("Poem", "Photo"), ("Poem", "Old song")])

    def test_wide_lineage_returns_distinct_works(self, graph):
        # 40 layers of two works, each remixing both of the layer below: 2**40 chains, 81 works
        create(graph, """
            UNWIND range(0, 40) AS l UNWIND [0, 1] AS j CREATE (:Work {id: 'w' + l + '_' + j})
        """)
        create(graph, """
            UNWIND range(1, 40) AS l UNWIND [0, 1] AS j UNWIND [0, 1] AS k
            MATCH (a:Work {id: 'w' + l + '_' + j}), (b:Work {id: 'w' + (l - 1) + '_' + k})
            CREATE (a)-[:REMIXES {weight: 1.0}]->(b)
        """)
        create(graph, """
            MATCH (t1:Work {id: 'w40_0'}), (t2:Work {id: 'w40_1'}), (o:Work {id: 'w0_0'})
            CREATE (top:Work {id: 'top'})-[:REMIXES {weight: 1.0}]->(t1), (top)-[:REMIXES {weight: 1.0}]->(t2),
                   (:Artist {id: 'o', handle: 'o'})-[:CONTRIBUTED {weight: 1.0}]->(o)
        """)
        dag = credit_lineage(graph, "top")
        assert dag.number_of_nodes() == 83 and dag.number_of_edges() == 162
        answer = explain_credit(graph, "top", "o", limit=3)
        assert answer["chains_total"] == 2 ** 40 and len(answer["chains"]) == 3 and answer["truncated"]
        assert answer["share"] == pytest.approx(0.5)  # the two origins share all the credit equally

"""Tables a newcomer can read (issue 11): ids never cut, --limit/--all, folded id lists, paths with direction."""

from __future__ import annotations

import networkx as nx
import pytest
from click.testing import CliRunner

from lineage.cli import main
from lineage.cli.options import print_table
from lineage_testgraphs import write_lineage

LONG_ID = "openideo-" + "x" * 70  # longer than the 60 characters a text cell is cut to


def table_output(*args, **kwargs) -> str:
    runner = CliRunner()

    @__import__("click").command()
    def show():
        print_table(*args, **kwargs)

    return runner.invoke(show, []).output


def test_ids_are_never_cut_and_long_text_is_cut_with_an_ellipsis():
    out = table_output([{"id": LONG_ID, "work_id": LONG_ID, "title": "t" * 100}], ["id", "work_id", "title"])
    row = out.splitlines()[2].split()
    assert row[0] == LONG_ID and row[1] == LONG_ID
    assert row[2] == "t" * 59 + "…"


def test_a_limited_table_says_how_many_more_and_how_to_see_them():
    out = table_output([{"id": f"w{i}"} for i in range(30)], limit=3, what="works")
    assert out.splitlines()[-1] == "... and 27 more works (--limit N or --all shows more)"
    assert len(out.splitlines()) == 2 + 3 + 1


COLUMNS = 100


@pytest.fixture
def run(cli_env):
    runner = CliRunner()
    # A terminal of 100 columns, whatever runs the tests (a worker of pytest-xdist has none).
    return lambda *args: runner.invoke(main, list(args), env={**cli_env, "COLUMNS": str(COLUMNS)},
                                       catch_exceptions=False)


@pytest.fixture
def star(graph):
    """One work remixing 30 origins whose ids are 70-odd characters long."""
    G = nx.DiGraph()
    G.add_node("hub")
    for i in range(30):
        G.add_edge("hub", f"{LONG_ID}-{i:02d}")
    write_lineage(graph, G)
    return graph


@pytest.mark.neo4j
class TestListings:
    def test_ancestry_shows_25_rows_then_limit_or_all(self, star, run):
        out = run("ancestry", "hub").stdout
        ids = [line.split()[1] for line in out.split("\n\n", 1)[1].splitlines()[2:] if line[:1].isdigit()]
        assert len(ids) == 25 and ids[0] == f"{LONG_ID}-00"  # whole ids, to copy
        assert "... and 5 more works (--limit N or --all shows more)" in out
        assert len([l for l in run("ancestry", "hub", "--limit", "3").stdout.splitlines() if l[:1] == "1"]) == 3
        full = run("ancestry", "hub", "--all").stdout
        assert all(f"{LONG_ID}-{i:02d}" in full for i in range(30)) and "more works" not in full

    def test_the_origins_line_names_ten_then_folds_all_of_them_with_all(self, star, run):
        out = run("ancestry", "hub").stdout
        header = out.split("\n\n", 1)[0]
        assert "and 20 more (--all)" in header and f"{LONG_ID}-10" not in header
        header = run("ancestry", "hub", "--all").stdout.split("\n\n", 1)[0]
        assert f"{LONG_ID}-29" in header and "more (--all)" not in header
        assert all(len(line) <= COLUMNS for line in header.splitlines()[1:])  # folded to the terminal's width

    def test_cap_counts_the_focus_the_same_way_in_both_numbers(self, star, run):
        out = run("ancestry", "hub", "--cap", "5").stdout
        assert "4 works, 4 remixes among them" in out
        assert "showing the nearest 4 of 30 works (--cap 5 counts the work itself)" in out

    def test_cypher_paths_keep_their_direction_and_one_row_is_singular(self, star, run):
        out = run("cypher", f"MATCH p = (:Work {{id: 'hub'}})-[:REMIXES]->(:Work {{id: '{LONG_ID}-00'}}) RETURN p")
        assert f"(hub)-[:REMIXES]->({LONG_ID}-00)" in out.stdout
        assert "(1 row;" in out.stdout
        back = run("cypher", f"MATCH p = (:Work {{id: '{LONG_ID}-00'}})<-[:REMIXES]-(:Work) RETURN p")
        assert f"({LONG_ID}-00)<-[:REMIXES]-(hub)" in back.stdout
        rel = run("cypher", "MATCH (a:Work {id: 'hub'})-[r:REMIXES]->(b) RETURN a, r, b LIMIT 1").stdout
        assert "(hub)-[:REMIXES]->(" + LONG_ID in rel

    def test_every_listing_takes_all(self, star, run):
        for args in (["descendants", f"{LONG_ID}-00"], ["common", f"{LONG_ID}-00", "hub"], ["search", "hub"],
                     ["cypher", "RETURN 1"]):
            assert run(*args, "--all").exit_code == 0, args


@pytest.mark.neo4j
def test_openideo_ancestry_reads_whole_ids_and_a_folded_origins_line(graph, tmp_path, openideo, run):
    """The work with the most origins on the real data: every id whole, the origins line within the width."""
    from graph_loader.loader import load_dataset

    load_dataset(graph, openideo, rejects_path=tmp_path / "rejects.csv", home=tmp_path)
    work = graph.read_text(
        "MATCH (w:Work)-[:REMIXES*1..]->(o:Work) WHERE NOT (o)-[:REMIXES]->() "
        "RETURN w.id AS id, count(DISTINCT o) AS n ORDER BY n DESC, id LIMIT 1")[0]
    assert work["n"] > 10
    out = run("ancestry", work["id"], "--all").stdout
    header, table = out.split("\n\n", 1)
    origins = header.splitlines()[1:]
    assert len(origins) > 1  # folded, not one line of every origin
    # Within the width the command was given (COLUMNS), unless one id alone is longer: ids are never broken.
    assert all(len(line) <= COLUMNS or line.strip().rstrip(",").count(", ") == 0 for line in origins), origins
    ids = {line.split()[1] for line in table.splitlines()[2:] if line[:1].isdigit()}
    known = {r["id"] for r in graph.read_text("MATCH (w:Work) RETURN w.id AS id")}
    assert ids and ids <= known  # whole ids, each one that can be pasted back
    assert "more (--all)" in run("ancestry", work["id"]).stdout.split("\n\n", 1)[0]

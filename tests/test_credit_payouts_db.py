"""Statements, plans and what-ifs read from the real Neo4j, through lineage.payouts_db and the CLI.

The graph is tests/test_credit_payouts.py's community (docs/credit.md's book
and a record); the expected numbers are the hand computations there.
"""

from __future__ import annotations

import csv
import io
import json

import networkx as nx
import pytest
from click.testing import CliRunner

from graph_loader.loader import load_dataset
from lineage import payouts_db
from lineage.cli import main
from lineage.api import credit_split
from lineage.credit import make_policy
from lineage.payouts import make_change
from lineage_testgraphs import write_lineage

pytestmark = pytest.mark.neo4j

ARTISTS = [{"id": a, "handle": a, "name": a.title()} for a in ("ana", "ben", "cal", "dee", "rob", "zed")]


def write_community(graph):
    g = nx.DiGraph()
    for u, v, w in [("Book", "Story", 3.0), ("Book", "Poem", 1.0), ("Story", "Photo", 1.0), ("Poem", "Photo", 1.0),
                    ("Poem", "Old song", 1.0), ("Record", "Photo", 1.0), ("Record", "Story", 1.0)]:
        g.add_edge(u, v, weight=w)
    days = {"Book": "2021-01-01", "Record": "2022-06-01", "Story": "2020-01-01", "Poem": "2020-02-01",
            "Photo": "2019-01-01", "Old song": "1950-01-01"}
    for work, day in days.items():
        g.nodes[work].update(created_at=day, title=work)
    g.nodes["Book"].update(status="production", amount=1000)
    g.nodes["Record"].update(status="production", amount=90)
    contributions = [("ana", "Book", "writer", 2.0), ("ben", "Book", "writer", 1.0), ("cal", "Story", "writer", 1.0),
                     ("dee", "Photo", "photographer", 1.0), ("ana", "Photo", "photographer", 1.0),
                     ("rob", "Record", "singer", 1.0)]
    write_lineage(graph, g, ARTISTS, contributions)


@pytest.fixture
def community(graph):
    write_community(graph)
    return graph


@pytest.fixture
def run(cli_env, community):
    runner = CliRunner()

    def invoke(*args: str):
        return runner.invoke(main, list(args), env=cli_env, catch_exceptions=False)

    return invoke


def cents(statement):
    return {a["artist_id"]: a["cents"] for a in statement["artists"]}


def test_production_statement(community):
    s = payouts_db.production_statement(community, "Record")
    assert cents(s) == {"rob": 4500, "ana": 1688, "dee": 1687, "cal": 1125}
    assert [a["label"] for a in s["artists"]] == ["rob (Rob)", "ana (Ana)", "dee (Dee)", "cal (Cal)"]


def test_artist_statement(community):
    s = payouts_db.artist_statement(community, "ana")
    assert [(p["work_id"], p["fraction"], p["cents"]) for p in s["productions"]] == [
        ("Book", "11/24", 45833), ("Record", "3/16", 1688)]
    assert s["total"]["amount"] == "475.21"
    # Photo has Poem, Story, Book and Record derived from it; Book nothing
    assert [(w["work_id"], w["descendants"], w["fraction"]) for w in s["travelled"]] == [
        ("Photo", 4, "5/16"), ("Book", 0, "1/3")]


def test_artist_statement_errors(community):
    from lineage.errors import ArtistNotFound

    with pytest.raises(ArtistNotFound):
        payouts_db.artist_statement(community, "nobody")
    assert payouts_db.artist_statement(community, "zed")["productions"] == []


def test_plan_and_what_if(community):
    s = payouts_db.plan_statement(community, ["Story", "Photo"], amount="0.01")
    assert cents(s) == {"ana": 1, "dee": 0, "cal": 0}
    answer = payouts_db.what_if(community, [make_change("withdraw", "Poem")])
    assert [p["work_id"] for p in answer["productions"]] == ["Book"]
    cal = next(a for a in answer["productions"][0]["artists"] if a["artist_id"] == "cal")
    assert (cal["before_cents"], cal["after_cents"], cal["difference_cents"]) == (18750, 25000, 6250)
    # nothing written: the statement is as before
    assert cents(payouts_db.production_statement(community, "Book"))["cal"] == 18750


def test_credit_maps_from_the_graph(community):
    with community.session() as session:
        session.run("MATCH (:Work {id: $w})-[r:REMIXES]->(s:Work) SET r.credit_share = "
                    "CASE s.id WHEN 'Story' THEN 0.3 ELSE 0.2 END", w="Book").consume()
        session.run("MATCH (a:Artist)-[k:CONTRIBUTED]->(:Work {id: $w}) SET k.credit_share = "
                    "CASE a.id WHEN 'ana' THEN 0.4 ELSE 0.1 END", w="Book").consume()
    split = credit_split(community, "Book", policy=make_policy(maps=True))
    # Book's map: Ana 2/5, Ben 1/10, Story 3/10, Poem 1/5; the others by the rule:
    # Story: Cal 3/20, Photo 3/20; Poem: Photo 1/10, Old song 1/10; Photo 1/4: Dee 1/8, Ana 1/8
    assert {s["artist_id"]: s["fraction"] for s in split["shares"]} == {
        "ana": "21/40", "ben": "1/10", "cal": "3/20", "dee": "1/8"}


def test_cli_statement(run):
    result = run("statement", "ana")
    assert result.exit_code == 0, result.output
    assert "2 productions" in result.output and "475.21" in result.output and "11/24" in result.output
    rows = list(csv.DictReader(io.StringIO(run("statement", "ana", "--csv").output)))
    assert [r["amount"] for r in rows] == ["458.33", "16.88"]
    as_of = json.loads(run("statement", "ana", "--as-of", "2021-12-31", "--json").output)
    assert [p["work_id"] for p in as_of["productions"]] == ["Book"]


def test_cli_plan(run):
    result = run("plan", "Story", "Photo", "--amount", "100", "--json")
    assert result.exit_code == 0, result.output
    assert {a["artist_id"]: a["amount"] for a in json.loads(result.output)["artists"]} == {
        "ana": "37.50", "dee": "37.50", "cal": "25.00"}
    table = run("plan", "Story", "Photo", "--amount", "100")
    assert "planned production drawing on 2 works" in table.output


def test_cli_whatif(run):
    result = run("whatif", "--drop", "Story", "Photo", "--json")
    assert result.exit_code == 0, result.output
    answer = json.loads(result.output)
    assert sorted(p["work_id"] for p in answer["productions"]) == ["Book", "Record"]
    table = run("whatif", "--withdraw", "Poem").output
    assert "Book: 1 artist change" in table and "+62.50" in table


def test_cli_policy_options(run):
    result = run("credit", "Book", "--cap", "0.25", "--json")
    assert {s["artist_id"]: s["fraction"] for s in json.loads(result.output)["shares"]}["ana"] == "9/16"


@pytest.mark.parametrize("args, words", [
    (["statement", "nobody"], ["nobody"]),
    (["plan", "Story", "nope"], ["nope"]),
    (["plan", "Story", "--amount", "1.001"], ["amount"]),
    (["whatif"], ["change"]),
    (["whatif", "--drop", "Book", "Photo"], ["no remix link"]),
    (["whatif", "--set-keep", "Story", "2"], ["keep"]),
    (["statement", "ana", "--as-of", "2021-02-30"], []),
    (["credit", "Book", "--decay", "0"], []),
])
def test_cli_mistakes_are_one_line(run, args, words):
    result = run(*args)
    assert result.exit_code == 2, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: ") and "Traceback" not in result.output, result.stderr
    for word in words:
        assert word in lines[0]


@pytest.mark.slow  # loading the 14k rows takes about a minute on a loaded machine
def test_openideo_tie_through_the_database(graph, tmp_path, openideo):
    # The case, end to end: the data loaded, `lineage credit --amount` on a production
    load_dataset(graph, openideo, rejects_path=tmp_path / "rejects.csv", home=tmp_path)
    split = credit_split(graph, "1:grab_kids_attention_in_the_vegetable_aisle", amount="1000")
    got = {s["artist_id"]: s["cents"] for s in split["shares"]}
    assert got["eeaf32ae090b870583dd929bab1350c9"] == 16667 and got["c4b6b8771b65eb2b1f342d622d7ea6ff"] == 1666

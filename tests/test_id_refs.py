"""Every command and every page or API route taking an artist accepts their exact handle too, and an
unknown work or artist id names the nearest ones ("did you mean"), through the one resolver
(``lineage.api.resolve_work`` / ``resolve_artist``): the command line and the site alike."""

from __future__ import annotations

import networkx as nx
import pytest
from click.testing import CliRunner

from lineage.cli import main
from lineage_testgraphs import write_lineage
from web_helpers import make_app

pytestmark = pytest.mark.neo4j

# w-light (by hush_fern7) <- w-prod, a production with an amount; the artist's id is not their handle.
HANDLE, ARTIST_ID, MISTYPED_HANDLE = "hush_fern7", "a00007", "hush_fren7"
SUGGESTED_ARTIST = "did you mean hush_fern7 (id a00007)?"
MISTYPED_WORK, SUGGESTED_WORK = "w-ligt", "did you mean w-light ('Lightbulb')"


@pytest.fixture
def refs(graph):
    G = nx.DiGraph()
    G.add_node("w-light", title="Lightbulb", created_at="2020-01-01")
    G.add_node("w-prod", title="Lamp film", created_at="2020-02-01", status="production", amount="100.00")
    G.add_edge("w-prod", "w-light")
    write_lineage(graph, G, [{"id": ARTIST_ID, "handle": HANDLE, "name": "Elena Lindqvist"},
                             {"id": "a00008", "handle": "moth_reel8"}],
                  [(ARTIST_ID, "w-light", "creator", 1.0), ("a00008", "w-prod", "director", 1.0)])
    with graph.session() as s:
        s.run("CALL db.awaitIndexes(60)").consume()
    return graph


@pytest.fixture
def run(cli_env, refs):
    runner = CliRunner()

    def invoke(*args: str):
        return runner.invoke(main, list(args), env=cli_env, catch_exceptions=False)

    return invoke


def _refused(result, expected: str) -> None:
    assert result.exit_code == 2, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and expected in lines[0], result.stderr


# -- the command line ---------------------------------------------------------------------------
def test_statement_takes_a_handle_and_suggests(run):
    # Before: `lineage statement hush_fern7` said "no artist with id 'hush_fern7'".
    result = run("statement", HANDLE, "--json")
    assert result.exit_code == 0, result.output
    assert ARTIST_ID in result.output
    _refused(run("statement", MISTYPED_HANDLE), SUGGESTED_ARTIST)


def test_credit_explain_takes_a_handle_and_an_unknown_work_suggests(run):
    result = run("credit", "w-prod", "--explain", HANDLE, "--json")
    assert result.exit_code == 0, result.output
    assert ARTIST_ID in result.output
    _refused(run("credit", "w-prod", "--explain", MISTYPED_HANDLE), SUGGESTED_ARTIST)
    _refused(run("credit", MISTYPED_WORK), SUGGESTED_WORK)


@pytest.mark.parametrize("args", [("plan", "w-prod", MISTYPED_WORK), ("whatif", "--withdraw", MISTYPED_WORK),
                                  ("whatif", "--drop", "w-prod", MISTYPED_WORK),
                                  ("render", MISTYPED_WORK, "-o", "-")])
def test_unknown_work_ids_suggest(run, args):
    _refused(run(*args), SUGGESTED_WORK)


# -- the site -------------------------------------------------------------------------------------
@pytest.fixture
def client(refs, neo4j_settings):
    return make_app(neo4j_settings).test_client()


@pytest.mark.parametrize("path", [f"/api/artists/{HANDLE}", f"/api/artists/{HANDLE}/influence",
                                  f"/api/artists/{HANDLE}/statement", f"/artists/{HANDLE}",
                                  f"/artists/{HANDLE}/statement", f"/artists/{HANDLE}/statement.csv",
                                  f"/artists/{HANDLE}/graph.json"])
def test_site_artist_routes_take_a_handle(client, path):
    response = client.get(path)
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    if path.startswith("/api/artists/") and path.count("/") == 3:
        assert response.get_json()["artist"]["id"] == ARTIST_ID


@pytest.mark.parametrize("path", [f"/api/artists/{MISTYPED_HANDLE}", f"/api/artists/{MISTYPED_HANDLE}/influence",
                                  f"/api/artists/{MISTYPED_HANDLE}/statement"])
def test_site_unknown_artist_suggests(client, path):
    response = client.get(path)
    assert response.status_code == 404
    assert SUGGESTED_ARTIST in response.get_json()["error"]["message"]


@pytest.mark.parametrize("path", [f"/api/works/{MISTYPED_WORK}", f"/api/works/{MISTYPED_WORK}/lineage",
                                  f"/api/works/{MISTYPED_WORK}/credit",
                                  f"/api/productions/{MISTYPED_WORK}/statement",
                                  f"/api/plan?work={MISTYPED_WORK}", f"/api/whatif?withdraw={MISTYPED_WORK}"])
def test_site_unknown_work_suggests(client, path):
    response = client.get(path)
    assert response.status_code == 404
    assert SUGGESTED_WORK in response.get_json()["error"]["message"]


@pytest.mark.parametrize("path", [f"/works/{MISTYPED_WORK}", f"/artists/{MISTYPED_HANDLE}",
                                  f"/productions/{MISTYPED_WORK}", f"/works/{MISTYPED_WORK}/graph.json"])
def test_site_pages_say_did_you_mean(client, path):
    response = client.get(path)
    assert response.status_code == 404
    body = response.get_data(as_text=True)
    assert "did you mean" in body

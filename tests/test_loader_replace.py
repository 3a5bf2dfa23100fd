"""``lineage load --replace``: the graph made equal to the dataset, after a confirmation (issue 11)."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from lineage.cli import main
from conftest import wipe
from test_loader_load import CLEAN, checksum, write_dataset

pytestmark = pytest.mark.neo4j

# v2 of CLEAN: w3 and artist a2 are gone (with a2's contribution and rating, w3's contribution and remix),
# the remix w2 -> w1 is gone, w4 is new and remixes w1, and a3 contributes to w4.
V2 = {
    "artists.csv": "artist_id,handle,name,joined_at\na1,ann,Ann,2010-01-01\na3,cy,Cy,\n",
    "works.csv": ("work_id,title,medium,created_at,status,license,url,tags,views\n"
                  "w1,One,music,2010-01-01,,CC0,,x;y,3\n"
                  "w2,Two,video,2010-02-01,,,http://e.org/2,,4\n"
                  "w4,Four,music,2010-04-01,,,,,\n"),
    "contributions.csv": "work_id,artist_id,role,weight\nw1,a1,,\nw4,a3,,\n",
    "remixes.csv": "work_id,source_id,kind,weight\nw4,w1,,\n",
    "ratings.csv": "artist_id,work_id,stars,rated_at\n",
}


def run(env, *args, input=None):
    return CliRunner().invoke(main, list(args), env=env, input=input)


def test_replace_removes_what_the_dataset_no_longer_holds_after_asking(graph, cli_env, tmp_path):
    v2 = write_dataset(tmp_path / "v2", V2)
    assert run(cli_env, "load", str(v2)).exit_code == 0
    alone = checksum(graph)  # the graph a load of v2 into an empty database makes
    wipe(graph)
    assert run(cli_env, "load", str(write_dataset(tmp_path / "v1", CLEAN))).exit_code == 0

    declined = run(cli_env, "load", str(v2), "--replace", input="n\n")
    assert declined.exit_code == 0, declined.output
    question = "--replace: the graph holds 1 works, 1 artists and 5 relationships (4 of them on those works " \
               "and artists) that v2 does not; remove them?"
    assert question in declined.output, declined.output
    assert "--replace: nothing removed (not confirmed)" in declined.output
    assert graph.read_text("MATCH (w:Work {id: 'w3'}) RETURN count(w) AS n") == [{"n": 1}]

    report = tmp_path / "report.json"
    done = run(cli_env, "load", str(v2), "--replace", "--report", str(report), input="y\n")
    assert done.exit_code == 0, done.output
    assert question in done.output
    assert "removed (--replace: not in the dataset): 1 works, 1 artists, 5 relationships" in done.output
    assert json.loads(report.read_text())["removed"] == {"works": 1, "artists": 1, "relationships": 5}
    assert checksum(graph) == alone
    assert "every row accounted for" in done.output


def test_replace_yes_asks_nothing_and_a_reference_outside_the_dataset_is_rejected(graph, cli_env, tmp_path):
    assert run(cli_env, "load", str(write_dataset(tmp_path / "v1", CLEAN))).exit_code == 0
    v2 = dict(V2, **{"contributions.csv": "work_id,artist_id,role,weight\nw1,a1,,\nw4,a3,,\nw3,a1,,\n"})
    done = run(cli_env, "load", str(write_dataset(tmp_path / "v2", v2)), "--replace", "--yes")
    assert done.exit_code == 0, done.output
    assert "remove them?" not in done.output
    # w3 is in the graph but not in the dataset: as into an empty database, its contribution is refused
    assert "unknown_work 1" in done.output
    assert graph.read_text("MATCH (w:Work) RETURN w.id AS id ORDER BY id") == [
        {"id": "w1"}, {"id": "w2"}, {"id": "w4"}]
    again = run(cli_env, "load", str(write_dataset(tmp_path / "v2", v2)), "--replace")
    assert "removed (--replace: not in the dataset): 0 works, 0 artists, 0 relationships" in again.output


def test_yes_without_replace_and_replace_with_bulk_are_refused(cli_env, tmp_path):
    folder = write_dataset(tmp_path / "d", CLEAN)
    for args, words in ((["--yes"], "--yes goes with --replace"),
                        (["--replace", "--bulk"], "--replace and --bulk do not go together")):
        result = run(cli_env, "load", str(folder), *args)
        assert result.exit_code == 2 and words in result.output, result.output

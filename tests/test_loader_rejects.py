"""Every reason the loader rejects a row, on the hand-made dataset tests/data/loader/faults.

The expected outcome of every row is written out below by hand, line by line.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from graph_loader.dataset import open_dataset
from graph_loader.loader import default_rejects_path, load_dataset
from lineage.cli import main

DATA = Path(__file__).parent / "data" / "loader"
FAULTS = DATA / "faults"

# (file, line) -> reason, for every row that must be rejected.
EXPECTED_REJECTS = {
    ("artists.csv", 4): "missing_field",        # no handle
    ("artists.csv", 5): "bad_date",             # month 13
    ("artists.csv", 7): "conflicting_id",       # a2 again, another handle
    ("works.csv", 5): "bad_medium",             # podcast
    ("works.csv", 6): "bad_status",             # lost
    ("works.csv", 7): "missing_field",          # no title
    ("works.csv", 8): "bad_date",               # 30 February
    ("works.csv", 10): "conflicting_id",        # w2 again, another title
    ("works.csv", 11): "wrong_field_count",     # three fields
    ("contributions.csv", 5): "unknown_artist",  # a9
    ("contributions.csv", 6): "unknown_work",   # w99
    ("contributions.csv", 7): "bad_number",     # abc
    ("contributions.csv", 8): "bad_number",     # -1
    ("contributions.csv", 10): "conflicting_id",  # w1/a2/producer again, weight 3
    ("contributions.csv", 11): "unknown_work",  # w7, whose row was rejected
    ("contributions.csv", 12): "missing_field",  # no work_id
    ("remixes.csv", 4): "self_remix",
    ("remixes.csv", 5): "unknown_work",         # w99
    ("remixes.csv", 6): "conflicting_id",       # w2 -> w1 again as a sample
    ("remixes.csv", 10): "remix_cycle",         # w9 -> w11 -> w10 -> w9
    ("remixes.csv", 11): "remix_cycle",         # the same edge again
    ("remixes.csv", 12): "bad_kind",            # mashup
    ("remixes.csv", 13): "bad_number",          # weight 0
    ("ratings.csv", 4): "bad_stars",            # 6
    ("ratings.csv", 5): "missing_field",        # no stars
    ("ratings.csv", 6): "bad_stars",            # x
    ("ratings.csv", 7): "unknown_artist",       # a9
    ("ratings.csv", 9): "conflicting_id",       # a1/w2 again, 4 stars
    ("ratings.csv", 10): "bad_date",            # 2010-13-13
}
# file -> (read, loaded, duplicates, rejected)
EXPECTED_COUNTS = {
    "artists.csv": (7, 3, 1, 3),
    "works.csv": (14, 7, 1, 6),
    "contributions.csv": (12, 4, 1, 7),
    "remixes.csv": (13, 5, 1, 7),
    "ratings.csv": (9, 2, 1, 6),
}


def read_rejects(path: Path) -> list[dict]:
    with open(path, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture
def loaded(graph, tmp_path):
    rejects = tmp_path / "rejects.csv"
    summary = load_dataset(graph, FAULTS, rejects_path=rejects, home=tmp_path / "home")
    return summary, read_rejects(rejects)


class TestEveryReason:
    def test_exactly_the_expected_rows_are_rejected(self, loaded):
        _, rejects = loaded
        assert {(r["file"], int(r["line"])): r["reason"] for r in rejects} == EXPECTED_REJECTS
        assert len(rejects) == len(EXPECTED_REJECTS)

    def test_counts_per_file_add_up(self, loaded):
        summary, _ = loaded
        counts = {p.file: (p.read, p.loaded, p.duplicates, p.rejected) for p in summary.parts if p.present}
        assert counts == EXPECTED_COUNTS
        assert all(p.read == p.loaded + p.duplicates + p.rejected for p in summary.parts)
        assert summary.temporal_anomalies == 1  # w3 (2009-12-01) covers w1 (2010-01-01)

    def test_rejects_hold_the_raw_row_and_a_message(self, loaded):
        _, rejects = loaded
        by_place = {(r["file"], int(r["line"])): r for r in rejects}
        assert by_place[("works.csv", 8)]["raw"] == "w7,Bad date,music,2010-02-30,,,,,"
        assert by_place[("works.csv", 8)]["message"].startswith("created_at '2010-02-30' is not a valid date")
        assert by_place[("works.csv", 11)]["raw"] == "w8,Short row,music"
        assert by_place[("contributions.csv", 11)]["message"] == (
            "work_id 'w7' names a work that is neither in works.csv nor in the graph "
            "(its row at line 8 was rejected: bad_date)"
        )
        assert "first at line 3" in by_place[("artists.csv", 7)]["message"]
        cycle = by_place[("remixes.csv", 10)]
        assert "would close the cycle w9 -> w11 -> w10 -> w9" in cycle["message"]
        assert cycle["raw"] == "w9,w11,,"
        assert "repeats the remix at line 10" in by_place[("remixes.csv", 11)]["message"]
        assert "cannot remix itself" in by_place[("remixes.csv", 4)]["message"]

    def test_the_graph_holds_exactly_the_loaded_rows(self, loaded, graph):
        works = {r["id"]: r for r in graph.read_text("MATCH (w:Work) RETURN w.id AS id, properties(w) AS p")}
        assert set(works) == {"w1", "w2", "w3", "w9", "w10", "w11", "w12"}
        w1 = works["w1"]["p"]
        assert (w1["title"], w1["medium"], w1["created_at"], w1["status"], w1["license"], w1["tags"], w1["views"]) == (
            "First song", "music", "2010-01-01", "published", "CC-BY", ["pop", "rock"], 10)
        assert "url" not in w1
        assert works["w2"]["p"]["title"] == "Second"  # the first of the conflicting rows stands
        assert works["w11"]["p"]["title"] == "Cycle C, with a comma\nand a new line"
        assert works["w12"]["p"]["medium"] == "other" and "created_at" not in works["w12"]["p"]
        artists = {r["id"]: r["p"] for r in graph.read_text("MATCH (a:Artist) RETURN a.id AS id, properties(a) AS p")}
        assert set(artists) == {"a1", "a2", "a5"}
        assert artists["a5"] == {"id": "a5", "handle": "eve", "name": "Eve, the second",
                                 "joined_at": "2011-05-05T08:00:00+00:00"}
        contributions = graph.read_text(
            "MATCH (a:Artist)-[c:CONTRIBUTED]->(w:Work) RETURN a.id AS a, w.id AS w, c.role AS role, c.weight AS weight "
            "ORDER BY a, w, role")
        assert [tuple(r.values()) for r in contributions] == [
            ("a1", "w1", "creator", 1.0), ("a1", "w2", "creator", 1.0), ("a2", "w1", "producer", 2.5),
            ("a5", "w3", "creator", 1.0)]
        remixes = graph.read_text(
            "MATCH (d:Work)-[r:REMIXES]->(s:Work) RETURN d.id AS d, s.id AS s, r.kind AS kind, "
            "r.temporal_anomaly AS anomaly ORDER BY d, s")
        assert [tuple(r.values()) for r in remixes] == [
            ("w10", "w9", "remix", False), ("w11", "w10", "remix", False), ("w12", "w9", "remix", False),
            ("w2", "w1", "remix", False), ("w3", "w1", "cover", True)]
        ratings = graph.read_text(
            "MATCH (a:Artist)-[r:RATED]->(w:Work) RETURN a.id AS a, w.id AS w, r.stars AS stars, r.rated_at AS at "
            "ORDER BY a, w")
        assert [tuple(r.values()) for r in ratings] == [("a1", "w2", 5, "2010-03-01"), ("a2", "w1", 4, None)]


def test_json_lines_dataset(graph, tmp_path):
    rejects = tmp_path / "rejects.csv"
    summary = load_dataset(graph, DATA / "faults.jsonl", rejects_path=rejects, home=tmp_path)
    counts = {p.kind: (p.read, p.loaded, p.duplicates, p.rejected) for p in summary.parts}
    assert counts == {
        "artists": (1, 1, 0, 0), "works": (4, 3, 0, 1), "contributions": (1, 1, 0, 0),
        "remixes": (2, 1, 0, 1), "ratings": (2, 1, 0, 1), "untyped": (3, 0, 0, 3),
    }
    assert {(int(r["line"]), r["reason"]) for r in read_rejects(rejects)} == {
        (3, "bad_value"), (4, "invalid_json"), (5, "unknown_type"), (6, "invalid_json"),
        (11, "bad_stars"), (12, "remix_cycle"),
    }
    assert summary.temporal_anomalies == 1
    works = {r["id"]: r["tags"] for r in graph.read_text("MATCH (w:Work) RETURN w.id AS id, w.tags AS tags")}
    assert works == {"w1": ["a", "b"], "w3": [], "17": []}
    assert graph.read_text("MATCH (w:Work {id: 'w1'}) RETURN w.views AS v") == [{"v": 12}]


def test_command_line_summary_and_report(graph, cli_env, tmp_path):
    report = tmp_path / "report.json"
    result = CliRunner().invoke(main, ["load", str(FAULTS), "--report", str(report), "--batch-size", "2"],
                                env=cli_env)
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].startswith("Loaded: faults (folder: ")
    assert "remixes.csv              13         5           1         7" in lines
    assert "every row accounted for: read = loaded + duplicates + rejected in every file" in lines
    assert "temporal anomalies: 1 remixes dated before their source (loaded, marked temporal_anomaly=true)" in lines
    assert len(lines) < 25  # one screen
    data = json.loads(report.read_text())
    assert data["totals"] == {"read": 55, "loaded": 21, "duplicates": 5, "rejected": 29}
    assert data["balanced"] is True and data["written"] is True
    assert data["cycles_refused"] == ["w9 -> w11 -> w10 -> w9"]
    default_rejects = default_rejects_path(Path(cli_env["LINEAGE_HOME"]), open_dataset(FAULTS))
    assert data["rejects_file"] == str(default_rejects)
    assert len(read_rejects(default_rejects)) == 29

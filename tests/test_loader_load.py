"""Loading end to end against the real Neo4j: reloads, changes, --strict, malformed files, round trip."""

from __future__ import annotations

import csv
import hashlib
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from graph_loader import loader
from graph_loader.dataset import open_dataset
from graph_loader.generate import generate
from graph_loader.loader import load_dataset
from lineage.cli import main
from lineage.errors import DatasetError

DATA = Path(__file__).parent / "data" / "loader"
FAULTS = DATA / "faults"

CLEAN = {
    "artists.csv": "artist_id,handle,name,joined_at\na1,ann,Ann,2010-01-01\na2,bob,Bob,\n",
    "works.csv": ("work_id,title,medium,created_at,status,license,url,tags,views\n"
                  "w1,One,music,2010-01-01,,CC0,,x;y,3\n"
                  "w2,Two,video,2010-02-01,,,http://e.org/2,,4\n"
                  "w3,Three,writing,2010-03-01,draft,,,z,\n"),
    "contributions.csv": "work_id,artist_id,role,weight\nw1,a1,,\nw2,a2,editor,2\nw3,a1,,\n",
    "remixes.csv": "work_id,source_id,kind,weight\nw2,w1,,\nw3,w2,sample,0.5\n",
    "ratings.csv": "artist_id,work_id,stars,rated_at\na2,w1,5,2010-05-01\n",
}


def write_dataset(folder: Path, files: dict[str, str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def checksum(graph) -> str:
    """A digest of every node and relationship with all their properties (independent of the loader)."""
    nodes = graph.read_text("MATCH (n) RETURN labels(n) AS l, properties(n) AS p")
    rels = graph.read_text(
        "MATCH (a)-[r]->(b) RETURN a.id AS a, type(r) AS t, b.id AS b, properties(r) AS p")
    text = json.dumps(sorted(json.dumps(x, sort_keys=True) for x in nodes + rels))
    return hashlib.sha256(text.encode()).hexdigest()


def counts(graph) -> dict:
    return graph.read_one("stats")


def run(cli_env, *args):
    return CliRunner().invoke(main, list(args), env=cli_env)


class TestReload:
    def test_same_dataset_twice_leaves_the_same_graph(self, graph, tmp_path):
        first = load_dataset(graph, FAULTS, home=tmp_path)
        before = (counts(graph), checksum(graph))
        second = load_dataset(graph, FAULTS, home=tmp_path)
        assert (counts(graph), checksum(graph)) == before
        assert [p.as_dict() for p in second.parts] == [p.as_dict() for p in first.parts]
        assert first.created == {"nodes": 10, "relationships": 11}
        assert second.created == {"nodes": 0, "relationships": 0}
        assert second.changed == {}

    def test_a_changed_dataset_updates_what_it_changes(self, graph, tmp_path):
        folder = write_dataset(tmp_path / "d", CLEAN)
        load_dataset(graph, folder, home=tmp_path)
        changed = dict(CLEAN)
        changed["works.csv"] = ("work_id,title,medium,created_at,status,license,url,tags,views\n"
                                "w1,One (remastered),music,2010-01-01,,,,y,30\n"
                                "w2,Two,video,2009-01-01,,,http://e.org/2,,4\n"
                                "w3,Three,writing,2010-03-01,published,,,z,\n")
        changed["remixes.csv"] = "work_id,source_id,kind,weight\nw2,w1,cover,\nw3,w2,sample,0.5\n"
        changed["ratings.csv"] = "artist_id,work_id,stars,rated_at\na2,w1,3,\n"
        write_dataset(folder, changed)
        summary = load_dataset(graph, folder, home=tmp_path)
        assert summary.created == {"nodes": 0, "relationships": 0}
        w1 = graph.read_text("MATCH (w:Work {id: 'w1'}) RETURN properties(w) AS p")[0]["p"]
        assert w1 == {"id": "w1", "title": "One (remastered)", "medium": "music", "created_at": "2010-01-01",
                      "status": "published", "tags": ["y"], "views": 30}  # license emptied: removed
        assert graph.read_text("MATCH (w:Work {id: 'w3'}) RETURN w.status AS s") == [{"s": "published"}]
        remix = graph.read_text("MATCH (:Work {id: 'w2'})-[r:REMIXES]->(:Work {id: 'w1'}) RETURN properties(r) AS p")
        assert remix == [{"p": {"kind": "cover", "weight": 1.0, "temporal_anomaly": True}}]  # w2 now dated 2009
        assert graph.read_text("MATCH ()-[r:RATED]->() RETURN r.stars AS s, r.rated_at AS at") == [{"s": 3, "at": None}]
        assert counts(graph)["temporal_anomalies"] == 1

    def test_a_file_with_fewer_columns_changes_only_those(self, graph, tmp_path):
        folder = write_dataset(tmp_path / "d", CLEAN)
        load_dataset(graph, folder, home=tmp_path)
        everything = "MATCH (n) RETURN n.id AS id, properties(n) AS p ORDER BY id"
        before = {r["id"]: r["p"] for r in graph.read_text(everything)}
        rels = "MATCH (a)-[r]->(b) RETURN a.id + type(r) + b.id AS k, properties(r) AS p ORDER BY k"
        rels_before = graph.read_text(rels)
        fewer = write_dataset(tmp_path / "fewer", {
            "artists.csv": "artist_id,handle\na1,ann\na2,bobby\n",
            "works.csv": "work_id,title\nw1,One (remastered)\nw4,Four\n",
            "contributions.csv": "work_id,artist_id\nw1,a1\n",
            "remixes.csv": "work_id,source_id\nw3,w2\n",
            "ratings.csv": "artist_id,work_id,stars\na2,w1,5\n",
        })
        summary = load_dataset(graph, fewer, home=tmp_path)
        after = {r["id"]: r["p"] for r in graph.read_text(everything)}
        assert after["w1"] == {**before["w1"], "title": "One (remastered)"}  # license, tags, views… as they were
        assert after["a2"] == {**before["a2"], "handle": "bobby"}  # name, joined_at as they were
        assert {k: v for k, v in after.items() if k not in ("w1", "a2", "w4")} == \
            {k: v for k, v in before.items() if k not in ("w1", "a2")}
        assert after["w4"] == {"id": "w4", "title": "Four", "medium": "other", "status": "published", "tags": []}
        assert graph.read_text(rels) == rels_before  # weights, kinds, rated_at as they were
        assert summary.changed == {"artists": {"updated": 1, "properties": 1}, "works": {"updated": 1, "properties": 1}}
        assert "changed in what the graph held: 1 property of 1 artists, 1 property of 1 works" in summary.render()
        assert summary.created == {"nodes": 1, "relationships": 0}

    def test_a_json_line_without_a_key_leaves_that_property(self, graph, tmp_path):
        load_dataset(graph, write_dataset(tmp_path / "d", CLEAN), home=tmp_path)
        lines = tmp_path / "more.jsonl"
        lines.write_text("\n".join(json.dumps(x) for x in [
            {"type": "work", "work_id": "w2", "title": "Two", "license": "CC-BY"},
            {"type": "work", "work_id": "w3", "title": "Three", "status": "published"},
        ]) + "\n", encoding="utf-8")
        summary = load_dataset(graph, lines, home=tmp_path)
        w = {r["id"]: r["p"] for r in graph.read_text("MATCH (w:Work) WHERE w.id IN ['w2', 'w3'] "
                                                       "RETURN w.id AS id, properties(w) AS p")}
        assert w["w2"] == {"id": "w2", "title": "Two", "medium": "video", "created_at": "2010-02-01",
                           "status": "published", "url": "http://e.org/2", "tags": [], "views": 4,
                           "license": "CC-BY"}
        assert w["w3"]["status"] == "published" and w["w3"]["tags"] == ["z"] and w["w3"]["medium"] == "writing"
        assert summary.changed == {"works": {"updated": 2, "properties": 2}}

    def test_a_second_dataset_whose_ids_overlap_is_counted_honestly(self, graph, tmp_path, cli_env):
        """Issue 11: a dataset sharing ids with the graph said only "new in the graph: nodes N"; the works and
        artists it found (rewritten or left as they were) went unmentioned. Now each kind says created,
        updated (with the properties changed) and unchanged, and they add up to the rows written."""
        load_dataset(graph, write_dataset(tmp_path / "first", CLEAN), home=tmp_path)
        second = write_dataset(tmp_path / "second", {
            "artists.csv": "artist_id,handle,name,joined_at\na1,ann,Ann,2010-01-01\na3,cy,Cy,\n",
            "works.csv": ("work_id,title,medium,created_at,status,license,url,tags,views\n"
                          "w1,One (remastered),music,2010-01-01,,,,x;y,3\n"  # title and license change
                          "w2,Two,video,2010-02-01,,,http://e.org/2,,4\n"  # as the graph holds it
                          "w9,Nine,music,2011-01-01,,,,,\n"),
            "contributions.csv": "work_id,artist_id,role,weight\nw1,a1,,\nw9,a3,,\n",
            "remixes.csv": "work_id,source_id,kind,weight\nw9,w1,,\nw2,w1,,\n",
        })
        result = run(cli_env, "load", str(second), "--report", str(tmp_path / "report.json"))
        assert result.exit_code == 0, result.output
        outcome = json.loads((tmp_path / "report.json").read_text())["outcome"]
        assert outcome == {
            "artists": {"created": 1, "updated": 0, "properties": 0, "unchanged": 1},
            "works": {"created": 1, "updated": 1, "properties": 2, "unchanged": 1},
            "contributions": {"created": 1, "updated": 0, "properties": 0, "unchanged": 1},
            "remixes": {"created": 1, "updated": 0, "properties": 0, "unchanged": 1},
        }
        lines = result.output.splitlines()
        assert any(line.split() == ["works", "1", "1", "2", "1"] for line in lines), result.output
        assert "nodes: 2 created, 1 updated, 2 unchanged; relationships: 2 created, 0 updated, 2 unchanged" \
            in result.output
        assert "every row accounted for" in result.output  # the conservation law still stated and holding

    def test_metrics_written_by_others_survive_a_reload(self, graph, tmp_path):
        folder = write_dataset(tmp_path / "d", CLEAN)
        load_dataset(graph, folder, home=tmp_path)
        graph.write(lambda tx: tx.run("MATCH (w:Work {id: 'w1'}) SET w.pagerank = 0.5").consume())
        load_dataset(graph, folder, home=tmp_path)
        assert graph.read_text("MATCH (w:Work {id: 'w1'}) RETURN w.pagerank AS p") == [{"p": 0.5}]


class TestIncremental:
    def test_relationships_may_name_what_the_graph_already_holds(self, graph, tmp_path):
        load_dataset(graph, write_dataset(tmp_path / "base", CLEAN), home=tmp_path)
        more = {
            "artists.csv": "artist_id,handle\na3,cy\n",
            "works.csv": "work_id,title,created_at\nw4,Four,2011-01-01\n",
            "contributions.csv": "work_id,artist_id\nw4,a1\nw1,a3\nw4,a7\n",
            "remixes.csv": "work_id,source_id\nw4,w3\nw1,w3\nw4,w8\n",
            "ratings.csv": "artist_id,work_id,stars\na1,w3,4\n",
        }
        rejects = tmp_path / "r.csv"
        summary = load_dataset(graph, write_dataset(tmp_path / "more", more), rejects_path=rejects, home=tmp_path)
        with open(rejects, newline="") as handle:
            refused = {(r["file"], r["line"], r["reason"]): r["message"] for r in csv.DictReader(handle)}
        assert set(refused) == {("contributions.csv", "4", "unknown_artist"), ("remixes.csv", "3", "remix_cycle"),
                                ("remixes.csv", "4", "unknown_work")}
        # w1 -> w3 closes w1 -> w3 -> w2 -> w1 through the graph's own edges
        assert "would close the cycle w1 -> w3 -> w2 -> w1" in refused[("remixes.csv", "3", "remix_cycle")]
        assert summary.balanced
        assert counts(graph) == {"works": 4, "artists": 3, "contributions": 5, "remixes": 3, "ratings": 2,
                                 "temporal_anomalies": 0}


class TestStrict:
    def test_strict_writes_nothing_when_a_row_would_be_rejected(self, graph, cli_env, tmp_path):
        rejects = tmp_path / "r.csv"
        result = run(cli_env, "load", str(FAULTS), "--strict", "--rejects", str(rejects))
        assert result.exit_code == 2
        assert result.output.splitlines()[-1] == (
            f"Error: --strict: 29 rows would be rejected, so nothing was written (see {rejects})")
        assert "Checked (nothing written)" in result.output
        assert graph.read_text("MATCH (n) RETURN count(n) AS n") == [{"n": 0}]
        assert len(rejects.read_text().splitlines()) == 30  # the rejects are still there to read

    def test_strict_loads_a_clean_dataset(self, graph, cli_env, tmp_path):
        result = run(cli_env, "load", str(write_dataset(tmp_path / "d", CLEAN)), "--strict")
        assert result.exit_code == 0, result.output
        assert counts(graph)["works"] == 3


class TestMalformed:
    @pytest.fixture
    def before(self, graph, tmp_path):
        load_dataset(graph, write_dataset(tmp_path / "base", CLEAN), home=tmp_path)
        return checksum(graph)

    @pytest.mark.parametrize("name, content, message", [
        ("works.csv", "", "works.csv: empty file, no header row"),
        ("works.csv", "work_id,name\nw9,x\n", "works.csv: missing required column title"),
        ("ratings.csv", b"artist_id,work_id,stars\n" + "a1,w1,5\n".encode() * 3000 + "a\xe9,w1,5\n".encode("latin-1"),
         "ratings.csv: not UTF-8 text at line 3002"),
        ("remixes.csv", "work_id,source_id\n".encode("utf-16"), "remixes.csv: encoded as UTF-16/32"),
        ("notes.csv", "a,b\n", "notes.csv is not a dataset file"),
    ])
    def test_one_line_exit_2_and_nothing_written(self, graph, cli_env, tmp_path, before, name, content, message):
        folder = write_dataset(tmp_path / "bad", {**CLEAN, "works.csv": CLEAN["works.csv"].replace("w1,", "w1x,")})
        path = folder / name
        path.write_bytes(content if isinstance(content, bytes) else content.encode())
        result = run(cli_env, "load", str(folder))
        assert result.exit_code == 2
        assert len(result.output.strip().splitlines()) == 1, result.output
        assert message in result.output
        assert checksum(graph) == before

    def test_a_bad_byte_in_the_last_file_stops_the_load_before_any_write(self, graph, tmp_path, before):
        folder = write_dataset(tmp_path / "bad", {**CLEAN, "works.csv": CLEAN["works.csv"] + "w5,Five,,,,,,,\n"})
        (folder / "ratings.csv").write_bytes(b"artist_id,work_id,stars\na1,w1,5\n\xff\xfe,w1,5\n")
        with pytest.raises(DatasetError, match="ratings.csv: not UTF-8 text at line 3"):
            load_dataset(graph, folder, home=tmp_path)
        assert checksum(graph) == before  # w5, read before the bad byte, was not written

    def test_unknown_file_type(self, graph, cli_env, tmp_path):
        (tmp_path / "data.xlsx").write_bytes(b"PK\x05\x06" + b"\0" * 18)
        result = run(cli_env, "load", str(tmp_path / "data.xlsx"))
        assert result.exit_code == 2
        assert result.output.startswith(f"Error: {tmp_path / 'data.xlsx'}: unknown file type")

    def test_database_down_is_one_line_and_exit_2(self, tmp_path):
        from lineage.localdb.manager import free_port
        env = {"NEO4J_URI": f"bolt://127.0.0.1:{free_port()}", "LINEAGE_HOME": str(tmp_path)}
        result = run(env, "load", str(write_dataset(tmp_path / "d", CLEAN)))
        assert result.exit_code == 2
        assert len(result.output.strip().splitlines()) == 1
        assert "is not answering" in result.output
        result = run(env, "stats")
        assert result.exit_code == 2 and "is not answering" in result.output


class TestRoundTrip:
    def test_generated_dataset_loads_whole(self, graph, cli_env, tmp_path):
        out = tmp_path / "gen"
        generate(out, works=400, artists=80, seed=5)
        rows = {}
        for name in ("works", "artists", "contributions", "remixes", "ratings"):
            with open(out / f"{name}.csv", newline="", encoding="utf-8") as handle:
                rows[name] = sum(1 for _ in csv.DictReader(handle))
        result = run(cli_env, "load", str(out), "--batch-size", "97")
        assert result.exit_code == 0, result.output
        stats = run(cli_env, "stats", "--json")
        assert stats.exit_code == 0
        assert json.loads(stats.output) == {**rows, "temporal_anomalies": 0}

    def test_stats_counts_the_faults_dataset(self, graph, cli_env, tmp_path):
        load_dataset(graph, FAULTS, home=tmp_path)
        result = run(cli_env, "stats", "--json")
        assert json.loads(result.output) == {"works": 7, "artists": 3, "contributions": 4, "remixes": 5,
                                             "ratings": 2, "temporal_anomalies": 1}
        table = run(cli_env, "stats").output.splitlines()
        assert table[2].split() == ["works", "7"] and table[-1].split() == ["temporal", "anomalies", "1"]

    def test_zip_and_folder_load_the_same_graph(self, graph, tmp_path):
        import zipfile
        load_dataset(graph, FAULTS, home=tmp_path)
        from_folder = checksum(graph)
        graph.write(lambda tx: tx.run("MATCH (n) DETACH DELETE n").consume())
        archive = tmp_path / "faults.zip"
        with zipfile.ZipFile(archive, "w") as z:
            for path in FAULTS.iterdir():
                z.write(path, f"faults/{path.name}")
        load_dataset(graph, archive, home=tmp_path)
        assert checksum(graph) == from_folder


def test_help_texts(cli_env):
    for command, words in (("load", "rejects file"), ("stats", "ratings and temporal")):
        result = run(cli_env, command, "--help")
        assert result.exit_code == 0 and words in result.output


# How a load writes: a writer process beside the checker, or (--strict, and any dataset of at most
# IN_PROCESS_BYTES) every row checked first, then written by the loader itself.
MODES = {"writer process": ({"IN_PROCESS_BYTES": -1}, False), "in process": ({}, False), "strict": ({}, True)}


class TestModes:
    def test_every_way_of_writing_makes_the_same_graph(self, graph, tmp_path, monkeypatch):
        folder = write_dataset(tmp_path / "d", CLEAN)
        graphs = {}
        for mode, (limits, strict) in MODES.items():
            with monkeypatch.context() as patch:
                for name, value in limits.items():
                    patch.setattr(loader, name, value)
                summary = load_dataset(graph, folder, home=tmp_path, strict=strict, batch_size=2)
            assert summary.written, mode
            # The summary's time line says the checking and the writing overlapped only where they did.
            assert summary.overlapped == (mode == "writer process"), mode
            assert ("the two overlapping" in summary.render()) == (mode == "writer process"), mode
            graphs[mode] = checksum(graph)
            graph.write(lambda tx: tx.run("MATCH (n) DETACH DELETE n").consume())
        assert len(set(graphs.values())) == 1, graphs

    def test_a_small_dataset_is_written_without_a_writer_process(self, graph, tmp_path, monkeypatch):
        folder = write_dataset(tmp_path / "d", CLEAN)

        def no_process(*args, **kwargs):
            raise AssertionError("a writer process was started")

        monkeypatch.setattr(loader, "WriterProcess", no_process)
        assert load_dataset(graph, folder, home=tmp_path).written
        dataset = open_dataset(folder)
        dataset.check()  # the files are found by the check
        assert dataset.size() > 0
        monkeypatch.setattr(loader, "IN_PROCESS_BYTES", dataset.size() - 1)
        with pytest.raises(AssertionError, match="a writer process was started"):
            load_dataset(graph, folder, home=tmp_path)

    @pytest.mark.parametrize("mode", list(MODES))
    def test_create_is_used_only_for_kinds_the_graph_lacks(self, graph, tmp_path, monkeypatch, mode):
        limits, strict = MODES[mode]
        for name, value in limits.items():
            monkeypatch.setattr(loader, name, value)
        folder = write_dataset(tmp_path / "d", CLEAN)
        first = load_dataset(graph, folder, home=tmp_path, strict=strict)
        assert first.statements == {kind: f"load_{kind}_new" for kind in
                                    ("artists", "works", "contributions", "remixes", "ratings")}
        before = checksum(graph)
        graph.write(lambda tx: tx.run("MATCH ()-[r:RATED]->() DELETE r").consume())
        again = load_dataset(graph, folder, home=tmp_path, strict=strict)
        assert again.statements == {"artists": "load_artists", "works": "load_works",
                                    "contributions": "load_contributions", "remixes": "load_remixes",
                                    "ratings": "load_ratings_new"}
        assert checksum(graph) == before

    def test_an_interrupted_load_is_recognised_when_run_again(self, graph, tmp_path):
        from graph_loader.loader import Journal, journal_path
        folder = write_dataset(tmp_path / "d", CLEAN)
        dataset = open_dataset(folder)
        journal = Journal(journal_path(tmp_path, dataset), dataset)
        journal.begin()
        journal.batch("works", 3)  # as a load killed while writing works leaves it
        summary = load_dataset(graph, folder, home=tmp_path)
        assert any(note.startswith("resumed: the load of this dataset started ") and
                   "stopped while writing works after 3 batches" in note for note in summary.notes), summary.notes
        assert load_dataset(graph, folder, home=tmp_path).notes == []  # finished now

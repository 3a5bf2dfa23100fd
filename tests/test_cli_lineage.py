"""The lineage commands through click, against the test session's Neo4j."""

from __future__ import annotations

import json
import zipfile

import networkx as nx
import pytest
from click.testing import CliRunner
from prov.model import ProvDocument

from lineage.cli import main

COMMANDS = ["ancestry", "descendants", "path", "common", "artist", "cypher", "export"]


@pytest.fixture
def run(cli_env):
    runner = CliRunner()

    def invoke(*args: str, input: str | None = None):
        return runner.invoke(main, list(args), env=cli_env, input=input, catch_exceptions=False)

    return invoke


def one_line_error(result, *words: str) -> None:
    assert result.exit_code == 2, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.stderr
    assert "Traceback" not in result.output
    for word in words:
        assert word in lines[0]


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help(command):
    result = CliRunner().invoke(main, [command, "--help"])
    assert result.exit_code == 0
    assert f"Usage: main {command}" in result.output or f"{command} [OPTIONS]" in result.output
    summary = result.output.split("\n\n")[1].strip()
    assert len(summary) > 20  # a sentence, not an empty docstring


def test_commands_are_listed_with_a_summary():
    listing = CliRunner().invoke(main, ["--help"]).output
    for command in COMMANDS:
        line = next(l for l in listing.splitlines() if l.strip().startswith(command + " "))
        assert len(line.split(None, 1)[1]) > 10


# -- the lineage commands ---------------------------------------------------------------------------
@pytest.mark.neo4j
class TestLineageCommands:
    def test_ancestry_table(self, fam, run):
        result = run("ancestry", "f")
        assert result.exit_code == 0
        assert "Ancestry of f ('Work f')" in result.stdout
        assert "4 works, 5 remixes among them; origins: o1, o2" in result.stdout
        table = result.stdout.split("\n\n", 1)[1].splitlines()
        assert table[0].split() == ["distance", "id", "title", "medium", "created_at", "origin"]
        rows = [l.split() for l in table[2:]]
        assert [(r[0], r[1]) for r in rows] == [("1", "m1"), ("1", "m2"), ("2", "o1"), ("2", "o2")]

    def test_ancestry_json(self, fam, run):
        out = json.loads(run("ancestry", "f", "--depth", "1", "--json").stdout)
        assert [n["id"] for n in out["nodes"]] == ["f", "m1", "m2"] and out["depth"] == 1

    def test_descendants_capped_says_so(self, fam, run):
        result = run("descendants", "o1", "--cap", "3")
        assert result.exit_code == 0
        # Both numbers leave the focus out (the cap counts it): 2 of o1's 5 descendants.
        assert "2 works, " in result.stdout and "showing the nearest 2 of 5 works (--cap 3 counts" in result.stdout

    def test_as_of(self, fam, run):
        out = json.loads(run("descendants", "f", "--as-of", "2019-06-15", "--json").stdout)
        assert [n["id"] for n in out["nodes"]] == ["f", "d1"] and out["as_of"] == "2019-06-15"

    def test_path(self, fam, run):
        result = run("path", "o2", "d2")
        assert result.exit_code == 0
        assert result.stdout.splitlines()[0] == "d2 derives from o2 through 3 remixes"
        out = json.loads(run("path", "o2", "d2", "--json").stdout)
        assert (out["derived"], out["source"], out["remixes"]) == ("d2", "o2", 3)
        assert [w["id"] for w in out["path"]] == ["d2", "f", "m2", "o2"]

    def test_not_derived(self, fam, run):
        result = run("path", "o1", "o2")
        assert result.exit_code == 0 and result.stdout.startswith("not derived")
        assert json.loads(run("path", "o1", "o2", "--json").stdout)["path"] is None

    def test_common(self, fam, run):
        result = run("common", "d2", "m2")
        assert result.exit_code == 0 and "2 works both d2 and m2 derive from" in result.stdout
        out = json.loads(run("common", "m1", "m2", "--json").stdout)
        assert [(w["id"], w["distance_a"], w["distance_b"]) for w in out["common"]] == [("o1", 1, 1)]
        assert "share no sources" in run("common", "o1", "x").stdout

    def test_artist(self, fam, run):
        result = run("artist", "alice")
        assert result.exit_code == 0
        assert "2 works; 2 derived directly, 4 in all; 2 downstream artists, 0 upstream, 1 collaborator" \
            in result.stdout
        for heading in ("Works", "Derived works", "Downstream artists", "Upstream artists", "Collaborators"):
            assert f"\n{heading}\n" in result.stdout
        out = json.loads(run("artist", "bob", "--json").stdout)
        assert [a["id"] for a in out["upstream_artists"]] == ["alice", "dave"]

    @pytest.mark.parametrize("args, what", [
        (["ancestry", "nope"], "nope"), (["descendants", "nope"], "nope"), (["path", "f", "nope"], "nope"),
        (["path", "nope", "f"], "nope"), (["common", "nope", "f"], "nope"), (["artist", "nobody"], "nobody"),
        (["export", "nope", "--format", "graphml"], "nope"),
    ])
    def test_unknown_ids(self, fam, run, args, what):
        one_line_error(run(*args), f"'{what}'")

    @pytest.mark.parametrize("args, words", [
        (["ancestry", "f", "--depth", "0"], ["--depth"]),
        (["ancestry", "f", "--depth", "abc"], ["--depth"]),
        (["ancestry", "f", "--cap", "0"], ["--cap"]),
        (["ancestry", "f", "--as-of", "2019-02-30"], ["as-of"]),
        (["descendants", "f", "--as-of", "soon"], ["as-of"]),
        (["ancestry", "f", "--as-of", "2019-01-01"], ["did not exist yet"]),
        (["common", "f", "d1", "--as-of", "2019-13-01"], ["as-of"]),
        (["artist", "alice", "--as-of", "01/02/2019"], ["as-of"]),
        (["export", "f", "--format", "xml"], ["--format"]),
        (["export", "f"], ["--format"]),
        (["export", "f", "--format", "csv"], ["-o"]),
        (["export", "f", "--format", "graphml", "--direction", "sideways"], ["--direction"]),
        (["cypher", "RETURN 1", "--timeout", "0"], ["--timeout"]),
        (["cypher", "RETURN 1", "--limit", "0"], ["--limit"]),
        (["cypher", "RETURN 1", "--param", "novalue"], ["name=value"]),
        (["ancestry"], ["WORK_ID"]),
    ])
    def test_bad_options(self, fam, run, args, words):
        result = run(*args)
        assert result.exit_code == 2 and "Traceback" not in result.output
        assert all(w in result.stderr for w in words), result.stderr


# -- cypher ------------------------------------------------------------------------------------------
@pytest.mark.neo4j
class TestCypherCommand:
    def test_table_with_parameters(self, fam, run):
        result = run("cypher", "MATCH (w:Work {id: $id})-[r:REMIXES]->(s) RETURN w, r, s.id AS source "
                               "ORDER BY source", "--param", "id=f")
        assert result.exit_code == 0
        lines = result.stdout.splitlines()
        assert lines[0].split() == ["w", "r", "source"]
        assert "(:Work {id: 'f'})" in lines[2] and "[:REMIXES]" in lines[2] and lines[2].endswith("m1")
        assert lines[-1].startswith("(2 rows;")

    def test_json_parameters_and_limit(self, fam, run):
        out = json.loads(run("cypher", "UNWIND $xs AS x RETURN x", "--param", "xs=[1, 2, 3]", "--limit", "2",
                             "--json").stdout)
        assert out["rows"] == [[1], [2]] and out["truncated"] is True and out["columns"] == ["x"]
        out = json.loads(run("cypher", "RETURN $id AS id", "--param", 'id="42"', "--json").stdout)
        assert out["rows"] == [["42"]]

    def test_query_from_stdin(self, fam, run):
        result = run("cypher", "-", "--json", input="MATCH (a:Artist) RETURN count(a) AS n")
        assert json.loads(result.stdout)["rows"] == [[5]]

    def test_writes_refused(self, fam, run):
        one_line_error(run("cypher", "MATCH (n) DETACH DELETE n"), "read-only")
        one_line_error(run("cypher", "LOAD CSV FROM 'file:///etc/passwd' AS l RETURN l"), "LOAD CSV")
        assert json.loads(run("cypher", "MATCH (n) RETURN count(n) AS n", "--json").stdout)["rows"] == [[13]]

    def test_timeout(self, fam, run):
        one_line_error(run("cypher", "UNWIND range(1, 100000) AS a UNWIND range(1, 100000) AS b "
                                     "RETURN count(*)", "--timeout", "1"), "timeout")

    def test_syntax_error(self, fam, run):
        one_line_error(run("cypher", "MATCH (n RETURN n"), "Invalid input")


# -- export ------------------------------------------------------------------------------------------
@pytest.mark.neo4j
class TestExportCommand:
    def test_prov_json_to_stdout_reads_back(self, fam, run):
        result = run("export", "f", "--format", "prov-json")
        assert result.exit_code == 0
        doc = ProvDocument.deserialize(content=result.stdout, format="json")
        assert len(list(doc.get_records())) == 7 + 4 + 8 + 6  # works, artists, remixes, contributions

    def test_graphml_file(self, fam, run, tmp_path):
        target = tmp_path / "f.graphml"
        result = run("export", "f", "--format", "graphml", "-o", str(target), "--direction", "up")
        assert result.exit_code == 0 and "wrote" in result.stderr
        G = nx.read_graphml(target)
        assert sorted(n for n in G if n.startswith("work:")) == ["work:f", "work:m1", "work:m2", "work:o1",
                                                                  "work:o2"]

    @pytest.mark.parametrize("args", [["--format", "csv-zip", "-o", "f.csv.zip"], ["--format", "csv", "-o", "f.zip"]])
    def test_csv_zip(self, fam, run, tmp_path, args):
        target = tmp_path / args[-1]
        assert run("export", "f", *args[:-1], str(target), "--depth", "1").exit_code == 0
        with zipfile.ZipFile(target) as archive:
            nodes = archive.read("nodes.csv").decode("utf-8").splitlines()
            assert nodes[0].startswith("node_id,type,id,title")
            assert len(nodes) == 1 + 5 + 3  # header, f m1 m2 d1 d2, alice bob carol

    def test_csv_is_one_csv_table(self, fam, run, tmp_path):
        """``--format csv -o x.csv`` wrote a zip under a .csv name (issue 11): now a CSV file, the table named."""
        target = tmp_path / "x.csv"
        result = run("export", "f", "--format", "csv", "--table", "edges", "-o", str(target), "--depth", "1")
        assert result.exit_code == 0 and "the edges table" in result.stderr
        lines = target.read_text(encoding="utf-8").splitlines()
        assert lines[0] == "source,target,type,kind,role,weight,temporal_anomaly" and not zipfile.is_zipfile(target)
        nodes = run("export", "f", "--format", "csv", "--table", "nodes", "--depth", "1").stdout.splitlines()
        assert nodes[0].startswith("node_id,type,id,title") and len(nodes) == 1 + 5 + 3

    def test_csv_without_a_table_says_which_to_choose(self, fam, run, tmp_path):
        one_line_error(run("export", "f", "--format", "csv", "-o", str(tmp_path / "x.csv")),
                       "--table nodes", "--table edges", "csv-zip")
        assert not (tmp_path / "x.csv").exists()

    def test_unwritable_output(self, fam, run, tmp_path):
        one_line_error(run("export", "f", "--format", "graphml", "-o", str(tmp_path / "no" / "such" / "x")),
                       "cannot write")


# -- settings that name no usable database (issue 11) -------------------------------------------------
@pytest.mark.parametrize("uri, words", [
    ("garbage", ("NEO4J_URI 'garbage' is not a Bolt address", "bolt://HOST:7687")),
    # the driver lists http, then fails importing aiohttp for its preview Query API
    ("http://localhost:7474", ("is not a Bolt address",)),
    ("bolt://127.0.0.1:notaport", ("cannot be reached",)),
])
def test_a_uri_that_is_no_bolt_address_is_one_line(uri, words, tmp_path):
    env = {"NEO4J_URI": uri, "NEO4J_PASSWORD": "whatever1", "LINEAGE_HOME": str(tmp_path / "home")}
    for command in (["stats"], ["ancestry", "w1"], ["cypher", "RETURN 1"]):
        one_line_error(CliRunner().invoke(main, command, env=env, catch_exceptions=False), *words)


@pytest.mark.neo4j
@pytest.mark.parametrize("command", [["stats"], ["ancestry", "w1"], ["top", "--by", "descendants"],
                                     ["search", "fern"], ["artist", "a1"], ["cypher", "RETURN 1"]])
def test_a_database_name_that_is_not_there_is_one_line(command, cli_env):
    env = {**cli_env, "NEO4J_DATABASE": "nosuchdb"}
    result = CliRunner().invoke(main, command, env=env, catch_exceptions=False)
    one_line_error(result, "has no such database", "nosuchdb", "NEO4J_DATABASE")

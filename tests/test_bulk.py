"""lineage load --bulk: Neo4j's offline importer, fed the rows the loader checked."""

from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path

from click.testing import CliRunner

from graph_loader import spool
from lineage.cli import main
from lineage.localdb import LocalNeo4j
from lineage.localdb.manager import free_port
from conftest import EXAMPLES

GRAPH_CHECKSUM = """
MATCH (w:Work) WITH collect(w.id + '|' + w.title + '|' + coalesce(w.created_at, '')) AS works
MATCH (d:Work)-[r:REMIXES]->(s:Work)
WITH works, collect(d.id + '>' + s.id + '|' + r.kind + '|' + toString(r.weight) + '|'
                    + toString(r.temporal_anomaly)) AS remixes
MATCH (a:Artist)-[c:CONTRIBUTED]->(w:Work)
RETURN works, remixes, collect(a.id + '>' + w.id + '|' + c.role + '|' + toString(c.weight)) AS contributions
"""


def _sorted(row: dict) -> dict:
    return {key: sorted(value) for key, value in row.items()}


def test_bulk_load_equals_online_load(graph, cli_env, tmp_path):
    runner = CliRunner()
    # The online loader into the session's database: the reference.
    online = runner.invoke(main, ["load", str(EXAMPLES), "--report", str(tmp_path / "online.json")], env=cli_env)
    assert online.exit_code == 0, online.output
    expected = _sorted(graph.read_text(GRAPH_CHECKSUM)[0])

    home = tmp_path / "bulk-home"
    env = {"LINEAGE_HOME": str(home), "NEO4J_URI": ""}
    local = LocalNeo4j(home)
    local.start(port=free_port())  # an empty database that is running: --bulk stops and restarts it
    try:
        # A file broken in its last line stops the load before the server is touched, and leaves nothing.
        broken = tmp_path / "broken"
        shutil.copytree(EXAMPLES, broken)
        with open(broken / "ratings.csv", "ab") as handle:
            handle.write(b"a000001,w000001,4,2011-01-01\xff\n")
        spools = set(Path(tempfile.gettempdir()).glob(f"{spool.PREFIX}*"))
        stopped = runner.invoke(main, ["load", "--bulk", str(broken)], env=env)
        assert stopped.exit_code == 2, stopped.output
        assert "ratings.csv" in stopped.output and "UTF-8" in stopped.output and "Traceback" not in stopped.output
        assert local.status().running
        assert set(Path(tempfile.gettempdir()).glob(f"{spool.PREFIX}*")) == spools

        bulk = runner.invoke(main, ["load", "--bulk", str(EXAMPLES), "--report", str(tmp_path / "bulk.json")],
                             env=env)
        assert bulk.exit_code == 0, bulk.output
        assert "neo4j-admin database import full" in bulk.output
        report = json.loads((tmp_path / "bulk.json").read_text())
        reference = json.loads((tmp_path / "online.json").read_text())
        for part in report["files"]:
            assert part["read"] == part["loaded"] + part["duplicates"] + part["rejected"]
        assert [(p["file"], p["loaded"], p["duplicates"], p["rejected"]) for p in report["files"]] == \
            [(p["file"], p["loaded"], p["duplicates"], p["rejected"]) for p in reference["files"]]
        # Issue 11: both say every row created (a fresh database), kind by kind.
        assert report["outcome"] == reference["outcome"] and report["outcome"]["works"]["created"] > 0
        assert "nodes: " in bulk.output and " created, 0 updated, 0 unchanged" in bulk.output

        from lineage.config import from_env
        from lineage.db import Graph

        with Graph.connect(from_env(env)) as bulk_graph:
            assert _sorted(bulk_graph.read_text(GRAPH_CHECKSUM)[0]) == expected
            # Queryable with its constraints and full-text indexes in place.
            names = {row["name"] for row in bulk_graph.read_text("SHOW INDEXES YIELD name RETURN name")}
            assert {"work_id", "artist_id", "search_work_words", "search_artist_words"} <= names

        again = runner.invoke(main, ["load", "--bulk", str(EXAMPLES)], env=env)
        assert again.exit_code == 2
        assert "needs an empty database" in again.output
    finally:
        local.stop()


def test_bulk_refuses_a_remote_server(cli_env):
    result = CliRunner().invoke(main, ["load", "--bulk", str(EXAMPLES)], env=cli_env)
    assert result.exit_code == 2
    assert "NEO4J_URI" in result.output and "Traceback" not in result.output

"""The database goes away under ``lineage load`` (issue 6, section 2, the loader's part).

A dedicated local Neo4j is SIGKILLed while a generated dataset is being
written; the load must stop with one line and exit code 2, and once Neo4j is
back the same command must say it resumed and leave the graph exactly as a
clean load leaves it (counts, and a checksum of ids and relationships,
compared with a clean load of the same files into the session's database).
Also: a server that is down, and one that refuses the password.
"""

from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from neo4j import GraphDatabase

from graph_loader.dataset import open_dataset
from graph_loader.loader import journal_path
from lineage.cli import main
from lineage.localdb import LocalNeo4j
from lineage.localdb.manager import free_port
from process_helpers import LINEAGE, clean_env

pytestmark = [pytest.mark.neo4j, pytest.mark.slow]

CHECKSUM = [
    "MATCH (a:Artist) RETURN 'artist ' + a.id AS item",
    "MATCH (w:Work) RETURN 'work ' + w.id AS item",
    "MATCH (a:Artist)-[c:CONTRIBUTED]->(w:Work) "
    "RETURN 'contributed ' + a.id + ' ' + w.id + ' ' + coalesce(c.role, '') + ' ' + toString(c.weight) AS item",
    "MATCH (w:Work)-[r:REMIXES]->(s:Work) "
    "RETURN 'remixes ' + w.id + ' ' + s.id + ' ' + coalesce(r.kind, '') + ' ' + toString(r.weight) AS item",
    "MATCH (a:Artist)-[r:RATED]->(w:Work) RETURN 'rated ' + a.id + ' ' + w.id + ' ' + toString(r.stars) AS item",
]


def fingerprint(session) -> tuple[dict, str]:
    """(count per kind of item, sha256 over every item sorted): the graph as ids and relationships."""
    counts, digest = {}, hashlib.sha256()
    for query in CHECKSUM:
        items = sorted(record["item"] for record in session.run(query))
        counts[query.split("'")[1].strip()] = len(items)
        for item in items:
            digest.update(item.encode() + b"\n")
    return counts, digest.hexdigest()


def one_line_error(output: str) -> str:
    output = output.strip()
    assert "Traceback" not in output, output
    assert len(output.splitlines()) == 1, output
    return output


# Large enough that a load in batches of 500 is killed with most of it unwritten (about 120 batches
# of works, artists and their relationships; the kill comes after the third), small enough to load
# three times in a minute or two (it was 40,000: 225 s for this test on a loaded machine).
WORKS = 10_000


@pytest.fixture(scope="module")
def community(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("community")
    result = CliRunner().invoke(main, ["generate", str(folder), "--works", str(WORKS), "--seed", "6"])
    assert result.exit_code == 0, result.output
    return folder


def test_kill_neo4j_mid_load_then_resume(community, graph, cli_env, tmp_path):
    # The reference: a clean load of the same files into the session's database.
    result = CliRunner().invoke(main, ["load", str(community)], env=cli_env)
    assert result.exit_code == 0, result.output
    with graph.session() as session:
        reference = fingerprint(session)
    assert reference[0]["work"] == WORKS and reference[0]["remixes"] > 0

    home = tmp_path / "home"
    local = LocalNeo4j(home)
    status, _ = local.start(port=free_port())
    try:
        env = clean_env(home)
        journal = journal_path(home, open_dataset(community))
        load = subprocess.Popen([LINEAGE, "load", str(community), "--batch-size", "500"], env=env,
                                stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        # Kill Neo4j once some batches are committed and the load is still writing.
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                state = json.loads(journal.read_text())
            except (OSError, ValueError):
                state = {}
            if state.get("state") == "writing" and state.get("batches", 0) >= 3:
                break
            assert load.poll() is None, f"the load ended before it could be killed: {load.stdout.read()}"
            time.sleep(0.02)
        else:
            pytest.fail("the load never started writing")
        with GraphDatabase.driver(status.uri, auth=local.auth) as driver, driver.session() as session:
            written = session.run("MATCH (n) RETURN count(n) AS n").single()["n"]
        assert 0 < written < sum(reference[0][k] for k in ("artist", "work"))  # really in the middle
        os.kill(local.status().pid, signal.SIGKILL)
        output, _ = load.communicate(timeout=180)
        assert load.returncode == 2, output
        line = one_line_error(output)
        assert "run the same command again" in line, line

        local.start(port=free_port())
        rerun = subprocess.run([LINEAGE, "load", str(community), "--report", str(tmp_path / "report.json")],
                               env=env, capture_output=True, text=True, timeout=600)
        assert rerun.returncode == 0, rerun.stdout + rerun.stderr
        report = json.loads((tmp_path / "report.json").read_text())
        assert any(note.startswith("resumed: the load of this dataset") for note in report["notes"]), report["notes"]
        assert "resumed:" in rerun.stdout
        assert report["balanced"]
        with GraphDatabase.driver(local.status().uri, auth=local.auth) as driver, driver.session() as session:
            assert fingerprint(session) == reference
        assert json.loads(journal.read_text())["state"] == "done"
    finally:
        local.stop()


def test_load_against_a_server_that_is_down(cli_env, tmp_path):
    closed = free_port()  # nothing listens there
    env = dict(cli_env, NEO4J_URI=f"bolt://127.0.0.1:{closed}")
    result = CliRunner().invoke(main, ["load", str(Path(__file__).parent / "data" / "bad" / "base")], env=env)
    assert result.exit_code == 2, result.output
    line = one_line_error(result.output)
    assert str(closed) in line, line


def test_load_with_a_wrong_password(tmp_path):
    home = tmp_path / "home"
    local = LocalNeo4j(home)
    status, _ = local.start(port=free_port(), password="the-right-one-42")
    try:
        env = clean_env(tmp_path / "client", NEO4J_URI=status.uri, NEO4J_USER="neo4j", NEO4J_PASSWORD="wrong-one")
        result = CliRunner().invoke(main, ["load", str(Path(__file__).parent / "data" / "bad" / "base")], env=env)
        assert result.exit_code == 2, result.output
        line = one_line_error(result.output)
        assert "password" in line.lower() or "authentic" in line.lower(), line
    finally:
        local.stop()

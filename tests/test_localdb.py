"""The local Neo4j: start, status, stop, and the errors a user can hit."""

from __future__ import annotations

import socket
import time
from dataclasses import replace

import pytest
from click.testing import CliRunner

from lineage.cli import main
from lineage.localdb import LocalNeo4j, manager
from lineage.localdb.manager import free_port


def run(*args, env=None):
    return CliRunner().invoke(main, list(args), env=env or {}, catch_exceptions=False)


@pytest.mark.neo4j  # a Neo4j of its own
def test_start_status_stop_cycle(tmp_path):
    home = tmp_path / "home"
    port = free_port()
    started = run("db", "start", "--home", str(home), "--port", str(port))
    assert started.exit_code == 0, started.output
    assert f"bolt://127.0.0.1:{port}" in started.output
    try:
        again = run("db", "start", "--home", str(home))
        assert again.exit_code == 0 and "already running" in again.output
        status = run("db", "status", "--home", str(home), "--json")
        assert status.exit_code == 0 and '"running": true' in status.output
        # The data persists under the home folder.
        assert (home / "data" / "databases").is_dir()
        # Its classes come from the class-data archive (a JVM that rejects an archive does not map it),
        # and it sends no usage report.
        pid = LocalNeo4j(home).status().pid
        archive = manager.class_archive(manager.build_launcher())
        assert archive.is_file() and str(archive) in open(f"/proc/{pid}/maps").read()
        assert "Anonymous Usage Data is being sent" not in (home / "logs" / "debug.log").read_text()
    finally:
        stopped = run("db", "stop", "--home", str(home))
    assert stopped.exit_code == 0 and "stopped" in stopped.output
    assert not LocalNeo4j(home).status().running
    again = run("db", "stop", "--home", str(home))
    assert again.exit_code == 0 and "not running" in again.output
    down = run("db", "status", "--home", str(home))
    assert down.exit_code == 3 and "not running" in down.output


def test_a_failed_class_archive_is_written_down_and_not_tried_again(tmp_path, monkeypatch):
    argfile = tmp_path / "java.args"
    argfile.write_text(f'-cp "{tmp_path / "no-such.jar"}"\n')  # the training server cannot start
    assert manager.make_class_archive(argfile, timeout=60) is None
    failed = manager.class_archive(argfile).with_suffix(".failed")
    assert "did not start" in failed.read_text()
    assert not list(tmp_path.glob("training-*"))  # its throw-away home is gone
    monkeypatch.setattr(manager, "_train", lambda *a: pytest.fail("trained a second time"))
    assert manager.make_class_archive(argfile) is None
    assert not any(a.startswith("-XX:SharedArchiveFile") for a in manager.java_command(argfile, tmp_path, 7999, True))


def test_a_first_start_says_what_it_does_once(tmp_path):
    # A cache of its own whose launcher cannot start: the first start trains, says so, and fails clearly.
    env = {"LINEAGE_CACHE": str(tmp_path / "cache")}
    folder = tmp_path / "cache" / manager.launcher_folder().name
    folder.mkdir(parents=True)
    (folder / "java.args").write_text(f'-cp "{tmp_path / "no-such.jar"}"\n')
    result = CliRunner().invoke(main, ["db", "start", "--home", str(tmp_path / "h"), "--port", str(free_port())],
                                env=env)
    assert result.exit_code == 2 and "Traceback" not in result.output, result.output
    said = [line for line in result.stderr.splitlines() if line.startswith("lineage: ")]
    assert said[:1] == ["lineage: preparing the local Neo4j's class archive (once per machine, about 30 s; "
                        "later starts are faster)"], result.stderr
    assert list(folder.glob("classes-*.failed"))  # the failed training is written down


def test_port_taken_is_a_clear_error(tmp_path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = run("db", "start", "--home", str(tmp_path / "h"), "--port", str(port))
    assert result.exit_code == 2
    assert f"port {port}" in result.output and "Traceback" not in result.output
    # The option to pass is that of the command that starts it, not of the command that was run.
    assert "taken by another process" in result.output and "lineage db start --port N" in result.output


@pytest.mark.neo4j
def test_port_taken_by_our_own_neo4j_of_another_home_says_so(neo4j_settings, tmp_path):
    from urllib.parse import urlsplit

    port = urlsplit(neo4j_settings.uri).port
    if urlsplit(neo4j_settings.uri).hostname != "127.0.0.1":
        pytest.skip(f"the test Neo4j ({neo4j_settings.uri}) is not a local one of this project")
    result = run("db", "start", "--home", str(tmp_path / "other"), "--port", str(port))
    assert result.exit_code == 2, result.output
    assert f"port {port} on 127.0.0.1 is taken by this project's local Neo4j of another home" in result.output
    assert "lineage db start --port N" in result.output


def test_locked_store_is_a_clear_error(neo4j_settings, tmp_path):
    # The session's Neo4j holds its home's store lock; a second launcher on the
    # same home, with the state file gone, must say so instead of crashing.
    home = neo4j_settings.home
    other = LocalNeo4j(home)
    state = other.state_file.read_text()
    other.state_file.unlink()
    try:
        result = run("db", "start", "--home", str(home), "--port", str(free_port()))
    finally:
        other.state_file.write_text(state)
    assert result.exit_code == 2
    assert "locked by another process" in result.output


@pytest.mark.neo4j  # a Neo4j of its own
def test_a_database_that_cannot_open_is_named_at_start(tmp_path):
    # The launcher says which databases came up; one that did not is named with Neo4j's reason.
    home = tmp_path / "home"
    local = LocalNeo4j(home)
    local.start(port=free_port())
    local.stop()
    assert manager.ALL_AVAILABLE in local.log_file.read_text()
    (home / "data" / "databases" / "neo4j" / "neostore").write_bytes(b"not a store")
    try:
        result = run("db", "start", "--home", str(home), "--port", str(free_port()))
        assert "unavailable=neo4j" in local.log_file.read_text()
    finally:
        local.stop()
    assert result.exit_code == 2, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and "neo4j is offline" in lines[0] and "Unable to start" in lines[0], result.output


def test_missing_java_is_a_clear_error(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))  # no java, no mvn
    result = run("db", "start", "--home", str(tmp_path / "h"), "--port", str(free_port()))
    assert result.exit_code == 2
    assert "Java 17" in result.output


@pytest.mark.neo4j  # a Neo4j of its own
def test_password_is_required_once_set(tmp_path):
    from lineage.config import from_env
    from lineage.db import Graph
    from lineage.errors import DatabaseUnavailable

    home = tmp_path / "secured"
    started = run("db", "start", "--home", str(home), "--port", str(free_port()), "--password", "s3cret-pw")
    assert started.exit_code == 0, started.output
    try:
        good = from_env({"LINEAGE_HOME": str(home), "NEO4J_PASSWORD": "s3cret-pw"})
        with Graph.connect(good) as graph:
            assert graph.read_text("RETURN 1 AS one") == [{"one": 1}]
        bad = from_env({"LINEAGE_HOME": str(home), "NEO4J_PASSWORD": "wrong"})
        try:
            Graph.connect(bad)
        except DatabaseUnavailable as err:
            assert "refused the user or password" in str(err)
        else:
            raise AssertionError("a wrong password was accepted")
    finally:
        run("db", "stop", "--home", str(home))


@pytest.mark.neo4j
def test_read_timeout_is_the_default_limit_of_every_read(neo4j_settings):
    from lineage.db import Graph, Neo4jError

    slow = "UNWIND range(1, 300000000) AS x WITH x WHERE x = -1 RETURN count(*) AS n"
    with Graph.connect(neo4j_settings, read_timeout=0.5) as graph:
        started = time.monotonic()
        with pytest.raises(Neo4jError) as caught:
            graph.read_text(slow)
        assert "TransactionTimedOut" in caught.value.code, caught.value.code
        assert time.monotonic() - started < 30
        assert graph.read_text("RETURN 1 AS one", timeout=30) == [{"one": 1}]


@pytest.mark.neo4j
def test_a_database_that_does_not_exist_is_one_line(neo4j_settings, cli_env):
    from lineage.db import Graph
    from lineage.errors import DatabaseUnavailable

    with Graph.connect(replace(neo4j_settings, database="nosuchdb")) as graph:
        with pytest.raises(DatabaseUnavailable, match="has no such database .*NEO4J_DATABASE"):
            graph.read_text("RETURN 1")
    result = CliRunner().invoke(main, ["stats"], env=dict(cli_env, NEO4J_DATABASE="nosuchdb"))
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output and "has no such database" in result.output


@pytest.mark.neo4j
@pytest.mark.slow  # two starts of a Neo4j of its own
def test_a_command_that_starts_the_local_neo4j_says_so_on_stderr(tmp_path):
    """Issue 11: a read command on a home with no running database started a JVM without a word."""
    home = tmp_path / "home"
    port = free_port()
    started = run("db", "start", "--home", str(home), "--port", str(port))
    assert started.exit_code == 0, started.output
    run("db", "stop", "--home", str(home))
    try:
        result = CliRunner().invoke(main, ["stats"], env={"LINEAGE_HOME": str(home)}, catch_exceptions=False)
        assert result.exit_code == 0, result.output
        assert f"note: started the local Neo4j of {home} at bolt://127.0.0.1:{port}" in result.stderr
        assert "lineage db stop stops it" in result.stderr
        assert "note:" not in result.stdout  # stdout stays the table
        again = CliRunner().invoke(main, ["stats"], env={"LINEAGE_HOME": str(home)}, catch_exceptions=False)
        assert "started the local Neo4j" not in again.stderr  # it was running: nothing to say
    finally:
        run("db", "stop", "--home", str(home))


@pytest.mark.neo4j
@pytest.mark.slow  # a Neo4j of its own, the example dataset loaded and its metrics computed
def test_demo_takes_the_port_of_its_database(tmp_path):
    """Issue 11: demo --port is the site's, so a machine already running a Neo4j on 7687 had no way round it."""
    home = tmp_path / "home"
    port = free_port()
    try:
        result = run("demo", "--no-serve", "--home", str(home), "--db-port", str(port))
        assert result.exit_code == 0, result.output
        assert f"bolt://127.0.0.1:{port}" in result.output
        assert LocalNeo4j(home).status().port == port
        assert "works" in result.output and "every row accounted for" in result.output
    finally:
        run("db", "stop", "--home", str(home))


def test_a_read_command_on_a_home_that_does_not_exist_is_an_error_not_a_new_graph(tmp_path):
    """Issue 11: ``lineage stats`` with a mistyped LINEAGE_HOME started a new, empty database there."""
    home = tmp_path / "typo"
    for args in (["stats"], ["top", "--by", "pagerank"], ["ancestry", "w1"], ["serve", "--port", "0"],
                 ["db", "reset", "--yes"]):
        result = CliRunner().invoke(main, args, env={"LINEAGE_HOME": str(home)})
        assert result.exit_code == 2, (args, result.output)
        line = result.output.strip()
        assert len(line.splitlines()) == 1 and "Traceback" not in line, line
        assert f"no database at {home}" in line and "lineage load" in line, line
    assert not home.exists()  # nothing made, no JVM started
    made = tmp_path / "made-but-empty"
    made.mkdir()  # a folder with no store in it is no database either
    result = CliRunner().invoke(main, ["stats", "--home", str(made)])
    assert result.exit_code == 2 and f"no database at {made}" in result.output, result.output
    assert not (made / "data").exists()

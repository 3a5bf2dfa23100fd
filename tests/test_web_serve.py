"""``lineage serve``: the site on waitress, as a person starts it."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import time
import urllib.error
import urllib.request

import pytest
from click.testing import CliRunner

from lineage.cli import main
from lineage.localdb.manager import free_port
from process_helpers import LINEAGE, stop
from web_helpers import load_sample


def test_serve_help():
    result = CliRunner().invoke(main, ["serve", "--help"])
    assert result.exit_code == 0
    assert "--host" in result.output and "--port" in result.output and "--threads" in result.output
    assert "--allowed-host" in result.output and "--connection-limit" in result.output


def test_serve_runs_the_site_on_waitress(graph, cli_env):
    load_sample(graph)
    env = {**os.environ, **cli_env, "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen([LINEAGE, "serve", "--port", "0", "--threads", "2", "--allowed-host", "Lineage.Test"],
                            env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        line = proc.stdout.readline()
        match = re.search(r"serving the Remix Lineage Explorer at (http://127\.0\.0\.1:(\d+)/)", line)
        assert match, line + proc.stderr.read() if proc.poll() is not None else line
        base = match.group(1)
        with urllib.request.urlopen(base, timeout=30) as response:
            assert response.status == 200
            assert response.headers["Server"] == "lineage"  # waitress, not the development server
            assert "Content-Security-Policy" in response.headers
            assert "Seed Song" in response.read().decode("utf-8")
        with urllib.request.urlopen(base + "api/works/w2", timeout=30) as response:
            assert b"Night Drive" in response.read()
        # The --allowed-host name is answered; another name is not (DNS rebinding).
        port = match.group(2)
        named = urllib.request.Request(base + "api/stats", headers={"Host": f"lineage.test:{port}"})
        with urllib.request.urlopen(named, timeout=30) as response:
            assert response.status == 200
        foreign = urllib.request.Request(base + "api/stats", headers={"Host": f"attacker.test:{port}"})
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(foreign, timeout=30)
        assert refused.value.code == 400
    finally:
        stop(proc)


def test_serve_with_neo4j_unreachable_is_one_line_and_exit_2(cli_env):
    env = {**cli_env, "NEO4J_URI": f"bolt://127.0.0.1:{free_port()}"}
    result = CliRunner().invoke(main, ["serve", "--port", "0"], env=env)
    assert result.exit_code == 2
    assert result.output.count("\n") == 1 and "not answering" in result.output


def test_serve_on_a_taken_port_is_one_line_and_exit_2(graph, cli_env):
    import socket

    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        start = time.monotonic()
        result = CliRunner().invoke(main, ["serve", "--port", str(port)], env=cli_env)
    assert result.exit_code == 2, result.output
    assert f"cannot listen on 127.0.0.1:{port}" in result.output
    assert time.monotonic() - start < 60


def test_serve_says_on_ctrl_c_that_the_local_database_still_runs(graph, neo4j_settings):
    """Issue 11: after Ctrl-C the site said nothing of the database it left running."""
    if os.environ.get("NEO4J_URI"):
        pytest.skip("the tests use the server of NEO4J_URI: there is no local Neo4j to leave running")
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEO4J_")}
    env.update(LINEAGE_HOME=str(neo4j_settings.home), PYTHONUNBUFFERED="1")
    proc = subprocess.Popen([LINEAGE, "serve", "--port", "0", "--threads", "1"], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        line = proc.stdout.readline()
        assert "serving the Remix Lineage Explorer" in line, line + (proc.stderr.read() if proc.poll() else "")
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=60)
    finally:
        stop(proc)
    assert f"the local Neo4j of {neo4j_settings.home} still runs (lineage db stop stops it)" in err
    assert "Traceback" not in err

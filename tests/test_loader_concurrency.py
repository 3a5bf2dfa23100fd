"""Loads at the same time, and a load killed (issue 17, sections 6 and 10).

Two ``lineage load`` processes are started together against the session's
Neo4j (a server at NEO4J_URI, so the lock in the graph is what serialises
them); a load is SIGKILLed while it writes, and the next load must find no
writer process of it alive and leave no spool folder behind.
"""

from __future__ import annotations

import csv
import json
import os
import shutil
import signal
import subprocess
import time
from pathlib import Path

import pytest

from graph_loader.generate import generate
from process_helpers import LINEAGE

pytestmark = pytest.mark.neo4j

REL_COUNTS = """
CALL () { MATCH ()-[c:CONTRIBUTED]->() RETURN count(c) AS contributions }
CALL () { MATCH ()-[r:REMIXES]->() RETURN count(r) AS remixes }
CALL () { MATCH ()-[r:RATED]->() RETURN count(r) AS ratings }
RETURN contributions, remixes, ratings
"""


def _rows(folder: Path, name: str) -> int:
    with open(folder / name, newline="", encoding="utf-8") as handle:
        return sum(1 for _ in csv.DictReader(handle))


def _env(cli_env: dict, tmp: Path) -> dict:
    tmp.mkdir(parents=True, exist_ok=True)
    # TMPDIR of the test's own: the spool folders looked at are only these loads' ones.
    return {**os.environ, **cli_env, "TMPDIR": str(tmp)}


def _start(env: dict, *args: str) -> subprocess.Popen:
    return subprocess.Popen([LINEAGE, "load", *args], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)


@pytest.fixture(scope="module")
def community(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("community") / "gen"
    generate(folder, works=3000, artists=600, seed=11)
    return folder


def _nodes_only(community: Path, folder: Path) -> Path:
    """The community's artists and works, with relationship files holding a header alone."""
    folder.mkdir(parents=True)
    for name in ("artists.csv", "works.csv"):
        shutil.copy(community / name, folder / name)
    for name in ("contributions.csv", "remixes.csv", "ratings.csv"):
        with open(community / name, encoding="utf-8") as handle:
            (folder / name).write_text(handle.readline(), encoding="utf-8")
    return folder


def test_two_loads_at_once_write_each_relationship_once(graph, cli_env, community, tmp_path):
    env = _env(cli_env, tmp_path / "tmp")
    first = subprocess.run([LINEAGE, "load", str(_nodes_only(community, tmp_path / "nodes"))], env=env,
                           capture_output=True, text=True, timeout=600)
    assert first.returncode == 0, first.stdout + first.stderr
    # The same relationship rows, from two folders of other names, loaded at once.
    copies = [shutil.copytree(community, tmp_path / name) for name in ("first-copy", "second-copy")]
    loads = [_start(env, str(copy)) for copy in copies]
    outputs = [load.communicate(timeout=600) for load in loads]
    for load, (out, err) in zip(loads, outputs):
        assert load.returncode == 0, out + err
        assert "every row accounted for" in out
    expected = {"contributions": _rows(community, "contributions.csv"), "remixes": _rows(community, "remixes.csv"),
                "ratings": _rows(community, "ratings.csv")}
    assert graph.read_text(REL_COUNTS)[0] == expected
    # Run again, both at once once more: still one of each.
    loads = [_start(env, str(copy)) for copy in copies]
    for load in loads:
        out, err = load.communicate(timeout=600)
        assert load.returncode == 0, out + err
    assert graph.read_text(REL_COUNTS)[0] == expected


def test_two_loads_of_datasets_of_one_folder_name_keep_their_rejects_apart(graph, cli_env, tmp_path):
    env = _env(cli_env, tmp_path / "tmp")
    reports, bad = [], {}
    loads = []
    for side in ("x", "y"):
        folder = tmp_path / side / "data"  # both called data
        folder.mkdir(parents=True)
        (folder / "artists.csv").write_text(f"artist_id,handle\n{side}1,{side}\n", encoding="utf-8")
        works = "".join(f"{side}w{i},T{i},{side}-bad-date-{i}\n" for i in range(400))
        (folder / "works.csv").write_text("work_id,title,created_at\n" + works, encoding="utf-8")
        (folder / "contributions.csv").write_text("work_id,artist_id\n", encoding="utf-8")
        (folder / "remixes.csv").write_text("work_id,source_id\n", encoding="utf-8")
        bad[side] = {f"{side}w{i},T{i},{side}-bad-date-{i}" for i in range(400)}
        reports.append(tmp_path / f"{side}.json")
        loads.append(_start(env, str(folder), "--report", str(reports[-1])))
    for load in loads:
        out, err = load.communicate(timeout=600)
        assert load.returncode == 0, out + err
    files = []
    for side, report in zip(("x", "y"), reports):
        rejects = Path(json.loads(report.read_text())["rejects_file"])
        files.append(rejects)
        with open(rejects, newline="", encoding="utf-8") as handle:
            raw = {row["raw"] for row in csv.DictReader(handle)}
        assert raw == bad[side], f"{rejects} holds rows of the other dataset"
    assert files[0] != files[1]
    assert not list(files[0].parent.glob("*.partial"))


def test_a_second_load_waits_for_the_first_and_says_so(graph, cli_env, tmp_path):
    from graph_loader.lock import graph_lock

    folder = tmp_path / "d"
    folder.mkdir()
    for name, text in {"artists.csv": "artist_id,handle\na1,ann\n", "works.csv": "work_id,title\nw1,One\n",
                       "contributions.csv": "work_id,artist_id\nw1,a1\n", "remixes.csv": "work_id,source_id\n"}.items():
        (folder / name).write_text(text, encoding="utf-8")
    env = _env(cli_env, tmp_path / "tmp")
    with graph_lock(graph, "a test holding the lock"):
        gave_up = subprocess.run([LINEAGE, "load", str(folder), "--wait", "1"], env=env, capture_output=True,
                                 text=True, timeout=120)
        assert gave_up.returncode == 2, gave_up.stdout + gave_up.stderr
        last = gave_up.stderr.strip().splitlines()[-1]
        assert "another load into" in last and "is still running after 1 s" in last, gave_up.stderr
        assert "a test holding the lock" in last  # who holds it
        assert "Traceback" not in gave_up.stderr
        waiting = _start(env, str(folder), "--wait", "120")
        deadline = time.monotonic() + 90
        while len(graph.read("load_lock_holder")) < 2 and time.monotonic() < deadline:  # it asks for the lock
            assert waiting.poll() is None, waiting.communicate()
            time.sleep(0.2)
        time.sleep(2)
        assert waiting.poll() is None  # still waiting
        assert graph.read_text("MATCH (n) RETURN count(n) AS n") == [{"n": 0}]
    out, err = waiting.communicate(timeout=120)
    assert waiting.returncode == 0, out + err
    assert "waiting up to 120 s" in err
    assert graph.read_text("MATCH (n) RETURN count(n) AS n") == [{"n": 2}]


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"  # a zombie has ended; only its exit status waits to be read


@pytest.mark.slow
def test_kill_9_of_the_loader_leaves_no_writer_and_no_spool_folder(graph, cli_env, tmp_path):
    data = tmp_path / "big"
    generate(data, works=20000, artists=4000, seed=12)
    tmp = tmp_path / "tmp"
    env = _env(cli_env, tmp)
    loads = Path(cli_env["LINEAGE_HOME"]) / "loads"
    killed = _start(env, str(data), "--batch-size", "500")
    deadline = time.monotonic() + 300
    children: list[int] = []
    while time.monotonic() < deadline:
        states = []
        for journal in loads.glob("*.json"):
            try:
                states.append(json.loads(journal.read_text()))
            except (OSError, ValueError):
                pass
        children = _children(killed.pid)
        if any(s.get("state") == "writing" and s.get("batches", 0) >= 3 for s in states) and children:
            break
        assert killed.poll() is None, killed.communicate()
        time.sleep(0.05)
    else:
        pytest.fail("the load never started writing")
    assert list(tmp.glob("lineage-load-*")), "the load has a spool folder while it runs"
    killed.send_signal(signal.SIGKILL)
    killed.wait()
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline and any(_alive(pid) for pid in children):
        time.sleep(0.1)
    assert not [pid for pid in children if _alive(pid)], "a process of the killed load lives on"
    again = subprocess.run([LINEAGE, "load", str(data)], env=env, capture_output=True, text=True, timeout=900)
    assert again.returncode == 0, again.stdout + again.stderr
    assert not list(tmp.glob("lineage-load-*")), "the killed load's spool folder is still there"
    expected = {"contributions": _rows(data, "contributions.csv"), "remixes": _rows(data, "remixes.csv"),
                "ratings": _rows(data, "ratings.csv")}
    assert graph.read_text(REL_COUNTS)[0] == expected

"""`lineage metrics --engine spark` against the in-process engine, on a generated community in the real Neo4j.

Spark runs in local mode inside the test process (pyspark from the `spark`
extra, on the machine's Java) with a 1g driver. The in-process engine's
figures (lineage.metrics on lineage.metrics_db.pull) are the specification:
exact runs must equal them, HyperLogLog runs must fall within the stated bound.
"""

from __future__ import annotations

import json
import os

import numpy as np
import pytest
from click.testing import CliRunner

from conftest import wipe
from graph_loader.generate import generate
from lineage.cli import main
from lineage.metrics import PAGERANK_TOL, compute_metrics
from lineage.metrics_db import pull
from lineage.model import ARTIST_METRICS, WORK_METRICS

pytestmark = [pytest.mark.neo4j, pytest.mark.slow]

try:
    import pyspark  # noqa: F401
    import pyarrow  # noqa: F401
except ImportError as err:  # the spark extra is not installed
    if os.environ.get("CI", "").lower() == "true":
        raise
    pytest.skip(f"the spark extra is not installed ({err}): pip install -e '.[spark]'", allow_module_level=True)

from lineage.metrics_spark import hll_bound  # noqa: E402  (needs nothing of pyspark at import)
from lineage.snapshot import read_arrays, read_manifest, write_snapshot  # noqa: E402

SPARK = ["--engine", "spark", "--master", "local[2]", "--spark-conf", "spark.driver.memory=1g"]
TRANSITIVE = {"descendants", "ancestors", "bridge", "downstream_works", "downstream_artists"}


@pytest.fixture(scope="module")
def env(neo4j_settings, tmp_path_factory) -> dict:
    # A routing URI (neo4j://) against the single test server: what a cluster or Aura is reached by.
    return {
        "NEO4J_URI": neo4j_settings.uri.replace("bolt://", "neo4j://", 1), "NEO4J_USER": neo4j_settings.user,
        "NEO4J_PASSWORD": neo4j_settings.password, "NEO4J_DATABASE": neo4j_settings.database,
        "LINEAGE_HOME": str(tmp_path_factory.mktemp("home")),
    }


@pytest.fixture(scope="module")
def community(session_graph, env, tmp_path_factory):
    """2,000 generated works loaded into an emptied database; the in-process engine's metrics of it."""
    wipe(session_graph)
    folder = tmp_path_factory.mktemp("community")
    generate(folder, works=2000, artists=300, seed=5)
    result = CliRunner().invoke(main, ["load", str(folder)], env=env)
    assert result.exit_code == 0, result.output
    expected = compute_metrics(pull(session_graph))
    assert expected.exact
    return session_graph, expected


def written(graph) -> tuple[dict, dict]:
    works = graph.read_text("MATCH (w:Work) RETURN w.id AS id, properties(w) AS p")
    artists = graph.read_text("MATCH (a:Artist) RETURN a.id AS id, properties(a) AS p")
    return {r["id"]: r["p"] for r in works}, {r["id"]: r["p"] for r in artists}


def clear_metrics(graph) -> None:
    names = ", ".join(f"n.{m} = null" for m in (*WORK_METRICS, *ARTIST_METRICS))
    graph.write(lambda tx: tx.run(f"MATCH (n) WHERE n:Work OR n:Artist SET {names}").consume())


def spark_run(env, *extra) -> dict:
    result = CliRunner().invoke(main, ["metrics", *SPARK, "--json", *extra], env=env)
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_snapshot_holds_the_graph_the_in_process_engine_pulls(community, tmp_path):
    graph, _ = community
    info = write_snapshot(graph, tmp_path / "snap", part_rows=700)  # three id ranges
    manifest = read_manifest(tmp_path / "snap")
    assert info.parts == 3 and manifest["parts"]["remixes"] == 3
    assert manifest["counts"]["works"] == 2000
    snap, pulled = read_arrays(tmp_path / "snap"), pull(graph)
    assert sorted(snap.work_ids) == sorted(pulled.work_ids)
    assert sorted(snap.artist_ids) == sorted(pulled.artist_ids)

    def edges(arr, a_ids, b_ids, a, b, w):
        return sorted(zip((a_ids[i] for i in a), (b_ids[i] for i in b), w.tolist()))

    assert edges(snap, snap.work_ids, snap.work_ids, snap.derived, snap.source, snap.remix_weight) == \
        edges(pulled, pulled.work_ids, pulled.work_ids, pulled.derived, pulled.source, pulled.remix_weight)
    assert edges(snap, snap.artist_ids, snap.work_ids, snap.contrib_artist, snap.contrib_work, snap.contrib_weight) \
        == edges(pulled, pulled.artist_ids, pulled.work_ids, pulled.contrib_artist, pulled.contrib_work,
                 pulled.contrib_weight)


def test_spark_engine_writes_what_the_in_process_engine_computes(community, env):
    graph, expected = community
    clear_metrics(graph)
    report = spark_run(env)
    assert report["engine"] == "spark" and report["exact"] is True
    assert report["works"] == 2000 and report["remixes"] == len(pull(graph).derived)
    pr = report["pagerank"]  # the in-process rule and report: every work within 1e-10 of the exact rank
    assert pr["tolerance"] == PAGERANK_TOL and pr["error_bound"] <= PAGERANK_TOL and pr["residual"] < 1e-12
    assert abs(pr["iterations"] - expected.pagerank["iterations"]) <= 1  # rounding may decide one term
    works, artists = written(graph)
    for row in expected.work_rows():
        got = works[row["id"]]
        for name in WORK_METRICS:
            if name == "pagerank":
                assert got[name] == pytest.approx(row[name], rel=1e-9, abs=1e-15), (row["id"], name)
            else:
                assert got[name] == row[name], (row["id"], name, got[name], row[name])
    for row in expected.artist_rows():
        got = artists[row["id"]]
        for name in ARTIST_METRICS:
            if name == "influence":
                assert got[name] == pytest.approx(row[name], rel=1e-9, abs=1e-15), (row["id"], name)
            else:
                assert got[name] == row[name], (row["id"], name, got[name], row[name])
    # The community is not trivial: chains, shared sources and artists reaching others.
    assert expected.work["generation"].max() >= 3 and expected.work["descendants"].max() >= 20
    assert (expected.artist["h_index"] >= 2).any() and (expected.artist["downstream_artists"] > 0).sum() >= 20


def test_spark_sketches_stay_within_their_bound(community, env):
    graph, expected = community
    clear_metrics(graph)
    report = spark_run(env, "--exact-limit", "0")
    assert report["exact"] is False
    # Estimated sizes are never taken for a lineage's size (lineage.api._walk reads the stamp).
    assert graph.read_text("MATCH (m:MetricsRun) RETURN m.exact AS exact") == [{"exact": False}]
    assert graph.read_text("MATCH (x:ArtistReach) RETURN count(x) AS n") == [{"n": 0}]
    bound = report["transitive"]["bound"]
    assert bound == pytest.approx(hll_bound())
    works, artists = written(graph)
    exact_w = {row["id"]: row for row in expected.work_rows()}
    exact_a = {row["id"]: row for row in expected.artist_rows()}
    off = []
    for wid, row in exact_w.items():
        for name in WORK_METRICS:
            got, want = works[wid][name], row[name]
            if name == "pagerank":
                assert got == pytest.approx(want, rel=1e-9, abs=1e-15)
            elif name == "bridge":  # a product of two estimates
                a, d = row["ancestors"], row["descendants"]
                assert abs(got - want) <= (bound * a + 1) * (d + bound * d + 1) + (bound * d + 1) * a
            elif name in TRANSITIVE:
                off.append(abs(got - want) / max(want, 1))
                assert abs(got - want) <= bound * want + 1, (wid, name, got, want)
            else:
                assert got == want, (wid, name)
    for aid, row in exact_a.items():
        for name in ARTIST_METRICS:
            got, want = artists[aid][name], row[name]
            if name == "influence":
                assert got == pytest.approx(want, rel=1e-9, abs=1e-15)
            elif name == "downstream_works":  # estimated as |their works ∪ descendants| - |their works|
                union = want + row["works"]
                assert abs(got - want) <= bound * union + 1, (aid, name, got, want)
            elif name in TRANSITIVE:
                assert abs(got - want) <= bound * (want + 1) + 1, (aid, name, got, want)
            else:
                assert got == want, (aid, name)
    assert np.mean(off) < bound / 3  # the mean error stays near one standard error or under


def test_spark_options_need_the_spark_engine(env):
    result = CliRunner().invoke(main, ["metrics", "--master", "local[1]"], env=env)
    assert result.exit_code == 2 and "go with --engine spark" in result.output
    result = CliRunner().invoke(main, ["metrics", "--engine", "spark", "--spark-conf", "memory"], env=env)
    assert result.exit_code == 2 and "KEY=VALUE" in result.output
    assert "Traceback" not in result.output

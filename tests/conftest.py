"""Test fixtures: a real Neo4j for the whole session, a clean graph per test.

Where ``NEO4J_URI`` is set the tests use that server (its database is wiped
between tests!); otherwise the session starts the project's own local Neo4j on
a free port in a temporary home and stops it at the end. Nothing here skips:
a Neo4j that cannot start fails the tests that need it.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from lineage.config import Settings, from_env
from lineage.db import Graph
from lineage.localdb import LocalNeo4j
from lineage.localdb.manager import free_port
from lineage_testgraphs import family, write_lineage

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
# Real datasets live outside the repository: LINEAGE_DATASETS names their folder
# (default ../shared/datasets, where the project's machines keep them).
DATASETS_ENV = "LINEAGE_DATASETS"


def datasets_root() -> Path:
    return Path(os.environ.get(DATASETS_ENV) or ROOT.parent / "shared" / "datasets")


def shared_dataset(name: str) -> Path:
    """The folder of a real dataset; skips (fails under ``CI=true``) when it is missing."""
    path = datasets_root() / name
    if not path.is_dir():
        reason = f"dataset {name!r} not found at {path}; set {DATASETS_ENV} to the folder that holds it"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"CI needs the real datasets: {reason}", pytrace=False)
        pytest.skip(reason)
    return path


# Every fixture that needs the session's Neo4j depends on ``neo4j_settings`` (graph, fam, cli_env,
# session_graph ...), and every browser fixture on ``browser``: a test that asks for one of them,
# however indirectly, gets the marker, so ``-m "not neo4j"`` never starts a server and
# ``-m "not browser"`` never starts Chromium. (A file that starts Neo4j by hand marks itself.)
MARKED_BY_FIXTURE = {"neo4j_settings": "neo4j", "browser": "browser"}


def pytest_collection_modifyitems(config, items):
    for item in items:
        names = set(getattr(item, "fixturenames", ()))
        for fixture, marker in MARKED_BY_FIXTURE.items():
            if fixture in names and item.get_closest_marker(marker) is None:
                item.add_marker(marker)


@pytest.fixture(scope="session")
def openideo() -> Path:
    """The real OpenIDEO dataset (see :func:`shared_dataset`)."""
    return shared_dataset("openideo")


@pytest.fixture(scope="session")
def neo4j_settings(tmp_path_factory) -> Settings:
    """Settings naming a running Neo4j (NEO4J_URI, or a local one started here)."""
    if os.environ.get("NEO4J_URI"):
        yield from_env()
        return
    home = tmp_path_factory.mktemp("neo4j-home")
    local = LocalNeo4j(home)
    status, _ = local.start(port=free_port())
    try:
        # Named by URI (as a server of NEO4J_URI is), with the password its home keeps.
        yield from_env({"LINEAGE_HOME": str(home)}).with_uri(status.uri)
    finally:
        local.stop()


@pytest.fixture(scope="session")
def session_graph(neo4j_settings) -> Graph:
    graph = Graph.connect(neo4j_settings)
    graph.ensure_schema()
    yield graph
    graph.close()


def wipe(graph: Graph) -> None:
    """Delete every node and relationship (the schema stays)."""
    with graph.session() as session:
        session.run(
            "MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS"
        ).consume()


@pytest.fixture
def graph(session_graph) -> Graph:
    """The session's graph, emptied for this test."""
    wipe(session_graph)
    return session_graph


@pytest.fixture
def fam(graph) -> Graph:
    """The graph holding the small hand-made family of works and artists (tests/lineage_testgraphs.py)."""
    G, artists, contributions = family()
    write_lineage(graph, G, artists, contributions)
    return graph


@pytest.fixture
def cli_env(neo4j_settings, tmp_path) -> dict:
    """Environment for running ``lineage`` commands against the test database."""
    return {
        "NEO4J_URI": neo4j_settings.uri,
        "NEO4J_USER": neo4j_settings.user,
        "NEO4J_PASSWORD": neo4j_settings.password,
        "NEO4J_DATABASE": neo4j_settings.database,
        "LINEAGE_HOME": str(tmp_path / "home"),
    }


@pytest.fixture
def app(graph, neo4j_settings):
    """The site (``web.create_app`` as the tests configure it) over the sample graph of tests/web_helpers.py.

    A file that needs other settings (a row cap, a time limit) or another graph defines its own.
    """
    from web_helpers import load_sample, make_app

    load_sample(graph)
    return make_app(neo4j_settings)


@pytest.fixture
def client(app):
    """A Flask test client of :func:`app`."""
    return app.test_client()

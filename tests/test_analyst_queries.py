"""The analyst's query library (queries/ask_*.cypher) answers on the example dataset, as given."""

from __future__ import annotations

import pytest

from conftest import EXAMPLES
from graph_loader.loader import load_dataset
from lineage import analyst
from lineage.console import run_readonly

LIBRARY = analyst.names()


def test_the_library_holds_the_questions_analysts_ask():
    # Who influenced a work, the longest chains, bridges, mutual remixers, cross-media, productive months...
    for name in ("ask_influences", "ask_longest_chains", "ask_bridges", "ask_mutual_remixers",
                 "ask_cross_media", "ask_productive_months"):
        assert name in LIBRARY
    assert len(LIBRARY) >= 10


@pytest.mark.parametrize("name", LIBRARY)
def test_each_query_says_what_it_answers_and_gives_every_parameter(name):
    entry = {e["name"]: e for e in analyst.library()}[name]
    assert len(entry["description"]) > 30
    assert analyst.used_params(name) == set(entry["params"]), "the params line must give exactly the $parameters used"


@pytest.fixture(scope="module")
def example_graph(session_graph, tmp_path_factory):
    from conftest import wipe

    wipe(session_graph)
    home = tmp_path_factory.mktemp("analyst-home")
    load_dataset(session_graph, EXAMPLES, rejects_path=home / "rejects.csv", home=home)
    yield session_graph
    wipe(session_graph)


@pytest.mark.neo4j
@pytest.mark.parametrize("name", LIBRARY)
def test_each_query_returns_rows_on_the_example_dataset_through_the_console(example_graph, name):
    entry = {e["name"]: e for e in analyst.library()}[name]
    out = run_readonly(example_graph, entry["text"], entry["params"], timeout=60)
    assert out["rows"], f"{name} returned no rows with its own parameters"
    assert not out["truncated"]


def test_docs_console_lists_every_library_query():
    from conftest import ROOT

    text = (ROOT / "docs" / "console.md").read_text(encoding="utf-8")
    missing = [name for name in LIBRARY if f"`{name}`" not in text]
    assert not missing, f"docs/console.md does not list {missing}"

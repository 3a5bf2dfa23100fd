"""``lineage db reset``: empty the database, after saying which one and what it holds (issue 11)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from lineage.cli import main

pytestmark = pytest.mark.neo4j

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def counts(graph) -> dict:
    return graph.read_one("reset_counts")


def constraints(graph) -> set[str]:
    return {r["name"] for r in graph.read_text("SHOW CONSTRAINTS YIELD name RETURN name")}


def test_reset_asks_naming_the_database_and_what_it_holds_then_empties_it(graph, cli_env):
    assert CliRunner().invoke(main, ["load", str(EXAMPLES)], env=cli_env).exit_code == 0
    held = counts(graph)
    assert held["nodes"] > 0 and held["relationships"] > 0
    kept = constraints(graph)

    refused = CliRunner().invoke(main, ["db", "reset"], env=cli_env, input="n\n")
    assert refused.exit_code == 1 and "nothing removed" in refused.output, refused.output
    question = refused.output.splitlines()[0]
    assert f"{held['nodes']:,} nodes and {held['relationships']:,} relationships" in question, question
    assert f"database {graph.database} at {graph.uri}" in question and "Constraints and indexes stay" in question
    assert counts(graph) == held

    done = CliRunner().invoke(main, ["db", "reset"], env=cli_env, input="y\n")
    assert done.exit_code == 0, done.output
    assert (f"removed {held['nodes']:,} nodes and {held['relationships']:,} relationships from the database "
            f"{graph.database} at {graph.uri}; constraints and indexes kept") in done.output
    assert counts(graph) == {"nodes": 0, "relationships": 0}
    assert constraints(graph) == kept and kept

    again = CliRunner().invoke(main, ["db", "reset", "--yes"], env=cli_env)
    assert again.exit_code == 0 and "nothing to remove" in again.output, again.output


def test_reset_yes_empties_more_than_one_batch_without_asking(graph, cli_env):
    graph.write(lambda tx: tx.run(
        "UNWIND range(0, 25000) AS i CREATE (w:Work {id: 'x' + i})-[:REMIXES]->(:Work {id: 'y' + i})").consume())
    done = CliRunner().invoke(main, ["db", "reset", "--yes"], env=cli_env)
    assert done.exit_code == 0, done.output
    assert "removed 50,002 nodes and 25,001 relationships" in done.output, done.output
    assert counts(graph) == {"nodes": 0, "relationships": 0}

"""The console's limits hold where Neo4j's own do not (issue 17, part 3), against the real Neo4j.

Neo4j checks a transaction's timeout only at its own check points: a
``reduce`` over a long range never reaches one, runs on past its timeout and
even answers. Its parser overflows its stack on brackets a few hundred deep
and never answers. A stream of huge rows has no size limit. lineage.console
bounds all three itself.
"""

from __future__ import annotations

import threading
import time

import pytest

from lineage import console
from lineage.errors import InvalidParameter, QueryRefused, QueryTimeout

pytestmark = pytest.mark.neo4j

# Seconds of Neo4j's CPU on any machine (about 15 s on the CI's two cores), none of them interruptible.
LONG_REDUCE = "RETURN reduce(a = 0, i IN range(1, 400000000) | a + i) AS total"
MIB_ROWS = "UNWIND range(1, 200) AS i RETURN i, reduce(s = 'x', k IN range(1, 20) | s + s) AS big"


def wait_for_free(slots: console.Slots, seconds: float = 240) -> float:
    started = time.monotonic()
    while slots.running and time.monotonic() - started < seconds:
        time.sleep(0.2)
    return time.monotonic() - started


def test_an_uninterruptible_query_answers_at_its_timeout_and_keeps_its_slot(graph):
    slots = console.Slots(1)
    started = time.monotonic()
    with pytest.raises(QueryTimeout, match="1 s timeout"):
        console.run_readonly(graph, LONG_REDUCE, timeout=1, slots=slots)
    waited = time.monotonic() - started
    assert waited < 1 + console.DEADLINE_GRACE + 2, waited
    # Neo4j is still adding: the slot stays taken, and the next query is refused at once.
    assert slots.running == 1
    started = time.monotonic()
    with pytest.raises(console.ConsoleBusy, match="1 console query is already running"):
        console.run_readonly(graph, "RETURN 1", slots=slots)
    assert time.monotonic() - started < 1
    # Given back when Neo4j has finished, and the console works again.
    wait_for_free(slots)
    assert slots.running == 0
    assert console.run_readonly(graph, "RETURN 1 AS one", slots=slots)["rows"] == [[1]]


def test_slots_count_queries_at_once(graph):
    slots = console.Slots(2)
    outcomes = []

    def run():
        try:
            outcomes.append(console.run_readonly(graph, "UNWIND range(1, 3) AS x RETURN x", slots=slots)["rows"])
        except console.ConsoleBusy:
            outcomes.append("busy")

    threads = [threading.Thread(target=run) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(outcomes) == 6 and [[1], [2], [3]] in outcomes
    assert slots.running == 0


@pytest.mark.parametrize("text", [
    "RETURN " + "[" * 400 + "1" + "]" * 400 + " AS x",
    "RETURN " + "{a: " * 400 + "1" + "}" * 400 + " AS x",
    "RETURN " + "(" * 400 + "1" + ")" * 400 + " AS x",
    "RETURN " + "[" * 5000 + "]" * 5000,
    "RETURN [[{a: (" * 30 + "1" + ")}]]" * 30,
])
def test_brackets_nested_too_deep_are_refused_before_neo4j(graph, text):
    started = time.monotonic()
    with pytest.raises(InvalidParameter, match="nests brackets more than 100 deep"):
        console.run_readonly(graph, text, timeout=5)
    assert time.monotonic() - started < 1  # it never reached Neo4j (which would not answer for 120 s)


def test_brackets_in_strings_comments_and_names_do_not_count(graph):
    deep = "[" * 500
    query = f"RETURN '{deep}' AS `{deep}`, \"{deep}\" AS s /* {deep} */ // {deep}\n"
    out = console.run_readonly(graph, query)
    assert out["rows"] == [[deep, deep]]
    ok = console.run_readonly(graph, "RETURN " + "[" * 100 + "1" + "]" * 100 + " AS x")
    assert ok["rows"] and not ok["truncated"]


def test_an_answer_stops_at_the_byte_cap_and_says_so(graph):
    started = time.monotonic()
    out = console.run_readonly(graph, MIB_ROWS, byte_cap=4 * 1024 * 1024)
    assert 1 <= len(out["rows"]) <= 4 and out["truncated"] is True
    assert out["truncated_reason"] == "cut at the size cap of 4 MiB of answer"
    assert console.json_size(out["rows"]) <= 4 * 1024 * 1024
    assert time.monotonic() - started < 30
    small = console.run_readonly(graph, "UNWIND range(1, 3) AS x RETURN x", byte_cap=1024)
    assert small["truncated"] is False and small["truncated_reason"] is None
    by_rows = console.run_readonly(graph, "UNWIND range(1, 30) AS x RETURN x", row_cap=10)
    assert by_rows["truncated_reason"] == "cut at the row cap of 10 rows"


def test_nodes_listed_once_count_against_the_byte_cap_too(graph):
    graph.write(lambda tx: tx.run("UNWIND range(1, 20) AS i CREATE (:Work {id: 'w' + i, text: $text})",
                                  text="y" * 100_000).consume())
    out = console.run_readonly(graph, "MATCH (w:Work) RETURN w", byte_cap=500_000)
    # Each node is in its row and in the nodes list: about 200 kB of answer each.
    assert out["truncated"] and 1 <= len(out["rows"]) <= 2
    assert console.json_size(out["rows"]) + console.json_size(out["nodes"]) <= 500_000


@pytest.mark.parametrize("query", ["CALL dbms.clientConfig()", "CALL dbms.info()",
                                   "CALL dbms.showCurrentUser()", "CALL db.info()"])
def test_server_information_procedures_are_refused(graph, query):
    with pytest.raises((QueryRefused, console.QueryFailed)) as err:
        console.run_readonly(graph, query)
    assert isinstance(err.value, QueryRefused) or "no procedure" in str(err.value).lower(), str(err.value)


def test_dbms_components_still_answers(graph):
    assert console.run_readonly(graph, "CALL dbms.components() YIELD name RETURN name")["rows"]


def test_a_parameter_nested_40000_deep_is_one_line_on_the_command_line(cli_env):
    from click.testing import CliRunner

    from lineage.cli import main

    deep = "[" * 40_000 + "]" * 40_000
    result = CliRunner().invoke(main, ["cypher", "RETURN $n", "--param", f"n={deep}"], env=cli_env)
    assert result.exit_code == 2, result.output
    assert "nests lists or objects too deeply" in result.output and "Traceback" not in result.output
    assert result.output.strip().count("\n") == 0


def test_brackets_nested_too_deep_are_one_line_on_the_command_line(cli_env):
    from click.testing import CliRunner

    from lineage.cli import main

    result = CliRunner().invoke(main, ["cypher", "RETURN " + "[" * 5000 + "]" * 5000], env=cli_env)
    assert result.exit_code == 2 and "more than 100 deep" in result.output

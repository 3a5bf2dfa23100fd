"""`lineage metrics|credit|top`: help text and option errors (caught before any database is reached)."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from lineage.cli import main

# A loopback port nobody listens on: a command that wrongly reached for the database would fail differently.
NO_DB = {"NEO4J_URI": "bolt://127.0.0.1:9", "LINEAGE_HOME": "/nonexistent-lineage-home"}


def run(*args):
    return CliRunner().invoke(main, list(args), env=NO_DB)


@pytest.mark.parametrize("command, words", [
    ("metrics", ["pull", "idempotent", "--exact-limit", "--sketch-size", "--batch", "--json"]),
    ("credit", ["WORK_ID", "--keep", "--amount", "--as-of", "--explain", "--limit", "docs/credit.md"]),
    ("top", ["--metric", "--by", "--all", "--limit", "--kind", "pagerank", "h_index", "--json"]),
])
def test_help(command, words):
    result = run(command, "--help")
    assert result.exit_code == 0
    for word in words:
        assert word in result.output, word


def test_listed_in_the_main_help():
    output = run("--help").output
    for command in ("metrics", "credit", "top"):
        assert command in output


@pytest.mark.parametrize("args, message", [
    (["credit", "w1", "--keep", "1.5"], "'--keep': 1.5 is not in the range"),
    (["credit", "w1", "--keep", "x"], "'--keep': 'x' is not a valid float"),
    (["credit", "w1", "--amount", "12.345"], "amount must be a number of at least 0 with at most two decimals"),
    (["credit", "w1", "--amount", "-5"], "amount must be a number of at least 0"),
    (["credit", "w1", "--as-of", "2024-02-30"], "as-of must be a real date YYYY-MM-DD"),
    (["credit", "w1", "--as-of", "yesterday"], "as-of must be a real date YYYY-MM-DD"),
    (["credit", "w1", "--limit", "0"], "'--limit': 0 is not in the range"),
    (["credit"], "Missing argument 'WORK_ID'"),
    (["top"], "Missing option '--metric' / '--by'"),
    (["top", "--by", "fame"], "'--metric' / '--by': 'fame' is not one of"),
    (["top", "--by", "pagerank", "--limit", "0"], "'--limit': 0 is not in the range"),
    (["top", "--by", "pagerank", "--kind", "songs"], "'--kind': 'songs' is not one of"),
    (["top", "--by", "influence", "--kind", "works"], "influence is not a metric of works"),
    (["metrics", "--batch", "5"], "'--batch': 5 is not in the range"),
    (["metrics", "--sketch-size", "2"], "'--sketch-size': 2 is not in the range"),
    (["metrics", "--exact-limit", "-1"], "'--exact-limit': -1 is not in the range"),
])
def test_bad_options(args, message):
    result = run(*args)
    assert result.exit_code == 2
    assert message in result.output
    assert "Traceback" not in result.output


def test_unreachable_database_is_one_line():
    result = run("credit", "w1")
    assert result.exit_code == 2
    assert "not answering" in result.output and "Traceback" not in result.output

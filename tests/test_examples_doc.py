"""examples/README.md says what the loader does with the example (issue 11: it described another cycle)."""

from __future__ import annotations

import csv
import re
from pathlib import Path

from graph_loader.dataset import open_dataset
from graph_loader.existing import EmptyGraph
from graph_loader.rejects import RejectsFile
from graph_loader.spool import Spool
from graph_loader.validate import check_dataset

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def example_rejects(tmp_path) -> list[dict]:
    """The rejects of the example dataset, checked against an empty graph (no database needed)."""
    dataset = open_dataset(EXAMPLES)
    dataset.check()
    with Spool(1000, directory=None) as spool, RejectsFile(tmp_path / "rejects.csv") as rejects:
        check_dataset(dataset, EmptyGraph(), rejects, spool)
    with open(tmp_path / "rejects.csv", newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_an_unknown_artist_is_an_artist_not_a_artist(tmp_path):
    unknown = next(r for r in example_rejects(tmp_path) if "a00999" in r["message"])
    assert "artist_id 'a00999' names an artist that is neither" in unknown["message"]


def test_the_cycle_the_readme_names_is_the_one_the_loader_reports(tmp_path):
    cycles = [r for r in example_rejects(tmp_path) if r["reason"] == "remix_cycle"]
    assert len(cycles) == 1
    reported = re.search(r"would close the cycle (.+?) \(", cycles[0]["message"]).group(1)
    readme = (EXAMPLES / "README.md").read_text(encoding="utf-8")
    row = next(line for line in readme.splitlines() if f"(line {cycles[0]['line']})" in line)
    assert f"closes the cycle {reported.replace(' -> ', ' → ')}" in row


def test_the_readme_links_render_and_reliability():
    readme = (EXAMPLES.parent / "README.md").read_text(encoding="utf-8")
    assert "(docs/reliability.md)" in readme and "docs/lineage.md#render-an-offline-graph" in readme
    assert "## Render an offline graph" in (EXAMPLES.parent / "docs" / "lineage.md").read_text(encoding="utf-8")

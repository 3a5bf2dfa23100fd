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


def test_the_cycle_the_readme_names_is_the_one_the_loader_reports(tmp_path):
    dataset = open_dataset(EXAMPLES)
    dataset.check()
    with Spool(1000, directory=None) as spool, RejectsFile(tmp_path / "rejects.csv") as rejects:
        check_dataset(dataset, EmptyGraph(), rejects, spool)
    with open(tmp_path / "rejects.csv", newline="", encoding="utf-8") as handle:
        cycles = [r for r in csv.DictReader(handle) if r["reason"] == "remix_cycle"]
    assert len(cycles) == 1
    reported = re.search(r"would close the cycle (.+?) \(", cycles[0]["message"]).group(1)
    readme = (EXAMPLES / "README.md").read_text(encoding="utf-8")
    row = next(line for line in readme.splitlines() if f"(line {cycles[0]['line']})" in line)
    assert f"closes the cycle {reported.replace(' -> ', ' → ')}" in row


def test_the_readme_links_render_and_reliability():
    readme = (EXAMPLES.parent / "README.md").read_text(encoding="utf-8")
    assert "(docs/reliability.md)" in readme and "docs/lineage.md#render-an-offline-graph" in readme
    assert "## Render an offline graph" in (EXAMPLES.parent / "docs" / "lineage.md").read_text(encoding="utf-8")

"""``lineage load PATH`` and ``lineage stats``: fill the graph from a dataset, and count it."""

from __future__ import annotations

import json
import logging
import sys
from pathlib import Path

import click

from graph_loader.cycles import RULES as CYCLE_RULES
from graph_loader.dataset import open_dataset
from graph_loader.loader import DEFAULT_BATCH_SIZE, load_dataset
from graph_loader.lock import DEFAULT_WAIT
from graph_loader.rejects import check_output
from graph_loader.validate import Progress
from lineage import api
from lineage.cli import UserError, main
from lineage.cli.options import home_option, json_option, print_json, print_table, settings_for
from lineage.db import Graph

def _quiet_driver() -> None:
    # The driver logs the server's notices ("label Work does not exist" in an empty
    # graph) as warnings, which Python prints on stderr; they are not the user's concern.
    logging.getLogger("neo4j.notifications").setLevel(logging.ERROR)
    # Nor are its retries and broken connections when the server goes away: the
    # load then stops with one line of its own saying so (issue 6).
    logging.getLogger("neo4j").setLevel(logging.CRITICAL)


def _say(message: str) -> None:
    click.echo(message, err=True)


class BarProgress(Progress):
    """A click progress bar on stderr (used only when stderr is a terminal)."""

    def __init__(self) -> None:
        self.bar = None
        self.position = 0

    def start(self, label: str, total: int) -> None:
        self.bar = click.progressbar(length=max(total, 1), label=f"{label:<9}", file=sys.stderr,
                                     show_pos=True, width=30)
        self.bar.__enter__()
        self.position = 0

    def update(self, done: int) -> None:
        if self.bar is not None and done > self.position:
            self.bar.update(done - self.position)
            self.position = done

    def finish(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)
            self.bar = None


@main.command("load")
@click.argument("path", type=click.Path(path_type=Path))
@click.option("--batch-size", type=click.IntRange(1, 100_000), default=DEFAULT_BATCH_SIZE, show_default=True,
              help="Rows per write transaction.")
@click.option("--rejects", "rejects_path", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Where to write the rejected rows (CSV; its folder must exist; default: "
                   "$LINEAGE_HOME/rejects/<dataset>-<digest of its path>.rejects.csv, folder made as needed).")
@click.option("--report", "report_path", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Also write the summary as JSON to this file (its folder must exist).")
@click.option("--strict", is_flag=True,
              help="Write nothing at all if any row would be rejected.")
@click.option("--bulk", is_flag=True,
              help="Into an empty local database only: check every row as usual, then build the store with "
                   "Neo4j's offline importer (neo4j-admin database import full) and start the server on it.")
@click.option("--wait", "wait", type=click.FloatRange(0, None), default=DEFAULT_WAIT, show_default=True,
              help="Seconds to wait for another load into the same database to finish (loads into one database "
                   "run one at a time); then give up with exit code 2.")
@click.option("--replace", is_flag=True,
              help="Make the graph equal to the dataset: check it as if into an empty database (references must "
                   "be in the dataset), load it, then remove the works, artists and relationships the graph holds "
                   "and the dataset does not, after saying how many and asking.")
@click.option("--yes", is_flag=True, help="With --replace: remove without asking (for scripts).")
@click.option("--cycles", type=click.Choice(CYCLE_RULES), default=CYCLE_RULES[0], show_default=True,
              help="How remix links that make a cycle are refused: file-order (each link that closes a cycle "
                   "with the links before it) or minimal (the fewest links per group; docs/dataset-format.md).")
@home_option
def load(path: Path, batch_size: int, rejects_path: Path | None, report_path: Path | None,
         strict: bool, bulk: bool, wait: float, replace: bool, yes: bool, cycles: str, home: str | None) -> None:
    """Load the community dataset at PATH into the graph.

    PATH is a folder of CSV files (artists.csv, works.csv, contributions.csv,
    remixes.csv, optional ratings.csv), a .zip of that folder, or a .jsonl
    file (see docs/dataset-format.md). Every row is checked before anything is
    written; each is loaded, merged as an exact duplicate, or written to the
    rejects file with its line and the reason. Loading again is safe: the
    graph ends the same, and changed rows update what they change; a column
    absent from a file leaves that property as the graph holds it. One load
    at a time writes a database: another waits for it (--wait). The summary
    says, per kind, how many rows created, updated (and how many properties
    changed) or found unchanged what the graph holds. --replace also removes
    what the dataset no longer holds.
    """
    _quiet_driver()
    if yes and not replace:
        raise UserError("--yes goes with --replace (the only question a load asks)")
    if replace and bulk:
        raise UserError("--replace and --bulk do not go together: --bulk fills an empty database, where there "
                        "is nothing to remove")
    if rejects_path is not None:  # every output checked before the load, not found unwritable after it
        check_output(rejects_path, "--rejects")  # a missing folder is refused, as for --report: a typo, likely
    if report_path is not None:
        check_output(report_path, "--report")
    dataset = open_dataset(path)
    dataset.cycles = cycles
    dataset.check()  # a malformed file stops here, before the database is even reached
    settings = settings_for(home)
    progress = BarProgress() if sys.stderr.isatty() else None
    if bulk:
        if strict:
            raise UserError("--bulk and --strict do not go together: --bulk already writes nothing "
                            "until every row is checked")
        from graph_loader.bulk import bulk_load

        summary = bulk_load(settings, dataset, batch_size=batch_size, rejects_path=rejects_path,
                            progress=progress, wait=wait, say=_say)
    else:
        def confirm(removal) -> bool:
            if yes:
                return True
            try:
                return click.confirm(f"--replace: the graph holds {removal.describe()} that {dataset.name} "
                                     "does not; remove them?", default=False, err=True)
            except click.Abort:  # no answer (stdin closed): nothing removed
                return False

        with Graph.connect(settings, create=True) as graph:
            summary = load_dataset(graph, dataset, batch_size=batch_size, rejects_path=rejects_path,
                                   strict=strict, progress=progress, home=settings.home, wait=wait, say=_say,
                                   replace=confirm if replace else None)
    click.echo(summary.render())
    if report_path is not None:
        try:
            report_path.write_text(json.dumps(summary.as_dict(), indent=2, ensure_ascii=False) + "\n",
                                   encoding="utf-8")
        except OSError as err:
            raise UserError(f"cannot write the report {report_path}: {err.strerror or err}") from None
    if not summary.written:
        raise UserError(
            f"--strict: {summary.rejected} rows would be rejected, so nothing was written "
            f"(see {summary.rejects_file})"
        )


@main.command("stats")
@json_option
@home_option
def stats(as_json: bool, home: str | None) -> None:
    """Count the works, artists, contributions, remixes, ratings and temporal anomalies in the graph."""
    _quiet_driver()
    with Graph.connect(settings_for(home)) as graph:
        counts = api.stats(graph)
    if as_json:
        print_json(counts)
    else:
        print_table([{"what": name.replace("_", " "), "count": value} for name, value in counts.items()])

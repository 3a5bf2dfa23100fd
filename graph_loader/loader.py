"""``lineage load``: check a dataset completely, write it, lose nothing.

1. :func:`~graph_loader.dataset.open_dataset` and ``check()``: every file's
   header, before anything else; a malformed file stops here;
2. ``prescan()``: every file decoded and parsed as CSV once, fast, so that a
   bad byte deep in the last file also stops the load before any write;
3. :func:`~graph_loader.validate.check_dataset`: every row decided as loaded,
   duplicate or rejected; rejects to the rejects file;
4. writing, in batches (:mod:`graph_loader.write`), while checking goes on:
   a writer process takes each batch as soon as it is checked, so Neo4j and
   the checker work at the same time. Nodes first; then remixes, as soon as
   the cycle rule (which needs all of them) has settled them, checked before
   the other relationships for that reason; contributions and ratings as
   they come.
   With ``strict``, nothing is written until every row has been checked and
   none was rejected (the rows wait in a spool on disk meanwhile). A dataset
   of at most :data:`IN_PROCESS_BYTES` is checked whole, then written in
   this process: starting the writer process costs more than it would save.

A small journal under the home folder records a load in progress, so that a
load cut short (the database killed, Ctrl-C) is recognised when it is run
again: the rerun writes every row again, which MERGE makes safe, and says so.

All of it, from reading what the graph holds to the last write, happens under
the load lock (:mod:`graph_loader.lock`): a second load into the same
database waits for the first to end, then sees what it wrote.

Each dataset has its own rejects file and journal, named after the dataset's
folder or file and a digest of its full path (two folders both called
``data`` do not share one).
"""

from __future__ import annotations

import hashlib
import json
import os
import threading
import time
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable

from graph_loader.dataset import Dataset, open_dataset
from graph_loader.existing import ExistingGraph
from graph_loader.lock import DEFAULT_WAIT, load_lock
from graph_loader.rejects import RejectsFile
from graph_loader.replace import Removal, ReplacingGraph, plan, remove
from graph_loader.rows import KINDS
from graph_loader.spool import Spool
from graph_loader.summary import LoadSummary
from graph_loader.validate import Checked, Progress, check_dataset
from graph_loader.write import BatchWriter, WriterProcess, prefetch
from lineage.db import Graph
from lineage.errors import DatabaseUnavailable, QueryFailed

DEFAULT_BATCH_SIZE = 10000
# Up to this many bytes of files, a load checks every row, then writes them itself. The writer
# process (a Python of its own, its imports, its driver) costs about 0.65 s to start, more than
# the overlap buys below this size. `python -m bench.small_loads` on 2026-12-04, fresh loads, median
# of 3, writer process against checked-then-written: 69 KB 0.53/0.16 s, 226 KB 0.62/0.23 s,
# 879 KB 1.05/0.72 s, 2.2 MB 1.83/1.86 s (an earlier run: 2.54/2.11 s), 4.4 MB 3.45/3.43 s; at 100k
# works (22 MB) the writer process is the faster.
IN_PROCESS_BYTES = 2 << 20
STREAMED = tuple(k for k in KINDS if k != "remixes")  # written while checking goes on


def dataset_key(dataset: Dataset) -> str:
    """``<dataset name>-<8 hex digits of its full path>``: the dataset's own name for files under the home.

    >>> from graph_loader.dataset import Dataset
    >>> a, b = Dataset(Path("/x/data")), Dataset(Path("/y/data"))
    >>> dataset_key(a).startswith("data-"), dataset_key(a) != dataset_key(b)
    (True, True)
    """
    where = str(Path(dataset.path).resolve())
    return f"{dataset.name}-{hashlib.sha1(where.encode('utf-8', 'surrogateescape')).hexdigest()[:8]}"


def default_rejects_path(home: Path, dataset: Dataset) -> Path:
    """``$LINEAGE_HOME/rejects/<dataset name>-<digest of its path>.rejects.csv``."""
    return Path(home) / "rejects" / f"{dataset_key(dataset)}.rejects.csv"


def journal_path(home: Path, dataset: Dataset) -> Path:
    """``$LINEAGE_HOME/loads/<dataset name>-<digest of its path>.json``."""
    return Path(home) / "loads" / f"{dataset_key(dataset)}.json"


def load_dataset(
    graph: Graph,
    path: str | os.PathLike | Dataset,
    *,
    batch_size: int = DEFAULT_BATCH_SIZE,
    rejects_path: str | os.PathLike | None = None,
    strict: bool = False,
    progress: Progress | None = None,
    home: str | os.PathLike | None = None,
    wait: float = DEFAULT_WAIT,
    say: Callable[[str], None] | None = None,
    replace: Callable[[Removal], bool] | None = None,
) -> LoadSummary:
    """Load the dataset at ``path`` into ``graph``; the summary says what became of every row.

    Raises DatasetError (a malformed file: nothing written) or
    DatabaseUnavailable / QueryFailed (the load stopped; rerunning it is
    safe). With ``strict``, a dataset with any rejected row is checked but not
    written (``summary.written`` is False). Another load into the same
    database is waited for up to ``wait`` seconds (``say`` is told, once),
    then :class:`~graph_loader.lock.LoadBusy`.

    With ``replace``, the graph is made equal to the dataset
    (:mod:`graph_loader.replace`): checked as if into an empty database, then,
    after the write and under the same lock, what the graph holds and the
    dataset does not is removed if ``replace(removal)`` says yes.
    """
    progress = progress or Progress()
    home = Path(home if home is not None else graph.settings.home)
    dataset = path if isinstance(path, Dataset) else open_dataset(path)
    if not dataset.parts:
        dataset.check()
    rejects_path = Path(rejects_path) if rejects_path else default_rejects_path(home, dataset)
    with load_lock(graph, dataset.name, wait=wait, home=home, say=say):
        started = time.perf_counter()  # the time waited for another load is not this one's
        # Read under the lock: a kind the graph holds none of now gets none from another load meanwhile.
        existing = ExistingGraph(graph) if replace is None else ReplacingGraph(graph)
        journal = Journal(journal_path(home, dataset), dataset)
        resumed = journal.interrupted()
        writer = BatchWriter(graph, {kind for kind in KINDS if existing.counts[kind] == 0}, on_batch=journal.batch)
        # A small dataset is checked, then written here: a writer process would cost more than it saves.
        in_process = strict or dataset.size() <= IN_PROCESS_BYTES
        try:
            if in_process:
                checked = _check_then_write(graph, dataset, existing, writer, journal, rejects_path, batch_size,
                                            progress, strict)
            else:
                checked = _check_while_writing(graph, dataset, existing, writer, journal, rejects_path, batch_size,
                                               progress)
        except (DatabaseUnavailable, QueryFailed) as err:
            raise type(err)(f"{err} (the load stopped {journal.where()}; run the same command again "
                            "to finish it: reloading is safe)") from None
        if checked.written:
            journal.end()
        removed, declined = None, None
        if checked.written and replace is not None:
            removal = plan(graph, checked)
            if not removal:
                removed = {"works": 0, "artists": 0, "relationships": 0}
            elif replace(removal):
                removed = remove(graph, removal)
            else:
                declined = removal.describe()
    summary = _summary(dataset, checked, rejects_path, graph, batch_size, strict)
    summary.overlapped = checked.written and not in_process
    if removed is not None:
        summary.removed = removed
    if declined is not None:
        summary.notes.append(f"--replace: nothing removed (not confirmed); the graph still holds {declined} "
                             "that the dataset does not")
    if checked.written:
        summary.written = True
        summary.created = writer.written.created
        summary.changed = {kind: {"updated": n, "properties": p}
                           for kind, (n, p) in writer.written.changed.items() if n or p}
        summary.outcome = outcome(writer.written)
        summary.seconds["write"] = writer.written.seconds
        summary.write_seconds = {k: round(v, 3) for k, v in writer.written.seconds_by_kind.items()}
        summary.statements = dict(writer.written.statements)
        if resumed:
            summary.notes.append(resumed)
    summary.seconds["total"] = time.perf_counter() - started
    return summary


def outcome(written) -> dict[str, dict[str, int]]:
    """Per kind, what the rows written became: created, updated (and properties changed), unchanged.

    Each row written has a key of its own (the checker settled duplicates), so
    it either made a node or relationship, changed one the graph held, or
    found it already as given: unchanged = rows - created - updated.
    """
    shown = {}
    for kind in KINDS:
        rows = written.rows.get(kind, 0)
        if not rows:
            continue
        created = written.created_by_kind.get(kind, 0)
        updated, properties = written.changed.get(kind, (0, 0))
        shown[kind] = {"created": created, "updated": updated, "properties": properties,
                       "unchanged": rows - created - updated}
    return shown


def _check_then_write(graph, dataset, existing, writer, journal, rejects_path, batch_size, progress,
                      strict: bool) -> Checked:
    """Check every row first (the rows to load wait in a spool), then write them in this process.

    With ``strict`` (``--strict``), nothing is written if any row was rejected.
    """
    with Spool(batch_size) as spool:
        with RejectsFile(rejects_path) as rejects:
            checked = check_dataset(dataset, existing, rejects, spool, progress)
        if checked.rejected and strict:
            return checked
        _begin(graph, journal)
        done = 0
        progress.start("writing", sum(checked.to_write(kind) for kind in KINDS))
        for kind in KINDS:
            for _, rows in prefetch(checked.batches(kind)):
                writer.write(kind, rows)
                done += len(rows)
                progress.update(done)
        progress.finish()
    checked.written = True
    return checked


def _check_while_writing(graph, dataset, existing, writer, journal, rejects_path, batch_size, progress) -> Checked:
    """Write each checked batch at once in a writer process; remixes as soon as the cycle rule has settled them."""
    dataset.prescan()  # a file that would stop the load halfway stops it now, before any write
    _begin(graph, journal)
    sink = WriterProcess(graph, writer.new_kinds, on_batch=journal.batch)
    feeders: list[threading.Thread] = []
    failures: list[BaseException] = []

    def feed_remixes(checked: Checked) -> None:
        # From the spool, in a thread of its own: checking goes on with contributions and ratings meanwhile.
        def feed() -> None:
            try:
                for lines, rows in checked.batches("remixes"):
                    sink.submit("remixes", lines, rows)
            except BaseException as err:
                failures.append(err)
        feeder = threading.Thread(target=feed, name="remix-feeder", daemon=True)
        feeders.append(feeder)
        feeder.start()

    try:
        with Spool(batch_size, stream=sink.submit, streamed=STREAMED) as spool:
            with RejectsFile(rejects_path) as rejects:
                checked = check_dataset(dataset, existing, rejects, spool, progress, on_remixes=feed_remixes)
            for feeder in feeders:
                feeder.join()
            if failures:
                raise failures[0]
            total = sum(checked.to_write(kind) for kind in KINDS)
            progress.start("writing", total)
            sink.close(waiting=progress.update)
            writer.written = sink.written
            progress.update(total)
            progress.finish()
    except BaseException:
        sink.abort()
        for feeder in feeders:
            feeder.join(timeout=60)
        raise
    checked.written = True
    return checked


def _begin(graph: Graph, journal: "Journal") -> None:
    graph.ensure_schema()
    # Before the first write: what `lineage metrics` stored for the pages describes the graph before this load.
    graph.run_write("stored_drop")
    journal.begin()


def _summary(dataset: Dataset, checked: Checked, rejects_path: Path, graph: Graph, batch_size: int,
             strict: bool) -> LoadSummary:
    order = list(KINDS) + [k for k in checked.parts if k not in KINDS]
    summary = LoadSummary(
        dataset=dataset.name, path=str(dataset.path), format=dataset.format,
        parts=[checked.parts[k] for k in order],
        temporal_anomalies=checked.temporal_anomalies,
        rejects_file=str(rejects_path), strict=strict, database=f"{graph.uri} ({graph.database})",
        batch_size=batch_size, cycles=checked.cycles, notes=list(checked.notes),
    )
    summary.seconds["check"] = checked.seconds
    return summary


class Journal:
    """A note, under the home folder, of a load that is writing (best effort)."""

    def __init__(self, path: Path, dataset: Dataset):
        self.path = path
        self.dataset = dataset
        self.state: dict = {}

    def interrupted(self) -> str | None:
        """A sentence about an earlier load of this dataset that did not finish, if any."""
        try:
            previous = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if previous.get("state") != "writing":
            return None
        same = previous.get("fingerprint") == self.dataset.fingerprint()
        where = f"while writing {previous.get('kind') or 'the schema'} after {previous.get('batches', 0)} batches"
        return (
            f"resumed: the load of {'this' if same else 'an earlier version of this'} dataset started "
            f"{previous.get('started', '?')} stopped {where}; every row was written again "
            "(MERGE makes that safe), so the graph is as a clean load leaves it"
        )

    def where(self) -> str:
        kind = self.state.get("kind")
        if not kind:
            return "before writing any row"
        return f"while writing {kind}, after {self.state.get('batches', 0)} committed batches"

    def begin(self) -> None:
        self.state = {
            "state": "writing", "path": str(self.dataset.path), "fingerprint": self.dataset.fingerprint(),
            "started": datetime.now(timezone.utc).isoformat(timespec="seconds"), "kind": None, "batches": 0,
        }
        self._save()

    def batch(self, kind: str, batches: int) -> None:
        self.state["kind"], self.state["batches"] = kind, batches
        self._save()

    def end(self) -> None:
        self.state["state"] = "done"
        self._save()

    def _save(self) -> None:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            partial = self.path.with_name(self.path.name + ".partial")
            partial.write_text(json.dumps(self.state), encoding="utf-8")
            os.replace(partial, self.path)
        except OSError:
            pass  # the journal only improves a message; a read-only home must not stop a load

"""Writing checked rows to Neo4j: batches of ``UNWIND $rows … MERGE``.

Each batch is one managed write transaction (``graph.write``, retried by the
driver on transient errors: the statements are idempotent). Nodes go first,
then relationships.

Per kind of row, three statements (``queries/load_<kind>*.cypher``):

- ``load_<kind>``: MERGE on the key, then SET each known property by name;
- ``load_<kind>_new``: CREATE, used when the graph held nothing of that kind
  when the load began (a first load). The checked rows have unique keys, so
  this makes the same graph as MERGE, without looking for what cannot be there;
- ``load_<kind>_extra``: ``SET x += row.extra`` for the extra columns, in the
  same transaction, only for batches that have any. (A map SET makes Neo4j
  plan an Eager step, which is why it is kept out of the main statement.)

:class:`WriterProcess` writes in a process of its own, so that the loader
goes on checking rows while Neo4j works on the batches already checked.
"""

from __future__ import annotations

import multiprocessing
import queue
import threading
import time
from dataclasses import dataclass, field
from typing import Callable, Iterable, Iterator

import neo4j

import queries
from graph_loader.rows import KINDS
from lineage.db import Graph, Neo4jError
from lineage.errors import DatabaseUnavailable, LineageError, QueryFailed

COUNTERS = ("nodes_created", "relationships_created")


@dataclass
class Written:
    """What writing did: rows sent per kind, what was new, and the statements used."""

    rows: dict[str, int] = field(default_factory=lambda: {kind: 0 for kind in KINDS})
    created: dict[str, int] = field(default_factory=lambda: {"nodes": 0, "relationships": 0})
    batches: int = 0
    seconds: float = 0.0  # time spent in write transactions
    seconds_by_kind: dict[str, float] = field(default_factory=lambda: {kind: 0.0 for kind in KINDS})
    statements: dict[str, str] = field(default_factory=dict)  # kind -> the statement used


def _run_batch(tx: neo4j.ManagedTransaction, cypher: str, extra: str | None, rows: list[dict]) -> dict[str, int]:
    counters = tx.run(cypher, rows=rows).consume().counters
    if extra is not None:
        tx.run(extra, rows=rows).consume()
    return {name: getattr(counters, name) for name in COUNTERS}


class BatchWriter:
    """Writes batches, one transaction each; ``new_kinds`` are those the graph held none of."""

    def __init__(self, graph: Graph, new_kinds: Iterable[str],
                 on_batch: Callable[[str, int], None] | None = None):
        self.graph = graph
        self.new_kinds = frozenset(new_kinds)
        self.on_batch = on_batch
        self.written = Written()
        self.current: str | None = None
        self.batches_of_kind = 0

    def write(self, kind: str, rows: list[dict]) -> None:
        if not rows:
            return
        name = f"load_{kind}_new" if kind in self.new_kinds else f"load_{kind}"
        self.written.statements[kind] = name
        extra = queries.load(f"load_{kind}_extra") if any(row["extra"] for row in rows) else None
        started = time.perf_counter()
        try:
            counters = self.graph.write(_run_batch, queries.load(name), extra, rows)
        except Neo4jError as err:  # not a connection problem (those are DatabaseUnavailable)
            first = (err.message or str(err)).strip().splitlines()[0][:300]
            raise QueryFailed(f"Neo4j refused a batch of {kind} ({err.code}: {first})") from None
        written = self.written
        spent = time.perf_counter() - started
        written.seconds += spent
        written.seconds_by_kind[kind] += spent
        written.created["nodes"] += counters["nodes_created"]
        written.created["relationships"] += counters["relationships_created"]
        written.rows[kind] += len(rows)
        written.batches += 1
        if kind != self.current:
            self.current, self.batches_of_kind = kind, 0
        self.batches_of_kind += 1
        if self.on_batch is not None:
            self.on_batch(kind, self.batches_of_kind)


class Aborted(LineageError):
    """Raised in a feeding thread once the load has stopped."""


class WriterProcess:
    """A :class:`BatchWriter` in a process of its own, fed through a short queue.

    Any thread may :meth:`submit` (it waits while ``depth`` batches are
    queued); an error in the writer (the database gone, a batch refused) is
    raised in the feeding thread at its next :meth:`submit`, and at
    :meth:`close`.

    Why a process: in a thread, the writer would share the interpreter lock
    with the checker, and each time Neo4j answers it would wait for the
    checker to let go of the lock while Neo4j idles (measured: slower than
    checking first and writing after). A process has its own lock and its own
    driver; batches travel pickled, as they would to a spool file, and reports
    of what was written come back. It is started with ``spawn`` (no fork of a
    process holding a driver), so a script that calls the loader needs the
    usual ``if __name__ == "__main__":`` guard; the ``lineage`` command has it.
    """

    def __init__(self, graph: Graph, new_kinds: Iterable[str],
                 on_batch: Callable[[str, int], None] | None = None, depth: int = 6):
        context = multiprocessing.get_context("spawn")  # no fork of a process holding a driver
        self.inbox = context.Queue(maxsize=depth)
        self.outbox = context.Queue()
        self.on_batch = on_batch
        self.error: BaseException | None = None
        self.written: Written | None = None
        self.rows_written = 0
        self._lock = threading.Lock()
        settings = graph.settings.with_uri(graph.uri)  # the server the parent reached, started already
        self.process = context.Process(
            target=_writer_main, args=(settings, sorted(new_kinds), self.inbox, self.outbox),
            name="graph-writer", daemon=True,
        )
        self.process.start()

    def _poll(self, block: float = 0.0) -> None:
        with self._lock:
            while True:
                try:
                    message = self.outbox.get(timeout=block) if block else self.outbox.get_nowait()
                except queue.Empty:
                    break
                block = 0.0
                if message[0] == "batch":
                    _, kind, rows, batch_number = message
                    self.rows_written += rows
                    if self.on_batch is not None:
                        self.on_batch(kind, batch_number)
                elif message[0] == "error":
                    self.error = self.error or message[1]
                elif message[0] == "done":
                    self.written = message[1]
            if self.error is None and self.written is None and not self.process.is_alive():
                self.error = QueryFailed(f"the writer process stopped (exit code {self.process.exitcode})")

    def submit(self, kind: str, lines: list[int], rows: list[dict]) -> None:
        while True:
            self._poll()
            if self.error is not None:
                raise self.error
            try:
                self.inbox.put((kind, rows), timeout=0.5)
                return
            except queue.Full:
                continue

    def close(self, waiting: Callable[[int], None] | None = None) -> None:
        """Wait until every submitted batch is written; raise the writer's error, if any."""
        while True:
            self._poll()
            if self.error is not None:
                self.abort()
                raise self.error
            try:
                self.inbox.put(None, timeout=0.5)
                break
            except queue.Full:
                continue
        while self.written is None and self.error is None:
            self._poll(block=0.25)
            if waiting is not None:
                waiting(self.rows_written)
        self.process.join(timeout=60)
        if self.error is not None:
            raise self.error

    def abort(self) -> None:
        """Stop writing now: the transaction in hand is rolled back by the server."""
        self.error = self.error or Aborted("the load was stopped")
        if self.process.is_alive():
            self.process.terminate()
        self.process.join(timeout=60)
        for q in (self.inbox, self.outbox):
            q.cancel_join_thread()


def _writer_main(settings, new_kinds: list[str], inbox, outbox) -> None:
    """The writer process: batches in, reports out, until ``None`` comes (or the parent is gone)."""
    import logging

    # As in the parent (lineage/cli/load_commands.py): the driver's reports of a
    # broken connection are not printed; the load stops with one line of its own.
    logging.getLogger("neo4j").setLevel(logging.CRITICAL)
    reports = []

    def on_batch(kind: str, number: int) -> None:
        reports.append((kind, number))

    try:
        graph = Graph.connect(settings, start_local=False)
    except BaseException as err:
        outbox.put(("error", _portable(err)))
        return
    writer = BatchWriter(graph, new_kinds, on_batch=on_batch)
    parent = multiprocessing.parent_process()
    ahead: queue.Queue = queue.Queue(maxsize=2)

    def read_ahead() -> None:
        # Unpickling the next batch overlaps Neo4j's work on the current one.
        while True:
            try:
                item = inbox.get(timeout=1.0)
            except queue.Empty:
                if parent is not None and not parent.is_alive():
                    ahead.put(None)
                    return
                continue
            ahead.put(item)
            if item is None:
                return

    threading.Thread(target=read_ahead, name="read-ahead", daemon=True).start()
    try:
        while True:
            item = ahead.get()
            if item is None and parent is not None and not parent.is_alive():
                return
            if item is None:
                outbox.put(("done", writer.written))
                return
            kind, rows = item
            try:
                writer.write(kind, rows)
            except BaseException as err:
                outbox.put(("error", _portable(err)))
                return
            kind, number = reports.pop()
            outbox.put(("batch", kind, len(rows), number))
    finally:
        graph.close()


def _portable(err: BaseException) -> BaseException:
    """The error as the parent can unpickle it: the project's own errors as they are, others as QueryFailed."""
    if isinstance(err, LineageError) and type(err).__init__ is LineageError.__init__ or isinstance(
            err, (QueryFailed, DatabaseUnavailable)):
        return type(err)(str(err))
    return QueryFailed(f"the writer failed: {type(err).__name__}: {str(err).splitlines()[0][:300] if str(err) else ''}")


def prefetch(batches: Iterator, depth: int = 2) -> Iterator:
    """Yield from ``batches``, reading ahead in a thread (unpickling overlaps the database's work)."""
    box: queue.Queue = queue.Queue(maxsize=depth)
    done = object()

    def read() -> None:
        try:
            for item in batches:
                box.put(item)
        except BaseException as err:  # handed to the consumer
            box.put(err)
        box.put(done)

    threading.Thread(target=read, name="spool-reader", daemon=True).start()
    while True:
        item = box.get()
        if item is done:
            return
        if isinstance(item, BaseException):
            raise item
        yield item

"""Writing checked rows to Neo4j: batches of ``UNWIND $rows … MERGE``.

Each batch is one managed write transaction (``graph.write``, retried by the
driver on transient errors). Nodes go first, then relationships. A load
writes under the load lock (:mod:`graph_loader.lock`): no other load writes
the database meanwhile.

Per kind of row, three statements (``queries/load_<kind>*.cypher``):

- ``load_<kind>``: MERGE on the key (a node's id; a relationship's two ends,
  and a contribution's role), so that nothing is ever there twice; then
  ``SET x += row.set``, a map of only the properties whose columns the file
  has (:mod:`graph_loader.present`; a column absent from the file leaves the
  property as it is) and the extra columns. A new node or relationship is
  created whole (``row.create``: every property, with the defaults). The
  statement counts what it changed, and writes nothing where nothing changes;
- ``load_<kind>_new``: CREATE, used when the graph held nothing of that kind
  when the load took its lock. The checked rows have unique keys and no other
  load can write meanwhile, so this makes the same graph as MERGE, without
  looking for what cannot be there. A batch the driver runs a second time
  (its first try failed, or its commit's answer was lost) uses MERGE: that
  try may have been committed;
- ``load_<kind>_extra``: ``SET x += row.extra`` for the extra columns, after
  CREATE in the same transaction, only for batches that have any. (A map SET
  makes Neo4j plan an Eager step, which is why it is kept out of CREATE.)

:class:`WriterProcess` writes in a process of its own, so that the loader
goes on checking rows while Neo4j works on the batches already checked. It
dies with the loader: on Linux the kernel kills it when its parent dies
(``PR_SET_PDEATHSIG``), and elsewhere it watches its parent's pid.
"""

from __future__ import annotations

import multiprocessing
import os
import queue
import signal
import sys
import threading
import time
from dataclasses import dataclass, field
from typing import Callable, Iterable, Iterator

import neo4j

import queries
from graph_loader.present import KEYS, PROPERTIES
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
    # kind -> [what the graph held and this load changed, properties changed]
    changed: dict[str, list[int]] = field(default_factory=lambda: {kind: [0, 0] for kind in KINDS})
    # kind -> nodes or relationships new to the graph (the statements' own counters: no extra query)
    created_by_kind: dict[str, int] = field(default_factory=lambda: {kind: 0 for kind in KINDS})


def merge_rows(kind: str, rows: list[dict]) -> list[dict]:
    """The rows as ``load_<kind>`` takes them: the key, ``set`` (the properties given) and ``create`` where it differs.

    >>> merge_rows("works", [{"id": "w1", "title": "T", "medium": "other", "created_at": None, "status": "published",
    ...                       "license": None, "url": None, "tags": (), "extra": {"views": 3}, "given": ("title",)}])
    ... # doctest: +NORMALIZE_WHITESPACE
    [{'id': 'w1', 'set': {'title': 'T', 'views': 3},
      'create': {'title': 'T', 'medium': 'other', 'created_at': None, 'status': 'published', 'license': None,
                 'url': None, 'tags': (), 'views': 3}}]
    """
    keys, everything = KEYS[kind], PROPERTIES[kind]
    out = []
    for row in rows:
        given = row.get("given")
        extra = row["extra"]
        item = {key: row[key] for key in keys}
        values = {name: row[name] for name in (everything if given is None else given)}
        if extra:
            values.update(extra)
        item["set"] = values
        if given is not None:
            whole = {name: row[name] for name in everything}
            if extra:
                whole.update(extra)
            item["create"] = whole
        out.append(item)
    return out


class _Batch:
    """One batch as a transaction function: CREATE on the first try where that is safe, MERGE on any other."""

    def __init__(self, kind: str, rows: list[dict], create: bool):
        self.kind, self.rows, self.create = kind, rows, create
        self.tries = 0
        self._merge_rows: list[dict] | None = None

    def __call__(self, tx: neo4j.ManagedTransaction) -> dict[str, int]:
        self.tries += 1
        if self.create and self.tries == 1:
            counters = tx.run(queries.load(f"load_{self.kind}_new"), rows=self.rows).consume().counters
            if any(row["extra"] for row in self.rows):
                tx.run(queries.load(f"load_{self.kind}_extra"), rows=self.rows).consume()
            done = {"updated": 0, "properties": 0}
        else:
            if self._merge_rows is None:
                self._merge_rows = merge_rows(self.kind, self.rows)
            result = tx.run(queries.load(f"load_{self.kind}"), rows=self._merge_rows)
            record = result.single(strict=True)
            done = {"updated": record["updated"], "properties": record["properties"]}
            counters = result.consume().counters
        done.update({name: getattr(counters, name) for name in COUNTERS})
        return done


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
        create = kind in self.new_kinds
        self.written.statements[kind] = f"load_{kind}_new" if create else f"load_{kind}"
        started = time.perf_counter()
        try:
            counters = self.graph.write(_Batch(kind, rows, create))
        except Neo4jError as err:  # not a connection problem (those are DatabaseUnavailable)
            first = (err.message or str(err)).strip().splitlines()[0][:300]
            raise QueryFailed(f"Neo4j refused a batch of {kind} ({err.code}: {first})") from None
        written = self.written
        spent = time.perf_counter() - started
        written.seconds += spent
        written.seconds_by_kind[kind] += spent
        written.created["nodes"] += counters["nodes_created"]
        written.created["relationships"] += counters["relationships_created"]
        written.created_by_kind[kind] += counters["nodes_created"] + counters["relationships_created"]
        written.changed[kind][0] += counters["updated"]
        written.changed[kind][1] += counters["properties"]
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
            target=_writer_main, args=(settings, sorted(new_kinds), self.inbox, self.outbox, os.getpid()),
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


PR_SET_PDEATHSIG = 1  # linux/prctl.h


def die_with_parent(parent_pid: int, poll: float = 0.5) -> None:
    """End this process the moment ``parent_pid`` is no longer its parent (the loader was killed).

    Waiting for the next batch to notice is not enough: the queue's pipe, whose
    other end this process also holds, never reports the loader gone, and a
    batch in hand can take long. On Linux the kernel sends SIGKILL when the
    parent dies (``PR_SET_PDEATHSIG``); everywhere, a thread also checks the
    parent pid, and the check right after setting the signal covers a parent
    that died before.
    """
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):  # no prctl: the thread below does it
            pass
    if os.getppid() != parent_pid:
        os._exit(1)

    def watch() -> None:
        while True:
            time.sleep(poll)
            if os.getppid() != parent_pid:
                os._exit(1)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


def _writer_main(settings, new_kinds: list[str], inbox, outbox, parent_pid: int | None = None) -> None:
    """The writer process: batches in, reports out, until ``None`` comes (or the parent is gone)."""
    import logging

    if parent_pid is not None:
        die_with_parent(parent_pid)

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
                outbox.cancel_join_thread()  # at exit, wait for no one to read the reports: no one will
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

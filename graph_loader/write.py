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

:class:`WriterThread` writes in a thread of its own, so that the loader goes
on checking rows while Neo4j works on the batches already checked.
"""

from __future__ import annotations

import queue
import threading
import time
from dataclasses import dataclass, field
from typing import Callable, Iterable, Iterator

import neo4j

import queries
from graph_loader.rows import KINDS
from lineage.db import Graph, Neo4jError
from lineage.errors import LineageError, QueryFailed

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


class WriterThread:
    """A :class:`BatchWriter` in a thread, fed through a short queue (the checker waits when it is full).

    An error in the thread (the database gone, a batch refused) is raised in
    the feeding thread at its next :meth:`submit` or at :meth:`close`.
    """

    _DONE = object()

    def __init__(self, writer: BatchWriter, depth: int = 2):
        self.writer = writer
        self.queue: queue.Queue = queue.Queue(maxsize=depth)
        self.error: BaseException | None = None
        self.thread = threading.Thread(target=self._work, name="graph-writer", daemon=True)
        self.thread.start()

    def _work(self) -> None:
        while True:
            item = self.queue.get()
            if item is self._DONE:
                return
            if self.error is None:
                try:
                    self.writer.write(*item)
                except BaseException as err:  # handed to the feeding thread
                    self.error = err

    def submit(self, kind: str, lines: list[int], rows: list[dict]) -> None:
        self._raise()
        self.queue.put((kind, rows))

    def close(self) -> None:
        """Wait until every submitted batch is written; raise the thread's error, if any."""
        self.queue.put(self._DONE)
        self.thread.join()
        self._raise()

    def abort(self) -> None:
        """Stop after the batch in hand (the load failed elsewhere)."""
        self.error = self.error or _Aborted()
        while True:
            try:
                self.queue.get_nowait()
            except queue.Empty:
                break
        self.queue.put(self._DONE)
        self.thread.join()

    def _raise(self) -> None:
        if self.error is not None and not isinstance(self.error, _Aborted):
            raise self.error


class _Aborted(LineageError):
    pass


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

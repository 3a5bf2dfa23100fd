"""Writing checked rows to Neo4j: batches of ``UNWIND $rows … MERGE``.

Each batch is one managed write transaction (``graph.write``, retried by the
driver on transient errors: the statements are idempotent MERGEs). Nodes go
first, then relationships. A helper thread reads the next batch from the spool
while the current one is in the database.
"""

from __future__ import annotations

import queue
import threading
import time
from dataclasses import dataclass, field
from typing import Iterator

import neo4j

import queries
from graph_loader.rows import KINDS
from graph_loader.validate import Checked, Progress
from lineage.db import Graph, Neo4jError
from lineage.errors import QueryFailed

COUNTERS = ("nodes_created", "relationships_created", "properties_set")


@dataclass
class Written:
    """What writing did: rows sent per kind, what was new, and where it stopped."""

    rows: dict[str, int] = field(default_factory=dict)
    created: dict[str, int] = field(default_factory=dict)
    batches: int = 0
    seconds: float = 0.0


def _run_batch(tx: neo4j.ManagedTransaction, cypher: str, rows: list[dict]) -> dict[str, int]:
    counters = tx.run(cypher, rows=rows).consume().counters
    return {name: getattr(counters, name) for name in COUNTERS}


def _prefetch(batches: Iterator, depth: int = 2) -> Iterator:
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

    reader = threading.Thread(target=read, name="spool-reader", daemon=True)
    reader.start()
    while True:
        item = box.get()
        if item is done:
            return
        if isinstance(item, BaseException):
            raise item
        yield item


def write_checked(graph: Graph, checked: Checked, progress: Progress | None = None,
                  on_batch=None) -> Written:
    """Create the schema, then write every checked row, nodes first.

    ``on_batch(kind, batches_done)`` is called after each committed batch
    (the loader journals it, so an interrupted load can say where it stopped).
    """
    progress = progress or Progress()
    started = time.perf_counter()
    written = Written(created={"nodes": 0, "relationships": 0})
    graph.ensure_schema()
    total = sum(checked.to_write(kind) for kind in KINDS)
    progress.start("writing", total)
    done = 0
    for kind in KINDS:
        cypher = queries.load(f"load_{kind}")
        count = 0
        for batch_number, (_, rows) in enumerate(_prefetch(checked.batches(kind)), 1):
            try:
                counters = graph.write(_run_batch, cypher, rows)
            except Neo4jError as err:  # not a connection problem (those are DatabaseUnavailable)
                first = (err.message or str(err)).strip().splitlines()[0][:300]
                raise QueryFailed(f"Neo4j refused a batch of {kind} ({err.code}: {first})") from None
            written.created["nodes"] += counters["nodes_created"]
            written.created["relationships"] += counters["relationships_created"]
            count += len(rows)
            done += len(rows)
            written.batches += 1
            progress.update(done)
            if on_batch is not None:
                on_batch(kind, batch_number)
        written.rows[kind] = count
    progress.finish()
    written.seconds = time.perf_counter() - started
    return written

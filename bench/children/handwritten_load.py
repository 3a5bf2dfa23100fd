"""``python -m bench.children.handwritten_load URI DATASET``: the hand-written loader baseline of figure 1.

A competent loader written the way Neo4j's documentation teaches, in a
process of its own (so its wall time counts its start, as ``lineage load``'s
does): the constraints are already in place; for each file, nodes first,
batches of 10,000 rows sent as ``UNWIND $rows AS r MERGE … SET …`` in managed
write transactions (``session.execute_write``), relationships with two
``MATCH`` and a ``MERGE`` (``bench/cypher/handwritten_*.cypher``); ratings
included. The values are the CSV text with the obvious conversions (those of
the naive loader, ``bench.loading._params``); nothing is checked, so a row
whose ends are missing is silently not written.

Prints JSON: ``{"seconds": {file: s}, "rows": {file: n}, "node_s", "edge_s"}``.
"""

from __future__ import annotations

import csv
import json
import logging
import os
import sys
import time
from pathlib import Path

from neo4j import GraphDatabase

from bench import cypher
from bench.data import FILE_OF_KIND, FILES, NODE_FILES
from bench.loading import _params

BATCH = 10_000
KIND = {name: kind for kind, name in FILE_OF_KIND.items()}


def _write(tx, text: str, rows: list[dict]) -> None:
    tx.run(text, rows=rows).consume()


def load(uri: str, folder: Path) -> dict:
    seconds: dict[str, float] = {}
    counts: dict[str, int] = {}
    auth = ("neo4j", os.environ.get("NEO4J_PASSWORD", ""))
    with GraphDatabase.driver(uri, auth=auth) as driver, driver.session(database="neo4j") as session:
        for name in FILES:
            path = folder / name
            if not path.is_file():
                continue
            text = cypher.load(f"handwritten_{name.removesuffix('.csv')}")
            kind = KIND[name]
            started = time.perf_counter()
            done, batch = 0, []
            with open(path, newline="", encoding="utf-8") as handle:
                for row in csv.DictReader(handle):
                    batch.append(_params(kind, row))
                    if len(batch) == BATCH:
                        session.execute_write(_write, text, batch)
                        done, batch = done + len(batch), []
            if batch:
                session.execute_write(_write, text, batch)
                done += len(batch)
            seconds[name] = round(time.perf_counter() - started, 3)
            counts[name] = done
    node_s = sum(s for f, s in seconds.items() if f in NODE_FILES)
    return {"seconds": seconds, "rows": counts, "node_s": round(node_s, 3),
            "edge_s": round(sum(seconds.values()) - node_s, 3)}


if __name__ == "__main__":
    logging.getLogger("neo4j.notifications").setLevel(logging.ERROR)
    json.dump(load(sys.argv[1], Path(sys.argv[2])), sys.stdout)

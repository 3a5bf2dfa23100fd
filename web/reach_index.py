"""An artist or a lineage on any day, answered from the arrays of the graph as it is: one index per version.

An artist's influence as of a day is a walk through the works that existed
then; walked live in Cypher it took seconds at 1M works (130,163 derived works
down, then their contributors), and each day asked for is a new walk; a large
lineage as of a day took 0.4-0.8 s to count. The site instead keeps the
graph's remixes, contributions and creation dates as arrays
(:class:`lineage.reach.ReachIndex`, a second implementation of the same walks,
held to the live ones by tests/test_reach.py) and walks them with a mask of
the day's works.

The index describes one version of the graph (:func:`web.db.graph_version`).
The first as-of request of a version starts building it in a thread of its own
(the site answers meanwhile, a little slower: the thread shares the process)
and is answered live, as is every request until it is built; a version that
changes while it is read is not kept (the next request starts over). Any write
(a load, ``lineage metrics``) gives a new version, so an index never answers for
a graph it was not read from. Graphs of more than ``REACH_INDEX_MAX_WORKS``
works get none (0: never): at 1M works reading it took 12 s and 0.36-0.46 GiB
of the site's memory (``python -m bench.heavy_pages``, docs/benchmarks.md §10).
"""

from __future__ import annotations

import gc
import logging
import threading
import time

from flask import Flask, current_app

from lineage.db import Graph
from lineage.metrics_db import pull
from lineage.reach import ReachIndex

EXTENSION = "lineage_reach_index"
log = logging.getLogger(__name__)


class IndexHolder:
    """The index of the newest version read, and the version being read, if any; thread-safe."""

    def __init__(self, max_works: int):
        self.max_works = max_works
        self._lock = threading.Lock()
        self._version: frozenset | None = None
        self._index: ReachIndex | None = None
        self._reading: frozenset | None = None
        self._refused: set[frozenset] = set()  # versions too large to index, or whose reading failed
        self.built_seconds: float | None = None

    def get(self, graph: Graph, version: frozenset) -> ReachIndex | None:
        """The index of ``version`` if it is built; otherwise start building it (once) and say None."""
        with self._lock:
            if self._version == version:
                return self._index
            if self._reading is not None or version in self._refused:
                return None
            # Versions only move on: the old index never answers again, and two at once would double the memory.
            self._version, self._index = None, None
            self._reading = version
        threading.Thread(target=self._build, args=(graph, version), name="reach-index", daemon=True).start()
        return None

    def _build(self, graph: Graph, version: frozenset) -> None:
        index, began = None, time.monotonic()
        try:
            works = (graph.read_one("load_existing_counts") or {}).get("works") or 0  # from the count store
            if works <= self.max_works:
                created: list = []
                arrays = pull(graph, created=created)
                index = ReachIndex(arrays, created=created)
                del arrays, created
                if graph.version() != version:  # written to while read: describes no version
                    log.info("the graph changed while its reach index was read; not kept")
                    index = None
                    version = None
                else:
                    # Lived for a version, the index's millions of ids were walked by every full collection
                    # of the cycle collector: 70-80 ms each at 1M works, a quarter of an artist's answer.
                    # Frozen, it is left out of them; refcounting still frees it (it holds no cycles).
                    gc.freeze()
        except Exception:  # a failed read leaves the live walk answering; never a failed page
            log.exception("reading the reach index failed; as-of answers are walked live")
            index = None
        with self._lock:
            self._reading = None
            if index is not None:
                self._version, self._index = version, index
                self.built_seconds = round(time.monotonic() - began, 2)
            elif version is not None:
                self._refused.add(version)


def current() -> ReachIndex | None:
    """The index of the graph as this request sees it, if built (starting its build when not)."""
    holder: IndexHolder | None = current_app.extensions.get(EXTENSION)
    if holder is None:
        return None
    from web.db import get_graph, graph_version

    return holder.get(get_graph(console=True), graph_version())


def init_app(app: Flask) -> None:
    """Give ``app`` its index holder, unless ``REACH_INDEX_MAX_WORKS`` is 0."""
    most = int(app.config.get("REACH_INDEX_MAX_WORKS") or 0)
    if most > 0:
        app.extensions[EXTENSION] = IndexHolder(most)


__all__ = ["IndexHolder", "current", "init_app"]

"""The site's one Neo4j handle: opened lazily, reopened after an outage.

One :class:`lineage.db.Graph` (one driver) per app, kept in
``app.extensions["lineage_graph"]``. It is created on the first request that
needs it; if Neo4j cannot be reached the request gets
:class:`~lineage.errors.DatabaseUnavailable` (503) and the next request tries
again, so the site recovers by itself when Neo4j is back. A request that fails
with DatabaseUnavailable marks the handle as suspect: the next request checks
the connection and, if it is still dead, opens a new driver (so a local Neo4j
restarted on another port is found again) without tearing down a driver other
requests are using after a passing hiccup.
"""

from __future__ import annotations

import atexit
import threading

from flask import Flask, current_app

from lineage.config import Settings
from lineage.db import Graph
from lineage.errors import DatabaseUnavailable

EXTENSION = "lineage_graph"


class GraphHolder:
    """Holds the app's Graph; thread-safe, lazy, resettable."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._graph: Graph | None = None
        self._settings: Settings | None = None
        self._suspect = False

    def get(self, settings: Settings, driver_options: dict | None = None) -> Graph:
        with self._lock:
            if self._graph is not None and self._settings != settings:
                # Settings swapped on a live app: drop the old driver.
                self._close_locked()
            if self._graph is not None and self._suspect:
                try:
                    self._graph.driver.verify_connectivity()
                    self._suspect = False
                except Exception:  # still dead (or moved): start over
                    self._close_locked()
            if self._graph is None:
                try:
                    self._graph = Graph.connect(settings, start_local=False, **(driver_options or {}))
                except DatabaseUnavailable:
                    raise
                except Exception as err:  # driver failures outside translated_errors
                    raise DatabaseUnavailable(f"Neo4j cannot be reached ({type(err).__name__}: {err})") from None
                self._settings = settings
                self._suspect = False
            return self._graph

    def mark_suspect(self) -> None:
        """The database failed a request: check it before the next one."""
        with self._lock:
            self._suspect = True

    def reset(self) -> None:
        with self._lock:
            self._close_locked()

    def close(self) -> None:
        self.reset()

    def _close_locked(self) -> None:
        graph, self._graph, self._settings = self._graph, None, None
        if graph is not None:
            try:
                graph.close()
            except Exception:  # closing a driver to a dead server may complain; nothing to keep
                pass


def get_graph() -> Graph:
    """The current app's Graph, connected on first use (DatabaseUnavailable → 503)."""
    holder: GraphHolder = current_app.extensions[EXTENSION]
    return holder.get(current_app.config["LINEAGE_SETTINGS"], current_app.config.get("DB_DRIVER_OPTIONS"))


def reset_graph(app: Flask | None = None) -> None:
    """After an outage: the next request checks the connection and reconnects if needed."""
    app = app or current_app
    holder: GraphHolder | None = app.extensions.get(EXTENSION)
    if holder is not None:
        holder.mark_suspect()


def init_app(app: Flask) -> None:
    """Register the lazily opened Graph on ``app``; it is closed at interpreter exit."""
    holder = GraphHolder()
    app.extensions[EXTENSION] = holder
    atexit.register(holder.close)


__all__ = ["get_graph", "reset_graph", "init_app", "GraphHolder"]

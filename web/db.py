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

A page sees the Graph through a :class:`PageGraph`: all the reads of one
request share one deadline (``PAGE_QUERY_TIMEOUT``), each read runs with what
is left as its transaction timeout, and a page past it gets
:class:`~lineage.errors.QueryTimeout` (504 with a message) instead of holding
a site thread for as long as the graph takes (a 50,000-long remix chain is
50,000 levels of a walk). The console reads the Graph itself: it has its own
limits (lineage.console).
"""

from __future__ import annotations

import atexit
import threading
import time
from typing import Any, Callable

import neo4j
from flask import Flask, current_app, g
from neo4j.exceptions import ClientError

import queries
from lineage.config import Settings
from lineage.db import Graph
from lineage.errors import DatabaseUnavailable, QueryTimeout

EXTENSION = "lineage_graph"


class GraphHolder:
    """Holds the app's Graph; thread-safe, lazy, resettable."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._graph: Graph | None = None
        self._settings: Settings | None = None
        self._suspect = False

    def get(self, settings: Settings, driver_options: dict | None = None, read_timeout: float | None = None) -> Graph:
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
                    self._graph = Graph.connect(settings, start_local=False, read_timeout=read_timeout,
                                                **(driver_options or {}))
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


def get_graph(console: bool = False) -> "Graph | PageGraph":
    """The current app's Graph, connected on first use (DatabaseUnavailable → 503).

    Pages get it as a :class:`PageGraph` bound to the request's deadline;
    ``console`` gives the Graph itself.
    """
    holder: GraphHolder = current_app.extensions[EXTENSION]
    config = current_app.config
    limit = float(config["PAGE_QUERY_TIMEOUT"])
    graph = holder.get(config["LINEAGE_SETTINGS"], config.get("DB_DRIVER_OPTIONS"), read_timeout=limit)
    if console:
        return graph
    if "page_deadline" not in g:
        g.page_deadline = time.monotonic() + limit
    return PageGraph(graph, g.page_deadline, limit)


def graph_version():
    """The graph's version (:meth:`lineage.db.Graph.version`) as this request sees it: read once, on first use.

    What a request keeps or reuses by version (web/answer_cache.py, web/reach_index.py) is
    keyed by the version read before its first answer was gathered.
    """
    if "graph_version" not in g:
        g.graph_version = get_graph().version()
    return g.graph_version


def timed_out(err: Exception) -> bool:
    """Whether a driver error is Neo4j stopping a transaction at its timeout."""
    code = getattr(err, "code", None) or ""
    return "TransactionTimedOut" in code or code.endswith("Transaction.Terminated")


class PageGraph:
    """A Graph whose reads share one page's deadline; anything else is the Graph's own."""

    def __init__(self, graph: Graph, deadline: float, limit: float):
        self._graph = graph
        self._deadline = deadline
        self._limit = limit

    def __getattr__(self, name: str) -> Any:
        return getattr(self._graph, name)

    def timeout(self) -> QueryTimeout:
        return QueryTimeout(f"this page needs more than the site's {self._limit:g} s to gather its answer (the "
                            f"lineage around it is very large); ask for less: a depth, a smaller cap or an "
                            f"as-of date")

    def left(self) -> float:
        """Seconds left for this page's reads (QueryTimeout when none)."""
        left = self._deadline - time.monotonic()
        if left <= 0:
            raise self.timeout()
        return left

    def in_time(self, read: Callable[[float], Any]) -> Any:
        """``read(seconds left)``, a QueryTimeout when Neo4j stops it at its timeout or it ends past the deadline."""
        left = self.left()
        try:
            answer = read(left)
        except ClientError as err:
            if timed_out(err):
                raise self.timeout() from None
            raise
        # Neo4j's timeout covers its own work, not the rows' journey here: a read may end past the deadline.
        self.left()
        return answer

    def read_text(self, cypher: str, params: dict | None = None, *, timeout: float | None = None) -> list[dict]:
        return self.in_time(lambda left: self._graph.read_text(cypher, params, timeout=min(timeout or left, left)))

    def read(self, name: str, **params: Any) -> list[dict]:
        return self.read_text(queries.load(name), params)

    def read_one(self, name: str, **params: Any) -> dict | None:
        rows = self.read(name, **params)
        return rows[0] if rows else None

    def read_together(self, work: Callable[..., Any], *, timeout: float | None = None) -> Any:
        """As :meth:`lineage.db.Graph.read_together`, the transaction limited to what is left of the deadline."""
        return self.in_time(lambda left: self._graph.read_together(work, timeout=min(timeout or left, left)))

    def version(self) -> frozenset[str]:
        """As :meth:`lineage.db.Graph.version`, within what is left of the deadline."""
        return self.in_time(lambda left: self._graph.version(timeout=left))

    def session(self, **kwargs: Any) -> "_PageSession":
        self.left()
        return _PageSession(self._graph.session(**kwargs), self)

    @property
    def driver(self) -> "_PageDriver":
        return _PageDriver(self._graph.driver, self)


class _PageDriver:
    """The driver, but its sessions' managed reads keep to the page's deadline."""

    def __init__(self, driver: neo4j.Driver, page: PageGraph):
        self._driver, self._page = driver, page

    def __getattr__(self, name: str) -> Any:
        return getattr(self._driver, name)

    def session(self, **kwargs: Any) -> "_PageSession":
        self._page.left()
        return _PageSession(self._driver.session(**kwargs), self._page)


class _PageSession:
    def __init__(self, session: neo4j.Session, page: PageGraph):
        self._session, self._page = session, page

    def __getattr__(self, name: str) -> Any:
        return getattr(self._session, name)

    def __enter__(self) -> "_PageSession":
        self._session.__enter__()
        return self

    def __exit__(self, *exc: object) -> Any:
        return self._session.__exit__(*exc)

    def execute_read(self, work: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        return self._page.in_time(
            lambda left: self._session.execute_read(neo4j.unit_of_work(timeout=left)(work), *args, **kwargs))


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


__all__ = ["get_graph", "reset_graph", "init_app", "GraphHolder", "PageGraph", "timed_out"]

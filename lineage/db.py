"""Neo4j access: one driver per process, queries by name, errors translated.

Reads go through ``execute_query(routing_="r")`` (a read transaction the
server enforces), writes through ``execute_write`` with idempotent transaction
functions, always naming the database.
"""

from __future__ import annotations

import contextlib
import shutil
import sys
import time
from pathlib import Path
from typing import Any, Callable, Iterator

import neo4j
from neo4j import GraphDatabase
from neo4j.exceptions import (
    AuthError,
    ClientError,
    ConfigurationError,
    DriverError,
    Neo4jError,
    ServiceUnavailable,
    SessionExpired,
    TransientError,
)

import queries
from lineage.config import DEFAULT_DATABASE, Settings, from_env
from lineage.errors import DatabaseUnavailable, DiskFull, QueryFailed

# Server answers that mean "the database cannot be used now", not "your query is wrong".
DATABASE_NOT_FOUND = "Neo.ClientError.Database.DatabaseNotFound"
# Neo4j's lock-out after a few wrong passwords in a row (not an AuthError in the driver).
AUTH_RATE_LIMIT = "Neo.ClientError.Security.AuthenticationRateLimit"
UNAVAILABLE_CODES = (
    "Neo.TransientError.Database.DatabaseUnavailable",
    DATABASE_NOT_FOUND,
    "Neo.TransientError.General.DatabaseUnavailable",
)
OUT_OF_MEMORY_CODES = (
    "Neo.TransientError.General.OutOfMemoryError",
    "Neo.TransientError.General.MemoryPoolOutOfMemoryError",
)


STREAM_FETCH_SIZE = 10_000  # records per round trip of Graph.stream

# Values the driver hands over that are already plain Python.
_PLAIN_TYPES = frozenset({str, int, float, bool, type(None)})


def plain(value: Any) -> Any:
    """A value of a result row as ``Record.data()`` gives it, without its cost on large lists.

    Nodes become dicts of their properties, relationships ``(start, TYPE,
    end)`` and paths alternating lists, as the driver's own export makes them;
    lists of plain values are returned as they came. The driver's export
    tests every element of every list against abstract classes, which took
    most of the time of a focus view's read at 1M works.

    >>> plain([["w1", "music", 0.5, 3], ["w2", None, None, 0]])
    [['w1', 'music', 0.5, 3], ['w2', None, None, 0]]
    >>> plain({"n": 1, "xs": [{"a": [1, 2]}]})
    {'n': 1, 'xs': [{'a': [1, 2]}]}
    """
    kind = type(value)
    if kind in _PLAIN_TYPES:
        return value
    if kind is list:
        if all(type(v) in _PLAIN_TYPES for v in value):
            return value
        return [plain(v) for v in value]
    if kind is dict:
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, neo4j.graph.Node):
        return plain(dict(value))
    if isinstance(value, neo4j.graph.Relationship):
        return (plain(dict(value.start_node)), type(value).__name__, plain(dict(value.end_node)))
    if isinstance(value, neo4j.graph.Path):
        out = [plain(value.start_node)]
        for i, relationship in enumerate(value.relationships):
            out.append(type(relationship).__name__)
            out.append(plain(value.nodes[i + 1]))
        return out
    return value  # dates, times, points, durations: as the driver made them


def row_dict(record: neo4j.Record) -> dict:
    """A result row as a dict of plain values (see :func:`plain`)."""
    return {key: plain(value) for key, value in zip(record.keys(), record.values())}


@contextlib.contextmanager
def translated_errors(uri: str, home: Path | None = None) -> Iterator[None]:
    """Turn the driver's connection, auth and availability failures into one-line LineageErrors.

    The one place where they are translated: a database that is down, not
    found, failed, out of disk or out of memory becomes DatabaseUnavailable,
    DiskFull or QueryFailed with a message for the user, never a traceback.
    ``home`` is that of the local Neo4j at ``uri``, if it is one: a failure
    there with its disk (nearly) full is reported as the full disk it is.
    """
    try:
        yield
    except AuthError as err:
        raise DatabaseUnavailable(f"Neo4j at {uri} refused the user or password ({err.message})") from None
    except (ServiceUnavailable, SessionExpired) as err:
        raise DatabaseUnavailable(f"Neo4j at {uri} is not answering ({_first_line(err)})") from None
    except Neo4jError as err:
        code = err.code or ""
        message = _first_line(Exception(err.message or str(err)))
        if "No space left on device" in str(err) or "out of disk space" in str(err).lower():
            raise DiskFull(f"the disk holding the Neo4j store at {uri} is full ({message}); "
                           "free some space, then run the same command again") from None
        if code == AUTH_RATE_LIMIT:
            raise DatabaseUnavailable(f"Neo4j at {uri} locked the user out after repeated wrong passwords ({message}); "
                                      "check NEO4J_USER and NEO4J_PASSWORD, wait a few seconds, then try "
                                      "again") from None
        if code.startswith("Neo.ClientError.Security."):
            raise DatabaseUnavailable(f"Neo4j at {uri} refused the user ({message})") from None
        if code == DATABASE_NOT_FOUND:
            raise DatabaseUnavailable(f"Neo4j at {uri} has no such database ({message}); NEO4J_DATABASE names "
                                      f"the database to use (default {DEFAULT_DATABASE})") from None
        if code in UNAVAILABLE_CODES:
            raise DatabaseUnavailable(f"Neo4j at {uri}: the database is unavailable ({message}); "
                                      "for the local Neo4j, lineage db start says why") from None
        if code in OUT_OF_MEMORY_CODES:
            raise QueryFailed(f"the query needs more memory than the server allows ({message})") from None
        if code.startswith("Neo.DatabaseError.") and home is not None and _disk_is_full(home):
            raise DiskFull(f"the disk holding {home} is full and Neo4j failed ({message}); free some space, "
                           "run lineage db start (it restarts a failed database), then the same command again"
                           ) from None
        if "needs to be restarted" in message or code.endswith("TransactionStartFailed"):
            raise DatabaseUnavailable(f"the database at {uri} has failed and needs a restart ({message}); "
                                      "for the local Neo4j: lineage db start") from None
        raise
    except (OSError, ConnectionError) as err:
        raise DatabaseUnavailable(f"Neo4j at {uri} is not answering ({err})") from None


# The driver also lists http and https (its preview Query API, which needs aiohttp); Bolt is what we speak.
URI_SCHEMES = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")


def check_uri(uri: str) -> str:
    """``uri`` when its scheme is one of :data:`URI_SCHEMES`, else DatabaseUnavailable saying so.

    >>> check_uri("bolt://db.example:7687")
    'bolt://db.example:7687'
    >>> check_uri("http://localhost:7474")
    Traceback (most recent call last):
    ...
    lineage.errors.DatabaseUnavailable: NEO4J_URI 'http://localhost:7474' is not a Bolt address: use bolt://HOST:7687 or neo4j://HOST:7687 (schemes bolt, bolt+s, bolt+ssc, neo4j, neo4j+s, neo4j+ssc)
    """
    scheme, sep, _ = uri.partition("://")
    if not sep or scheme.lower() not in URI_SCHEMES:
        raise DatabaseUnavailable(f"NEO4J_URI {uri[:200]!r} is not a Bolt address: use bolt://HOST:7687 or "
                                  f"neo4j://HOST:7687 (schemes {', '.join(URI_SCHEMES)})")
    return uri


def _disk_is_full(home: Path) -> bool:
    from lineage.localdb.manager import LOW_DISK_BYTES

    try:
        return shutil.disk_usage(home).free < LOW_DISK_BYTES
    except OSError:
        return False


def _first_line(err: Exception) -> str:
    text = str(err).strip() or type(err).__name__
    return text.splitlines()[0][:200]


def _local_home(settings: Settings, uri: str) -> Path | None:
    """The home of the local Neo4j that answers at ``uri``, if it is one."""
    from lineage.localdb import LocalNeo4j

    local = LocalNeo4j(settings.home)
    return local.home if local.status().uri == uri else None


class Reads:
    """Named queries run in one open read transaction (see :meth:`Graph.read_together`)."""

    def __init__(self, tx: neo4j.ManagedTransaction):
        self._tx = tx

    def read(self, name: str, **params: Any) -> list[dict]:
        return [row_dict(r) for r in self._tx.run(queries.load(name), params)]

    def read_one(self, name: str, **params: Any) -> dict | None:
        rows = self.read(name, **params)
        return rows[0] if rows else None


def no_database(home: Path) -> DatabaseUnavailable:
    """The error of a read on a home that holds no database (a mistyped LINEAGE_HOME, most likely)."""
    return DatabaseUnavailable(
        f"no database at {home}; lineage load DATASET (or lineage db start) makes one "
        "there, or point LINEAGE_HOME (--home) at an existing one, or NEO4J_URI at a server"
    )


class Graph:
    """The lineage graph in one Neo4j database, reached through one driver."""

    def __init__(self, settings: Settings, driver: neo4j.Driver, uri: str, read_timeout: float | None = None):
        self.settings = settings
        self.driver = driver
        self.uri = uri
        self.database = settings.database
        self.read_timeout = read_timeout
        self.local_home = _local_home(settings, uri)

    @classmethod
    def connect(cls, settings: Settings | None = None, *, start_local: bool = True, create: bool = False,
                read_timeout: float | None = None, **driver_options: Any) -> "Graph":
        """Open the graph named by ``settings`` (the environment by default).

        Where ``NEO4J_URI`` is unset, the local Neo4j of the home folder is
        used, started on demand when ``start_local``, with the password kept
        in the home. A home that holds no database yet is made only with
        ``create`` (the commands that fill one: load, demo); else
        DatabaseUnavailable says there is none, so that a mistyped
        LINEAGE_HOME is not silently a new, empty graph. ``read_timeout`` (seconds) is the server-side time limit
        of every read that names none. ``driver_options`` go to the driver as
        they are (the web site shortens its retry time with
        ``max_transaction_retry_time`` so a page answers 503 quickly).
        """
        settings = settings or from_env()
        if settings.uses_local:
            from lineage.localdb import LocalNeo4j

            local = LocalNeo4j(settings.home)
            status = local.status()
            if not status.running:
                if not start_local:
                    raise DatabaseUnavailable(
                        f"the local Neo4j of {settings.home} is not running (lineage db start)"
                    )
                if not create and not local.store_exists():
                    raise no_database(local.home)
                started = time.monotonic()
                status, _ = local.start(memory=settings)
                # One line, so that a JVM left running is never a surprise (stderr: stdout may be data).
                print(f"note: started the local Neo4j of {settings.home} at {status.uri} in "
                      f"{time.monotonic() - started:.0f} s; it keeps running for the next command "
                      f"(lineage db stop stops it)" + (f"; {status.note}" if status.note else ""), file=sys.stderr)
            uri = status.uri
            if status.auth and settings.auth is None:
                raise DatabaseUnavailable(
                    f"the local Neo4j of {settings.home} asks for a password and {local.password_file} "
                    "is gone; set NEO4J_PASSWORD"
                )
        else:
            uri = check_uri(settings.uri)
        try:
            # No "unknown property" notices: metrics, credit maps and extra columns may be absent from a
            # graph, and the driver logs each notice as a warning (a served credit page printed three).
            driver = GraphDatabase.driver(
                uri, auth=settings.auth, **{"connection_acquisition_timeout": 30.0,
                                            "notifications_disabled_classifications": ["UNRECOGNIZED"],
                                            **driver_options}
            )
        except (ConfigurationError, ValueError) as err:
            raise DatabaseUnavailable(f"NEO4J_URI {uri!r} is not a Neo4j address ({_first_line(err)}); "
                                      f"use bolt://HOST:7687 or neo4j://HOST:7687") from None
        graph = cls(settings, driver, uri)  # subclasses (bench/timed.py) keep the three-argument form
        graph.read_timeout = read_timeout
        try:
            with translated_errors(uri):
                driver.verify_connectivity()
        except ValueError as err:  # the driver's word for an address it cannot resolve (a bad port, say)
            driver.close()
            raise DatabaseUnavailable(f"Neo4j at {uri} cannot be reached: {_first_line(err)}") from None
        except BaseException:
            driver.close()
            raise
        return graph

    def close(self) -> None:
        self.driver.close()

    def __enter__(self) -> "Graph":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- reads ------------------------------------------------------------
    def read(self, name: str, **params: Any) -> list[dict]:
        """Run the named query of ``queries/`` in a read transaction; rows as dicts."""
        return self.read_text(queries.load(name), params)

    def read_text(self, cypher: str, params: dict | None = None, *, timeout: float | None = None) -> list[dict]:
        """Run ``cypher`` in a read transaction; ``timeout`` (seconds) defaults to ``read_timeout``."""
        timeout = self.read_timeout if timeout is None else timeout
        with translated_errors(self.uri, self.local_home):
            if timeout is None:
                records, _, _ = self.driver.execute_query(
                    cypher, params or {}, database_=self.database, routing_="r"
                )
                return [row_dict(r) for r in records]
            query = neo4j.Query(cypher, timeout=timeout)
            records, _, _ = self.driver.execute_query(
                query, params or {}, database_=self.database, routing_="r"
            )
            return [row_dict(r) for r in records]

    def read_one(self, name: str, **params: Any) -> dict | None:
        rows = self.read(name, **params)
        return rows[0] if rows else None

    def read_together(self, work: Callable[["Reads"], Any], *, timeout: float | None = None) -> Any:
        """Run ``work(reads)`` in one read transaction; ``reads.read(name, **params)`` runs a named query in it.

        For an answer gathered in several dependent queries (the focus
        view's walk): one transaction costs one round trip per query, where
        a transaction per query adds its begin and commit to each. ``work``
        may be run again on a transient failure, so it must only read.
        ``timeout`` (seconds, the whole transaction) defaults to ``read_timeout``.
        """
        timeout = self.read_timeout if timeout is None else timeout
        with translated_errors(self.uri, self.local_home), self.session(default_access_mode=neo4j.READ_ACCESS) as session:
            return session.execute_read(neo4j.unit_of_work(timeout=timeout)(lambda tx: work(Reads(tx))))

    def version(self, *, timeout: float | None = None) -> frozenset[str]:
        """The database's version: the bookmark of a read, which names the last transaction it committed.

        Any write to the database (a load, ``lineage metrics``, a Cypher write
        from anywhere) gives a new one; equal versions mean the same data (the
        site keeps answers by it, web/answer_cache.py).
        """
        timeout = self.read_timeout if timeout is None else timeout
        with translated_errors(self.uri, self.local_home), self.session(default_access_mode=neo4j.READ_ACCESS) as session:
            session.execute_read(neo4j.unit_of_work(timeout=timeout)(lambda tx: tx.run("RETURN 1").consume()))
            return frozenset(session.last_bookmarks().raw_values)

    def stream(self, name: str, each: Callable[[neo4j.Record], None], *, fetch_size: int = STREAM_FETCH_SIZE,
               **params: Any) -> None:
        """Run the named query in one read transaction, handing every record to ``each`` as it arrives.

        For answers too large to hold as dicts (the whole graph's edges for a
        load's cycle check, the metrics' projection): ``fetch_size`` records
        travel at a time, and nothing is kept here. No time limit: such a read
        takes as long as the graph is large. Not retried: what ``each`` was
        given cannot be taken back, and a managed transaction's retry would
        hand the first records over twice; a failure is an error instead.
        """
        text = queries.load(name)
        with translated_errors(self.uri, self.local_home), self.session(
                default_access_mode=neo4j.READ_ACCESS, fetch_size=fetch_size) as session:
            with session.begin_transaction() as tx:
                for record in tx.run(text, params):
                    each(record)

    def session(self, **kwargs: Any) -> neo4j.Session:
        return self.driver.session(database=self.database, **kwargs)

    # -- writes -----------------------------------------------------------
    def write(self, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        """Run an idempotent transaction function in a managed write transaction."""
        with translated_errors(self.uri, self.local_home), self.session() as session:
            return session.execute_write(fn, *args, **kwargs)

    def run_write(self, name: str, **params: Any) -> None:
        """Run the named query in a managed write transaction."""
        text = queries.load(name)

        def work(tx: neo4j.ManagedTransaction) -> None:
            tx.run(text, params).consume()

        self.write(work)

    def run_batched(self, name: str, **params: Any) -> None:
        """Run the named query in an implicit transaction, as ``CALL { ... } IN TRANSACTIONS`` needs.

        Such a query commits batch by batch itself, so it is never retried whole.
        """
        text = queries.load(name)
        with translated_errors(self.uri, self.local_home), self.session() as session:
            session.run(text, params).consume()

    def ensure_schema(self) -> None:
        """Create the constraints and full-text indexes (idempotent) and wait for them."""
        with translated_errors(self.uri, self.local_home), self.session() as session:
            for statement in queries.statements("schema"):
                session.run(statement).consume()
            session.run("CALL db.awaitIndexes(300)").consume()


__all__ = [
    "Graph",
    "Reads",
    "translated_errors",
    "ClientError",
    "DriverError",
    "Neo4jError",
    "TransientError",
]

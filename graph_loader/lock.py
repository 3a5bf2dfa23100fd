"""One load at a time into one database.

Two loads writing one database at once could each decide that a kind of
relationship is new and CREATE it, and would interleave their checks with
each other's writes. So a load holds two locks while it checks and writes:

- :class:`HomeLock`, for the local Neo4j of a home folder: an advisory lock
  (``flock``) on ``$LINEAGE_HOME/loads/load.lock``. The operating system lets
  go of it when the process ends, however it ends; the file says who holds it.
  ``--bulk``, which stops the server, takes only this one.
- :class:`GraphLock`, in the database itself, so that loads from other
  machines (or other homes) into one server wait for each other too: an open
  transaction that has MERGEd ``(:LoadLock {name: 'load'})`` under a
  uniqueness constraint. Another load's MERGE of the same node waits for that
  transaction; the node is never committed (the transaction is rolled back at
  the end), so the graph holds no trace of it; and when the process dies its
  connection closes and the server rolls the transaction back at once.

A second load waits, saying once on stderr that it is waiting and for whom,
up to ``wait`` seconds (``lineage load --wait``, default :data:`DEFAULT_WAIT`),
then stops with :class:`LoadBusy` (one line, exit code 2).
"""

from __future__ import annotations

import contextlib
import errno
import os
import socket
import threading
import time
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable, Iterator

import queries
from lineage.errors import DatabaseUnavailable, LineageError

DEFAULT_WAIT = 600.0  # seconds a load waits for another one into the same database
NOTICE_AFTER = 1.0  # say that we wait only if the lock is not had at once

try:
    import fcntl
except ImportError:  # not POSIX: the graph lock alone serialises loads
    fcntl = None


class LoadBusy(LineageError):
    """Another load into the same database is running and did not finish in time."""


def holder_text(dataset: str) -> str:
    """Who holds a lock, as the waiting load says it."""
    since = datetime.now(timezone.utc).isoformat(timespec="seconds")
    return f"pid {os.getpid()} on {socket.gethostname()}, loading {dataset}, since {since}"


class HomeLock:
    """``flock`` on a file in the home folder; the file's text names the holder."""

    def __init__(self, path: str | os.PathLike):
        self.path = Path(path)
        self._fd: int | None = None

    def try_acquire(self, holder: str) -> bool:
        """Take the lock if it is free; write ``holder`` into the file."""
        if fcntl is None:
            return True
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as err:
            os.close(fd)
            if err.errno in (errno.EAGAIN, errno.EACCES, errno.EWOULDBLOCK):
                return False
            raise
        os.ftruncate(fd, 0)
        os.pwrite(fd, holder.encode("utf-8"), 0)
        self._fd = fd
        return True

    def holder(self) -> str:
        try:
            return self.path.read_text(encoding="utf-8").strip()
        except OSError:
            return ""

    def release(self) -> None:
        if self._fd is not None:
            with contextlib.suppress(OSError):
                os.ftruncate(self._fd, 0)
            os.close(self._fd)  # closing lets go of the flock
            self._fd = None


class GraphLock:
    """An open transaction holding an uncommitted ``(:LoadLock {name})`` node, on a driver of its own."""

    def __init__(self, settings, uri: str, name: str = "load"):
        self.settings = settings.with_uri(uri)  # the server the load reached, started already
        self.name = name
        self.uri = uri
        self._graph = None
        self._session = None
        self._tx = None
        self._got = threading.Event()
        self._error: BaseException | None = None
        self._thread: threading.Thread | None = None
        self._holder = ""

    def start(self, holder: str) -> None:
        """Ask for the lock; :meth:`wait` says whether it came."""
        from lineage.db import Graph

        self._holder = holder
        self._graph = Graph.connect(self.settings, start_local=False)
        with _one_line(self.uri), self._graph.session() as session:
            for statement in queries.statements("load_lock_schema"):
                session.run(statement).consume()
        self._thread = threading.Thread(target=self._take, args=(holder,), name="load-lock", daemon=True)
        self._thread.start()

    def _take(self, holder: str) -> None:
        try:
            self._session = self._graph.session()
            # timeout=0: never ends by itself, whatever db.transaction.timeout says; it ends with the load.
            self._tx = self._session.begin_transaction(timeout=0, metadata={"lineage_load": holder})
            self._tx.run(queries.load("load_lock"), name=self.name).consume()
            self._got.set()
        except BaseException as err:
            self._error = err
            self._got.set()

    def wait(self, seconds: float) -> bool:
        """True once the lock is held; False if it was not within ``seconds``."""
        self._got.wait(max(seconds, 0.0))
        if self._error is not None:
            error, self._error = self._error, None
            self.release()
            with _one_line(self.uri):
                raise error
        return self._got.is_set()

    def holder(self) -> str:
        """The holder's own words, where the server lets us see its transactions (best effort)."""
        try:
            rows = self._graph.read("load_lock_holder")
        except Exception:  # only improves a message
            return ""
        names = [row["holder"] for row in rows if row["holder"] != self._holder]
        return names[0] if names else ""

    def release(self) -> None:
        """Roll the lock's transaction back (nothing was committed) and close its driver."""
        if self._tx is not None and self._got.is_set():
            with contextlib.suppress(Exception):
                self._tx.rollback()
        if self._graph is not None:
            # Closing the driver also ends a MERGE still waiting for the lock.
            with contextlib.suppress(Exception):
                self._graph.close()
        if self._thread is not None:
            self._thread.join(timeout=10)
        self._graph = self._session = self._tx = self._thread = None


@contextlib.contextmanager
def load_lock(graph, dataset: str, *, wait: float = DEFAULT_WAIT, home: Path | None = None,
              say: Callable[[str], None] | None = None) -> Iterator[None]:
    """Hold the locks of the database ``graph`` names: the home's for a local one, then the graph's.

    ``say`` is told once, if the locks are not had at once, that this load is
    waiting; after ``wait`` seconds in all, :class:`LoadBusy`.
    """
    what = f"{graph.uri} ({graph.database})"
    with home_lock(home if graph.settings.uses_local else None, dataset, wait=wait, say=say, what=what) as left:
        with graph_lock(graph, dataset, wait=left, say=say, told=left < wait):
            yield


@contextlib.contextmanager
def graph_lock(graph, dataset: str, *, wait: float = DEFAULT_WAIT, say: Callable[[str], None] | None = None,
               told: bool = False) -> Iterator[None]:
    """Hold the :class:`GraphLock` of ``graph``'s database (``told``: ``say`` has said we wait already)."""
    what = f"{graph.uri} ({graph.database})"
    deadline = time.monotonic() + wait
    lock = GraphLock(graph.settings, graph.uri)
    try:
        lock.start(holder_text(dataset))
        if not lock.wait(min(NOTICE_AFTER, wait)):
            other = lock.holder()
            if not told:
                _say(say, what, other, wait)
            if not lock.wait(deadline - time.monotonic()):
                raise LoadBusy(_busy(what, lock.holder() or other, wait))
        yield
    finally:
        lock.release()


@contextlib.contextmanager
def home_lock(home: Path | None, dataset: str, *, wait: float = DEFAULT_WAIT,
              say: Callable[[str], None] | None = None, what: str = "") -> Iterator[float]:
    """Hold ``home``'s load lock (nothing when ``home`` is None); yields the seconds of ``wait`` left."""
    started = time.monotonic()
    if home is None:
        yield wait
        return
    lock = HomeLock(Path(home) / "loads" / "load.lock")
    what = what or f"the local Neo4j of {home}"
    holder = holder_text(dataset)
    try:
        got = lock.try_acquire(holder)
    except OSError as err:
        raise DatabaseUnavailable(f"cannot take the load lock {lock.path}: {err.strerror or err}") from None
    if not got:
        _say(say, what, lock.holder(), wait)
        while not got and time.monotonic() - started < wait:
            time.sleep(0.2)
            got = lock.try_acquire(holder)
        if not got:
            raise LoadBusy(_busy(what, lock.holder(), wait))
    try:
        yield max(wait - (time.monotonic() - started), 0.0)
    finally:
        lock.release()


@contextlib.contextmanager
def _one_line(uri: str) -> Iterator[None]:
    """The driver's errors as the project's: connection ones as DatabaseUnavailable, others as QueryFailed."""
    from lineage.db import Neo4jError, translated_errors
    from lineage.errors import QueryFailed

    try:
        with translated_errors(uri):
            yield
    except Neo4jError as err:
        first = (err.message or str(err)).strip().splitlines()[0][:300]
        raise QueryFailed(f"cannot take the load lock in {uri} ({err.code}: {first})") from None


def _say(say: Callable[[str], None] | None, what: str, other: str, wait: float) -> None:
    if say is not None:
        by = f" ({other})" if other else ""
        say(f"another load into {what} is running{by}; waiting up to {wait:g} s for it to finish")


def _busy(what: str, other: str, wait: float) -> str:
    by = f" ({other})" if other else ""
    return (f"another load into {what} is still running after {wait:g} s{by}; "
            "run this one again once it is done, or give --wait more seconds")

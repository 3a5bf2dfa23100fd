"""A lineage.db.Graph that notes which named queries a call ran, and how long each took.

Figure 3 uses it to find, for a slow call, the Cypher statement that took the
time and the exact parameters it ran with, to PROFILE that one. The driver is
wrapped so that every statement is seen, whichever way the package runs it
(``execute_query``, or a session's ``execute_read``/``execute_write``/``run``);
everything else goes to the driver untouched, and nothing is recorded unless
the thread asked for it with :meth:`TimedGraph.record`.
"""

from __future__ import annotations

import threading
import time
from typing import Any

import queries
from lineage.db import Graph

_LOCAL = threading.local()


def _calls() -> list | None:
    return getattr(_LOCAL, "calls", None)


class _Names:
    def __init__(self) -> None:
        self.by_text = {queries.load(name): name for name in queries.names()}

    def __call__(self, query) -> str:
        text = getattr(query, "text", query)
        return self.by_text.get(text) or str(text).strip().splitlines()[0][:80]


class _Tx:
    """A transaction that notes the statements run in it."""

    def __init__(self, tx, seen: list):
        self._tx, self._seen = tx, seen

    def run(self, query, parameters=None, **kwargs):
        self._seen.append((query, dict(parameters or {}, **kwargs)))
        return self._tx.run(query, parameters, **kwargs)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._tx, name)


class _Session:
    def __init__(self, session, names: _Names):
        self._session, self._names = session, names

    def __enter__(self) -> "_Session":
        self._session.__enter__()
        return self

    def __exit__(self, *exc) -> Any:
        return self._session.__exit__(*exc)

    def _managed(self, method, work, *args, **kwargs):
        calls = _calls()
        if calls is None:
            return method(work, *args, **kwargs)
        seen: list = []
        started = time.perf_counter()
        try:
            return method(lambda tx, *a, **k: work(_Tx(tx, seen), *a, **k), *args, **kwargs)
        finally:
            if seen:  # the time of the transaction function, given to its last statement
                query, params = seen[-1]
                calls.append((self._names(query), params, time.perf_counter() - started))

    def execute_read(self, work, *args, **kwargs):
        return self._managed(self._session.execute_read, work, *args, **kwargs)

    def execute_write(self, work, *args, **kwargs):
        return self._managed(self._session.execute_write, work, *args, **kwargs)

    def run(self, query, parameters=None, **kwargs):
        calls = _calls()
        started = time.perf_counter()
        result = self._session.run(query, parameters, **kwargs)
        if calls is not None:
            calls.append((self._names(query), dict(parameters or {}, **kwargs), time.perf_counter() - started))
        return result

    def __getattr__(self, name: str) -> Any:
        return getattr(self._session, name)


class _Driver:
    """Delegates to the driver; statements are timed while the calling thread records."""

    def __init__(self, driver):
        self._driver = driver
        self._names = _Names()

    def execute_query(self, query, parameters_=None, *args, **kwargs):
        calls = _calls()
        if calls is None:
            return self._driver.execute_query(query, parameters_, *args, **kwargs)
        started = time.perf_counter()
        try:
            return self._driver.execute_query(query, parameters_, *args, **kwargs)
        finally:
            calls.append((self._names(query), dict(parameters_ or {}), time.perf_counter() - started))

    def session(self, *args, **kwargs):
        return _Session(self._driver.session(*args, **kwargs), self._names)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._driver, name)


class TimedGraph(Graph):
    def __init__(self, settings, driver, uri: str):
        super().__init__(settings, _Driver(driver), uri)

    def record(self) -> list[tuple[str, dict, float]]:
        """Start noting this thread's statements; returns the list they are added to."""
        _LOCAL.calls = []
        return _LOCAL.calls

    def stop_recording(self) -> None:
        _LOCAL.calls = None

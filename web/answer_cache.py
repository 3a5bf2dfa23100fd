"""Answers kept while the graph has not changed: a heavy page is gathered once per change.

The pages people open first (the most remixed works, the widest-reaching
artists) are the slowest to gather: at 1M works an artist's influence as of a
day is a live walk of seconds. An answer depends only on the graph and on
what was asked, so the site keeps each one under what was asked and the
graph's version (:meth:`lineage.db.Graph.version`: the bookmark of a read,
which names the last transaction the database committed). Any write moves the
version (a load, ``lineage metrics``, a Cypher write from anywhere), and what
was kept for the old one is never served again.

The version is read once per request, before any answer is gathered: an
answer gathered while a write commits is kept under the older version, which
no later request asks for. Answers are kept pickled (each hit is a fresh copy
its caller may change), the least recently used dropped first past
``ANSWER_CACHE_MIB``; 0 keeps nothing. Two requests for one answer at once
gather it once (an artist page and the graph it preloads).
"""

from __future__ import annotations

import pickle
import threading
from collections import OrderedDict
from typing import Any, Callable, Hashable, TypeVar

from flask import Flask, current_app

EXTENSION = "lineage_answers"
T = TypeVar("T")


class AnswerCache:
    """A byte-bounded LRU of pickled answers; thread-safe.

    >>> cache = AnswerCache(max_bytes=200)
    >>> cache.get(("v1", "a")) is None
    True
    >>> cache.put(("v1", "a"), {"n": [1, 2]})
    >>> cache.get(("v1", "a"))
    {'n': [1, 2]}
    >>> cache.put(("v1", "big"), "x" * 500)  # larger than the whole budget: not kept
    >>> cache.get(("v1", "big")) is None, len(cache)
    (True, 1)
    """

    def __init__(self, max_bytes: int):
        self.max_bytes = max_bytes
        self._lock = threading.Lock()
        self._kept: OrderedDict[Hashable, bytes] = OrderedDict()
        self._bytes = 0
        self._gathering: dict[Hashable, threading.Event] = {}

    def __len__(self) -> int:
        return len(self._kept)

    @property
    def size(self) -> int:
        """Bytes kept."""
        return self._bytes

    def get(self, key: Hashable) -> Any | None:
        with self._lock:
            data = self._kept.get(key)
            if data is None:
                return None
            self._kept.move_to_end(key)
        return pickle.loads(data)

    def gather(self, key: Hashable, compute: Callable[[], T], wait: float) -> T:
        """The answer kept for ``key``, else ``compute()``'s, kept.

        A request asking for what another is gathering waits for it (up to
        ``wait`` seconds) instead of gathering it too: an artist page and its
        graph, asked for together, walk once.

        >>> cache = AnswerCache(max_bytes=1000)
        >>> cache.gather("k", lambda: [1], wait=1), cache.gather("k", lambda: [2], wait=1)
        ([1], [1])
        """
        hit = self.get(key)
        if hit is not None:
            return hit
        with self._lock:
            other = self._gathering.get(key)
            if other is None:
                mine = self._gathering[key] = threading.Event()
        if other is not None:
            other.wait(wait)
            hit = self.get(key)
            return hit if hit is not None else compute()  # theirs failed, or is past the wait
        try:
            answer = compute()
            self.put(key, answer)
            return answer
        finally:
            with self._lock:
                del self._gathering[key]
            mine.set()

    def put(self, key: Hashable, value: Any) -> None:
        data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        if len(data) > self.max_bytes:
            return
        with self._lock:
            old = self._kept.pop(key, None)
            if old is not None:
                self._bytes -= len(old)
            self._kept[key] = data
            self._bytes += len(data)
            while self._bytes > self.max_bytes:
                _, dropped = self._kept.popitem(last=False)
                self._bytes -= len(dropped)


def enabled() -> bool:
    """Whether the current app keeps answers."""
    return EXTENSION in current_app.extensions


def kept(name: str, gather: Callable[[], T], *asked: Hashable) -> T:
    """The answer ``gather()`` gives for ``asked``, kept for as long as the graph's version stays the same.

    ``name`` and ``asked`` must say everything the answer depends on besides
    the graph (the caller's parameters, the config values it reads).
    An answer that raises is not kept.
    """
    cache: AnswerCache | None = current_app.extensions.get(EXTENSION)
    if cache is None:
        return gather()
    from web.db import get_graph, graph_version

    # Waiting for another request's gather keeps to this page's own deadline.
    return cache.gather((graph_version(), name, asked), gather, wait=get_graph().left())


def init_app(app: Flask) -> None:
    """Give ``app`` its cache of ``ANSWER_CACHE_MIB`` MiB (none when 0)."""
    mib = float(app.config.get("ANSWER_CACHE_MIB") or 0)
    if mib > 0:
        app.extensions[EXTENSION] = AnswerCache(int(mib * 1024 * 1024))


__all__ = ["AnswerCache", "enabled", "kept", "init_app"]

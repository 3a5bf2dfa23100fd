"""A lineage.db.Graph that notes which named queries a call ran and how long each took.

Figure 3 uses it to find, for its slowest calls, the Cypher statement that
took the time and the exact parameters it ran with, to PROFILE that one.
Behaviour is the Graph's own: the override only times ``read``.
"""

from __future__ import annotations

import threading
import time
from typing import Any

from lineage.db import Graph


class TimedGraph(Graph):
    _local = threading.local()

    def record(self) -> list[tuple[str, dict, float]]:
        """Start noting this thread's named queries; returns the list they are added to."""
        self._local.calls = []
        return self._local.calls

    def read(self, name: str, **params: Any) -> list[dict]:
        calls = getattr(self._local, "calls", None)
        if calls is None:
            return super().read(name, **params)
        started = time.perf_counter()
        try:
            return super().read(name, **params)
        finally:
            calls.append((name, params, time.perf_counter() - started))

"""A bounded load generator for loopback servers: a fixed number of requests, a time limit, then stop.

Threads with one keep-alive ``http.client`` connection each take the next
request from a shared counter until the count is reached or the time is up.
Only 127.0.0.1 is ever contacted.
"""

from __future__ import annotations

import http.client
import itertools
import threading
import time
from typing import Callable, Sequence

from bench.stats import latency_summary, rate

LOOPBACK = "127.0.0.1"


def _bounded(total: int, seconds: float, clients: int, work: Callable[[int, dict], tuple[bool, str | None]]) -> dict:
    """Run ``work(i, state)`` for i in 0..total-1 over ``clients`` threads, within ``seconds``."""
    counter = itertools.count()
    lock = threading.Lock()
    latencies: list[float] = []
    errors: dict[str, int] = {}
    deadline = time.perf_counter() + seconds

    def client() -> None:
        state: dict = {}
        mine: list[float] = []
        while time.perf_counter() < deadline:
            with lock:
                i = next(counter)
            if i >= total:
                break
            started = time.perf_counter()
            ok, problem = work(i, state)
            elapsed = time.perf_counter() - started
            if ok:
                mine.append(elapsed)
            else:
                with lock:
                    errors[problem or "error"] = errors.get(problem or "error", 0) + 1
        if state.get("close"):
            state["close"]()
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=client, name=f"load-client-{n}", daemon=True) for n in range(clients)]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join(seconds + 120)
    elapsed = time.perf_counter() - started
    done = len(latencies) + sum(errors.values())
    return {
        "requested": total, "completed": len(latencies), "errors": errors, "error_count": sum(errors.values()),
        "seconds": round(elapsed, 2), "stopped_by_time_limit": done < total, "clients": clients,
        "per_second": rate(len(latencies), elapsed), **latency_summary(latencies),
    }


def http_load(port: int, paths: Sequence[str], *, requests: int, seconds: float, clients: int,
              timeout: float = 30.0) -> dict:
    """GET ``paths`` (cycled) from 127.0.0.1:``port``; a non-200 answer counts as an error."""

    def work(i: int, state: dict) -> tuple[bool, str | None]:
        conn = state.get("conn")
        if conn is None:
            conn = state["conn"] = http.client.HTTPConnection(LOOPBACK, port, timeout=timeout)
            state["close"] = conn.close
        try:
            conn.request("GET", paths[i % len(paths)], headers={"Connection": "keep-alive"})
            response = conn.getresponse()
            response.read()
            if response.will_close:
                conn.close()
                state["conn"] = None
            return (response.status == 200), (None if response.status == 200 else f"HTTP {response.status}")
        except (OSError, http.client.HTTPException) as err:
            conn.close()
            state["conn"] = None
            return False, type(err).__name__

    return _bounded(requests, seconds, clients, work)


def call_load(fn: Callable[[int], object], *, requests: int, seconds: float, clients: int) -> dict:
    """Call ``fn(i)`` the same bounded way (the driver-direct baseline); an exception is an error."""

    def work(i: int, state: dict) -> tuple[bool, str | None]:
        try:
            fn(i)
            return True, None
        except Exception as err:  # counted, not raised: the run goes on
            return False, type(err).__name__

    return _bounded(requests, seconds, clients, work)

"""Figure 5: the site under a bounded load on loopback.

* ours: ``lineage serve`` (waitress, its default 8 threads) on the loaded
  database; GET ``/api/works/<id>/lineage`` (the JSON lineage API) and
  ``/works/<id>`` (the work page) for the sampled works, ``web_clients``
  keep-alive connections, a fixed number of requests and a time limit per
  endpoint (bench/loadgen.py). The server's RSS before and after each endpoint
  shows whether memory grows across the run.
* baseline: the same app and requests on Flask's development server (Werkzeug,
  threaded): what the production WSGI setup buys.
* baseline: the same lineage answers straight through the driver
  (``lineage.api.lineage(...).to_dict()`` from as many threads, no HTTP): the
  floor the API's latency stands on.
"""

from __future__ import annotations

import random
import sys

from bench.figures import row
from bench.loadgen import call_load, http_load
from bench.procs import Background, lineage_command, rss_mib
from bench.scales import SEED

WARMUP = 20
GOAL_P95_MS = 100.0
GOAL_RPS = 200.0


def _paths(works: list[str]) -> dict[str, list[str]]:
    return {"api": [f"/api/works/{w}/lineage" for w in works], "page": [f"/works/{w}" for w in works]}


def _drive(port: int, pid: int, paths: dict[str, list[str]], scale) -> dict:
    out = {}
    for endpoint, urls in paths.items():
        http_load(port, urls[-WARMUP:], requests=WARMUP, seconds=60, clients=2)
        before = rss_mib(pid)
        result = http_load(port, urls, requests=scale.web_requests, seconds=scale.web_seconds,
                           clients=scale.web_clients)
        result["server_rss_mib_before"] = before
        result["server_rss_mib_after"] = rss_mib(pid)
        out[endpoint] = result
    return out


def run(ctx) -> dict:
    from lineage.localdb.manager import free_port

    server = ctx.loaded_server()
    env = server.env(ctx.env)
    scale = ctx.scale
    works = ctx.dataset.sample_works(scale.query_works)
    random.Random(SEED + 5).shuffle(works)
    paths = _paths(works)
    details: dict = {"loaded_by": ctx.loaded_by, "clients": scale.web_clients, "requests": scale.web_requests,
                     "time_limit_s": scale.web_seconds, "distinct_works": len(works)}

    serve = Background([*lineage_command(), "serve", "--host", "127.0.0.1", "--port", "0", "--home", str(server.home)],
                       env=env, cwd=ctx.root, log_dir=ctx.log_dir, name="lineage-serve")
    try:
        match = serve.wait_for_output(r"http://127\.0\.0\.1:(\d+)/", timeout=180)
        details["waitress"] = _drive(int(match.group(1)), serve.proc.pid, paths, scale)
    finally:
        serve.stop()

    port = free_port()
    dev = Background([sys.executable, "-m", "bench.children.devserver", server.uri, str(port)], env=env,
                     cwd=ctx.root, log_dir=ctx.log_dir, name="flask-devserver")
    try:
        dev.wait_for_port(port, timeout=120)
        details["flask_dev"] = _drive(port, dev.proc.pid, paths, scale)
    finally:
        dev.stop()

    from lineage import api

    graph = server.graph
    call_load(lambda i: api.lineage(graph, works[-1 - i % WARMUP]).to_dict(), requests=WARMUP, seconds=60, clients=2)
    details["driver"] = {"api": call_load(lambda i: api.lineage(graph, works[i % len(works)]).to_dict(),
                                          requests=scale.web_requests, seconds=scale.web_seconds,
                                          clients=scale.web_clients)}

    w, d, drv = details["waitress"], details["flask_dev"], details["driver"]
    rows = [
        row(f"API lineage: requests/s ({scale.web_clients} clients)", w["api"]["per_second"], "req/s",
            "Flask development server", d["api"]["per_second"], higher_is_better=True,
            goal="≥ 200 req/s", goal_met=None if w["api"]["per_second"] is None else w["api"]["per_second"] >= GOAL_RPS,
            note=_errors(w["api"], d["api"])),
        row("API lineage: p95", w["api"]["p95_ms"], "ms", "Flask development server", d["api"]["p95_ms"],
            higher_is_better=False, goal="p95 < 100 ms at 1M works",
            goal_met=None if w["api"]["p95_ms"] is None else w["api"]["p95_ms"] < GOAL_P95_MS),
        row("API lineage: requests/s", w["api"]["per_second"], "req/s",
            "driver direct: lineage.api.lineage, same threads, no HTTP", drv["api"]["per_second"],
            higher_is_better=True),
        row("API lineage: p95", w["api"]["p95_ms"], "ms", "driver direct (no HTTP)", drv["api"]["p95_ms"],
            higher_is_better=False),
        row(f"work page: requests/s ({scale.web_clients} clients)", w["page"]["per_second"], "req/s",
            "Flask development server", d["page"]["per_second"], higher_is_better=True,
            note=_errors(w["page"], d["page"])),
        row("work page: p95", w["page"]["p95_ms"], "ms", "Flask development server", d["page"]["p95_ms"],
            higher_is_better=False, goal="p95 < 100 ms at 1M works",
            goal_met=None if w["page"]["p95_ms"] is None else w["page"]["p95_ms"] < GOAL_P95_MS),
        row("server RSS growth across the API and page runs", _growth(w), "MiB", "Flask development server",
            _growth(d), higher_is_better=False, note=f"errors: {_error_total(w)} of "
            f"{sum(r['completed'] + r['error_count'] for r in w.values())} requests (baseline: {_error_total(d)})"),
    ]
    return {"rows": rows, "details": details}


def _growth(server: dict) -> float | None:
    """Resident memory after the last endpoint's run minus before the first one's."""
    first, last = server["api"].get("server_rss_mib_before"), server["page"].get("server_rss_mib_after")
    return None if first is None or last is None else round(last - first, 1)


def _error_total(server: dict) -> int:
    return sum(r["error_count"] for r in server.values())


def _errors(ours: dict, theirs: dict) -> str | None:
    parts = []
    if ours["error_count"]:
        parts.append(f"errors: {ours['error_count']} {ours['errors']}")
    if theirs["error_count"]:
        parts.append(f"baseline errors: {theirs['error_count']} {theirs['errors']}")
    if ours["stopped_by_time_limit"]:
        parts.append(f"stopped by the {ours['seconds']:.0f} s limit at {ours['completed']} requests")
    return "; ".join(parts) or None

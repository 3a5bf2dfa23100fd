"""Search and suggest speed on a running server, beside the search before it, in one run.

Run it on any loaded graph named by NEO4J_URI / NEO4J_USER / NEO4J_PASSWORD
(it only reads), with the dataset folder the graph was loaded from (the
query set is made from its files, :func:`bench.search_quality.build_queries`)::

    NEO4J_URI=bolt://127.0.0.1:7701 NEO4J_PASSWORD=... \\
        python -m bench.search_speed /work/big/data1m --json /tmp/speed.json

Each query is timed, in turn and interleaved so that a busy moment of the
shared machine falls on all of them alike:

- ``search``: :func:`lineage.search.search` (kind all, first page), through the driver;
- ``suggest``: :func:`lineage.search.suggest` on the text two thirds typed, through the driver;
- ``api_suggest``: ``GET /api/suggest`` through the site's WSGI app in this process (Flask,
  the JSON, the headers; no socket), the figure the 50 ms goal is set on;
- ``old``: the search before it (:func:`bench.search_quality.old_search`: the OR of every word and
  its prefix, one kind, its page and its count). On a server it may not write to, it runs on
  ``search_work_words`` / ``search_artist_words``, whose analyzer (standard-no-stop-words) is
  Neo4j's default, the one the old indexes had: the same terms, the same matches.

The load average is taken before and after (the machine is shared).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

from bench import search_quality as sq
from bench.stats import percentile

METHODS = ("search", "suggest", "api_suggest", "old")
GOAL_SUGGEST_P95_MS = 50.0
WARM_QUERIES = 20  # run once, unmeasured: index readers and query plans warm, as on a serving site


def typed(text: str) -> str:
    """The text two thirds typed (at least the characters a suggestion waits for).

    >>> typed("Signal in the Desert")
    'Signal in the'
    """
    from lineage.search import SUGGEST_MIN_CHARS

    return text[: max(SUGGEST_MIN_CHARS, len(text) * 2 // 3)]


def load_average() -> str:
    """The 1, 5 and 15 minute load averages, as `uptime` prints them."""
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def _app_client():
    """A test client of the site on the graph of the environment (NEO4J_URI...)."""
    from web import create_app

    app = create_app({"TESTING": True})
    return app.test_client()


def measure(graph, queries: list[dict], *, old_on_words: bool = True, client=None, rounds: int = 1) -> dict:
    """Milliseconds per method over the queries: ``{method: [ms, ...]}`` plus the misses of the HTTP path.

    ``old_on_words`` runs the old search on the search's word indexes (see the module docstring);
    ``client`` (a Flask test client) adds ``api_suggest``.
    """
    from lineage import search

    times: dict[str, list[float]] = {m: [] for m in METHODS}
    errors = 0
    for q in queries[:WARM_QUERIES]:
        search.search(graph, q["text"])
        search.suggest(graph, typed(q["text"]))
        sq.old_search(graph, q["text"], q["kind"], on_words=old_on_words)
    for _ in range(rounds):
        for q in queries:
            started = time.perf_counter()
            search.search(graph, q["text"])
            times["search"].append((time.perf_counter() - started) * 1000)

            started = time.perf_counter()
            search.suggest(graph, typed(q["text"]))
            times["suggest"].append((time.perf_counter() - started) * 1000)

            if client is not None:
                started = time.perf_counter()
                response = client.get("/api/suggest", query_string={"q": typed(q["text"])})
                times["api_suggest"].append((time.perf_counter() - started) * 1000)
                errors += response.status_code != 200

            started = time.perf_counter()
            sq.old_search(graph, q["text"], q["kind"], on_words=old_on_words)
            times["old"].append((time.perf_counter() - started) * 1000)
    return {"times_ms": times, "api_errors": errors}


def summary(times: dict[str, list[float]]) -> dict:
    """p50, p95 and max (ms) per method measured.

    >>> summary({"search": [1.0, 2.0, 3.0], "old": []})
    {'search': {'n': 3, 'p50': 2.0, 'p95': 2.9, 'max': 3.0}}
    """
    return {m: {"n": len(v), "p50": round(percentile(v, 50), 1), "p95": round(percentile(v, 95), 1),
                "max": round(max(v), 1)} for m, v in times.items() if v}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dataset", type=Path, help="The folder the graph was loaded from (works.csv, artists.csv).")
    parser.add_argument("--per-class", type=int, default=50, help="Queries per class (six classes).")
    parser.add_argument("--rounds", type=int, default=1, help="Times the query set is run.")
    parser.add_argument("--works-limit", type=int, default=200_000,
                        help="Works read from works.csv to make the query set.")
    parser.add_argument("--no-http", action="store_true", help="Leave out GET /api/suggest.")
    parser.add_argument("--json", type=Path, default=None, help="Also write the figures to this file.")
    args = parser.parse_args(argv)
    if not os.environ.get("NEO4J_URI"):
        parser.error("set NEO4J_URI (and NEO4J_USER, NEO4J_PASSWORD) to the server to measure")

    from lineage.config import from_env
    from lineage.db import Graph

    queries = sq.build_queries(args.dataset, seed=1, per_class=args.per_class, works_limit=args.works_limit)
    graph = Graph.connect(from_env())
    try:
        counts = graph.read_text("MATCH (w:Work) WITH count(w) AS works "
                                 "MATCH (a:Artist) RETURN works, count(a) AS artists")[0]
        before = load_average()
        started = time.time()
        out = measure(graph, queries, client=None if args.no_http else _app_client(), rounds=args.rounds)
        after = load_average()
    finally:
        graph.close()
    figures = {"works": counts["works"], "artists": counts["artists"], "queries": len(queries),
               "rounds": args.rounds, "seconds": round(time.time() - started, 1),
               "load_before": before, "load_after": after, "api_errors": out["api_errors"],
               "ms": summary(out["times_ms"])}
    suggest_p95 = figures["ms"].get("api_suggest", figures["ms"]["suggest"])["p95"]
    figures["goal_suggest_p95_ms"] = GOAL_SUGGEST_P95_MS
    figures["goal_met"] = suggest_p95 < GOAL_SUGGEST_P95_MS
    print(f"{figures['works']:,} works, {figures['artists']:,} artists, {len(queries)} queries x {args.rounds}; "
          f"load average {before} before, {after} after")
    for method, s in figures["ms"].items():
        print(f"  {method:<12} p50 {s['p50']:>7.1f} ms  p95 {s['p95']:>7.1f} ms  max {s['max']:>7.1f} ms  (n {s['n']})")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())

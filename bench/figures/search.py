"""Figure 7: search, quality and speed.

* quality: the query set of bench/search_quality.py (exact titles, a title
  with a typo, two words of a title, a misspelt word, handle prefixes, whole
  handles; seeded, made from the data's own files) on the generated community
  and on the real OpenIDEO data (``$LINEAGE_DATASETS/openideo``, loaded into a
  server of its own): the share found (exact classes first, forgiving ones in
  the top 5), by the search (``lineage.search``) and by the one before it (the
  OR of every word and its prefix on the first indexes).
* speed: p95 of ``lineage.search.search`` and ``suggest`` (through the driver,
  no HTTP) over that query set on the loaded community, beside the old search
  (its page query and its count) measured in the same run.
"""

from __future__ import annotations

import os
from pathlib import Path

from bench.figures import row
from bench.stats import percentile

GOAL_FOUND = 0.95
GOAL_SUGGEST_P95_MS = 50.0
PER_CLASS = 50


def _quality(graph, queries) -> tuple[dict, dict]:
    from bench import search_quality as sq

    new = sq.measure(graph, queries)
    sq.use_old_indexes(graph)
    try:
        old = sq.measure(graph, queries, old=True)
    finally:
        sq.use_new_indexes(graph)
    return new, old


def _suggest_times(graph, queries) -> list[float]:
    import time

    from lineage import search

    times = []
    for q in queries:
        text = q["text"][: max(search.SUGGEST_MIN_CHARS, len(q["text"]) * 2 // 3)]  # mid-typing
        started = time.perf_counter()
        search.suggest(graph, text)
        times.append((time.perf_counter() - started) * 1000)
    return times


def _datasets() -> Path:
    root = Path(__file__).resolve().parents[2]
    return Path(os.environ.get("LINEAGE_DATASETS") or root.parent / "shared" / "datasets")


def _bulk_loaded(ctx):
    """The dataset in a fresh local Neo4j by `lineage load --bulk` (minutes at 1M works, not the online load's)."""
    import json

    from bench.procs import lineage_command, run_measured
    from bench.servers import BenchServer
    from lineage.localdb.manager import STATE_FILE, free_port

    server = BenchServer.fresh(ctx.home("search"))
    ctx.track(server)
    server.home.mkdir(parents=True)
    (server.home / STATE_FILE).write_text(json.dumps({"port": free_port()}))
    env = {k: v for k, v in ctx.env.items() if k not in ("NEO4J_URI", "NEO4J_PASSWORD", "NEO4J_USER")}
    env["LINEAGE_HOME"] = str(server.home)
    cmd = [*lineage_command(), "load", "--bulk", str(ctx.dataset.path), "--home", str(server.home)]
    run = run_measured(cmd, env=env, timeout=ctx.scale.timeout_s, log_dir=ctx.log_dir, name="search-load-bulk")
    if not run.ok:
        raise RuntimeError(f"lineage load --bulk failed: {run.failure()}")
    if server.running:
        server.adopt_running()
    else:
        server.start()
    ctx.loaded, ctx.loaded_by = server, "lineage load --bulk"
    return server


def run(ctx) -> dict:
    from bench import search_quality as sq
    from bench.loading import run_lineage_load

    rows, details = [], {}
    server = ctx.loaded if ctx.loaded is not None and ctx.loaded.running else _bulk_loaded(ctx)
    graph = server.graph
    graph.ensure_schema()
    queries = sq.build_queries(ctx.dataset.path, seed=1, per_class=PER_CLASS)
    for q in queries[:20]:  # warm the indexes and the query plans, unmeasured
        sq.search.search(graph, q["text"])
    new, old = _quality(graph, queries)
    suggest_ms = _suggest_times(graph, queries)
    details["community"] = {"queries": len(queries), "new": {k: v for k, v in new.items() if k != "times_ms"},
                            "old": {k: v for k, v in old.items() if k != "times_ms"}}
    rows.append(row("found, generated community", round(new["found"] * 100, 1), "%", "old search",
                    round(old["found"] * 100, 1), higher_is_better=True, goal=f">= {GOAL_FOUND:.0%}",
                    goal_met=new["found"] >= GOAL_FOUND, note=f"{len(queries)} queries"))
    p95 = percentile(new["times_ms"], 95)
    rows.append(row("search p95", round(p95, 1), "ms", "old search p95", round(percentile(old["times_ms"], 95), 1),
                    higher_is_better=False, note=f"{ctx.scale.works:,} works, through the driver"))
    s95 = percentile(suggest_ms, 95)
    rows.append(row("suggest p95", round(s95, 1), "ms", "old search p95", round(percentile(old["times_ms"], 95), 1),
                    higher_is_better=False, goal=f"< {GOAL_SUGGEST_P95_MS:.0f} ms",
                    goal_met=s95 < GOAL_SUGGEST_P95_MS, note="the text two thirds typed"))
    details["speed_ms"] = {"search_p50": percentile(new["times_ms"], 50), "search_p95": p95,
                           "suggest_p50": percentile(suggest_ms, 50), "suggest_p95": s95,
                           "old_p50": percentile(old["times_ms"], 50), "old_p95": percentile(old["times_ms"], 95)}
    folder = _datasets() / "openideo"
    if folder.is_dir():
        real = ctx.new_server("openideo")
        from bench.data import Dataset

        loaded, _, _ = run_lineage_load(real, Dataset(path=folder, manifest={}), ctx.env, ctx.log_dir,
                                        ctx.scale.timeout_s, name="openideo-load")
        real_queries = sq.build_queries(folder, seed=1, per_class=PER_CLASS)
        r_new, r_old = _quality(real.graph, real_queries)
        details["openideo"] = {"queries": len(real_queries),
                               "new": {k: v for k, v in r_new.items() if k != "times_ms"},
                               "old": {k: v for k, v in r_old.items() if k != "times_ms"}}
        rows.insert(0, row("found, OpenIDEO", round(r_new["found"] * 100, 1), "%", "old search",
                           round(r_old["found"] * 100, 1), higher_is_better=True, goal=f">= {GOAL_FOUND:.0%}",
                           goal_met=r_new["found"] >= GOAL_FOUND, note=f"{len(real_queries)} queries"))
    else:
        details["openideo"] = f"not available: {folder} is missing (set LINEAGE_DATASETS)"
    return {"rows": rows, "details": details}

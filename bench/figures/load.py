"""Figure 1: online load into a running Neo4j with the constraints in place.

* ours: ``lineage load DATASET`` (a separate process: its wall time, and its
  peak RSS from ``wait4``), into a fresh local Neo4j whose schema is created
  first. Its write phase is split into nodes and relationships by watching the
  database's counts (the loader writes every node first).
* baseline: ``LOAD CSV WITH HEADERS ... CALL (row) { MERGE ... } IN TRANSACTIONS
  OF 10000 ROWS`` on the same files (linked into the server's import folder),
  on another fresh server of the same settings, constraints in place.
* baseline: a naive loader, one auto-commit transaction per row, on a sample of
  each file (the same second server, warmed by a smaller unmeasured sample, and
  emptied again before LOAD CSV); its rate over the whole dataset weighs each
  file's rate by the file's rows.
* baseline: a hand-written loader as Neo4j's documentation teaches it (batches
  of 10,000 rows, ``UNWIND $rows AS r MERGE …`` in managed write transactions;
  ``bench/children/handwritten_load.py``), in a process of its own, on a third
  fresh server: its wall time and peak RSS like ours.
"""

from __future__ import annotations

import time

from bench.figures import row
from bench.loading import (NotAvailable, handwritten_load, lineage_load_help, load_csv, load_rates, naive_load,
                           run_lineage_load)


def run(ctx) -> dict:
    ds = ctx.dataset
    details: dict = {"node_rows": ds.node_rows, "relationship_rows": ds.edge_rows, "rows": ds.rows}

    # Baselines first, on their own server: the naive sample, emptied, then LOAD CSV.
    base = ctx.new_server("loadcsv")
    naive_load(base, ds, 50, 2.0)  # unmeasured: the naive rate is not the rate of a server's first queries
    base.run("wipe")
    naive = naive_load(base, ds, ctx.scale.naive_rows, ctx.scale.naive_seconds)
    base.run("wipe")
    csv = load_csv(base, ds)
    csv["counts"] = base.counts()
    csv["store_mib"] = base.store_mib()
    details["naive"] = naive
    details["load_csv"] = csv

    try:
        lineage_load_help(ctx.env)
        available = None
    except NotAvailable as why:
        available = str(why)
    if available:
        # The LOAD CSV server is the loaded database the later figures use.
        ctx.loaded, ctx.loaded_by = base, "LOAD CSV (figure 1's baseline)"
        empty = {"rows_per_s": None, "node_rows_per_s": None, "relationship_rows_per_s": None}
        return {"rows": _rows(empty, None, csv, naive, None), "details": details,
                "partial": f"not available: {available}"}
    base.remove()
    ctx.servers.remove(base)

    peer = ctx.new_server("handwritten")
    hand = handwritten_load(peer, ds, ctx.env, ctx.log_dir, ctx.scale.timeout_s)
    hand["counts"] = peer.counts()
    details["handwritten"] = hand
    peer.remove()
    ctx.servers.remove(peer)

    ours = ctx.new_server("loaded")
    run, summary, phases = run_lineage_load(ours, ds, ctx.env, ctx.log_dir, ctx.scale.timeout_s)
    if not run.ok:
        raise RuntimeError(f"lineage load failed: {run.failure()}")
    ctx.loaded, ctx.loaded_by = ours, "lineage load (figure 1)"
    rates = load_rates(ds, run, phases)
    details["lineage_load"] = {
        "seconds": round(run.seconds, 2), "peak_rss_mib": round(run.peak_rss_mib, 1), "peak_mib": run.peak_mib,
        **rates,
        "phases": phases, "report": _short(summary), "counts": ours.counts(), "store_mib": ours.store_mib(),
    }
    if ctx.profile:
        started = time.perf_counter()
        details["lineage_load"]["profile"] = _profiled_load(ctx)
        ctx.profiling_seconds += time.perf_counter() - started
    return {"rows": _rows(rates, run.peak_mib, csv, naive, hand), "details": details}


def _profiled_load(ctx) -> dict:
    """Another load, unmeasured, into another fresh server, under py-spy: where the loader's time goes."""
    from bench.profiles import py_spy, record_command, summarize

    if py_spy() is None:
        return {"error": "py-spy is not installed (pip install -e '.[bench]')"}
    server = ctx.new_server("profile")
    out = ctx.log_dir / "lineage-load.pyspy.txt"
    try:
        from bench.procs import lineage_command, run_measured

        cmd = record_command([*lineage_command(), "load", str(ctx.dataset.path), "--rejects",
                              str(ctx.log_dir / "profile.rejects.csv")], out)
        run = run_measured(cmd, env=server.env(ctx.env), timeout=ctx.scale.timeout_s, log_dir=ctx.log_dir,
                           name="lineage-load-profiled")
        if not run.ok or not out.is_file():
            return {"error": f"py-spy record failed: {run.failure()}"}
        return {"seconds_under_profiler": round(run.seconds, 2), **summarize(out.read_text())}
    finally:
        server.remove()
        ctx.servers.remove(server)


def _rows(rates: dict, peak_mib: float | None, csv: dict, naive: dict, hand: dict | None) -> list[dict]:
    hand = hand or {}
    hand_name = "hand-written: batches of 10,000, UNWIND … MERGE, managed transactions"
    return [
        row("rows/s, whole load (validation included)", rates["rows_per_s"], "rows/s",
            "LOAD CSV … IN TRANSACTIONS OF 10000 ROWS", csv["rows_per_s"], higher_is_better=True,
            goal="≥ 1× LOAD CSV", goal_met=_at_least(rates["rows_per_s"], csv["rows_per_s"], 1)),
        row("rows/s, nodes (write phase)", rates["node_rows_per_s"], "rows/s",
            "LOAD CSV (artists + works)", csv["node_rows_per_s"], higher_is_better=True),
        row("rows/s, relationships (write phase)", rates["relationship_rows_per_s"], "rows/s",
            "LOAD CSV (contributions + remixes + ratings)", csv["relationship_rows_per_s"], higher_is_better=True),
        row("rows/s, whole load vs naive", rates["rows_per_s"], "rows/s",
            f"naive: 1 transaction per row ({sum(naive['sample_rows'].values()):,}-row sample, "
            "each file's rate weighted by its rows in the dataset)",
            naive["rows_per_s"], higher_is_better=True, goal="≥ 50× naive",
            goal_met=_at_least(rates["rows_per_s"], naive["rows_per_s"], 50)),
        row("rows/s, whole load vs hand-written (each its own process)", rates["rows_per_s"], "rows/s",
            hand_name, hand.get("rows_per_s"), higher_is_better=True, goal="≥ 1× hand-written",
            goal_met=_at_least(rates["rows_per_s"], hand.get("rows_per_s"), 1)),
        row("rows/s, nodes vs hand-written", rates["node_rows_per_s"], "rows/s",
            "hand-written (artists + works)", hand.get("node_rows_per_s"), higher_is_better=True),
        row("rows/s, relationships vs hand-written", rates["relationship_rows_per_s"], "rows/s",
            "hand-written (contributions + remixes + ratings)", hand.get("relationship_rows_per_s"),
            higher_is_better=True),
        row("loader peak memory (RSS, its processes summed)", peak_mib, "MiB", "hand-written loader (its process)",
            hand.get("peak_mib"), higher_is_better=False,
            note="LOAD CSV runs inside the server: no client memory to compare"),
    ]


def _at_least(value, baseline, times) -> bool | None:
    if value is None or baseline is None:
        return None
    return value >= times * baseline


def _short(summary: dict | None) -> dict | None:
    """The parts of the loader's JSON report worth keeping in the results."""
    if not summary:
        return None
    keep = ("totals", "balanced", "seconds", "rows_per_second", "created", "batch_size", "temporal_anomalies",
            "reasons", "notes")
    return {k: summary.get(k) for k in keep if k in summary}

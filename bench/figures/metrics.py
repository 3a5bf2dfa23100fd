"""Figure 4: ``lineage metrics`` (pull, compute, write back) against networkx defaults.

* ours: ``lineage metrics`` on the loaded database, in a process of its own (wall
  time; peak RSS from ``wait4``); the split into pull, compute and write comes
  from its JSON output, or, where the command prints none, from
  ``lineage.metrics_db.run_metrics`` run the same way (bench/children/metrics_run.py).
* baseline: networkx defaults in a process of its own (bench/children/nx_baseline.py):
  the edges by one Cypher query into a DiGraph, ``nx.pagerank``, and
  ``nx.descendants``/``nx.ancestors`` per work timed on a sample and extrapolated
  to every work. It writes nothing back, so it is compared on pull and compute.
"""

from __future__ import annotations

import json
import sys

from bench.figures import row
from bench.procs import command_help, lineage_command, run_measured
from bench.scales import SEED

GOAL_SECONDS = 120.0
GOAL_MIB = 6 * 1024.0


def _json_tail(text: str) -> dict | None:
    """The JSON object a command printed (the last one, if it printed other lines first)."""
    text = text.strip()
    for start in [0] + [i for i, ch in enumerate(text) if ch == "{" and (i == 0 or text[i - 1] == "\n")]:
        try:
            value = json.loads(text[start:])
        except ValueError:
            continue
        if isinstance(value, dict):
            return value
    return None


def _phases(report: dict | None) -> dict | None:
    """``{"pull", "compute", "write", "total"}`` seconds from a metrics report, if it has them."""
    if not report:
        return None
    seconds = report.get("seconds") or (report.get("report") or {}).get("seconds")
    if isinstance(seconds, dict) and {"pull", "compute", "write"} <= seconds.keys():
        return seconds
    return None


def run(ctx) -> dict:
    server = ctx.loaded_server()
    env = server.env(ctx.env)
    details: dict = {"loaded_by": ctx.loaded_by}

    help_text = command_help([*lineage_command(), "metrics"], env)
    report = None
    if help_text is not None:
        cmd = [*lineage_command(), "metrics", *(["--json"] if "--json" in help_text else [])]
        run_ = run_measured(cmd, env=env, timeout=ctx.scale.timeout_s, log_dir=ctx.log_dir, name="lineage-metrics")
        if not run_.ok:
            raise RuntimeError(f"lineage metrics failed: {run_.failure()}")
        report = _json_tail(run_.stdout)
        details["command"] = "lineage metrics"
    if _phases(report) is None:
        run_ = run_measured([sys.executable, "-m", "bench.children.metrics_run", server.uri], env=env, cwd=ctx.root,
                            timeout=ctx.scale.timeout_s, log_dir=ctx.log_dir, name="metrics-run")
        if not run_.ok:
            raise RuntimeError(f"lineage.metrics_db.run_metrics failed: {run_.failure()}")
        report = _json_tail(run_.stdout)
        details["command"] = ("lineage.metrics_db.run_metrics (`lineage metrics` is not a command yet)"
                              if help_text is None else
                              "lineage.metrics_db.run_metrics (`lineage metrics` printed no phase times)")
    phases = _phases(report)
    details["ours"] = {"wall_seconds": round(run_.seconds, 2), "peak_rss_mib": round(run_.peak_rss_mib, 1),
                       "report": report}

    base = run_measured([sys.executable, "-m", "bench.children.nx_baseline", server.uri, str(ctx.scale.nx_sample),
                         str(SEED)], env=env, cwd=ctx.root, timeout=ctx.scale.timeout_s, log_dir=ctx.log_dir,
                        name="nx-baseline")
    if not base.ok:
        raise RuntimeError(f"the networkx baseline failed: {base.failure()}")
    nx_out = _json_tail(base.stdout) or {}
    nx_out["wall_seconds"] = round(base.seconds, 2)
    nx_out["peak_rss_mib_process"] = round(base.peak_rss_mib, 1)
    details["networkx"] = nx_out
    nx_s = nx_out["seconds"]
    nx_total = round(nx_s["pull"] + nx_s["compute"], 2)
    sampled = f"per-work reach on {nx_out['sample']:,} works, extrapolated to {nx_out['works']:,}"

    wall = round(run_.seconds, 2)
    peak = round(run_.peak_rss_mib, 1)
    rows = [
        row("wall time (process: pull + compute + write)", wall, "s",
            f"networkx defaults, pull + compute ({sampled})", nx_total, higher_is_better=False,
            goal="< 120 s at 1M works", goal_met=wall < GOAL_SECONDS),
        row("pull", round(phases["pull"], 2), "s", "networkx: Cypher edges into a DiGraph", round(nx_s["pull"], 2),
            higher_is_better=False),
        row("compute (every metric)", round(phases["compute"], 2), "s",
            "networkx: pagerank + descendants/ancestors per work", round(nx_s["compute"], 2),
            higher_is_better=False, note=sampled),
        row("write back", round(phases["write"], 2), "s", "networkx: nothing written", None, higher_is_better=False),
        row("peak memory (RSS)", peak, "MiB", "networkx process", nx_out["peak_rss_mib_process"],
            higher_is_better=False, goal="< 6 GiB at 1M works", goal_met=peak < GOAL_MIB),
    ]
    return {"rows": rows, "details": details}

"""Spark figure: ``lineage metrics --engine spark`` (local mode) against the in-process engine, same graph, one run.

* baseline: ``lineage metrics --json`` (the in-process numpy engine) on the loaded
  database, in a process of its own (wall time; peak RSS from ``wait4``);
* ours: ``lineage metrics --engine spark --json`` right after it on the same
  database (wall time; peak RSS from ``wait4`` is the larger of the Python
  process and the Spark JVM it starts; the JVM's own peak, VmHWM, comes from
  the command's report), with the driver memory of :data:`DRIVER_MEMORY`.

Both write the same values back; their JSON reports give the pull / compute /
write split. Not in the six figures of docs/benchmarks.md: run by
``python -m bench.spark`` and quoted in docs/scaling.md.
"""

from __future__ import annotations

from bench.figures import row
from bench.figures.metrics import _json_tail
from bench.procs import lineage_command, run_measured

DRIVER_MEMORY = {"tiny": "1g", "10k": "1g", "100k": "2g", "1m": "6g"}


def run(ctx) -> dict:
    server = ctx.loaded_server()
    env = server.env(ctx.env)
    details: dict = {"loaded_by": ctx.loaded_by}
    memory = DRIVER_MEMORY.get(ctx.scale.name, "4g")

    base = run_measured([*lineage_command(), "metrics", "--json"], env=env, timeout=ctx.scale.timeout_s,
                        log_dir=ctx.log_dir, name="metrics-inprocess")
    if not base.ok:
        raise RuntimeError(f"lineage metrics failed: {base.failure()}")
    base_report = _json_tail(base.stdout) or {}
    details["inprocess"] = {"wall_seconds": round(base.seconds, 2), "peak_rss_mib": round(base.peak_rss_mib, 1),
                            "report": base_report}

    cmd = [*lineage_command(), "metrics", "--engine", "spark", "--json", "--spark-conf",
           f"spark.driver.memory={memory}"]
    ours = run_measured(cmd, env=env, timeout=ctx.scale.timeout_s, log_dir=ctx.log_dir, name="metrics-spark")
    if not ours.ok:
        raise RuntimeError(f"lineage metrics --engine spark failed: {ours.failure()}")
    report = _json_tail(ours.stdout) or {}
    details["spark"] = {"wall_seconds": round(ours.seconds, 2), "peak_rss_mib": round(ours.peak_rss_mib, 1),
                        "driver_memory": memory, "command": " ".join(cmd[1:]), "report": report}

    s, b = report.get("seconds", {}), base_report.get("seconds", {})
    jvm = (report.get("peak_rss_mib") or {}).get("spark_jvm")
    rows = [
        row("wall time (process: pull + compute + write)", round(ours.seconds, 2), "s",
            "in-process engine (lineage metrics)", round(base.seconds, 2), higher_is_better=False),
        row("pull (Spark: the Parquet snapshot by id ranges)", s.get("pull"), "s", "in-process: pull into arrays",
            b.get("pull"), higher_is_better=False),
        row("compute (Spark: session start, every metric, results read back)", s.get("compute"), "s",
            "in-process: numpy", b.get("compute"), higher_is_better=False,
            note=f"PageRank {report.get('pagerank', {}).get('iterations')} iterations; "
                 f"transitive exact: {report.get('exact')}"),
        row("write back", s.get("write"), "s", "in-process: the same batched writer", b.get("write"),
            higher_is_better=False),
        row("peak memory (RSS, largest process)", round(ours.peak_rss_mib, 1), "MiB", "in-process process",
            round(base.peak_rss_mib, 1), higher_is_better=False,
            note=f"Spark JVM VmHWM {jvm:.0f} MiB (driver memory {memory})" if jvm else f"driver memory {memory}"),
    ]
    return {"rows": rows, "details": details}

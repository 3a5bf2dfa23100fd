"""Figure 2: bulk load into an empty local database.

* ours: ``lineage load --bulk DATASET --home HOME`` on an empty home: validation,
  Neo4j's offline importer, then the server started on the new store; its wall
  time until a lineage query answers ("queryable").
* baseline: the importer alone, ``neo4j-admin database import full`` (Neo4j's
  AdminTool from the same Maven-resolved jars, ``java @<launcher argfile>
  org.neo4j.cli.AdminTool``, NEO4J_HOME set to a fresh home) on the same rows
  (copies of the files with neo4j-admin headers, made beforehand and not timed).
  Also timed: the server started on the imported store and the project's
  constraints created, i.e. what the importer alone needs to become queryable.
"""

from __future__ import annotations

import json
import time

from bench.data import EDGE_FILES, NODE_FILES
from bench.figures import row
from bench.loading import NotAvailable, lineage_load_help
from bench.procs import lineage_command, run_measured
from bench.servers import BenchServer
from bench.stats import rate

LABELS = {"artists.csv": "Artist", "works.csv": "Work"}
TYPES = {"contributions.csv": "CONTRIBUTED", "remixes.csv": "REMIXES", "ratings.csv": "RATED"}


def importer_command(argfile: str, folder, files: list[str]) -> list[str]:
    """``neo4j-admin database import full`` through the AdminTool class of the launcher's classpath."""
    # The database name first: --nodes/--relationships take any number of files after them.
    cmd = ["java", "-Xmx1g", f"@{argfile}", "org.neo4j.cli.AdminTool", "database", "import", "full", "neo4j",
           "--overwrite-destination=true", "--array-delimiter=;", "--ignore-empty-strings=true"]
    for name in files:
        if name in LABELS:
            cmd.append(f"--nodes={LABELS[name]}={folder / name}")
    for name in files:
        if name in TYPES:
            cmd.append(f"--relationships={TYPES[name]}={folder / name}")
    return cmd


def _importer_alone(ctx) -> dict:
    from lineage.localdb import build_launcher

    ds = ctx.dataset
    folder = ds.admin_copy()
    files = [f for f in (*NODE_FILES, *EDGE_FILES) if (folder / f).is_file()]
    server = BenchServer.fresh(ctx.home("admin-import"))
    ctx.track(server)
    server.home.mkdir(parents=True)
    env = dict(ctx.env, NEO4J_HOME=str(server.home))
    run = run_measured(importer_command(str(build_launcher()), folder, files), env=env, cwd=server.home,
                       timeout=ctx.scale.timeout_s, log_dir=ctx.log_dir, name="admin-import")
    if not run.ok:
        raise RuntimeError(f"neo4j-admin database import failed: {run.failure()}")
    started = time.perf_counter()
    server.start()
    server.graph.ensure_schema()
    server.run("queryable")
    queryable = time.perf_counter() - started
    ctx.note_version(server)
    counts = server.counts()
    server.remove()
    return {"seconds": round(run.seconds, 2), "peak_rss_mib": round(run.peak_rss_mib, 1), "peak_mib": run.peak_mib,
            "start_and_schema_seconds": round(queryable, 2), "counts": counts,
            "rows_per_s": rate(ds.node_rows + ds.edge_rows, run.seconds)}


def run(ctx) -> dict:
    ds = ctx.dataset
    baseline = _importer_alone(ctx)
    details: dict = {"importer_alone": baseline}
    rows_total = ds.node_rows + ds.edge_rows

    help_text = None
    try:
        help_text = lineage_load_help(ctx.env)
    except NotAvailable as why:
        reason = str(why)
    else:
        reason = None if "--bulk" in help_text else "`lineage load --bulk` is not an option of this checkout yet"
    if reason:
        return {"rows": _rows(None, None, baseline, rows_total), "details": details,
                "partial": f"not available: {reason}"}

    from lineage.localdb.manager import STATE_FILE, free_port

    home = ctx.home("bulk")
    server = BenchServer.fresh(home)
    ctx.track(server)
    # `lineage load --bulk` starts the server on the home's last port (7687 by default, maybe taken):
    # give the new home a free one, in the state file the local Neo4j keeps its port in.
    server.home.mkdir(parents=True)
    (server.home / STATE_FILE).write_text(json.dumps({"port": free_port()}))
    env = {k: v for k, v in ctx.env.items() if k not in ("NEO4J_URI", "NEO4J_PASSWORD", "NEO4J_USER")}
    env["LINEAGE_HOME"] = str(server.home)
    report = ctx.log_dir / "lineage-load-bulk.report.json"
    cmd = [*lineage_command(), "load", "--bulk", str(ds.path), "--home", str(server.home),
           *(["--report", str(report)] if "--report" in help_text else [])]
    started = time.perf_counter()
    run = run_measured(cmd, env=env, timeout=ctx.scale.timeout_s, log_dir=ctx.log_dir, name="lineage-load-bulk")
    if not run.ok:
        raise RuntimeError(f"lineage load --bulk failed: {run.failure()}")
    if server.running:
        server.adopt_running()
    else:
        server.start()
    server.run("queryable")
    queryable = time.perf_counter() - started
    details["lineage_load_bulk"] = {
        "command_seconds": round(run.seconds, 2), "queryable_seconds": round(queryable, 2),
        "peak_rss_mib": round(run.peak_rss_mib, 1), "peak_mib": run.peak_mib, "counts": server.counts(),
        "rows_per_s": rate(rows_total, queryable),
        "report": _short(json.loads(report.read_text())) if report.is_file() else None,
    }
    server.remove()
    return {"rows": _rows(queryable, run.peak_mib, baseline, rows_total), "details": details}


def _rows(queryable: float | None, peak: float | None, baseline: dict, rows_total: int) -> list[dict]:
    alone = baseline["seconds"]
    with_start = round(alone + baseline["start_and_schema_seconds"], 2)
    return [
        row("seconds to a queryable database (validated, imported, started)",
            None if queryable is None else round(queryable, 2), "s",
            "neo4j-admin database import full alone", alone, higher_is_better=False,
            goal="≤ 1.5× the importer alone; < 120 s at 1M works",
            goal_met=None if queryable is None else (queryable <= 1.5 * alone)),
        row("seconds to a queryable database", None if queryable is None else round(queryable, 2), "s",
            "importer + server start + constraints", with_start, higher_is_better=False),
        row("rows/s", None if queryable is None else rate(rows_total, queryable), "rows/s",
            "neo4j-admin import alone", baseline["rows_per_s"], higher_is_better=True),
        row("peak memory of the command (RSS, its processes summed)", None if peak is None else round(peak, 1), "MiB",
            "neo4j-admin import (its processes summed)", baseline["peak_mib"],
            higher_is_better=False),
    ]


def _short(summary: dict) -> dict:
    keep = ("totals", "balanced", "seconds", "created", "notes", "temporal_anomalies")
    return {k: summary.get(k) for k in keep if k in summary}

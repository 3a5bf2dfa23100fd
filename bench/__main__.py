"""``python -m bench --scale 10k|100k|1m [--only FIGURE ...] [--keep-data]``."""

from __future__ import annotations

import logging
import os
import time
from datetime import datetime, timezone
from pathlib import Path

import click

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
# Figures run in this order (the loaded database first, its metrics written before the queries read
# them as a deployed graph would have them, the bulk import's own servers last);
# they are numbered 1-6 in the doc whatever the order.
RUN_ORDER = ("load", "metrics", "queries", "web", "browser", "bulk", "search")


def _memory_env(scale) -> dict:
    """The Neo4j memory of the scale, for every server this process or its commands start."""
    env = dict(os.environ)
    env["LINEAGE_HEAP"] = scale.heap
    env["LINEAGE_PAGECACHE_MIB"] = str(scale.pagecache_mib)
    # Read when each server starts (lineage.config.from_env), so the order of imports does not matter.
    os.environ.update({k: env[k] for k in ("LINEAGE_HEAP", "LINEAGE_PAGECACHE_MIB")})
    for name in ("NEO4J_URI", "NEO4J_USER", "NEO4J_PASSWORD"):
        env.pop(name, None)  # the suite's servers are its own
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    return env


def _figures(only: tuple[str, ...]) -> list[str]:
    from bench.scales import figure_name

    if not only:
        return list(RUN_ORDER)
    wanted = set()
    for text in only:
        for part in text.split(","):
            if part.strip():
                try:
                    wanted.add(figure_name(part))
                except ValueError as err:
                    raise click.BadParameter(str(err), param_hint="--only") from None
    return [f for f in RUN_ORDER if f in wanted]


@click.command(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--scale", type=click.Choice(["tiny", "10k", "100k", "1m"]), default=None,
              help="Data size: works generated (tiny = 500, a smoke run).")
@click.option("--only", multiple=True, metavar="FIGURE",
              help="Run only these figures (load, bulk, queries, metrics, web, browser, search or 1-7; repeat or comma-separate).")
@click.option("--keep-data", is_flag=True, help="Keep the Neo4j homes under bench/work/homes/ after the run.")
@click.option("--profile", is_flag=True,
              help="Also run `lineage load` once more under py-spy (unmeasured) and show where its time goes.")
@click.option("--render", "render_only", is_flag=True, help="Only re-render docs/benchmarks.md from bench/results/.")
@click.option("--results-dir", type=click.Path(file_okay=False, path_type=Path), default=BENCH / "results",
              show_default=True, help="Where the results JSON goes.")
@click.option("--doc", type=click.Path(dir_okay=False, path_type=Path), default=ROOT / "docs" / "benchmarks.md",
              show_default=True, help="The page rendered from the results.")
@click.option("--work-dir", type=click.Path(file_okay=False, path_type=Path), default=BENCH / "work",
              show_default=True, help="Datasets, Neo4j homes and logs (not versioned).")
def main(scale: str | None, only: tuple[str, ...], keep_data: bool, profile: bool, render_only: bool, results_dir: Path,
         doc: Path, work_dir: Path) -> None:
    """Measure every figure of docs/benchmarks.md against its baseline, in one run.

    Writes bench/results/<scale>-<date>.json and re-renders docs/benchmarks.md
    (with plots under docs/img/) from all results files.
    """
    from bench.report import render

    # The server's notices (a metric property not written yet, ...) are not the benchmark's concern.
    logging.getLogger("neo4j.notifications").setLevel(logging.ERROR)
    img_dir = doc.parent / "img"
    if render_only:
        click.echo(f"rendered {render(results_dir, doc, img_dir, BENCH / 'analysis.md')}")
        return
    if scale is None:
        raise click.UsageError("--scale is required (tiny, 10k, 100k or 1m)")
    from bench.scales import SCALES

    spec = SCALES[scale]
    env = _memory_env(spec)
    figures = _figures(only)

    from bench import results
    from bench.context import Context
    from bench.data import DataError, ensure_dataset
    from bench.figures import run_figure
    from bench.machine import describe

    started_at = datetime.now(timezone.utc)
    started = time.perf_counter()
    log_dir = work_dir / "logs" / f"{scale}-{started_at.strftime('%Y%m%dT%H%M%S')}"
    log_dir.mkdir(parents=True, exist_ok=True)
    machine = describe(ROOT)
    click.echo(f"bench {scale}: {', '.join(figures)}; logs in {log_dir}")
    try:
        dataset = ensure_dataset(spec, work_dir, log_dir, env)
    except DataError as err:
        raise click.ClickException(str(err)) from None
    d = dataset.summary()
    made = "cached" if dataset.manifest.get("cached") else f"generated in {d['generate_seconds']} s"
    click.echo(f"  data: {d['works']:,} works, {d['node_rows']:,} node rows, {d['relationship_rows']:,} relationship "
               f"rows ({made})")
    ctx = Context(scale=spec, root=ROOT, work_dir=work_dir, log_dir=log_dir, env=env, dataset=dataset,
                  keep_data=keep_data, profile=profile, machine=machine)
    figures_out: dict[str, dict] = {}
    try:
        for name in figures:
            if name == "bulk" and ctx.loaded is not None:
                # The bulk import starts servers of its own: free the memory of the loaded one first.
                ctx.loaded.stop()
            result = run_figure(name, ctx)
            figures_out[name] = result
            click.echo(f"  {result['number']}. {name}: {result['status']}"
                       f"{' (' + result['reason'] + ')' if result['reason'] else ''} in {result['seconds']} s")
    finally:
        ctx.close()
    finished_at = datetime.now(timezone.utc)
    run = {
        "schema": results.SCHEMA,
        "scale": scale,
        "date": started_at.strftime("%Y-%m-%d"),
        "started_at": started_at.isoformat(timespec="seconds"),
        "finished_at": finished_at.isoformat(timespec="seconds"),
        "wall_seconds": round(time.perf_counter() - started, 1),
        "profiling_seconds": round(ctx.profiling_seconds, 1),
        "machine": machine,
        "settings": spec.to_dict(),
        "dataset": {**d, "path": os.path.relpath(d["path"], ROOT)},
        "figures": figures_out,
    }
    path = results.save(results_dir, run, complete=set(figures) == set(RUN_ORDER))
    click.echo(f"results: {path}")
    click.echo(f"rendered {render(results_dir, doc, img_dir, BENCH / 'analysis.md')} "
               f"(run took {run['wall_seconds']:.0f} s)")


if __name__ == "__main__":
    main()

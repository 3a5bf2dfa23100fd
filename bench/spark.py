"""``python -m bench.spark --scale 100k|1m``: the Spark engine against the in-process one, and the crossover model.

Runs :mod:`bench.figures.spark` on the suite's data and servers (the same
generated community at the same seed, loaded with ``lineage load`` into a
fresh local Neo4j with the scale's heap and page cache), and writes
``bench/results/spark-<scale>-<date>.json`` (schema ``spark-1``, which the
six-figure report of docs/benchmarks.md leaves alone). ``--model`` prints the
crossover model of docs/scaling.md from every such file.
"""

from __future__ import annotations

import json
import logging
import time
from datetime import datetime, timezone
from pathlib import Path

import click

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
SCHEMA = "spark-1"
MODEL_SIZES = (100_000, 300_000, 1_000_000, 3_000_000, 10_000_000)


def _measured(results_dir: Path) -> list[dict]:
    """(works, engine figures) of the newest spark results file of each size, smallest first.

    Only the newest of a size: an older run on a busier machine would fit a
    line through two machines' speeds.
    """
    newest: dict[int, dict] = {}
    for path in sorted(results_dir.glob("spark-*.json"), key=lambda p: p.name[-15:]):  # ...-YYYY-MM-DD.json
        data = json.loads(path.read_text())
        if data.get("schema") != SCHEMA or data["figure"]["status"] != "ok":
            continue
        d = data["figure"]["details"]
        newest[data["dataset"]["works"]] = {"works": data["dataset"]["works"], "file": path.name,
                                            "loadavg_before": data["figure"].get("loadavg_before"),
                                            "inprocess": {"seconds": d["inprocess"]["wall_seconds"],
                                                          "mib": d["inprocess"]["peak_rss_mib"]},
                                            "spark": {"seconds": d["spark"]["wall_seconds"],
                                                      "mib": (d["spark"]["report"].get("peak_rss_mib") or {}).get("spark_jvm")
                                                      or d["spark"]["peak_rss_mib"]}}
    return [newest[n] for n in sorted(newest)]


def _figure4(results_dir: Path) -> list[tuple[int, float, float]]:
    """(works, wall seconds, peak MiB) of ``lineage metrics`` in figure 4 of each scale's newest six-figure run."""
    from bench.results import latest

    out = []
    for run in latest(results_dir).values():
        ours = ((run.get("figures") or {}).get("metrics") or {}).get("details", {}).get("ours")
        if ours and run["dataset"]["works"] >= 100_000:
            out.append((run["dataset"]["works"], ours["wall_seconds"], ours["peak_rss_mib"]))
    return sorted(out)


def _fit(points: list[tuple[float, float]]) -> tuple[float, float]:
    """``y = a + b * n`` through the smallest and the largest measured point (``a = 0`` with one point).

    Linear with an intercept: a fixed cost (interpreter, JVM, session start,
    one Spark job per step) and a cost per work.
    """
    (n0, y0), (n1, y1) = points[0], points[-1]
    if n1 == n0:
        return 0.0, y1 / n1
    b = (y1 - y0) / (n1 - n0)
    return y0 - b * n0, b


def model(results_dir: Path, ram_mib: float) -> dict:
    """Time and memory per engine from 100k to 10M works, fitted on the measured sizes; where RAM runs out.

    The in-process engine is fitted on the spark runs' own baseline (the same
    command, machine and hour as Spark's) where two sizes were measured, else
    on figure 4 of the six-figure runs.
    """
    runs = _measured(results_dir)
    if not runs:
        raise click.ClickException(f"no {SCHEMA} results in {results_dir}: run python -m bench.spark first")
    fits = {engine: {what: _fit([(r["works"], r[engine][what]) for r in runs]) for what in ("seconds", "mib")}
            for engine in ("inprocess", "spark")}
    quiet = _figure4(results_dir)
    if len(runs) < 2 and len(quiet) >= 2:  # one spark size only: the six-figure runs have two
        fits["inprocess"] = {"seconds": _fit([(n, t) for n, t, _ in quiet]),
                             "mib": _fit([(n, m) for n, _, m in quiet])}
    table = []
    for n in MODEL_SIZES:
        table.append({"works": n, **{f"{e}_{w}": round(a + b * n, 1) for e in fits for w, (a, b) in fits[e].items()}})
    a, b = fits["inprocess"]["mib"]
    runs_out = (ram_mib - a) / b
    return {"measured": runs, "inprocess_figure4": quiet,
            "fits": {e: {w: {"fixed": round(a_, 2), "per_1000_works": round(b_ * 1000, 4)} for w, (a_, b_) in f.items()}
                     for e, f in fits.items()},
            "table": table, "ram_mib": ram_mib, "inprocess_runs_out_of_memory_at_works": int(runs_out)}


@click.command(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--scale", type=click.Choice(["tiny", "10k", "100k", "1m"]), default=None,
              help="Data size (as python -m bench).")
@click.option("--keep-data", is_flag=True, help="Keep the Neo4j home under bench/work/homes/ after the run.")
@click.option("--model", "show_model", is_flag=True, help="Print the crossover model from the results so far.")
@click.option("--results-dir", type=click.Path(file_okay=False, path_type=Path), default=BENCH / "results",
              show_default=True, help="Where the results JSON goes.")
@click.option("--work-dir", type=click.Path(file_okay=False, path_type=Path), default=BENCH / "work",
              show_default=True, help="Datasets, Neo4j homes and logs (not versioned).")
def main(scale: str | None, keep_data: bool, show_model: bool, results_dir: Path, work_dir: Path) -> None:
    """Measure `lineage metrics --engine spark` beside the in-process engine on the same graph, in one run."""
    logging.getLogger("neo4j.notifications").setLevel(logging.ERROR)
    from bench.__main__ import _memory_env
    from bench.machine import describe
    from bench.scales import SCALES

    if show_model:
        ram = describe(ROOT).get("ram_gib")
        ram_mib = float(ram) * 1024 if ram else 23.5 * 1024
        click.echo(json.dumps(model(results_dir, ram_mib), indent=1))
        return
    if scale is None:
        raise click.UsageError("--scale is required (or --model)")
    from bench.context import Context
    from bench.data import ensure_dataset
    from bench.figures import spark as figure
    from bench.procs import loadavg

    spec = SCALES[scale]
    env = _memory_env(spec)
    started_at = datetime.now(timezone.utc)
    started = time.perf_counter()
    log_dir = work_dir / "logs" / f"spark-{scale}-{started_at.strftime('%Y%m%dT%H%M%S')}"
    log_dir.mkdir(parents=True, exist_ok=True)
    machine = describe(ROOT)
    dataset = ensure_dataset(spec, work_dir, log_dir, env)
    ctx = Context(scale=spec, root=ROOT, work_dir=work_dir, log_dir=log_dir, env=env, dataset=dataset,
                  keep_data=keep_data, machine=machine)
    result = {"title": "Metrics on Spark (local mode) against the in-process engine", "status": "ok",
              "loadavg_before": loadavg()}
    try:
        t = time.perf_counter()
        ctx.loaded_server()
        result["load_seconds"] = round(time.perf_counter() - t, 1)
        result["loadavg_before"] = loadavg()
        result.update(figure.run(ctx))
    except Exception as err:  # recorded, as the suite does
        result["status"] = "failed"
        result["reason"] = f"{type(err).__name__}: {str(err).strip()[:300]}"
    finally:
        result["loadavg_after"] = loadavg()
        ctx.close()
    d = dataset.summary()
    run = {"schema": SCHEMA, "scale": scale, "date": started_at.strftime("%Y-%m-%d"),
           "started_at": started_at.isoformat(timespec="seconds"),
           "wall_seconds": round(time.perf_counter() - started, 1), "machine": machine,
           "settings": spec.to_dict(), "dataset": {**d, "path": str(Path(d["path"]).relative_to(ROOT))},
           "figure": result}
    results_dir.mkdir(parents=True, exist_ok=True)
    path = results_dir / f"spark-{scale}-{run['date']}.json"
    path.write_text(json.dumps(run, indent=1, ensure_ascii=False, default=str) + "\n", encoding="utf-8")
    click.echo(f"{result['status']}{': ' + result.get('reason', '') if result['status'] != 'ok' else ''}; "
               f"results: {path}")
    for r in result.get("rows", []):
        click.echo(f"  {r['measure']}: spark {r['value']} {r['unit']} / in-process {r['baseline_value']}")


if __name__ == "__main__":
    main()

"""How long checking a dataset takes, with no database: the part of every load that is Python.

``lineage load --bulk`` spends most of its time here (at 1M works, more than
the importer and the server start together), and the online loader checks in
the process that feeds its writer. Run on the bench's generated dataset of a
scale (made by ``lineage generate`` and cached in ``bench/work/data/``)::

    python -m bench.check_speed --scale 100k --runs 3

Each run reads and checks every row (``graph_loader.validate.check_dataset``
into an empty graph; the rows the loader streams are handed on and dropped,
the remixes spooled; the rejects file written) in a Python of its own. The baseline, measured in the same run, is
another checkout of the project (the code before a change)::

    git worktree add /tmp/before <commit>
    python -m bench.check_speed --scale 1m --runs 3 --baseline /tmp/before

Each run then measures the baseline and this code in turn, so that both see
the same machine.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def one_run(folder: Path) -> dict:
    from graph_loader.dataset import open_dataset
    from graph_loader.existing import EmptyGraph
    from graph_loader.rejects import RejectsFile
    from graph_loader.loader import STREAMED
    from graph_loader.spool import Spool
    from graph_loader.validate import check_dataset

    dataset = open_dataset(folder)
    dataset.check()
    with tempfile.TemporaryDirectory(prefix="bench-check-") as scratch:
        started = time.perf_counter()
        with Spool(10000, directory=scratch, stream=lambda kind, lines, rows: None, streamed=STREAMED) as spool:
            with RejectsFile(Path(scratch) / "rejects.csv") as rejects:
                checked = check_dataset(dataset, EmptyGraph(), rejects, spool)
        seconds = time.perf_counter() - started
    rows = sum(p.read for p in checked.parts.values())
    return {"check_s": seconds, "rows": rows, "rows_per_s": rows / seconds}


def in_process_of_its_own(checkout: Path, folder: Path) -> dict:
    """One run of the code of ``checkout``, in a Python of its own (its packages first on the path)."""
    env = {**os.environ, "PYTHONPATH": str(checkout)}
    command = [sys.executable, str(Path(__file__).resolve()), "--one-run", str(folder)]
    done = subprocess.run(command, env=env, cwd=checkout, capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def dataset_folder(scale: str) -> Path:
    from bench.data import ensure_dataset
    from bench.scales import SCALES

    work = Path(__file__).resolve().parent / "work"
    log_dir = work / "logs" / f"check-speed-{scale}"
    log_dir.mkdir(parents=True, exist_ok=True)
    return ensure_dataset(SCALES[scale], work, log_dir, dict(os.environ)).path


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", default="100k", help="the bench's scale whose dataset is checked")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--baseline", type=Path, help="another checkout of the project, measured in turn")
    parser.add_argument("--one-run", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.one_run:  # a child of in_process_of_its_own
        print(json.dumps(one_run(args.one_run)))
        return
    folder = dataset_folder(args.scale)
    here = Path(__file__).resolve().parent.parent
    sides = {"this code": here, **({"baseline": args.baseline.resolve()} if args.baseline else {})}
    runs: dict[str, list[dict]] = {name: [] for name in sides}
    for _ in range(args.runs):
        for name, checkout in reversed(sides.items()):
            runs[name].append(in_process_of_its_own(checkout, folder))
    for name, found in runs.items():
        seconds = statistics.median(r["check_s"] for r in found)
        each = ", ".join(f"{r['check_s']:.2f}" for r in found)
        print(f"{name}, {args.scale}, median of {args.runs}: {seconds:.2f} s to check {found[0]['rows']:,} rows "
              f"({found[0]['rows'] / seconds:,.0f} rows/s; runs: {each})")


if __name__ == "__main__":
    main()

"""Small loads: checked then written by the loader itself, against written by its writer process.

``lineage load`` writes a dataset of at most ``graph_loader.loader.IN_PROCESS_BYTES``
of files itself, after checking it; a larger one goes to a writer process that
writes while the checking goes on. This measures both ways on generated
datasets of several sizes, into an emptied database, in turn, so that the
limit can be set where the two cross. Against a running Neo4j (``NEO4J_URI``,
or the local one of ``LINEAGE_HOME``; its database is emptied)::

    python -m bench.small_loads --works 1000 4000 10000 20000 --runs 3
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from bench import cypher

WAYS = {"writer process": -1, "checked, then written": 1 << 62}  # the limit each way is run with


def empty(graph) -> None:
    with graph.session() as session:
        session.run(cypher.load("wipe")).consume()


def fresh_load_seconds(graph, folder: Path, home: Path, limit: int) -> float:
    from graph_loader import loader

    empty(graph)
    kept = loader.IN_PROCESS_BYTES
    loader.IN_PROCESS_BYTES = limit
    try:
        started = time.perf_counter()
        loader.load_dataset(graph, folder, rejects_path=home / "rejects.csv", home=home)
        return time.perf_counter() - started
    finally:
        loader.IN_PROCESS_BYTES = kept


def main(argv: list[str] | None = None) -> None:
    from graph_loader.dataset import open_dataset
    from graph_loader.generate import generate
    from lineage.config import from_env
    from lineage.db import Graph

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--works", type=int, nargs="+", default=[300, 1000, 4000, 10000, 20000])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="bench-small-loads-") as scratch, \
            Graph.connect(from_env()) as graph:
        root = Path(scratch)
        graph.ensure_schema()
        print("| works | bytes | writer process | checked, then written |")
        print("| --- | --- | --- | --- |")
        for works in args.works:
            folder = root / f"w{works}"
            generate(folder, works=works, artists=max(1, works // 7), seed=3)
            fresh_load_seconds(graph, folder, root, -1)  # unmeasured: the server plans these statements once
            times: dict[str, list[float]] = {way: [] for way in WAYS}
            for _ in range(args.runs):
                for way, limit in WAYS.items():
                    times[way].append(fresh_load_seconds(graph, folder, root, limit))
            shown = [f"{statistics.median(times[way]):.2f} s" for way in WAYS]
            dataset = open_dataset(folder)
            dataset.check()  # the files are found by the check
            print(f"| {works:,} | {dataset.size():,} | {shown[0]} | {shown[1]} |", flush=True)
        empty(graph)


if __name__ == "__main__":
    main()

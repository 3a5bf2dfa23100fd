"""How long the local Neo4j takes to start on a fresh home, answer its first query, and stop.

Every ``lineage db start`` of a new home pays it, and so does each test that
starts a server of its own (about thirty in the suite). Run::

    python -m bench.db_start --runs 5

Each run makes a fresh home, starts it (password, JVM to READY, Bolt and the
databases checked), runs one query, stops it, and removes the home. The
baseline, measured in the same run, is another checkout of the project (the
code before a change)::

    git worktree add /tmp/before <commit>
    python -m bench.db_start --runs 5 --baseline /tmp/before

Each run then measures the baseline and this code in turn, each in a process of
its own, so that both see the same machine.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def one_run(root: Path) -> dict:
    from neo4j import GraphDatabase

    from lineage.localdb import LocalNeo4j
    from lineage.localdb.manager import free_port

    home = Path(tempfile.mkdtemp(prefix="db-start-", dir=root))
    local = LocalNeo4j(home)
    try:
        started = time.perf_counter()
        status, _ = local.start(port=free_port())
        start_s = time.perf_counter() - started
        asked = time.perf_counter()
        with GraphDatabase.driver(status.uri, auth=local.auth) as driver:
            driver.execute_query("MATCH (n) RETURN count(n) AS n", database_="neo4j")
        query_s = time.perf_counter() - asked
        stopping = time.perf_counter()
        local.stop()
        stop_s = time.perf_counter() - stopping
        return {"start_s": start_s, "first_query_s": query_s, "stop_s": stop_s, "total_s": start_s + query_s + stop_s}
    finally:
        local.stop()
        shutil.rmtree(home, ignore_errors=True)


def in_process_of_its_own(checkout: Path) -> dict:
    """One run of the code of ``checkout``, in a Python of its own (its ``lineage`` package first on the path)."""
    env = {**os.environ, "PYTHONPATH": str(checkout)}
    command = [sys.executable, str(Path(__file__).resolve()), "--one-run"]
    done = subprocess.run(command, env=env, cwd=checkout, capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def median(runs: list[dict]) -> dict:
    return {key: round(statistics.median(r[key] for r in runs), 2) for key in runs[0]}


def said(name: str, figures: dict, runs: int) -> str:
    return (f"{name}, median of {runs}: start {figures['start_s']} s, first query {figures['first_query_s']} s, "
            f"stop {figures['stop_s']} s, in all {figures['total_s']} s")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--baseline", type=Path, help="another checkout of the project, measured in turn")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--one-run", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.one_run:  # a child of in_process_of_its_own
        root = Path(tempfile.mkdtemp(prefix="bench-db-start-"))
        try:
            print(json.dumps(one_run(root)))
        finally:
            shutil.rmtree(root, ignore_errors=True)
        return
    here = Path(__file__).resolve().parent.parent
    sides = {"this code": here, **({"baseline": args.baseline.resolve()} if args.baseline else {})}
    for checkout in sides.values():
        # Unmeasured: each version's launcher is built and its class archive made once per machine.
        in_process_of_its_own(checkout)
    runs: dict[str, list[dict]] = {name: [] for name in sides}
    for _ in range(args.runs):
        for name, checkout in reversed(sides.items()):
            runs[name].append(in_process_of_its_own(checkout))
    figures = {name: median(found) for name, found in runs.items()}
    if args.json:
        print(json.dumps({"runs": args.runs, **figures}))
        return
    for name, found in figures.items():
        print(said(name, found, args.runs))


if __name__ == "__main__":
    main()

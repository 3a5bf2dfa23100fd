"""Ways of filling a database with a dataset: ``lineage load``, LOAD CSV, a hand-written loader, and a naive one."""

from __future__ import annotations

import csv
import json
import sys
import threading
import time
from pathlib import Path

from bench import cypher
from bench.data import EDGE_FILES, FILE_OF_KIND, FILES, NODE_FILES, Dataset
from bench.procs import Measured, command_help, lineage_command, run_measured
from bench.servers import BenchServer
from bench.stats import rate


class NotAvailable(Exception):
    """A command or tool a figure needs is not there (the figure says so and the suite goes on)."""


def lineage_load_help(env: dict) -> str:
    """``lineage load --help``; NotAvailable when the command does not exist yet."""
    text = command_help([*lineage_command(), "load"], env)
    if text is None:
        raise NotAvailable("`lineage load` is not a command of this checkout")
    return text


# -- lineage load ---------------------------------------------------------------
class CountWatcher:
    """Polls the node and relationship counts (Neo4j's count store: cheap) while a load runs.

    The loader writes every node before the first relationship, so the moment
    relationships appear splits its write phase into nodes and relationships.
    """

    def __init__(self, server: BenchServer, interval: float = 0.2):
        self.server, self.interval = server, interval
        self.timeline: list[tuple[float, int, int]] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._poll, name="count-watcher", daemon=True)
        self.started = 0.0

    def __enter__(self) -> "CountWatcher":
        self.started = time.perf_counter()
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join(timeout=10)

    def _poll(self) -> None:
        text = cypher.load("count_graph")
        with self.server.graph.session() as session:
            while not self._stop.is_set():
                try:
                    row = session.run(text).single()
                    self.timeline.append((time.perf_counter() - self.started, row["nodes"], row["relationships"]))
                except Exception:  # a poll that fails is just a missing point
                    pass
                self._stop.wait(self.interval)

    def phases(self, end: float) -> dict:
        """Seconds from the start to the first node, to the first relationship, and the end."""
        first_node = next((t for t, n, _ in self.timeline if n > 0), None)
        first_rel = next((t for t, _, r in self.timeline if r > 0), None)
        return {"first_node_s": first_node, "first_relationship_s": first_rel, "end_s": end,
                "poll_interval_s": self.interval}


def run_lineage_load(server: BenchServer, dataset: Dataset, env: dict, log_dir: Path, timeout: float,
                     name: str = "lineage-load", extra: tuple[str, ...] = ()) -> tuple[Measured, dict | None, dict]:
    """Run ``lineage load`` into ``server``; the run, its JSON report and the watched phases."""
    report = log_dir / f"{name}.report.json"
    report.unlink(missing_ok=True)
    cmd = [*lineage_command(), "load", str(dataset.path), "--report", str(report),
           "--rejects", str(log_dir / f"{name}.rejects.csv"), *extra]
    with CountWatcher(server) as watcher:
        run = run_measured(cmd, env=server.env(env), timeout=timeout, log_dir=log_dir, name=name)
    summary = json.loads(report.read_text()) if report.is_file() else None
    return run, summary, {**watcher.phases(run.seconds), "timeline": _thin(watcher.timeline)}


def _thin(timeline: list[tuple[float, int, int]], keep: int = 200) -> list[list]:
    """At most ``keep`` points of a timeline (for the plot), first and last kept."""
    if len(timeline) <= keep:
        return [[round(t, 2), n, r] for t, n, r in timeline]
    step = len(timeline) / keep
    picked = [timeline[int(i * step)] for i in range(keep)] + [timeline[-1]]
    return [[round(t, 2), n, r] for t, n, r in picked]


def load_rates(dataset: Dataset, run: Measured, phases: dict) -> dict:
    """Rows per second of a ``lineage load``: whole, and its node and relationship write phases."""
    out = {"rows_per_s": rate(dataset.node_rows + dataset.edge_rows, run.seconds),
           "node_rows_per_s": None, "relationship_rows_per_s": None}
    first_node, first_rel = phases.get("first_node_s"), phases.get("first_relationship_s")
    if first_node is not None and first_rel is not None and first_rel > first_node:
        # The first poll that sees nodes is up to one interval after the first commit.
        out["node_rows_per_s"] = rate(dataset.node_rows, first_rel - first_node + phases["poll_interval_s"])
        out["relationship_rows_per_s"] = rate(dataset.edge_rows, run.seconds - first_rel + phases["poll_interval_s"])
    return out


# -- LOAD CSV -----------------------------------------------------------------
def load_csv(server: BenchServer, dataset: Dataset) -> dict:
    """Neo4j's own online import: ``LOAD CSV ... CALL { } IN TRANSACTIONS OF 10000 ROWS``, file by file."""
    from lineage.model import DEFAULT_MEDIUM, DEFAULT_REMIX_KIND, DEFAULT_ROLE, DEFAULT_STATUS

    files = tuple(f for f in FILES if (dataset.path / f).is_file())
    urls = server.stage_for_load_csv(dataset.path, files)
    defaults = {"default_medium": DEFAULT_MEDIUM, "default_status": DEFAULT_STATUS,
                "default_role": DEFAULT_ROLE, "default_kind": DEFAULT_REMIX_KIND}
    seconds: dict[str, float] = {}
    for name in files:
        statement = f"loadcsv_{name.removesuffix('.csv')}"
        params = {k: v for k, v in defaults.items() if f"${k}" in cypher.load(statement)}
        started = time.perf_counter()
        server.run(statement, url=urls[name], **params)
        seconds[name] = round(time.perf_counter() - started, 3)
    node_s = sum(seconds[f] for f in NODE_FILES if f in seconds)
    edge_s = sum(seconds[f] for f in EDGE_FILES if f in seconds)
    return {
        "seconds": seconds,
        "rows_per_s": rate(dataset.node_rows + dataset.edge_rows, node_s + edge_s),
        "node_rows_per_s": rate(dataset.node_rows, node_s),
        "relationship_rows_per_s": rate(dataset.edge_rows, edge_s),
        "urls": urls,
    }


# -- the hand-written loader ----------------------------------------------------
def handwritten_load(server: BenchServer, dataset: Dataset, env: dict, log_dir: Path, timeout: float) -> dict:
    """The loader of ``bench/children/handwritten_load.py`` into ``server``, in a process of its own.

    Its rates are over the whole run (the process's start included, as for
    ``lineage load``) and over its node and relationship files.
    """
    cmd = [sys.executable, "-m", "bench.children.handwritten_load", server.uri, str(dataset.path)]
    run = run_measured(cmd, env=server.env(env), cwd=Path(__file__).resolve().parent.parent, timeout=timeout,
                       log_dir=log_dir, name="handwritten-load")
    if not run.ok:
        raise RuntimeError(f"the hand-written loader failed: {run.failure()}")
    report = json.loads(run.stdout.strip().splitlines()[-1])
    return {
        **report,
        "wall_seconds": round(run.seconds, 2),
        "peak_rss_mib": round(run.peak_rss_mib, 1),
        "peak_mib": run.peak_mib,
        "rows_per_s": rate(dataset.node_rows + dataset.edge_rows, run.seconds),
        "node_rows_per_s": rate(dataset.node_rows, report["node_s"]),
        "relationship_rows_per_s": rate(dataset.edge_rows, report["edge_s"]),
    }


# -- the naive loader -----------------------------------------------------------
def _rows(path: Path, limit: int, keep=None):
    with open(path, newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if keep is None or keep(row):
                yield row
                limit -= 1
                if limit <= 0:
                    return


def _params(kind: str, row: dict) -> dict:
    """The values a newcomer passes: the CSV text, with the obvious conversions."""
    empty = lambda v: v if v not in ("", None) else None  # noqa: E731
    if kind == "artist":
        return {"artist_id": row["artist_id"], "handle": row["handle"], "name": empty(row.get("name")),
                "joined_at": empty(row.get("joined_at"))}
    if kind == "work":
        return {"work_id": row["work_id"], "title": row["title"], "medium": row.get("medium") or "other",
                "created_at": empty(row.get("created_at")), "status": row.get("status") or "published",
                "license": empty(row.get("license")), "url": empty(row.get("url")),
                "tags": [t.strip() for t in (row.get("tags") or "").split(";") if t.strip()]}
    if kind == "contribution":
        return {"artist_id": row["artist_id"], "work_id": row["work_id"], "role": row.get("role") or "creator",
                "weight": float(row.get("weight") or 1)}
    if kind == "remix":
        return {"work_id": row["work_id"], "source_id": row["source_id"], "kind": row.get("kind") or "remix",
                "weight": float(row.get("weight") or 1)}
    return {"artist_id": row["artist_id"], "work_id": row["work_id"], "stars": int(row["stars"]),
            "rated_at": empty(row.get("rated_at"))}


def naive_load(server: BenchServer, dataset: Dataset, rows_per_file: int, seconds_per_file: float) -> dict:
    """One auto-commit transaction per row, on a sample: the first ``rows_per_file`` artists and
    works, then as many contributions, remixes and ratings whose two ends are among them; each
    file stops early after ``seconds_per_file`` (a rate needs no more).

    Returns its rate over the whole dataset (each file at its own sampled rate, so weighted by
    the dataset's row mix), over the sample as it was, and of node rows and relationship rows.
    """
    sample: dict[str, list[dict]] = {}
    sample["artist"] = list(_rows(dataset.path / "artists.csv", rows_per_file))
    sample["work"] = list(_rows(dataset.path / "works.csv", rows_per_file))
    artists = {r["artist_id"] for r in sample["artist"]}
    works = {r["work_id"] for r in sample["work"]}
    sample["contribution"] = list(_rows(dataset.path / "contributions.csv", rows_per_file,
                                        lambda r: r["artist_id"] in artists and r["work_id"] in works))
    sample["remix"] = list(_rows(dataset.path / "remixes.csv", rows_per_file,
                                 lambda r: r["work_id"] in works and r["source_id"] in works))
    if (dataset.path / "ratings.csv").is_file():
        sample["rating"] = list(_rows(dataset.path / "ratings.csv", rows_per_file,
                                      lambda r: r["artist_id"] in artists and r["work_id"] in works))
    seconds: dict[str, float] = {}
    written: dict[str, int] = {}
    with server.graph.session() as session:
        for kind, rows in sample.items():
            text = cypher.load(f"naive_{kind}")
            started = time.perf_counter()
            done = 0
            for row in rows:
                session.run(text, _params(kind, row)).consume()  # one transaction per row
                done += 1
                if time.perf_counter() - started > seconds_per_file:
                    break
            seconds[kind] = round(time.perf_counter() - started, 3)
            written[kind] = done
    node_rows = written["artist"] + written["work"]
    edge_rows = sum(written[k] for k in ("contribution", "remix", "rating") if k in written)
    node_s = seconds["artist"] + seconds["work"]
    edge_s = sum(seconds[k] for k in ("contribution", "remix", "rating") if k in seconds)
    # The sample holds about as many rows of each file; the dataset does not (three relationship rows to a
    # node row). The whole dataset at each file's own rate: the time the naive loader would take for it.
    whole_s = sum(dataset.rows.get(FILE_OF_KIND[k], 0) * seconds[k] / written[k] for k in written if written[k])
    return {
        "sample_rows": written,
        "seconds": seconds,
        "rows_per_s_sample": rate(node_rows + edge_rows, node_s + edge_s),
        # Weighted by the dataset's row mix (what figure 1 compares with).
        "rows_per_s": rate(dataset.node_rows + dataset.edge_rows, whole_s),
        "node_rows_per_s": rate(node_rows, node_s),
        "relationship_rows_per_s": rate(edge_rows, edge_s),
    }

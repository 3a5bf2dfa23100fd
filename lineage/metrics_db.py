"""``lineage metrics`` against Neo4j: pull the projection, compute, write back.

* **pull**: four streamed reads (``queries/metrics_works|artists|remixes|contributions``)
  in read transactions; string ids become compact integers (their position)
  as the records arrive, so only ids and integer edge arrays are held.
* **compute**: :func:`lineage.metrics.compute_metrics` (the report carries
  PageRank's iterations, final change and residual).
* **write**: ``queries/metrics_write_works|artists`` in batches of ``batch``
  rows, each batch one ``execute_write`` transaction that SETs the values:
  rerunning writes the same values again (idempotent).
* **reach**: the reach of the widest-reaching artists (:mod:`lineage.reach`) is
  computed with the metrics and stored after them, the old ones dropped first;
  last, a stamp says the metrics are current (until the next load drops it).

:func:`run_metrics` returns a report with the counts, the timing of each
phase and the process's peak memory after each.
"""

from __future__ import annotations

import resource
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

import numpy as np

import queries
from lineage.db import Graph, translated_errors
from lineage.metrics import DEFAULT_EXACT_LIMIT, DEFAULT_SKETCH_SIZE, LineageArrays, Metrics, compute_metrics
from lineage.reach import Reach, ReachIndex, heavy_artists

DEFAULT_BATCH = 10_000


@dataclass
class MetricsReport:
    works: int = 0
    artists: int = 0
    remixes: int = 0
    contributions: int = 0
    exact: bool = True
    sketch_size: int | None = None
    estimated_works: int = 0
    estimated_artists: int = 0
    reach_artists: int = 0
    pagerank: dict = field(default_factory=dict)  # how it converged: lineage.metrics.PageRank.summary
    seconds: dict[str, float] = field(default_factory=dict)
    peak_rss_mib: dict[str, float] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "works": self.works, "artists": self.artists, "remixes": self.remixes,
            "contributions": self.contributions, "exact": self.exact, "sketch_size": self.sketch_size,
            "estimated_works": self.estimated_works, "estimated_artists": self.estimated_artists,
            "reach_artists": self.reach_artists, "pagerank": self.pagerank,
            "seconds": {k: round(v, 3) for k, v in self.seconds.items()},
            "peak_rss_mib": {k: round(v, 1) for k, v in self.peak_rss_mib.items()},
            "notes": self.notes,
        }


def _peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0  # KiB on Linux


def pull(graph: Graph, *, batch: int = DEFAULT_BATCH, created: list | None = None) -> LineageArrays:
    """The REMIXES and CONTRIBUTED projection of the whole graph, as compact arrays.

    Every record carries ``batch`` rows as parallel lists: the driver's cost is
    per record, so this is several times faster than one record per row.
    ``created``, if given, receives every work's ``created_at`` ("" when
    undated) in the order of the arrays' works.
    """
    work_ids: list[str] = []
    if created is None:
        graph.stream("metrics_works", lambda r: work_ids.extend(r[0]), batch=batch)
    else:
        def dated(r) -> None:
            work_ids.extend(r[0])
            created.extend(r[1])

        graph.stream("reach_works", dated, batch=batch)
    artist_ids: list[str] = []
    graph.stream("metrics_artists", lambda r: artist_ids.extend(r[0]), batch=batch)
    work_index = {w: i for i, w in enumerate(work_ids)}
    artist_index = {a: i for i, a in enumerate(artist_ids)}

    remixes: tuple[list, list, list] = ([], [], [])

    def remix(r) -> None:
        remixes[0].append(np.fromiter((work_index[w] for w in r[0]), np.int64, len(r[0])))
        remixes[1].append(np.fromiter((work_index[w] for w in r[1]), np.int64, len(r[1])))
        remixes[2].append(np.asarray(r[2], dtype=np.float64))

    contributions: tuple[list, list, list] = ([], [], [])

    def contribution(r) -> None:
        contributions[0].append(np.fromiter((artist_index[a] for a in r[0]), np.int64, len(r[0])))
        contributions[1].append(np.fromiter((work_index[w] for w in r[1]), np.int64, len(r[1])))
        contributions[2].append(np.asarray(r[2], dtype=np.float64))

    # The two edge reads are independent: run them side by side (one session each),
    # so the server's traversal of one overlaps the decoding of the other.
    with ThreadPoolExecutor(max_workers=2) as pool:
        jobs = [pool.submit(graph.stream, "metrics_remixes", remix, batch=batch),
                pool.submit(graph.stream, "metrics_contributions", contribution, batch=batch)]
        for job in jobs:
            job.result()
    del work_index, artist_index

    def joined(parts: list, dtype) -> np.ndarray:
        return np.concatenate(parts) if parts else np.zeros(0, dtype=dtype)

    return LineageArrays.build(
        work_ids, joined(remixes[0], np.int64), joined(remixes[1], np.int64), joined(remixes[2], np.float64),
        artist_ids, joined(contributions[0], np.int64), joined(contributions[1], np.int64),
        joined(contributions[2], np.float64),
    )


def write(graph: Graph, metrics: Metrics, *, batch: int = DEFAULT_BATCH, workers: int = 2) -> tuple[int, int]:
    """Write every work's and artist's metrics back, ``batch`` rows per transaction.

    Each batch is sent as ``$ids`` and one parallel list per metric (cheaper to
    encode than a map per row). ``workers`` sessions write batches side by
    side; batches touch disjoint nodes, so they never wait for each other's locks. What was stored
    for the pages (lineage/reach.py, and the stamp that says the metrics are current) is dropped
    first: while new values are written, none of it holds.
    """
    graph.run_write("stored_drop")
    jobs = []
    for name, ids, values in (
        ("metrics_write_works", metrics.work_ids, metrics.work),
        ("metrics_write_artists", metrics.artist_ids, metrics.artist),
    ):
        text = queries.load(name)
        columns = {metric: column.tolist() for metric, column in values.items()}
        for start in range(0, len(ids), batch):
            end = start + batch
            jobs.append((text, {"ids": list(ids[start:end]), **{m: col[start:end] for m, col in columns.items()}}))

    def work(tx, text: str, params: dict) -> None:
        tx.run(text, params).consume()

    def run_share(share: list) -> None:
        with translated_errors(graph.uri), graph.session() as session:
            for text, params in share:
                session.execute_write(work, text, params)

    workers = max(1, min(workers, len(jobs)))
    if workers == 1:
        run_share(jobs)
    else:
        with ThreadPoolExecutor(max_workers=workers) as pool:
            for done in [pool.submit(run_share, jobs[i::workers]) for i in range(workers)]:
                done.result()
    return len(metrics.work_ids), len(metrics.artist_ids)


def compute_reaches(arrays: LineageArrays, downstream_works: np.ndarray) -> list[Reach]:
    """The reach of the artists :func:`lineage.reach.heavy_artists` picks."""
    picked = heavy_artists(np.asarray(downstream_works))
    if not len(picked):
        return []
    index = ReachIndex(arrays)
    return [index.reach(int(a)) for a in picked]


def write_reaches(graph: Graph, reaches: list[Reach], *, batch: int = 20, exact: bool | None = None) -> None:
    """Drop what was stored for the pages, then store ``reaches`` (37 MB of JSON for the 500 at 1M: small batches).

    ``exact`` given (after the metrics are written), the run's stamp is written last: the stored
    descendants and ancestors then count as current (queries/stored_stamp.cypher).
    """
    graph.run_write("stored_drop")
    for start in range(0, len(reaches), batch):
        graph.run_write("reach_write", rows=[{"artist_id": r.artist, "data": r.to_json()}
                                             for r in reaches[start:start + batch]])
    if exact is not None:
        graph.run_write("stored_stamp", exact=exact)


def run_metrics(graph: Graph, *, batch: int = DEFAULT_BATCH, exact_limit: int | None = DEFAULT_EXACT_LIMIT,
                sketch_size: int = DEFAULT_SKETCH_SIZE) -> MetricsReport:
    """Pull, compute and write back every metric; the report says how long each phase took."""
    report = MetricsReport()
    started = time.perf_counter()
    arrays = pull(graph, batch=batch)
    report.seconds["pull"] = time.perf_counter() - started
    report.peak_rss_mib["pull"] = _peak_mib()
    report.works, report.artists = arrays.n_works, arrays.n_artists
    report.remixes, report.contributions = len(arrays.derived), len(arrays.contrib_work)

    started = time.perf_counter()
    metrics = compute_metrics(arrays, exact_limit=exact_limit, sketch_size=sketch_size)
    report.exact, report.sketch_size = metrics.exact, metrics.sketch_size
    report.estimated_works, report.estimated_artists = metrics.estimated_works, metrics.estimated_artists
    report.notes = list(metrics.notes)
    report.pagerank = dict(metrics.pagerank)
    reaches = compute_reaches(arrays, metrics.artist["downstream_works"])
    report.reach_artists = len(reaches)
    report.seconds["compute"] = time.perf_counter() - started
    report.peak_rss_mib["compute"] = _peak_mib()
    del arrays

    started = time.perf_counter()
    write(graph, metrics, batch=batch)
    write_reaches(graph, reaches, exact=metrics.exact)
    report.seconds["write"] = time.perf_counter() - started
    report.peak_rss_mib["write"] = _peak_mib()
    report.seconds["total"] = sum(report.seconds.values())
    return report

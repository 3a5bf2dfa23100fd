"""``lineage metrics --engine spark``: the influence metrics on Apache Spark DataFrames.

The definitions are those of :mod:`lineage.metrics` (the in-process engine is
the specification); only the way of computing them differs:

* the graph comes from a Parquet snapshot (:mod:`lineage.snapshot`), read by
  Spark in parts, and the results are written back through
  :func:`lineage.metrics_db.write`, the batched writer of the in-process engine;
* ``direct_remixes``, ``works``, ``works_remixed``, ``h_index``, ``influence``:
  joins and aggregations, exact;
* ``pagerank``: the same series and stop rule as
  :func:`lineage.metrics.pagerank_solve` (damping 0.85, dangling rank spread
  uniformly, uniform teleport; every work within ``PAGERANK_TOL`` = 1e-10,
  relative, of the exact rank); one join and one aggregation per iteration;
* transitive counts, **exact** while the closure stays under ``exact_limit``
  pairs: semi-naive transitive closure (the pairs joined by a path of length
  1, 2, ... until none is new), from which ``ancestors``, ``descendants``,
  ``generation`` and the artists' downstream counts are aggregations;
* past ``exact_limit`` (the closure is quadratic in the worst case), the
  transitive counts are **estimated** with HyperLogLog sketches (Spark's
  built-in ``hll_*`` functions, Apache DataSketches HLL with ``lg_k``)
  propagated level by level in topological order: a work's ancestor sketch is
  the union of its sources' sketches and of the sources themselves.
  :func:`hll_bound` gives the relative error bound used (3 standard errors).

Nothing here is a graph engine: every step is a DataFrame join or aggregation,
repeated only as often as the metric needs (PageRank iterations, path lengths
or levels).
"""

from __future__ import annotations

import math
import os
import shutil
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from lineage.errors import InvalidParameter, LineageCycle, LineageError
from lineage.metrics import DAMPING, DEFAULT_EXACT_LIMIT, PAGERANK_MAX_ITER, PAGERANK_TOL, Metrics, PageRank
from lineage.metrics_db import DEFAULT_BATCH, MetricsReport, _peak_mib, write, write_reaches
from lineage.model import ARTIST_METRICS, WORK_METRICS

DEFAULT_MASTER = "local[*]"
DEFAULT_LG_K = 12  # HLL registers 2^12: relative standard error 1.04 / 64 = 1.6 %
# Spark settings the engine starts with unless the user gives them (--spark-conf wins).
DEFAULT_CONF = {
    "spark.ui.enabled": "false",
    "spark.ui.showConsoleProgress": "false",
    # Spark's 200 shuffle partitions cost a task each per step; a few per core suit one machine.
    "spark.sql.shuffle.partitions": "4",
    # Adaptive query execution re-plans each of PageRank's 32 joins at run time; on one machine that
    # cost more than it saved. At 1M works, two A/B pairs on 2026-12-04: compute 167 and 177 s
    # without it, 196 and 193 s with it (PageRank 43-46 s against 64-70 s), the same answers.
    "spark.sql.adaptive.enabled": "false",
    "spark.driver.bindAddress": "127.0.0.1",
    "spark.driver.host": "127.0.0.1",
    "spark.sql.session.timeZone": "UTC",
}


class SparkUnavailable(LineageError):
    """pyspark is not installed, or Spark could not start."""


def hll_relative_error(lg_k: int = DEFAULT_LG_K) -> float:
    """Relative standard error of an HLL sketch of ``2**lg_k`` registers: ``1.04 / sqrt(2**lg_k)``.

    >>> round(hll_relative_error(12), 4)
    0.0163
    """
    return 1.04 / math.sqrt(2 ** lg_k)


def hll_bound(lg_k: int = DEFAULT_LG_K) -> float:
    """The error bound stated for an estimated count: 3 relative standard errors (99.7 % of values).

    An estimate ``e`` of a set of ``c`` members is within ``bound * c + 1`` of ``c``.

    >>> round(hll_bound(12), 4)
    0.0488
    """
    return 3.0 * hll_relative_error(lg_k)


@dataclass
class SparkMetricsReport(MetricsReport):
    engine: str = "spark"
    master: str = DEFAULT_MASTER
    transitive: dict = field(default_factory=dict)
    snapshot: dict = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {**super().to_dict(), "engine": self.engine, "master": self.master,
                "transitive": self.transitive, "snapshot": self.snapshot}


# ---------------------------------------------------------------------------
# The session
# ---------------------------------------------------------------------------
def spark_session(master: str = DEFAULT_MASTER, conf: dict[str, str] | None = None):
    """A SparkSession on ``master`` with :data:`DEFAULT_CONF` overridden by ``conf``.

    Settings that size the JVM (``spark.driver.memory``) only apply when this
    starts it: the first session of the process.
    """
    try:
        from pyspark.sql import SparkSession
    except ImportError:
        raise SparkUnavailable("the spark engine needs pyspark: pip install -e '.[spark]'") from None
    builder = SparkSession.builder.master(master).appName("lineage-metrics")
    for key, value in {**DEFAULT_CONF, **(conf or {})}.items():
        builder = builder.config(key, value)
    try:
        spark = builder.getOrCreate()
    except Exception as err:  # the JVM did not start: one line, not its traceback
        first = str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__
        raise SparkUnavailable(f"Spark could not start on {master}: {first[:300]}") from None
    spark.sparkContext.setLogLevel("ERROR")
    return spark


def jvm_peak_mib(spark) -> float | None:
    """The peak resident memory (VmHWM) of the local Spark JVM, where this process started it; else None."""
    try:
        pid = spark.sparkContext._gateway.proc.pid  # the spark-submit process, which execs the JVM
        with open(f"/proc/{pid}/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024.0
    except (AttributeError, OSError, ValueError):
        return None
    return None


def parse_conf(pairs: tuple[str, ...] | list[str]) -> dict[str, str]:
    """``KEY=VALUE`` strings as a dict.

    >>> parse_conf(["spark.driver.memory=1g"])
    {'spark.driver.memory': '1g'}
    >>> parse_conf(["memory"])
    Traceback (most recent call last):
    ...
    lineage.errors.InvalidParameter: a Spark setting must be KEY=VALUE, not 'memory'
    """
    out = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise InvalidParameter(f"a Spark setting must be KEY=VALUE, not {pair!r}")
        out[key.strip()] = value.strip()
    return out


# ---------------------------------------------------------------------------
# The computation
# ---------------------------------------------------------------------------
class _OverBudget(Exception):
    pass


def _checkpoint(df):
    """Materialise ``df`` and cut its lineage (an iteration's plan would otherwise grow with every step)."""
    return df.localCheckpoint(eager=True)


def _load(spark, folder: Path):
    from pyspark.sql import functions as F

    works = spark.read.parquet(str(folder / "works")).select(F.col("idx").alias("w"), F.col("id"))
    artists = spark.read.parquet(str(folder / "artists")).select(F.col("idx").alias("a"), F.col("id"))
    wid = works.select(F.col("id").alias("wid"), "w")
    aid = artists.select(F.col("id").alias("aid"), "a")
    remixes = spark.read.parquet(str(folder / "remixes"))
    edges = (remixes.join(wid.withColumnRenamed("wid", "derived").withColumnRenamed("w", "d"), "derived")
             .join(wid.withColumnRenamed("wid", "source").withColumnRenamed("w", "s"), "source")
             .groupBy("d", "s").agg(F.sum(F.coalesce("weight", F.lit(1.0))).alias("weight")))
    contributions = spark.read.parquet(str(folder / "contributions"))
    contrib = (contributions.join(aid.withColumnRenamed("aid", "artist"), "artist")
               .join(wid.withColumnRenamed("wid", "work"), "work")
               .groupBy("a", "w").agg(F.sum(F.coalesce("weight", F.lit(1.0))).alias("weight")))
    return works.cache(), artists.cache(), _checkpoint(edges), _checkpoint(contrib)


def _pagerank(works, edges, n: int, *, alpha: float = DAMPING, tol: float = PAGERANK_TOL,
              max_iter: int = PAGERANK_MAX_ITER):
    """(DataFrame w, pagerank; the run's summary): the series of :func:`lineage.metrics.pagerank_solve`.

    ``y_(k+1) = 1 + alpha P^T y_k`` (one join and one aggregation per term) until
    ``alpha / (1 - alpha) * ||y_k - y_(k-1)||_1 <= tol``, then ``x = y / sum(y)``;
    the same stop rule, so the same guarantee (every work within ``tol`` relative).
    """
    from pyspark.sql import functions as F

    out_w = edges.groupBy("d").agg(F.sum("weight").alias("ow")).where(F.col("ow") != 0)
    links = _checkpoint(edges.join(out_w, "d").select("d", "s", (F.col("weight") / F.col("ow")).alias("p")))
    nodes = works.join(out_w.select(F.col("d").alias("w"), F.lit(False).alias("out")), "w", "left") \
        .select("w", F.col("out").isNull().alias("dangling"))
    bound_per_l1 = alpha / (1.0 - alpha)

    def step(frame, column):
        """``alpha P^T frame[column]`` per work, as column ``flow``."""
        flow = links.join(frame.select(F.col("w").alias("d"), F.col(column).alias("v")), "d") \
            .groupBy("s").agg(F.sum(F.col("p") * F.col("v")).alias("flow"))
        return frame.join(flow.withColumnRenamed("s", "w"), "w", "left") \
            .withColumn("flow", F.lit(alpha) * F.coalesce("flow", F.lit(0.0)))

    y = _checkpoint(nodes.withColumn("y", F.lit(1.0)))
    for iteration in range(1, max_iter + 1):
        new = _checkpoint(step(y, "y").select("w", "dangling", F.col("y").alias("last"),
                                              (F.col("flow") + F.lit(1.0)).alias("y")))
        change = float(new.agg(F.sum(F.abs(F.col("y") - F.col("last")))).first()[0] or 0.0)
        y = new.drop("last")
        if bound_per_l1 * change <= tol:
            break
    else:
        raise InvalidParameter(f"PageRank did not reach a relative error of {tol:g} in {max_iter} iterations")
    total = float(y.agg(F.sum("y")).first()[0])
    x = _checkpoint(y.select("w", "dangling", (F.col("y") / F.lit(total)).alias("x")))
    # The residual of the ranks themselves: the largest |G(x) - x| / x, G one PageRank step.
    dangling_sum = float(x.where("dangling").agg(F.sum("x")).first()[0] or 0.0)
    teleport = alpha * dangling_sum / n + (1.0 - alpha) / n
    residual = float(step(x, "x").agg(F.max(F.abs(F.col("flow") + F.lit(teleport) - F.col("x")) / F.col("x")))
                     .first()[0] or 0.0)
    summary = PageRank(np.zeros(0), iteration, change, bound_per_l1 * change, residual, tol, alpha).summary()
    return x.select("w", F.col("x").alias("pagerank")), summary


def _closure(edges, limit: int | None):
    """Every (x, z) with a derivation chain from x down to z, and the longest chain from each x.

    Semi-naive: the pairs joined by a path of exactly length L come from those
    of length L - 1 and one more edge. Raises _OverBudget once the pairs
    produced pass ``limit``.
    """
    from pyspark.sql import functions as F

    step = edges.select(F.col("d").alias("x"), F.col("s").alias("y"))
    delta = _checkpoint(step.select("x", F.col("y").alias("z")).distinct())
    count = delta.count()
    parts, longest, length, total = [delta], [delta.select("x").distinct().withColumn("len", F.lit(1))], 1, count
    while count:
        if limit is not None and total > limit:
            raise _OverBudget()
        delta = _checkpoint(step.join(delta.withColumnRenamed("x", "y"), "y").select("x", "z").distinct())
        count = delta.count()
        length += 1
        if count:
            total += count
            parts.append(delta)
            longest.append(delta.select("x").distinct().withColumn("len", F.lit(length)))
        if length > 1_000_000:
            raise LineageCycle(["(a derivation chain longer than a million works: the lineage holds a cycle)"])
    pairs = parts[0]
    for part in parts[1:]:
        pairs = pairs.unionByName(part)
    generation = longest[0]
    for part in longest[1:]:
        generation = generation.unionByName(part)
    generation = generation.groupBy("x").agg(F.max("len").alias("generation"))
    return _checkpoint(pairs.distinct()), _checkpoint(generation), total, length - 1


def _levels(works, edges, tail: str, head: str, n: int):
    """``level(t) = 1 + max(level(h))`` over the edges t -> h, 0 without edges (Bellman-Ford rounds)."""
    from pyspark.sql import functions as F

    level = _checkpoint(works.select("w", F.lit(0).alias("lv")))
    total, rounds = 0, 0
    while True:
        cand = edges.join(level.select(F.col("w").alias(head), F.col("lv").alias("hl")), head) \
            .groupBy(tail).agg((F.max("hl") + 1).alias("c"))
        new = _checkpoint(level.join(cand.withColumnRenamed(tail, "w"), "w", "left")
                          .select("w", F.greatest("lv", F.coalesce("c", F.lit(0))).alias("lv")))
        now = new.agg(F.sum("lv")).first()[0] or 0
        if now == total:
            return new
        total, level, rounds = now, new, rounds + 1
        if rounds > n:
            raise LineageCycle(["(levels keep growing past the number of works: the lineage holds a cycle)"])


def _hll_reach(spark, works, edges, level, tail: str, head: str, own, lg_k: int):
    """Per work v: the HLL sketch of ``∪ own(h) ∪ reach(h)`` over the edges v -> h, in level order.

    ``own``: DataFrame (w, item) of the members each work brings itself
    (the work's own id for ancestors/descendants, its artists for downstream
    artists). Returns (w, reach, closed) with ``closed = own ∪ reach`` (nulls where empty).
    """
    from pyspark.sql import functions as F

    own_sk = own.groupBy("w").agg(F.hll_sketch_agg("item", lg_k).alias("own"))
    nodes = _checkpoint(level.join(own_sk, "w", "left"))
    max_level = nodes.agg(F.max("lv")).first()[0] or 0

    def union(a, b):
        return F.when(F.col(a).isNull(), F.col(b)).when(F.col(b).isNull(), F.col(a)) \
            .otherwise(F.hll_union(F.col(a), F.col(b), True))

    done = [_checkpoint(nodes.where(F.col("lv") == 0)
                        .select("w", F.lit(None).cast("binary").alias("reach"), F.col("own").alias("closed")))]
    by_tail = edges.select(F.col(tail).alias("v"), F.col(head).alias("h"))
    for lv in range(1, max_level + 1):
        at = nodes.where(F.col("lv") == lv)
        known = done[0]
        for part in done[1:]:
            known = known.unionByName(part)
        reach = (by_tail.join(at.select(F.col("w").alias("v")), "v")
                 .join(known.select(F.col("w").alias("h"), "closed").where(F.col("closed").isNotNull()), "h")
                 .groupBy("v").agg(F.hll_union_agg("closed", True).alias("reach")))
        row = at.join(reach.withColumnRenamed("v", "w"), "w", "left").select("w", "reach", "own")
        done.append(_checkpoint(row.select("w", "reach", union("own", "reach").alias("closed"))))
    out = done[0]
    for part in done[1:]:
        out = out.unionByName(part)
    return _checkpoint(out)


def _h_index_and_remixed(edges, contrib):
    """(a, works_remixed, h_index): per artist, over their works remixed directly by others."""
    from pyspark.sql import Window
    from pyspark.sql import functions as F

    cw = contrib.select("a", "w")
    hits = (edges.select("d", "s").join(cw.withColumnRenamed("w", "s"), "s")
            .join(cw.withColumnRenamed("w", "d"), ["a", "d"], "left_anti")  # a remix by the artist themselves
            .groupBy("a", "s").agg(F.count("*").alias("c")))
    rank = F.row_number().over(Window.partitionBy("a").orderBy(F.col("c").desc()))
    return hits.withColumn("r", rank).groupBy("a").agg(
        F.count("*").alias("works_remixed"), F.sum(F.when(F.col("c") >= F.col("r"), 1).otherwise(0)).alias("h_index"))


def compute(spark, folder: str | os.PathLike, out: str | os.PathLike, *, exact_limit: int | None = DEFAULT_EXACT_LIMIT,
            lg_k: int = DEFAULT_LG_K) -> dict:
    """Every metric of the snapshot in ``folder``; Parquet results in ``out/works`` and ``out/artists``.

    Returns what the run found: counts, PageRank iterations, whether the
    transitive counts are exact, and the seconds of each step.
    """
    from pyspark.sql import functions as F

    folder, out = Path(folder), Path(out)
    seconds: dict[str, float] = {}
    t = time.perf_counter()
    works, artists, edges, contrib = _load(spark, folder)
    n, m = works.count(), artists.count()
    info: dict[str, Any] = {"works": n, "artists": m, "remixes": edges.count(), "contributions": contrib.count()}
    seconds["load"] = time.perf_counter() - t

    t = time.perf_counter()
    direct = edges.groupBy("s").agg(F.count("*").alias("direct_remixes")).withColumnRenamed("s", "w")
    if n:
        pagerank, info["pagerank"] = _pagerank(works, edges, n)
    else:
        pagerank = works.select("w", F.lit(0.0).alias("pagerank"))
        info["pagerank"] = PageRank(np.zeros(0), 0, 0.0, 0.0, 0.0, PAGERANK_TOL, DAMPING).summary()
    seconds["pagerank"] = time.perf_counter() - t

    t = time.perf_counter()
    cw = contrib.select("a", "w")
    try:
        pairs, generation, produced, depth = _closure(edges, exact_limit)
        info["transitive"] = {"exact": True, "closure_pairs": pairs.count(), "pairs_produced": produced,
                              "depth": depth}
        ancestors = pairs.groupBy("x").agg(F.count("*").alias("ancestors")).withColumnRenamed("x", "w")
        descendants = pairs.groupBy("z").agg(F.count("*").alias("descendants")).withColumnRenamed("z", "w")
        generation = generation.withColumnRenamed("x", "w")
        # (artist, a descendant of one of their works), then without their own works / themselves.
        down = _checkpoint(cw.join(pairs.withColumnRenamed("z", "w"), "w").select("a", "x").distinct())
        down_works = down.join(cw.withColumnRenamed("w", "x"), ["a", "x"], "left_anti") \
            .groupBy("a").agg(F.count("*").alias("downstream_works"))
        down_artists = (down.join(cw.select(F.col("a").alias("b"), F.col("w").alias("x")), "x")
                        .where(F.col("a") != F.col("b")).select("a", "b").distinct()
                        .groupBy("a").agg(F.count("*").alias("downstream_artists")))
    except _OverBudget:
        info["transitive"] = {"exact": False, "method": f"HyperLogLog (Apache DataSketches, lg_k={lg_k})",
                              "exact_limit": exact_limit, "relative_standard_error": hll_relative_error(lg_k),
                              "bound": hll_bound(lg_k)}
        gen_level = _levels(works, edges, "d", "s", n)
        height = _levels(works, edges, "s", "d", n)
        generation = gen_level.select("w", F.col("lv").alias("generation"))
        self_item = works.select("w", F.col("w").alias("item"))
        anc = _hll_reach(spark, works, edges, gen_level, "d", "s", self_item, lg_k)
        desc = _hll_reach(spark, works, edges, height, "s", "d", self_item, lg_k)
        adown = _hll_reach(spark, works, edges, height, "s", "d", cw.select("w", F.col("a").alias("item")), lg_k)

        def estimate(col):
            return F.coalesce(F.round(F.hll_sketch_estimate(F.col(col))), F.lit(0)).cast("long")

        ancestors = anc.select("w", estimate("reach").alias("ancestors"))
        descendants = desc.select("w", estimate("reach").alias("descendants"))
        # |descendants of their works, less their works| = |∪ closed(z)| - |their works| (their works are in it).
        own_count = cw.groupBy("a").agg(F.count("*").alias("own"))
        down_works = (cw.join(desc.select("w", "closed").where(F.col("closed").isNotNull()), "w")
                      .groupBy("a").agg(F.hll_union_agg("closed", True).alias("u")).join(own_count, "a")
                      .select("a", F.greatest(F.lit(0), F.round(F.hll_sketch_estimate("u")) - F.col("own"))
                              .cast("long").alias("downstream_works")))
        # |artists on descendants of their works, less themselves| = |that ∪ {a}| - 1.
        self_sk = artists.groupBy("a").agg(F.hll_sketch_agg("a", lg_k).alias("sk"))
        reached = cw.join(adown.select("w", F.col("reach").alias("sk")).where(F.col("sk").isNotNull()), "w") \
            .select("a", "sk").unionByName(self_sk)
        down_artists = reached.groupBy("a").agg(F.hll_union_agg("sk", True).alias("u")) \
            .select("a", F.greatest(F.lit(0), F.round(F.hll_sketch_estimate("u")) - 1).cast("long")
                    .alias("downstream_artists"))
    seconds["transitive"] = time.perf_counter() - t

    t = time.perf_counter()
    remixed = _h_index_and_remixed(edges, contrib)
    totals = contrib.groupBy("w").agg(F.sum("weight").alias("tw"), F.count("*").alias("nc"))
    influence = (contrib.join(totals, "w").join(pagerank, "w")
                 .select("a", (F.col("pagerank") * F.when(F.col("tw") > 0, F.col("weight") / F.col("tw"))
                               .otherwise(1.0 / F.col("nc"))).alias("part"))
                 .groupBy("a").agg(F.sum("part").alias("influence")))
    n_works = contrib.groupBy("a").agg(F.count("*").alias("works"))

    zero = {"direct_remixes": 0, "descendants": 0, "ancestors": 0, "generation": 0, "pagerank": 0.0}
    work_rows = works
    for part in (direct, descendants, ancestors, generation, pagerank):
        work_rows = work_rows.join(part, "w", "left")
    work_rows = work_rows.fillna(zero).withColumn("bridge", F.col("descendants") * F.col("ancestors"))
    work_rows.select("id", *[F.col(c).cast("double" if c == "pagerank" else "long") for c in WORK_METRICS]) \
        .write.mode("overwrite").parquet(str(out / "works"))
    artist_rows = artists
    for part in (n_works, remixed, down_works, down_artists, influence):
        artist_rows = artist_rows.join(part, "a", "left")
    artist_rows = artist_rows.fillna({name: 0 for name in ARTIST_METRICS if name != "influence"} | {"influence": 0.0})
    artist_rows.select("id", *[F.col(c).cast("double" if c == "influence" else "long") for c in ARTIST_METRICS]) \
        .write.mode("overwrite").parquet(str(out / "artists"))
    seconds["roll-ups and results"] = time.perf_counter() - t
    info["seconds"] = seconds
    return info


def read_results(out: str | os.PathLike, info: dict) -> Metrics:
    """The Parquet results of :func:`compute` as a :class:`~lineage.metrics.Metrics` (for the batched writer)."""
    import pyarrow.parquet as pq

    out = Path(out)
    works = pq.read_table(out / "works")
    artists = pq.read_table(out / "artists")

    def column(table, name, dtype):
        return table.column(name).to_numpy(zero_copy_only=False).astype(dtype)

    work = {name: column(works, name, np.float64 if name == "pagerank" else np.int64) for name in WORK_METRICS}
    artist = {name: column(artists, name, np.float64 if name == "influence" else np.int64) for name in ARTIST_METRICS}
    exact = bool(info["transitive"]["exact"])
    notes = [] if exact else [f"closure past {info['transitive']['exact_limit']:,} pairs: transitive counts "
                              f"estimated with HyperLogLog sketches (within {info['transitive']['bound']:.1%})"]
    return Metrics(works.column("id").to_pylist(), artists.column("id").to_pylist(), work, artist, exact, None,
                   notes=notes)


def run_spark_metrics(graph, *, master: str = DEFAULT_MASTER, conf: dict[str, str] | None = None,
                      snapshot: str | os.PathLike | None = None, batch: int = DEFAULT_BATCH,
                      exact_limit: int | None = DEFAULT_EXACT_LIMIT, lg_k: int = DEFAULT_LG_K,
                      part_rows: int | None = None) -> SparkMetricsReport:
    """Snapshot the graph, compute on Spark, write the metrics back in batches.

    ``snapshot``: a folder to keep the snapshot and the results in (it must be
    empty or new); by default a temporary folder, removed afterwards.
    """
    from lineage.snapshot import DEFAULT_PART_ROWS, write_snapshot

    report = SparkMetricsReport(master=master)
    keep = snapshot is not None
    folder = Path(snapshot) if keep else Path(tempfile.mkdtemp(prefix="lineage-snapshot-"))
    try:
        started = time.perf_counter()
        snap = write_snapshot(graph, folder / "graph", part_rows=part_rows or DEFAULT_PART_ROWS, batch=batch)
        report.seconds["pull"] = time.perf_counter() - started
        report.peak_rss_mib["pull"] = _peak_mib()
        report.snapshot = {"path": str(folder / "graph") if keep else None, "parts": snap.parts}
        report.works, report.artists = snap.works, snap.artists

        started = time.perf_counter()
        spark = spark_session(master, conf)
        report.master = spark.sparkContext.master
        info = compute(spark, folder / "graph", folder / "results", exact_limit=exact_limit, lg_k=lg_k)
        metrics = read_results(folder / "results", info)
        report.seconds["compute"] = time.perf_counter() - started
        report.peak_rss_mib["compute"] = _peak_mib()
        jvm = jvm_peak_mib(spark)
        if jvm is not None:
            report.peak_rss_mib["spark_jvm"] = jvm
        report.remixes, report.contributions = info["remixes"], info["contributions"]
        report.exact = metrics.exact
        report.pagerank = info["pagerank"]
        report.transitive = {**info["transitive"], "seconds": {k: round(v, 3) for k, v in info["seconds"].items()}}
        report.notes = list(metrics.notes)
        if not metrics.exact:
            report.estimated_works = report.works
            report.estimated_artists = report.artists

        started = time.perf_counter()
        write(graph, metrics, batch=batch)
        # No artist's reach from this engine (it is computed over the in-process arrays): what an earlier run
        # stored is dropped, and the stamp says whether these descendants and ancestors are exact.
        write_reaches(graph, [], exact=metrics.exact)
        report.seconds["write"] = time.perf_counter() - started
        report.peak_rss_mib["write"] = _peak_mib()
        report.seconds["total"] = sum(report.seconds.values())
        return report
    finally:
        if not keep:
            shutil.rmtree(folder, ignore_errors=True)

"""``python -m bench.pagerank``: PageRank's stopping rules on a loaded graph, and ``lineage metrics`` in all.

On the graph named by NEO4J_URI / LINEAGE_HOME (read only, except with
``--metrics``), pulls the projection once and, ``--runs`` times each, times
:func:`lineage.metrics.pagerank_solve` (every work within 1e-10, relative)
against networkx's default stopping rule (L1 change < works x 1e-6, what
``lineage.metrics`` used before issue 15, copied here), each checked against
a PageRank solved directly with sparse LU. ``--metrics N`` also runs
``lineage metrics --json`` N times in a process of its own (it writes the
metrics back) and reports its phases. Prints one JSON object, with the load
average before and after (the machine may be shared).
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time

import click
import numpy as np


def old_rule(n, derived, source, weight, alpha=0.85, tol=1.0e-6, max_iter=1000):
    """networkx's power iteration and default stop, as lineage.metrics.lineage_pagerank had it.

    >>> x, k = old_rule(3, np.array([1, 2]), np.array([0, 0]), np.array([1.0, 1.0]))
    >>> [round(float(v), 4) for v in x], k
    ([0.5745, 0.2128, 0.2128], 23)
    """
    import scipy.sparse

    a = scipy.sparse.csr_array((weight, (derived, source)), shape=(n, n), dtype=np.float64)
    out = np.asarray(a.sum(axis=1)).ravel()
    dangling = out == 0
    a = (scipy.sparse.diags_array(np.divide(1.0, out, out=np.zeros(n), where=~dangling)) @ a).T.tocsr()
    x = np.full(n, 1.0 / n)
    for k in range(1, max_iter + 1):
        last = x
        x = alpha * (a @ last + last[dangling].sum() / n) + (1.0 - alpha) / n
        if np.abs(x - last).sum() < n * tol:
            return x, k
    raise RuntimeError("did not converge")


def exact(n, derived, source, weight, alpha=0.85):
    """The fixed point by sparse LU: (I - alpha P^T) y = 1, normalised (docs/metrics.md, PageRank)."""
    import scipy.sparse
    import scipy.sparse.linalg

    a = scipy.sparse.csr_array((weight, (derived, source)), shape=(n, n), dtype=np.float64)
    out = np.asarray(a.sum(axis=1)).ravel()
    p = scipy.sparse.diags_array(np.divide(1.0, out, out=np.zeros(n), where=out != 0)) @ a
    y = scipy.sparse.linalg.spsolve((scipy.sparse.eye_array(n) - alpha * p.T).tocsc(), np.ones(n))
    return y / y.sum()


def _timed(call, runs):
    times, result = [], None
    for _ in range(runs):
        started = time.perf_counter()
        result = call()
        times.append(time.perf_counter() - started)
    return round(statistics.median(times), 4), result


@click.command()
@click.option("--runs", type=click.IntRange(1, 50), default=5, show_default=True, help="Timed runs of each rule.")
@click.option("--metrics", "metrics_runs", type=click.IntRange(0, 10), default=0, show_default=True,
              help="Also run `lineage metrics --json` this many times (it writes the metrics back).")
def main(runs: int, metrics_runs: int) -> None:
    """Time PageRank's stopping rules on the loaded graph (see the module docstring)."""
    from lineage.config import from_env
    from lineage.db import Graph
    from lineage.metrics import pagerank_solve
    from lineage.metrics_db import pull

    out: dict = {"loadavg_before": [round(v, 2) for v in os.getloadavg()]}
    with Graph.connect(from_env()) as graph:
        arrays = pull(graph)
    args = (arrays.n_works, arrays.derived, arrays.source, arrays.remix_weight)
    ref = exact(*args)
    seconds, pr = _timed(lambda: pagerank_solve(*args), runs)
    out["works"], out["remixes"] = arrays.n_works, len(arrays.derived)
    out["stated_tolerance"] = {**pr.summary(), "seconds": seconds,
                               "max_relative_error": float(np.max(np.abs(pr.ranks - ref) / ref))}
    seconds, (x, k) = _timed(lambda: old_rule(*args), runs)
    out["networkx_default_rule"] = {"iterations": k, "seconds": seconds,
                                    "max_relative_error": float(np.max(np.abs(x - ref) / ref))}
    totals = []
    for _ in range(metrics_runs):
        done = subprocess.run([sys.executable, "-c", "from lineage.cli import main; main()", "metrics", "--json"], capture_output=True,
                              text=True, check=True)
        totals.append(json.loads(done.stdout)["seconds"])
    if totals:
        out["lineage_metrics_seconds"] = totals
    out["loadavg_after"] = [round(v, 2) for v in os.getloadavg()]
    print(json.dumps(out, indent=2))


if __name__ == "__main__":
    main()

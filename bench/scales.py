"""The scales the suite runs at, and the sample sizes and budgets of each.

Samples are sized so that ``python -m bench --scale 100k`` ends in under 15
minutes on a 2-core machine; docs/benchmarks.md prints them beside the
figures. The Neo4j memory of each scale is passed to the local Neo4j through
``LINEAGE_HEAP`` and ``LINEAGE_PAGECACHE_MIB`` (read by lineage.config.from_env when a server starts).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

SEED = 20240601  # the same data every run
ARTISTS_PER_WORK = 7  # as `lineage generate`'s default (about 143k artists at 1M works)


@dataclass(frozen=True)
class Scale:
    name: str
    works: int
    heap: str  # LINEAGE_HEAP of every Neo4j the run starts
    pagecache_mib: int  # LINEAGE_PAGECACHE_MIB
    naive_rows: int  # rows of each file the naive loader writes (a sample, given as a rate)
    naive_seconds: float  # ... or fewer, where a file's sample takes longer than this
    query_works: int  # random works per lineage query (figure 3)
    naive_query_works: int  # works for the naive variable-length Cypher baseline
    naive_timeout_s: float  # its per-query timeout
    naive_budget_s: float  # and its time budget (the works measured are reported)
    query_budget_s: float  # stop sampling figure 3 beyond this (the count measured is reported)
    nx_sample: int  # works for networkx's per-node descendants/ancestors, extrapolated
    web_requests: int  # per endpoint and server
    web_seconds: float  # time limit per endpoint and server
    web_clients: int  # concurrent client connections
    browser_sizes: tuple[int, ...]  # lineage sizes drawn in Chromium
    browser_runs: int  # runs per size and page (the median is reported)
    timeout_s: float  # limit for any one command (load, import, metrics)

    @property
    def artists(self) -> int:
        return max(1, round(self.works / ARTISTS_PER_WORK))

    def to_dict(self) -> dict:
        return {**asdict(self), "artists": self.artists, "seed": SEED}


SCALES: dict[str, Scale] = {
    s.name: s
    for s in (
        Scale("tiny", 500, "1g", 256, naive_rows=100, naive_seconds=5, query_works=40, naive_query_works=10,
              naive_timeout_s=2.0, naive_budget_s=30, query_budget_s=60, nx_sample=100, web_requests=60,
              web_seconds=10, web_clients=4, browser_sizes=(20, 50, 100), browser_runs=1, timeout_s=300),
        Scale("10k", 10_000, "1g", 1024, naive_rows=1000, naive_seconds=15, query_works=1000, naive_query_works=50,
              naive_timeout_s=2.0, naive_budget_s=60, query_budget_s=240, nx_sample=10_000, web_requests=2000,
              web_seconds=20, web_clients=8, browser_sizes=(100, 500, 2000), browser_runs=3, timeout_s=900),
        Scale("100k", 100_000, "2g", 2048, naive_rows=1000, naive_seconds=8, query_works=1000, naive_query_works=40,
              naive_timeout_s=2.0, naive_budget_s=60, query_budget_s=200, nx_sample=2000, web_requests=2000,
              web_seconds=15, web_clients=8, browser_sizes=(100, 500, 2000), browser_runs=2, timeout_s=1800),
        Scale("1m", 1_000_000, "4g", 4096, naive_rows=1000, naive_seconds=15, query_works=1000, naive_query_works=30,
              naive_timeout_s=5.0, naive_budget_s=150, query_budget_s=600, nx_sample=2000, web_requests=3000,
              web_seconds=30, web_clients=8, browser_sizes=(100, 500, 2000), browser_runs=2, timeout_s=3600),
    )
}

FIGURES = ("load", "bulk", "queries", "metrics", "web", "browser", "search")
FIGURE_NUMBERS = {name: i for i, name in enumerate(FIGURES, start=1)}
TITLES = {
    "load": "Online load",
    "bulk": "Bulk load into an empty local database",
    "queries": "Lineage queries, warm cache",
    "metrics": "Metrics",
    "web": "Web under a bounded loopback load",
    "browser": "Browser: navigation to a stable graph",
    "search": "Search: quality and speed",
}


def figure_name(text: str) -> str:
    """A figure's name from its name or number.

    >>> figure_name("3"), figure_name("Web")
    ('queries', 'web')
    >>> figure_name("disk")
    Traceback (most recent call last):
    ...
    ValueError: unknown figure 'disk' (one of load, bulk, queries, metrics, web, browser, search or 1-7)
    """
    key = text.strip().lower()
    if key.isdigit() and 1 <= int(key) <= len(FIGURES):
        return FIGURES[int(key) - 1]
    if key in FIGURES:
        return key
    raise ValueError(f"unknown figure {text!r} (one of {', '.join(FIGURES)} or 1-{len(FIGURES)})")

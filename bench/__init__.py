"""The benchmark suite: ``python -m bench --scale 10k|100k|1m``.

Each figure of docs/benchmarks.md is measured here against its baseline in
the same run, on the same machine and the same generated data:

1. ``load``     -- ``lineage load`` into a running Neo4j vs ``LOAD CSV ... CALL { } IN
                   TRANSACTIONS OF 10000 ROWS`` and vs a naive one-transaction-per-row loader
2. ``bulk``     -- ``lineage load --bulk`` vs ``neo4j-admin database import full`` alone
3. ``queries``  -- the lineage API (warm cache) vs the naive variable-length Cypher
4. ``metrics``  -- ``lineage metrics`` vs networkx defaults
5. ``web``      -- ``lineage serve`` (waitress) under a bounded loopback load vs Flask's
                   development server and vs the same answers straight through the driver
6. ``browser``  -- headless Chromium: navigation to a stable graph vs pyvis's default page

Data comes from ``lineage generate`` at a fixed seed, cached under
``bench/work/``; each figure runs on its own local Neo4j (a temporary home
under ``bench/work/``). Results go to ``bench/results/<scale>-<date>.json`` and
``docs/benchmarks.md`` is rendered from every results file. A figure whose
command or tool is missing records ``not available: <why>`` and the suite
goes on.
"""

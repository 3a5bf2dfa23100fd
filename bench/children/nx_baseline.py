"""``python -m bench.children.nx_baseline URI SAMPLE SEED``: the metrics the networkx way, as JSON.

What a newcomer writes with networkx defaults: one Cypher query for the remix
edges, a DiGraph, ``nx.pagerank(G)`` over the whole graph, and
``nx.descendants`` / ``nx.ancestors`` per work -- timed on ``SAMPLE`` random
works and extrapolated to all of them (running it on every work is what the
figure's ratio is about, not something to wait for). Also compares its answers
with the metrics ``lineage metrics`` stored: PageRank on every work,
descendant/ancestor counts on the sample.
"""

from __future__ import annotations

import logging
import json
import os
import random
import resource
import sys
import time

import networkx as nx

from bench import cypher
from lineage.config import Settings
from lineage.db import Graph


def _peak() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0, 1)


def main(uri: str, sample_size: int, seed: int) -> dict:
    out: dict = {"seconds": {}, "peak_rss_mib": {}}
    settings = Settings(uri=uri, user="neo4j", password=os.environ.get("NEO4J_PASSWORD", ""), database="neo4j",
                        home=".")
    with Graph.connect(settings) as graph:
        started = time.perf_counter()
        works = [r["id"] for r in graph.read_text(cypher.load("nx_works"))]
        edges = graph.read_text(cypher.load("nx_remixes"))
        g = nx.DiGraph()
        g.add_nodes_from(works)
        g.add_edges_from((e["derived"], e["source"], {"weight": e["weight"]}) for e in edges)
        del edges
        out["seconds"]["pull"] = time.perf_counter() - started
        out["peak_rss_mib"]["pull"] = _peak()

        started = time.perf_counter()
        pagerank = nx.pagerank(g)
        out["seconds"]["pagerank"] = time.perf_counter() - started

        sample = random.Random(seed).sample(works, min(sample_size, len(works)))
        started = time.perf_counter()
        descendants = {w: len(nx.ancestors(g, w)) for w in sample}  # edges run derived -> source
        ancestors = {w: len(nx.descendants(g, w)) for w in sample}
        per_work = (time.perf_counter() - started) / max(len(sample), 1)
        out["seconds"]["reach_sample"] = per_work * len(sample)
        out["seconds"]["reach_extrapolated"] = per_work * len(works)
        out["seconds"]["compute"] = out["seconds"]["pagerank"] + out["seconds"]["reach_extrapolated"]
        out["peak_rss_mib"]["compute"] = _peak()

        stored = {r["id"]: r for r in graph.read_text(cypher.load("nx_stored_metrics"), {"ids": sample})}
        all_pr = {r["id"]: r["pagerank"] for r in graph.read_text(cypher.load("nx_stored_pagerank"))}
    out["works"], out["remixes"], out["sample"] = len(works), g.number_of_edges(), len(sample)
    diffs = [abs(pagerank[w] - all_pr[w]) for w in works if all_pr.get(w) is not None]
    out["pagerank_max_abs_diff"] = max(diffs) if diffs else None
    out["pagerank_compared"] = len(diffs)

    def rel_errors(ours: dict, key: str) -> list[float]:
        return [abs(stored[w][key] - n) / max(n, 1) for w, n in ours.items() if stored.get(w, {}).get(key) is not None]

    for key, values in (("descendants", descendants), ("ancestors", ancestors)):
        errors = rel_errors(values, key)
        out[f"{key}_compared"] = len(errors)
        out[f"{key}_exact_share"] = round(sum(1 for e in errors if e == 0) / len(errors), 4) if errors else None
        out[f"{key}_max_rel_error"] = round(max(errors), 4) if errors else None
    out["seconds"] = {k: round(v, 3) for k, v in out["seconds"].items()}
    return out


if __name__ == "__main__":
    logging.getLogger("neo4j.notifications").setLevel(logging.ERROR)
    json.dump(main(sys.argv[1], int(sys.argv[2]), int(sys.argv[3])), sys.stdout)

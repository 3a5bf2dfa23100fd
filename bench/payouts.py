"""``python -m bench.payouts --works N``: payout timings on a generated community, in memory.

Generates a community (graph_loader.generate), reads it into one lineage
DiGraph (no Neo4j: this times lineage.payouts itself) and, in the same run:

- a statement for the most credited artist (the artist credited by the most
  productions) beside a full recomputation (every production's split);
- a what-if (withdrawing the most-derived-from work of the largest
  production's lineage) on the largest production beside recomputing every
  production twice (before and after), which is what a what-if saves.

Prints one JSON object; docs/credit.md quotes the figures.
"""

from __future__ import annotations

import csv
import json
import tempfile
import time
from collections import Counter
from pathlib import Path

import click
import networkx as nx

from graph_loader.generate import generate
from lineage.credit import split_credit
from lineage.payouts import artist_statement, is_production, make_change, what_if


def read_lineage(folder: Path) -> nx.DiGraph:
    g = nx.DiGraph(artists={})
    with open(folder / "works.csv", newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            g.add_node(row["work_id"], title=row["title"], created_at=row["created_at"] or None,
                       status=row["status"] or "published", contributors={})
    with open(folder / "contributions.csv", newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            people = g.nodes[row["work_id"]]["contributors"]
            people[row["artist_id"]] = people.get(row["artist_id"], 0.0) + float(row["weight"] or 1)
    with open(folder / "remixes.csv", newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            g.add_edge(row["work_id"], row["source_id"], weight=float(row["weight"] or 1))
    return g


def timed(fn):
    start = time.perf_counter()
    value = fn()
    return value, time.perf_counter() - start


@click.command()
@click.option("--works", type=click.IntRange(100), default=100_000, show_default=True, help="Works to generate.")
@click.option("--seed", type=int, default=1, show_default=True, help="Generator seed.")
def main(works: int, seed: int) -> None:
    """Time a statement and a what-if beside full recomputations on a generated community."""
    with tempfile.TemporaryDirectory() as tmp:
        generate(tmp, works, seed=seed)
        g = read_lineage(Path(tmp))
    productions = [w for w, attrs in g.nodes(data=True) if is_production(attrs)]
    for p in productions:
        g.nodes[p]["amount"] = 1000
    # Full recomputation: every production's split.
    splits, full = timed(lambda: {p: split_credit(g, p) for p in productions})
    credited = Counter(a for s in splits.values() for a in s["shares"])
    artist = credited.most_common(1)[0][0]
    statement, statement_s = timed(lambda: artist_statement(g, artist, productions))
    largest = max(productions, key=lambda p: splits[p]["works"])
    ancestry = nx.descendants(g, largest)
    target = max(ancestry, key=lambda w: g.in_degree(w))
    answer, whatif_s = timed(lambda: what_if(g, [largest], [make_change("withdraw", target)]))
    _, full_twice = timed(lambda: [split_credit(g, p) for p in productions for _ in (0, 1)])
    print(json.dumps({
        "works": g.number_of_nodes(), "remixes": g.number_of_edges(), "productions": len(productions),
        "full_recomputation_s": round(full, 3),
        "statement": {"artist": artist, "productions_crediting": statement["total"]["productions"],
                      "seconds": round(statement_s, 3)},
        "what_if": {"production": largest, "lineage_works": splits[largest]["works"], "withdrawn": target,
                    "artists_changed": answer["productions"][0]["changed_artists"] if answer["productions"] else 0,
                    "seconds": round(whatif_s, 3)},
        "full_recomputation_before_and_after_s": round(full_twice, 3),
    }, indent=2))


if __name__ == "__main__":
    main()

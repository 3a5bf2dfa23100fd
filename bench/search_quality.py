"""The search's query set and its scoring: does the work or artist a person means come up?

:func:`build_queries` makes a query set from a dataset's own files (seeded), in
six classes; each query names its target. The exact classes (a whole title, a
whole handle) count as found when the target is first; the forgiving ones (a
title with a typo, two words of a title, one misspelt distinctive word, a
handle's prefix) when it is in the top 5. :func:`measure` runs them through
the search (``lineage.search.search``) or through the one before it
(:func:`old_search`: ``web/fulltext.py``'s query on the first indexes, as the
site ran it until this figure; it searched one kind at a time, given here the
right kind, which the site's top box could not do for artists).
"""

from __future__ import annotations

import bisect
import csv
import itertools
import random
import time
from collections import Counter
from pathlib import Path

from lineage import search

CLASSES = ("exact title", "title with a typo", "two words of a title", "misspelt word", "handle prefix",
           "whole handle")
EXACT_CLASSES = ("exact title", "whole handle")
FORGIVING_TOP = 5
OLD_INDEXES = ["CREATE FULLTEXT INDEX work_title IF NOT EXISTS FOR (w:Work) ON EACH [w.title]",
               "CREATE FULLTEXT INDEX artist_text IF NOT EXISTS FOR (a:Artist) ON EACH [a.handle, a.name]"]
NEW_CONFLICTING = ["search_work_words", "search_artist_words"]  # same labels and properties as the old ones
OLD_INDEX = {"works": "work_title", "artists": "artist_text"}
OLD_ON_WORDS = {"works": "search_work_words", "artists": "search_artist_words"}


def _rows(path: Path, limit: int | None = None) -> list[dict]:
    """The first ``limit`` rows of a CSV file (all when None): a 1M-work file is not read whole."""
    with open(path, newline="", encoding="utf-8") as handle:
        return list(itertools.islice(csv.DictReader(handle), limit))


def _titles(path: Path, limit: int | None) -> tuple[dict[str, str], dict[str, str]]:
    """Works' titles (stripped, non-empty) by id: those of the first ``limit`` rows (all when None), and every one.

    The file is read once, a row at a time: a 1M-work file is not held whole.
    """
    first: dict[str, str] = {}
    every: dict[str, str] = {}
    with open(path, newline="", encoding="utf-8") as handle:
        for n, row in enumerate(csv.DictReader(handle)):
            title = (row.get("title") or "").strip()
            if not title:
                continue
            every[row["work_id"]] = title
            if limit is None or n < limit:
                first[row["work_id"]] = title
    return first, every


def typo(word: str, rng: random.Random) -> str:
    """One edit in a word (a letter dropped, doubled, swapped with the next, or replaced), never the first letter.

    >>> typo("garden", random.Random(1)) != "garden"
    True
    """
    i = rng.randrange(1, len(word) - 1)
    how = rng.choice(("drop", "double", "swap", "replace"))
    if how == "drop":
        return word[:i] + word[i + 1:]
    if how == "double":
        return word[:i] + word[i] + word[i:]
    if how == "swap" and word[i] != word[i + 1]:
        return word[:i] + word[i + 1] + word[i] + word[i + 2:]
    other = "e" if word[i] != "e" else "a"
    return word[:i] + other + word[i + 1:]


def build_queries(folder: Path, *, seed: int = 1, per_class: int = 50, works_limit: int = 200_000) -> list[dict]:
    """Queries ``[{class, text, kind, target}]`` made from a dataset folder (works.csv, artists.csv).

    Only targets a person could name are taken: a title no other work has, a
    pair of words or a word found in one title only, a handle prefix (at least
    six characters) shared by no other handle.
    """
    rng = random.Random(seed)
    titles, every_title = _titles(folder / "works.csv", works_limit)
    artists = _rows(folder / "artists.csv")
    # Targets come from the first works_limit rows, but "no other work has it" is counted over every
    # work: at 1M a title unique among the first 200,000 was often another's too, and counted a miss.
    title_count: Counter = Counter()
    word_count: Counter = Counter()
    pair_count: Counter = Counter()
    for t in every_title.values():
        ws = search.words(t)
        title_count[search.fold(" ".join(ws))] += 1
        word_count.update(set(ws))
        pair_count.update({(a, b) for a, b in zip(ws, ws[1:])})
    unique = [(i, t) for i, t in titles.items() if title_count[search.fold(" ".join(search.words(t)))] == 1
              and search.words(t)]
    rng.shuffle(unique)
    out: list[dict] = []

    def add(cls: str, text: str, kind: str, target: str) -> None:
        if sum(1 for q in out if q["class"] == cls) < per_class:
            out.append({"class": cls, "text": text, "kind": kind, "target": target})

    for work_id, title in unique:
        ws = search.words(title)
        add("exact title", title, "works", work_id)
        long_words = [w for w in ws if len(w) >= 5 and w.isalpha()]
        if long_words:
            word = rng.choice(long_words)
            add("title with a typo", " ".join(typo(w, rng) if w == word else w for w in ws), "works", work_id)
        pairs = [(a, b) for a, b in zip(ws, ws[1:]) if pair_count[(a, b)] == 1 and len(a + b) >= 7]
        if pairs and len(ws) >= 3:
            add("two words of a title", " ".join(rng.choice(pairs)), "works", work_id)
        rare = [w for w in ws if word_count[w] == 1 and len(w) >= 6 and w.isalpha()]
        if rare:
            add("misspelt word", typo(rng.choice(rare), rng), "works", work_id)
    handles = sorted({a["handle"] for a in artists if a.get("handle")})
    by_handle = {a["handle"]: a["artist_id"] for a in artists if a.get("handle")}
    rng.shuffle(handles)
    all_handles = sorted(by_handle)

    def sharing(prefix: str) -> int:  # handles that start with prefix: a range of the sorted list
        return bisect.bisect_left(all_handles, prefix + "\U0010ffff") - bisect.bisect_left(all_handles, prefix)

    for handle in handles:
        add("whole handle", handle, "artists", by_handle[handle])
        for n in range(6, len(handle)):
            prefix = handle[:n]
            if sharing(prefix) == 1:
                add("handle prefix", prefix, "artists", by_handle[handle])
                break
    return out


def old_search(graph, text: str, kind: str, *, on_words: bool = False) -> list[str]:
    """The ids the search before this one returned first, on its own indexes (see :func:`use_old_indexes`).

    ``on_words`` runs it on the search's word indexes instead (``search_work_words``,
    ``search_artist_words``): the same properties and the same analyzer as the old ones
    (standard-no-stop-words, Neo4j's default), so the same matches, on a server one may not write to.
    """
    query = _old_lucene_query(text)
    if query is None:
        return []
    index = OLD_ON_WORDS[kind] if on_words else OLD_INDEX[kind]
    rows = graph.read_text(f"CALL db.index.fulltext.queryNodes('{index}', $q) YIELD node, score "
                           "RETURN node.id AS id, score ORDER BY score DESC, id SKIP 0 LIMIT 20", {"q": query})
    graph.read_text(f"CALL db.index.fulltext.queryNodes('{index}', $q) YIELD node RETURN count(node) AS total",
                    {"q": query})  # the old page counted its matches too
    return [r["id"] for r in rows]


def _old_lucene_query(text: str) -> str | None:
    """``web/fulltext.py``'s query as it was: every word exact^2 OR prefix, all OR-ed."""
    import re

    special = re.compile(r'([+\-&|!(){}\[\]^"~*?:\\/])')
    terms = [t for t in text.split() if t][:12]
    if not terms:
        return None
    parts = []
    for term in terms:
        escaped = term.lower() if term in {"AND", "OR", "NOT", "TO"} else special.sub(r"\\\1", term)
        parts += [f"{escaped}^2", f"{escaped}*"]
    return " OR ".join(parts)


def use_old_indexes(graph) -> None:
    """Swap the search's indexes for the first ones (same labels and properties: one or the other)."""
    with graph.session() as s:
        for name in NEW_CONFLICTING:
            s.run(f"DROP INDEX {name} IF EXISTS").consume()
        for statement in OLD_INDEXES:
            s.run(statement).consume()
        s.run("CALL db.awaitIndexes(3600)").consume()


def use_new_indexes(graph) -> None:
    graph.ensure_schema()  # drops the old ones and builds the search's


def measure(graph, queries: list[dict], *, old: bool = False, on_words: bool = False,
            suggest: bool = False) -> dict:
    """Share found per class and overall, top-1/3/5 shares, and each query's time (ms).

    Run the new search on the new indexes, ``old=True`` on the old ones (``on_words``:
    the old query on the new word indexes, see :func:`old_search`); ``suggest=True``
    scores the suggestions (``lineage.search.suggest``, kind all) for the whole text typed.
    """
    per_class: dict[str, dict] = {}
    found_all, times = 0, []
    misses = []
    for q in queries:
        started = time.perf_counter()
        if old:
            ranked = old_search(graph, q["text"], q["kind"], on_words=on_words)
        elif suggest:
            ranked = [i["id"] for i in search.suggest(graph, q["text"])]
        else:
            ranked = [i["id"] for i in search.search(graph, q["text"], "all")["items"]]
        times.append((time.perf_counter() - started) * 1000)
        rank = ranked.index(q["target"]) + 1 if q["target"] in ranked else None
        c = per_class.setdefault(q["class"], {"n": 0, "top1": 0, "top3": 0, "top5": 0, "found": 0})
        c["n"] += 1
        c["top1"] += rank == 1
        c["top3"] += rank is not None and rank <= 3
        c["top5"] += rank is not None and rank <= 5
        ok = rank == 1 if q["class"] in EXACT_CLASSES else (rank is not None and rank <= FORGIVING_TOP)
        c["found"] += ok
        found_all += ok
        if not ok and len(misses) < 10:
            misses.append({"class": q["class"], "text": q["text"], "rank": rank})
    n = len(queries) or 1
    return {"found": found_all / n, "n": len(queries), "times_ms": times, "misses": misses,
            "classes": {k: {**v, **{s: v[s] / v["n"] for s in ("top1", "top3", "top5", "found")}}
                        for k, v in per_class.items()}}


__all__ = ["CLASSES", "build_queries", "measure", "old_search", "use_old_indexes", "use_new_indexes", "typo"]


def main(argv: list[str] | None = None) -> int:
    """``python -m bench.search_quality DATASET``: the quality figure on the graph of NEO4J_URI, new and old."""
    import argparse
    import json
    import os

    from lineage.config import from_env
    from lineage.db import Graph

    parser = argparse.ArgumentParser(description="The search's quality figure, before and after, on a loaded graph.")
    parser.add_argument("dataset", type=Path, help="The folder the graph was loaded from (works.csv, artists.csv).")
    parser.add_argument("--per-class", type=int, default=50)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--works-limit", type=int, default=200_000,
                        help="Works read from works.csv to choose targets from (all are read to count titles).")
    parser.add_argument("--swap-indexes", action="store_true",
                        help="Measure the old search on its own indexes, swapped in and out (writes the schema); "
                             "by default it runs on the search's word indexes (the same analyzer, read only).")
    parser.add_argument("--json", type=Path, default=None, help="Also write the figures to this file.")
    args = parser.parse_args(argv)
    if not os.environ.get("NEO4J_URI"):
        parser.error("set NEO4J_URI (and NEO4J_USER, NEO4J_PASSWORD) to the server to measure")
    queries = build_queries(args.dataset, seed=args.seed, per_class=args.per_class, works_limit=args.works_limit)
    graph = Graph.connect(from_env())
    try:
        new = measure(graph, queries)
        if args.swap_indexes:
            use_old_indexes(graph)
            try:
                old = measure(graph, queries, old=True)
            finally:
                use_new_indexes(graph)
        else:
            old = measure(graph, queries, old=True, on_words=True)
        suggested = measure(graph, queries, suggest=True)
    finally:
        graph.close()
    print(f"{len(queries)} queries; load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(f"{'class':<22} {'n':>3}  found new / old   top 1/3/5 new      top 1/3/5 old   suggested")
    for cls in CLASSES:
        n, o, s = new["classes"].get(cls), old["classes"].get(cls), suggested["classes"].get(cls)
        if not n:
            print(f"{cls:<22}   0  (no query of this class could be made from this data)")
            continue
        print(f"{cls:<22} {n['n']:>3}  {n['found']:6.1%} / {o['found']:6.1%}   "
              f"{n['top1']:.0%} {n['top3']:.0%} {n['top5']:.0%}   {o['top1']:.0%} {o['top3']:.0%} {o['top5']:.0%}"
              f"   {s['found']:6.1%}")
    print(f"{'all':<22} {new['n']:>3}  {new['found']:6.1%} / {old['found']:6.1%}{'':36}{suggested['found']:6.1%}")
    for miss in new["misses"]:
        print(f"  missed: {miss}")
    if args.json:
        args.json.write_text(json.dumps({"queries": queries, "new": new, "old": old, "suggested": suggested}, indent=1, default=str) + "\n",
                             encoding="utf-8")
    return 0


if __name__ == "__main__":
    import sys

    sys.exit(main())

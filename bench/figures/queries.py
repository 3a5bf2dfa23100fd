"""Figure 3: lineage queries with a warm cache, split by lineage size.

* ours: the lineage API as a user of the package calls it -- ``lineage.api.ancestry``,
  ``descendants``, ``path``, ``common_ancestry`` and ``lineage.api.credit_split``
  -- for the same random sample of works (seeded), after the store was read once
  into the page cache and every function ran a few times.
  - path: from the work to its farthest ancestor returned (a chain exists), else to
    the next work of the sample;
  - common ancestry: the work and the next work of the sample.
  Lineage size = the works the query walks: ancestors + 1 (ancestry, path, credit),
  descendants + 1 (descendants), the two ancestries (common ancestry).
* baseline: the Cypher a newcomer writes (``MATCH p=(w)-[:REMIXES*]->(a) RETURN
  DISTINCT a``, its mirror for descendants, every path for path and common
  ancestry; for credit, that ancestry fetch alone) with a per-query timeout, on
  the first works of the same sample; a query cut by the timeout counts as the
  timeout (so the baseline's figures are lower bounds).
* the two slowest calls: the named query that took most of their time is run
  again under ``PROFILE`` and its plan goes into the doc.
"""

from __future__ import annotations

import time

from neo4j.exceptions import Neo4jError

from bench import cypher
from bench.figures import row
from bench.plans import plan_lines, total_db_hits
from bench.stats import SIZE_CLASSES, latency_summary, size_class

FUNCTIONS = ("ancestry", "descendants", "path", "common_ancestry", "credit")
NAIVE = {"ancestry": "naive_ancestry", "descendants": "naive_descendants", "path": "naive_path",
         "common_ancestry": "naive_common", "credit": "naive_ancestry"}
WARMUP_CALLS = 20
GOAL_MS = 50.0


class _Calls:
    """The measured calls: function, work (and the other work), seconds, lineage size, error."""

    def __init__(self) -> None:
        self.items: list[dict] = []

    def add(self, fn: str, work: str, seconds: float, size: int | None, error: str | None,
            other: str | None = None) -> None:
        self.items.append({"fn": fn, "work": work, "other": other, "s": seconds, "size": size, "error": error})

    def typical_slow(self, summaries: dict, count: int = 2) -> list[dict]:
        """The slowest: for the ``count`` (function, lineage size class) pairs of highest p95, each
        function once, the call of that class whose time is nearest that p95 (a call that stands for
        the slow end, rather than one hiccup of the machine)."""
        pairs = sorted(((summaries[fn][cls]["p95_ms"], fn, cls) for fn in summaries for cls, _, _ in SIZE_CLASSES
                        if summaries[fn][cls]["p95_ms"] is not None), reverse=True)
        picked, seen = [], set()
        for p95_ms, fn, cls in pairs:
            if fn in seen:
                continue
            calls = [c for c in self.items if c["fn"] == fn and c["error"] is None and c["size"] is not None
                     and size_class(c["size"]) == cls]
            picked.append(dict(min(calls, key=lambda c: (abs(c["s"] - p95_ms / 1000), c["work"])),
                               size_class=cls, class_p95_ms=p95_ms))
            seen.add(fn)
            if len(picked) == count:
                break
        return picked


def _call(graph, fn: str, work: str, other: str | None):
    from lineage import api

    if fn == "ancestry":
        return api.ancestry(graph, work)
    if fn == "descendants":
        return api.descendants(graph, work)
    if fn == "path":
        return api.path(graph, work, other)
    if fn == "common_ancestry":
        return api.common_ancestry(graph, work, other)
    return api.credit_split(graph, work)


def _timed(graph, fn: str, work: str, other: str | None = None):
    queries = graph.record()
    started = time.perf_counter()
    error = None
    result = None
    try:
        result = _call(graph, fn, work, other)
    except Exception as err:  # e.g. a credit split refused for too large an ancestry
        error = f"{type(err).__name__}: {str(err)[:160]}"
    seconds = time.perf_counter() - started
    graph.stop_recording()
    return result, seconds, error, queries


def _farthest(lineage) -> str | None:
    nodes = [n for n in lineage.nodes if n["side"] == "ancestor"]
    if not nodes:
        return None
    return max(nodes, key=lambda n: (n["distance"], n["id"]))["id"]


def _summaries(items: list[dict], fns=FUNCTIONS) -> dict:
    out = {}
    for fn in fns:
        mine = [c for c in items if c["fn"] == fn and c["error"] is None]
        entry = {"all": latency_summary([c["s"] for c in mine]),
                 "up_to_1000": latency_summary([c["s"] for c in mine if c["size"] is not None and c["size"] <= 1000]),
                 "errors": sum(1 for c in items if c["fn"] == fn and c["error"] is not None),
                 "timeouts": sum(1 for c in items if c["fn"] == fn and c.get("timed_out"))}
        for name, _, _ in SIZE_CLASSES:
            entry[name] = latency_summary([c["s"] for c in mine if c["size"] is not None and size_class(c["size"]) == name])
        out[fn] = entry
    return out


def _naive(server, fn: str, work: str, other: str | None, timeout: float) -> tuple[float, bool, str | None]:
    text = cypher.load(NAIVE[fn])
    params = {"id": work}
    if fn == "path":
        params = {"derived": work, "source": other}
    elif fn == "common_ancestry":
        params = {"a": work, "b": other}
    started = time.perf_counter()
    try:
        server.graph.read_text(text, params, timeout=timeout)
        return time.perf_counter() - started, False, None
    except Neo4jError as err:
        seconds = time.perf_counter() - started
        code = err.code or ""
        if "Timeout" in code or "TimedOut" in code or "Terminated" in code or seconds >= timeout * 0.95:
            return timeout, True, None
        return seconds, False, f"{code}: {(err.message or '')[:120]}"


def _profile(server, slow: dict) -> dict:
    """Run a slow call again, noting its statements; PROFILE the one that took longest, same parameters."""
    import queries

    _, again, _, statements = _timed(server.graph, slow["fn"], slow["work"], slow["other"])
    if not statements:
        return {"function": slow["fn"], "work": slow["work"], "error": "no named query seen for this call"}
    name, params, seconds = max(statements, key=lambda q: q[2])
    if name not in queries.names():
        return {"function": slow["fn"], "work": slow["work"], "error": f"its slowest statement is not a named query: {name}"}
    text = queries.load(name)
    with server.graph.session() as session:
        summary = session.run("PROFILE " + text, params).consume()
    plan = summary.profile or {}
    shown = {k: (v if not isinstance(v, list) or len(v) <= 5 else f"[{len(v)} values]") for k, v in params.items()}
    return {"function": slow["fn"], "work": slow["work"], "other": slow["other"], "call_ms": round(slow["s"] * 1000, 1),
            "size_class": slow.get("size_class"), "class_p95_ms": slow.get("class_p95_ms"),
            "again_ms": round(again * 1000, 1), "size": slow["size"], "query": name,
            "query_ms": round(seconds * 1000, 1), "params": shown, "cypher": text.strip(),
            "db_hits": total_db_hits(plan), "plan": plan_lines(plan), "queries_run": len(statements),
            "statements": [[n, round(s * 1000, 1)] for n, _, s in statements]}


def run(ctx) -> dict:
    scale = ctx.scale
    server = ctx.loaded_server()
    graph = server.graph
    sample = ctx.dataset.sample_works(scale.query_works)
    details: dict = {"sample_works": len(sample), "loaded_by": ctx.loaded_by}

    started = time.perf_counter()
    warm = server.run("warm_store")[0]
    details["warm_store"] = {**warm, "seconds": round(time.perf_counter() - started, 2)}
    for work in sample[:WARMUP_CALLS]:
        for fn in FUNCTIONS:
            _timed(graph, fn, work, sample[0])

    calls = _Calls()
    measuring = time.perf_counter()
    half_time, budget_end = measuring + scale.query_budget_s / 2, measuring + scale.query_budget_s
    up: dict[str, int] = {}
    down: dict[str, int] = {}
    farthest: dict[str, str | None] = {}
    for work in sample:  # pass 1 (at most half the budget): ancestry and descendants, which give the sizes
        if time.perf_counter() > half_time:
            break
        result, s, err, _ = _timed(graph, "ancestry", work)
        up[work] = result.total if result is not None else None
        farthest[work] = _farthest(result) if result is not None else None
        calls.add("ancestry", work, s, up[work], err)
        result, s, err, _ = _timed(graph, "descendants", work)
        down[work] = result.total if result is not None else None
        calls.add("descendants", work, s, down[work], err)
    works = [w for w in sample if w in up]
    measured = 0
    for i, work in enumerate(works):  # pass 2: path, common ancestry, credit
        if time.perf_counter() > budget_end:
            break
        partner = works[(i + 1) % len(works)]
        target = farthest.get(work) or partner
        _, s, err, _ = _timed(graph, "path", work, target)
        calls.add("path", work, s, up[work], err, other=target)
        _, s, err, _ = _timed(graph, "common_ancestry", work, partner)
        both = None if up[work] is None or up[partner] is None else up[work] + up[partner]
        calls.add("common_ancestry", work, s, both, err, other=partner)
        _, s, err, _ = _timed(graph, "credit", work)
        calls.add("credit", work, s, up[work], err)
        measured += 1
    ctx.shared["lineage_sizes"] = {w: (up[w], down[w]) for w in works if up[w] is not None and down[w] is not None}

    # The naive baseline on the first works of the sample, and ours on the very same works.
    naive_works = works[: scale.naive_query_works]
    naive_items: list[dict] = []
    by_key = {(c["fn"], c["work"]): c for c in calls.items}
    naive_end = time.perf_counter() + scale.naive_budget_s
    for work in naive_works:
        if time.perf_counter() > naive_end:
            break
        for fn in FUNCTIONS:
            mine = by_key.get((fn, work))
            if mine is None:
                continue
            s, timed_out, err = _naive(server, fn, work, mine["other"], scale.naive_timeout_s)
            naive_items.append({"fn": fn, "work": work, "s": s, "size": mine["size"], "error": err,
                                "timed_out": timed_out})
    ours = _summaries(calls.items)
    naive = _summaries(naive_items)
    naive_done = {c["work"] for c in naive_items}
    ours_same = _summaries([c for c in calls.items if c["work"] in naive_done])

    slow = calls.typical_slow(ours)
    details.update({
        "measured_works": len(works), "measured_works_all_functions": measured,
        "ours": ours, "naive": naive, "ours_on_naive_works": ours_same,
        "naive_works": len({c["work"] for c in naive_items}), "naive_timeout_s": scale.naive_timeout_s,
        "naive_budget_s": scale.naive_budget_s,
        "sizes": {name: sum(1 for w in works if up[w] is not None and size_class(up[w] or 1) == name)
                  for name, _, _ in SIZE_CLASSES},
        "profiles": [_profile(server, s) for s in slow],
        "seconds": round(time.perf_counter() - started, 1),
    })

    rows = []
    for fn in FUNCTIONS:
        label = "ancestry fetch only" if fn == "credit" else "naive Cypher"
        for cls, _, _ in SIZE_CLASSES:
            mine, theirs = ours[fn][cls], naive[fn][cls]
            if not mine["n"]:
                continue
            cut = [c for c in naive_items if c["fn"] == fn and c["timed_out"] and size_class(c["size"] or 1) == cls]
            goal = cls != ">1000"  # the goal holds for lineages of up to 1,000 works
            rows.append(row(
                f"{fn}: p95, lineage {cls} works (n={mine['n']})", mine["p95_ms"], "ms",
                f"{label} (n={theirs['n']}, timeout {scale.naive_timeout_s:g} s)", theirs["p95_ms"],
                higher_is_better=False, goal="p95 < 50 ms at 1M works" if goal else None,
                goal_met=(mine["p95_ms"] < GOAL_MS) if goal and mine["p95_ms"] is not None else None,
                note=f"naive: {len(cut)} of {theirs['n']} cut by the timeout" if cut else None,
                baseline_lower_bound=bool(cut)))
    partial = None
    if len(works) < len(sample) or measured < len(works):
        partial = (f"time budget of {scale.query_budget_s:.0f} s reached: ancestry and descendants measured for "
                   f"{len(works)} of {len(sample)} works, the other functions for {measured}")
    return {"rows": rows, "details": details, "partial": partial}

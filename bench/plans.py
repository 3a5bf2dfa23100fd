"""PROFILE plans as plain text for docs/benchmarks.md."""

from __future__ import annotations

from typing import Any


def _arg(args: dict, *names: str) -> Any:
    for name in names:
        if name in args:
            return args[name]
    return None


def plan_lines(plan: dict, depth: int = 0) -> list[str]:
    """One line per operator, children indented: ``Operator  rows=N  db_hits=N  details``.

    ``plan`` is the driver's ``ResultSummary.profile`` (a dict with
    ``operatorType``, ``args``, ``children``; counters in ``args`` or at the
    top level, depending on the driver version).

    >>> p = {"operatorType": "ProduceResults@neo4j", "args": {"Rows": 2, "DbHits": 0, "Details": "a"},
    ...      "children": [{"operatorType": "NodeIndexSeek@neo4j", "rows": 1, "dbHits": 2,
    ...                    "args": {"Details": "UNIQUE w:Work(id) WHERE id = $id"}, "children": []}]}
    >>> print("\\n".join(plan_lines(p)))
    ProduceResults  rows=2  db_hits=0  a
      NodeIndexSeek  rows=1  db_hits=2  UNIQUE w:Work(id) WHERE id = $id
    """
    args = plan.get("args") or {}
    name = str(plan.get("operatorType", "?")).split("@")[0]
    rows = plan.get("rows", _arg(args, "Rows"))
    hits = plan.get("dbHits", _arg(args, "DbHits"))
    details = _arg(args, "Details")
    parts = [("  " * depth) + name]
    if rows is not None:
        parts.append(f"rows={rows}")
    if hits is not None:
        parts.append(f"db_hits={hits}")
    time = plan.get("time", _arg(args, "Time"))
    if time:
        parts.append(f"time={round(time / 1e6, 1)}ms")  # nanoseconds in the profile
    if details:
        parts.append(" ".join(str(details).split())[:200])
    lines = ["  ".join(parts)]
    for child in plan.get("children") or []:
        lines.extend(plan_lines(child, depth + 1))
    return lines


def total_db_hits(plan: dict) -> int:
    """The db hits of a whole plan.

    >>> total_db_hits({"dbHits": 3, "children": [{"args": {"DbHits": 4}, "children": []}]})
    7
    """
    args = plan.get("args") or {}
    own = plan.get("dbHits", _arg(args, "DbHits")) or 0
    return int(own) + sum(total_db_hits(c) for c in plan.get("children") or [])

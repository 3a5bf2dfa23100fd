"""What a load did, per file: rows read = loaded + duplicates + rejected.

>>> part = PartCounts("works", "works.csv", read=5, loaded=3, duplicates=1, rejected=1)
>>> part.balanced
True
>>> s = LoadSummary(dataset="d", path="/d", format="folder", parts=[part])
>>> s.balanced, s.totals()["read"]
(True, 5)
>>> print(s.render().splitlines()[2])
works.csv         5         3           1         1
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any


@dataclass
class PartCounts:
    """The rows of one file (or, in JSON Lines, of one type)."""

    kind: str
    file: str
    read: int = 0
    loaded: int = 0
    duplicates: int = 0
    rejected: int = 0
    reasons: Counter = field(default_factory=Counter)
    present: bool = True

    @property
    def balanced(self) -> bool:
        return self.read == self.loaded + self.duplicates + self.rejected

    def as_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind, "file": self.file, "present": self.present, "read": self.read,
            "loaded": self.loaded, "duplicates": self.duplicates, "rejected": self.rejected,
            "balanced": self.balanced, "reasons": dict(sorted(self.reasons.items())),
        }


@dataclass
class LoadSummary:
    """The one-screen summary of a load (and its JSON report)."""

    dataset: str
    path: str
    format: str
    parts: list[PartCounts]
    temporal_anomalies: int = 0
    rejects_file: str | None = None
    strict: bool = False
    written: bool = False
    database: str | None = None
    batch_size: int = 0
    created: dict[str, int] = field(default_factory=dict)  # nodes/relationships new to the graph
    # kind -> {"updated": what the graph held and this load changed, "properties": properties changed}
    changed: dict[str, dict[str, int]] = field(default_factory=dict)
    # kind -> {"created", "updated", "properties" (changed), "unchanged"}: what each row written became
    outcome: dict[str, dict[str, int]] = field(default_factory=dict)
    removed: dict[str, int] | None = None  # --replace: works, artists, relationships the dataset no longer holds
    seconds: dict[str, float] = field(default_factory=dict)  # check, write, total
    overlapped: bool = False  # checking and writing ran at once (a writer process), else one after the other
    write_seconds: dict[str, float] = field(default_factory=dict)  # in write transactions, per kind
    statements: dict[str, str] = field(default_factory=dict)  # kind -> the Cypher file that wrote it
    cycles: list[str] = field(default_factory=list)  # the cycles refused, as "a -> b -> a"
    notes: list[str] = field(default_factory=list)

    @property
    def balanced(self) -> bool:
        return all(p.balanced for p in self.parts)

    @property
    def rejected(self) -> int:
        return sum(p.rejected for p in self.parts)

    def totals(self) -> dict[str, int]:
        return {k: sum(getattr(p, k) for p in self.parts) for k in ("read", "loaded", "duplicates", "rejected")}

    def reasons(self) -> Counter:
        total: Counter = Counter()
        for p in self.parts:
            total.update(p.reasons)
        return total

    def rows_per_second(self) -> float | None:
        seconds = self.seconds.get("total")
        return self.totals()["read"] / seconds if seconds else None

    def as_dict(self) -> dict[str, Any]:
        return {
            "dataset": self.dataset, "path": self.path, "format": self.format,
            "database": self.database, "strict": self.strict, "written": self.written,
            "batch_size": self.batch_size, "balanced": self.balanced,
            "files": [p.as_dict() for p in self.parts], "totals": self.totals(),
            "reasons": dict(sorted(self.reasons().items())),
            "temporal_anomalies": self.temporal_anomalies, "cycles_refused": self.cycles,
            "rejects_file": self.rejects_file, "created": self.created, "changed": self.changed,
            "outcome": self.outcome, "removed": self.removed,
            "seconds": {k: round(v, 3) for k, v in self.seconds.items()}, "overlapped": self.overlapped,
            "write_seconds_by_kind": self.write_seconds, "statements": self.statements,
            "rows_per_second": round(self.rows_per_second() or 0.0, 1), "notes": self.notes,
        }

    def render_changed(self) -> str:
        """What the load changed in what the graph already held (columns absent from a file change nothing).

        >>> s = LoadSummary(dataset="d", path="/d", format="folder", parts=[])
        >>> s.render_changed()
        'changed in what the graph held: nothing'
        >>> s.changed = {"works": {"updated": 2, "properties": 3}, "ratings": {"updated": 1, "properties": 1}}
        >>> s.render_changed()
        'changed in what the graph held: 3 properties of 2 works, 1 property of 1 ratings'
        """
        parts = [f"{c['properties']} propert{'y' if c['properties'] == 1 else 'ies'} of {c['updated']} {kind}"
                 for kind, c in self.changed.items() if c.get("updated")]
        return "changed in what the graph held: " + (", ".join(parts) if parts else "nothing")

    def render_outcome(self) -> list[str]:
        """What the rows written became in the graph, per kind: created, updated, unchanged.

        >>> s = LoadSummary(dataset="d", path="/d", format="folder", parts=[])
        >>> s.outcome = {"works": {"created": 723, "updated": 277, "properties": 554, "unchanged": 0},
        ...              "remixes": {"created": 0, "updated": 0, "properties": 0, "unchanged": 40}}
        >>> print("\\n".join(s.render_outcome()))
        in the graph   created   updated  (properties changed)  unchanged
        works              723       277                   554          0
        remixes              0         0                     0         40
        nodes: 723 created, 277 updated, 0 unchanged; relationships: 0 created, 0 updated, 40 unchanged
        """
        if not self.outcome:
            return []
        width = max(len("in the graph"), *(len(k) for k in self.outcome))
        lines = [f"{'in the graph':<{width}}  {'created':>8}  {'updated':>8}  {'(properties changed)':>20}  "
                 f"{'unchanged':>9}"]
        for kind, o in self.outcome.items():
            lines.append(f"{kind:<{width}}  {o['created']:>8}  {o['updated']:>8}  {o['properties']:>20}  "
                         f"{o['unchanged']:>9}")
        totals = []
        for noun, kinds in (("nodes", ("works", "artists")), ("relationships", ("contributions", "remixes", "ratings"))):
            got = [self.outcome[k] for k in kinds if k in self.outcome]
            added = {key: sum(o[key] for o in got) for key in ("created", "updated", "unchanged")}
            totals.append(f"{noun}: {added['created']} created, {added['updated']} updated, "
                          f"{added['unchanged']} unchanged")
        lines.append("; ".join(totals))
        return lines

    def render(self) -> str:
        """The summary as a few lines of text (fits one screen)."""
        width = max([len("file")] + [len(p.file) for p in self.parts] + [len("total")])
        head = f"{'file':<{width}}  {'read':>8}  {'loaded':>8}  {'duplicates':>10}  {'rejected':>8}"
        lines = [
            f"{'Loaded' if self.written else 'Checked (nothing written)'}: {self.dataset} "
            f"({self.format}: {self.path})" + (f" into {self.database}" if self.written and self.database else ""),
            head,
        ]
        for p in self.parts:
            if not p.present and not p.read:
                lines.append(f"{p.file:<{width}}  {'(no file)':>8}")
                continue
            mark = "" if p.balanced else "  <- DOES NOT ADD UP"
            lines.append(
                f"{p.file:<{width}}  {p.read:>8}  {p.loaded:>8}  {p.duplicates:>10}  {p.rejected:>8}{mark}"
            )
        t = self.totals()
        lines.append(f"{'total':<{width}}  {t['read']:>8}  {t['loaded']:>8}  {t['duplicates']:>10}  {t['rejected']:>8}")
        lines.append(
            "every row accounted for: read = loaded + duplicates + rejected in every file"
            if self.balanced else "ERROR: the counts do not add up (read != loaded + duplicates + rejected)"
        )
        if self.temporal_anomalies:
            lines.append(
                f"temporal anomalies: {self.temporal_anomalies} remixes dated before their source "
                "(loaded, marked temporal_anomaly=true)"
            )
        reasons = self.reasons()
        if reasons:
            shown = ", ".join(f"{reason} {count}" for reason, count in reasons.most_common())
            lines.append(f"rejected by reason: {shown}")
        if self.cycles:
            more = f" (and {len(self.cycles) - 3} more)" if len(self.cycles) > 3 else ""
            lines.append(f"cycles refused: {'; '.join(self.cycles[:3])}{more}")
        if self.rejects_file and self.rejected:
            lines.append(f"rejected rows, with line, reason and message: {self.rejects_file}")
        lines.extend(self.render_outcome())
        if self.written:
            lines.append(self.render_changed())
        if self.removed is not None:
            r = self.removed
            lines.append(f"removed (--replace: not in the dataset): {r['works']} works, {r['artists']} artists, "
                         f"{r['relationships']} relationships")
        lines.extend(self.notes)
        if self.seconds.get("total"):
            rate = self.rows_per_second() or 0
            phases = [f"checking {self.seconds['check']:.1f} s"] if "check" in self.seconds else []
            if "write" in self.seconds:
                phases.append(f"in write transactions {self.seconds['write']:.1f} s"
                              + (", the two overlapping" if self.overlapped else ""))
            lines.append(f"time: {self.seconds['total']:.1f} s in all ({'; '.join(phases)}), {rate:,.0f} rows/s")
        return "\n".join(lines)

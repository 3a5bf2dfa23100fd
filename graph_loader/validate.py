"""Checking a dataset: every row read is loaded, a duplicate, or rejected with a reason.

:func:`check_dataset` reads the dataset once, nodes first, then
relationships (remixes first among them), and decides each row:

- a row that is malformed (a required field missing, a bad date, number,
  medium, status, kind or stars) is rejected;
- a row that repeats an id (or a relationship's key) with the same content is
  a duplicate, merged into the first; with different content it is rejected
  (``conflicting_id``), the first one standing;
- a relationship naming a work or artist that is neither in the dataset nor in
  the graph is rejected, as is a work remixing itself;
- once all remixes are read, the cycle rule (:mod:`graph_loader.cycles`)
  refuses the edges that would close a cycle, in file order.

The rows to load go to a :class:`~graph_loader.spool.Spool`; the rejected ones
to a :class:`~graph_loader.rejects.RejectsFile`. Nothing is written to the
graph here: writing (:mod:`graph_loader.write`) starts only after every row
of every file has been checked, so a malformed file or ``--strict`` leaves
the graph untouched. In memory stay the ids, relationship keys and remix
edges, never the rows.
"""

from __future__ import annotations

import gc
import time
from array import array
from dataclasses import dataclass, field
from typing import Callable

from graph_loader.cycles import refuse_cycles
from graph_loader.dataset import UNTYPED, Dataset
from graph_loader.existing import EmptyGraph
from graph_loader.fields import (
    CONFLICTING_ID,
    REMIX_CYCLE,
    SELF_REMIX,
    UNKNOWN_ARTIST,
    UNKNOWN_WORK,
    Rejected,
    earlier,
    parse_date,
    time_key,
)
from graph_loader.ids import DUPLICATE, NEW, IdTable, KeyTable
from graph_loader.rejects import RejectsFile
from graph_loader.rows import EDGE_KINDS, NODE_KINDS, SPECS, digest
from graph_loader.spool import Spool
from graph_loader.summary import PartCounts

PENDING_LIMIT = 5000  # relationship rows waiting for a look-up of the graph
CYCLE_SHOWN = 12  # works named in a cycle message before it is shortened
# Said in each cycle rejection: the rule that chose the link.
CYCLE_RULE_TEXT = {
    "file-order": "edges are taken in file order; the graph's own edges count as earlier",
    "minimal": "--cycles minimal: the fewest links of its group are refused; the graph's own edges are kept",
}

# What each relationship's key fields point at.
_REFS = {
    "contributions": (("work_id", "works"), ("artist_id", "artists")),
    "remixes": (("work_id", "works"), ("source_id", "works")),
    "ratings": (("artist_id", "artists"), ("work_id", "works")),
}


class Progress:
    """Where a long step reports how far it got (a progress bar, or nothing)."""

    def start(self, label: str, total: int) -> None:
        pass

    def update(self, done: int) -> None:
        pass

    def finish(self) -> None:
        pass


@dataclass
class Checked:
    """A checked dataset: its counts, the rows to load, and what to leave out."""

    dataset: Dataset
    parts: dict[str, PartCounts]
    spool: Spool
    skip: dict[str, set[int]] = field(default_factory=dict)  # kind -> lines refused after spooling
    temporal_anomalies: int = 0
    cycles: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    seconds: float = 0.0
    written: bool = False  # set by the loader once every row to load is in the graph
    # The checker's id tables, relationship keys and roles (graph_loader/replace.py reads them)
    tables: dict = field(default_factory=dict)
    keys: dict = field(default_factory=dict)
    roles: dict = field(default_factory=dict)

    @property
    def rejected(self) -> int:
        return sum(p.rejected for p in self.parts.values())

    def batches(self, kind: str):
        """``(lines, rows)`` batches of ``kind`` to write, refused rows left out."""
        skip = self.skip.get(kind)
        for lines, rows in self.spool.batches(kind):
            if skip:
                kept = [(line, row) for line, row in zip(lines, rows) if line not in skip]
                if not kept:
                    continue
                lines, rows = [k[0] for k in kept], [k[1] for k in kept]
            yield lines, rows

    def to_write(self, kind: str) -> int:
        return self.parts[kind].loaded if kind in self.parts else 0


def check_dataset(
    dataset: Dataset,
    existing: EmptyGraph,
    rejects: RejectsFile,
    spool: Spool,
    progress: Progress | None = None,
    on_remixes: Callable[[Checked], None] | None = None,
) -> Checked:
    """Check every row of ``dataset`` (already :meth:`~Dataset.check`-ed); see the module doc.

    ``on_remixes(checked)`` is called as soon as the remixes are settled
    (``checked.batches("remixes")`` can be read from then on), while the
    other relationships are still being checked.
    """
    started = time.perf_counter()
    checker = _Checker(dataset, existing, rejects, spool, progress or Progress())
    checker.on_remixes = on_remixes
    frozen_before = gc.get_freeze_count()
    try:
        checked = checker.run()
    finally:
        if not frozen_before:  # what this check froze (see _Checker._scan) is collectable again
            gc.unfreeze()
    checked.seconds = time.perf_counter() - started
    return checked


class _Checker:
    def __init__(self, dataset: Dataset, existing: EmptyGraph, rejects: RejectsFile, spool: Spool,
                 progress: Progress):
        self.dataset = dataset
        self.existing = existing
        self.rejects = rejects
        self.spool = spool
        self.progress = progress
        self.parts = {
            kind: PartCounts(kind, part.label, present=part.present)
            for kind, part in dataset.parts.items()
        }
        self.tables = {"works": IdTable(), "artists": IdTable()}
        self.keys = {kind: KeyTable() for kind in EDGE_KINDS}
        self.roles: dict[str, int] = {}
        self.refused_nodes: dict[str, dict[str, tuple[int, str]]] = {"works": {}, "artists": {}}
        self.missing: dict[str, set[str]] = {"works": set(), "artists": set()}
        self.pending: list[tuple] = []
        self.pending_ids: dict[str, set[str]] = {"works": set(), "artists": set()}
        # Remix edges accepted so far, in the order they were accepted.
        self.edge_src = array("q")
        self.edge_dst = array("q")
        self.edge_line = array("q")
        self.edge_anomaly = bytearray()
        self.remix_duplicates: list[tuple[int, int, str]] = []  # (line, first line, raw)
        self.anomalies = 0
        self.checked = Checked(dataset, self.parts, spool)
        self.on_remixes: Callable[[Checked], None] | None = None

    # -- the passes -----------------------------------------------------------
    def run(self) -> Checked:
        dataset = self.dataset
        self.progress.start("checking", dataset.size())
        node_kinds = NODE_KINDS + ((UNTYPED,) if UNTYPED in dataset.parts else ())
        self._scan(node_kinds, self._node)
        self.spool.flush(NODE_KINDS)  # every node goes out before the first relationship
        if dataset.format == "jsonl":  # one file: one pass over every relationship line
            self._scan(EDGE_KINDS, self._edge)
            self._settle_remixes()
        else:  # remixes first, so that they can be written while the rest is checked
            self._scan(("remixes",), self._edge)
            self._settle_remixes()
            self._scan(tuple(k for k in EDGE_KINDS if k != "remixes"), self._edge)
            self._flush()
        self.progress.update(dataset.consumed)
        self.progress.finish()
        self.spool.finish()
        self.checked.temporal_anomalies = self.anomalies
        self.checked.tables, self.checked.keys, self.checked.roles = self.tables, self.keys, self.roles
        return self.checked

    def _scan(self, kinds: tuple[str, ...], handle) -> None:
        dataset, progress = self.dataset, self.progress
        seen = 0
        for part, line, values, extras, problem in dataset.rows(kinds):
            handle(part, line, values, extras, problem)
            seen += 1
            if not seen & 4095:
                progress.update(dataset.consumed)
                # The id tables and keys grow to millions of objects that live until the check ends; the
                # cycle collector's full collections walked them all again and again (17 s of 85 s at 1M
                # works). Frozen, they are left out of collections (refcounting still frees them).
                gc.freeze()

    def _settle_remixes(self) -> None:
        """Decide the remixes still waiting, apply the cycle rule, and hand the remixes on."""
        self._flush()
        self._cycles()
        self.spool.flush(("remixes",), close=True)
        if self.on_remixes is not None:
            self.on_remixes(self.checked)

    # -- rejecting ------------------------------------------------------------
    def _reject(self, kind: str, line: int, reason: str, message: str, raw: str | None = None) -> None:
        counts = self.parts[kind]
        counts.rejected += 1
        counts.reasons[reason] += 1
        self.rejects.add(counts.file, line, reason, message, self.dataset.raw() if raw is None else raw)

    # -- nodes ----------------------------------------------------------------
    def _node(self, part, line: int, values, extras, problem) -> None:
        kind = part.kind
        self.parts[kind].read += 1
        if problem is not None:
            self._reject(kind, line, *problem)
            if values is not None:  # a JSON line refused whole: a relationship naming it says why
                self._remember_refused(kind, values, line, problem[0])
            return
        spec = SPECS[kind]
        try:
            row = spec.make(values, extras)
        except Rejected as err:
            self._reject(kind, line, err.reason, err.message)
            self._remember_refused(kind, values, line, err.reason)
            return
        time = time_key(row["created_at"]) if kind == "works" else 0
        _, outcome, first = self.tables[kind].add(row["id"], digest(row), line, time)
        counts = self.parts[kind]
        if outcome is NEW:
            counts.loaded += 1
            self.spool.add(kind, line, row, part.columns or values)  # the columns it has (graph_loader/present.py)
        elif outcome is DUPLICATE:
            counts.duplicates += 1
        else:
            noun = "work" if kind == "works" else "artist"
            self._reject(kind, line, CONFLICTING_ID,
                         f"{noun} {row['id']!r} appears again with different content "
                         f"(first at line {first}, which stands)")

    def _remember_refused(self, kind: str, values, line: int, reason: str) -> None:
        id_field = "work_id" if kind == "works" else "artist_id"
        node_id = values.get(id_field) if values else None
        if isinstance(node_id, str) and node_id.strip():
            self.refused_nodes[kind].setdefault(node_id.strip(), (line, reason))

    # -- relationships --------------------------------------------------------
    def _edge(self, part, line: int, values, extras, problem) -> None:
        kind = part.kind
        self.parts[kind].read += 1
        if problem is not None:
            self._reject(kind, line, *problem)
            return
        try:
            row = SPECS[kind].make(values, extras)
        except Rejected as err:
            self._reject(kind, line, err.reason, err.message)
            return
        if kind == "remixes" and row["work_id"] == row["source_id"]:
            self._reject(kind, line, SELF_REMIX, f"work {row['work_id']!r} cannot remix itself")
            return
        waiting = False
        for field_name, target in _REFS[kind]:
            node_id = row[field_name]
            if self.tables[target].get(node_id) is None:
                if self.existing.empty or node_id in self.missing[target]:
                    self._reject(kind, line, *self._unknown(target, field_name, node_id))
                    return
                self.pending_ids[target].add(node_id)
                waiting = True
        columns = part.columns or values  # the columns it has (graph_loader/present.py)
        if waiting:
            self.pending.append((kind, line, row, self.dataset.raw(), columns))
            if len(self.pending) >= PENDING_LIMIT:
                self._flush()
            return
        self._decide(kind, line, row, None, columns)

    def _flush(self) -> None:
        """Look the pending rows' unknown ids up in the graph, then decide the rows in order."""
        if not self.pending:
            return
        works = self.tables["works"]
        if self.pending_ids["works"]:
            wanted = sorted(self.pending_ids["works"])
            found = self.existing.find_works(wanted)
            for node_id in wanted:
                if node_id in found:
                    works.add_existing(node_id, _graph_time(found[node_id]))
                else:
                    self.missing["works"].add(node_id)
        if self.pending_ids["artists"]:
            wanted = sorted(self.pending_ids["artists"])
            found_artists = self.existing.find_artists(wanted)
            for node_id in wanted:
                if node_id in found_artists:
                    self.tables["artists"].add_existing(node_id)
                else:
                    self.missing["artists"].add(node_id)
        for ids in self.pending_ids.values():
            ids.clear()
        pending, self.pending = self.pending, []
        for kind, line, row, raw, columns in pending:
            for field_name, target in _REFS[kind]:
                if self.tables[target].get(row[field_name]) is None:
                    self._reject(kind, line, *self._unknown(target, field_name, row[field_name]), raw=raw)
                    break
            else:
                self._decide(kind, line, row, raw, columns)

    def _unknown(self, target: str, field_name: str, node_id: str) -> tuple[str, str]:
        noun = "a work" if target == "works" else "an artist"
        where = self.parts[target].file
        message = f"{field_name} {node_id!r} names {noun} that is neither in {where} nor in the graph"
        refused = self.refused_nodes[target].get(node_id)
        if refused:
            message += f" (its row at line {refused[0]} was rejected: {refused[1]})"
        return (UNKNOWN_WORK if target == "works" else UNKNOWN_ARTIST), message

    def _decide(self, kind: str, line: int, row: dict, raw: str | None, columns=None) -> None:
        works, artists = self.tables["works"], self.tables["artists"]
        if kind == "contributions":
            role = self.roles.get(row["role"])
            if role is None:
                role = self.roles[row["role"]] = len(self.roles)
            key = (works.index[row["work_id"]], artists.index[row["artist_id"]], role)
        elif kind == "remixes":
            key = (works.index[row["work_id"]], works.index[row["source_id"]])
        else:
            key = (artists.index[row["artist_id"]], works.index[row["work_id"]])
        outcome, first = self.keys[kind].add(key, digest(row), line)
        counts = self.parts[kind]
        if outcome is NEW:
            if kind == "remixes":
                anomaly = earlier(works.times[key[0]], works.times[key[1]])
                row["temporal_anomaly"] = anomaly
                self.anomalies += anomaly
                self.edge_src.append(key[0])
                self.edge_dst.append(key[1])
                self.edge_line.append(line)
                self.edge_anomaly.append(anomaly)
            counts.loaded += 1
            self.spool.add(kind, line, row, columns)
        elif outcome is DUPLICATE:
            counts.duplicates += 1
            if kind == "remixes":
                self.remix_duplicates.append((line, first, self.dataset.raw() if raw is None else raw))
        else:
            self._reject(kind, line, CONFLICTING_ID,
                         f"{_relationship(kind, row)} appears again with different content "
                         f"(first at line {first}, which stands)", raw=raw)

    # -- the cycle rule -------------------------------------------------------
    def _cycles(self) -> None:
        if not len(self.edge_src):
            return
        works = self.tables["works"]
        old_src, old_dst = array("q"), array("q")

        def existing_edge(work_id: str, source_id: str) -> None:
            old_src.append(works.add_existing(work_id))
            old_dst.append(works.add_existing(source_id))

        self.existing.remix_edges(existing_edge)
        rule = self.dataset.cycles
        check = refuse_cycles(len(works), self.edge_src, self.edge_dst, self.edge_line,
                              old_src, old_dst, works.ids, rule=rule)
        why = CYCLE_RULE_TEXT[rule]
        for cycle in check.existing_cycles:
            self.checked.notes.append(
                "warning: the graph already holds a remix cycle, written outside this loader: "
                + _cycle_text([works.ids[n] for n in cycle])
            )
        if not check.refused:
            return
        refused_lines = {self.edge_line[p]: p for p, _ in check.refused}
        raws = {}
        for _, line, *_ in self.dataset.rows(("remixes",)):
            if line in refused_lines:
                raws[line] = self.dataset.raw()
        counts = self.parts["remixes"]
        for position, cycle in check.refused:
            line = self.edge_line[position]
            names = [works.ids[n] for n in cycle]
            shown = _cycle_text(names)
            self.checked.cycles.append(shown)
            counts.loaded -= 1
            self.anomalies -= self.edge_anomaly[position]
            self._reject("remixes", line, REMIX_CYCLE,
                         f"the remix {names[0]!r} -> {names[1]!r} would close the cycle {shown} ({why})",
                         raw=raws.get(line, ""))
        for line, first, raw in self.remix_duplicates:
            if first in refused_lines:
                counts.duplicates -= 1
                self._reject("remixes", line, REMIX_CYCLE,
                             f"repeats the remix at line {first}, which was refused because it would close a cycle",
                             raw=raw)
        self.checked.skip["remixes"] = set(refused_lines)


def _relationship(kind: str, row: dict) -> str:
    if kind == "contributions":
        return f"the contribution of artist {row['artist_id']!r} to work {row['work_id']!r} as {row['role']!r}"
    if kind == "remixes":
        return f"the remix {row['work_id']!r} -> {row['source_id']!r}"
    return f"the rating of work {row['work_id']!r} by artist {row['artist_id']!r}"


def _cycle_text(names: list[str]) -> str:
    """``a -> b -> a``, shortened in the middle when the cycle is long.

    >>> _cycle_text(["a", "b", "a"])
    'a -> b -> a'
    >>> _cycle_text([str(i) for i in range(20)] + ["0"])
    '0 -> 1 -> 2 -> 3 -> 4 -> 5 -> … 8 more … -> 14 -> 15 -> 16 -> 17 -> 18 -> 19 -> 0'
    """
    if len(names) > CYCLE_SHOWN + 1:
        hidden = len(names) - CYCLE_SHOWN - 1
        names = names[: CYCLE_SHOWN // 2] + [f"… {hidden} more …"] + names[-(CYCLE_SHOWN // 2) - 1:]
    return " -> ".join(names)


def _graph_time(value: object) -> int:
    """The time key of a created_at read from the graph (a string, or a Neo4j temporal value)."""
    if value is None:
        return 0
    text = value if isinstance(value, str) else getattr(value, "iso_format", lambda: str(value))()
    try:
        return time_key(parse_date(text))
    except (Rejected, ValueError):
        return 0

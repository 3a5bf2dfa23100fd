"""The ids a load has seen, kept lean: the one thing the loader holds per row.

:class:`IdTable` interns the ids of one kind of node (works or artists) to
small integers and keeps, per id, a fingerprint of the row that defined it,
that row's line and (for works) a time key; relationships are then keyed by
integers. Nothing else of a row stays in memory.

>>> t = IdTable()
>>> t.add("w1", digest=7, line=2)
(0, 'new', 0)
>>> t.add("w1", digest=7, line=9)
(0, 'duplicate', 2)
>>> t.add("w1", digest=8, line=10)
(0, 'conflict', 2)
>>> t.add_existing("w2", time=0), t.get("w2"), t.in_dataset(1), len(t)
(1, 1, False, 2)
"""

from __future__ import annotations

from array import array

NEW, DUPLICATE, CONFLICT = "new", "duplicate", "conflict"
_MASK64 = (1 << 64) - 1
# A key's value packs the first row's digest above its line, which takes the low 40 bits.
_LINE_BITS = 40
_LINE_MASK = (1 << _LINE_BITS) - 1


class IdTable:
    """Ids of one node kind: those defined by the dataset and those found in the graph."""

    def __init__(self) -> None:
        self.index: dict[str, int] = {}
        self.ids: list[str] = []
        self.digests = array("q")
        self.lines = array("q")  # line of the defining row; 0 for an id only in the graph
        self.times = array("q")  # time key of created_at (works); 0 when undated

    def __len__(self) -> int:
        return len(self.ids)

    def get(self, node_id: str) -> int | None:
        return self.index.get(node_id)

    def add(self, node_id: str, digest: int, line: int, time: int = 0) -> tuple[int, str, int]:
        """Record a row defining ``node_id``: ``(index, outcome, first line)``.

        The outcome is ``new``, ``duplicate`` (same fingerprint as the row
        that defined it first) or ``conflict`` (different content).
        """
        position = self.index.get(node_id)
        if position is None:
            position = self._append(node_id, digest, line, time)
            return position, NEW, 0
        first = self.lines[position]
        if first == 0:  # known from the graph only: the dataset defines it now
            self.digests[position], self.lines[position], self.times[position] = digest, line, time
            return position, NEW, 0
        return position, (DUPLICATE if self.digests[position] == digest else CONFLICT), first

    def add_existing(self, node_id: str, time: int = 0) -> int:
        """Record an id found in the graph (not defined by the dataset)."""
        position = self.index.get(node_id)
        if position is None:
            position = self._append(node_id, 0, 0, time)
        return position

    def in_dataset(self, position: int) -> bool:
        return self.lines[position] != 0

    def _append(self, node_id: str, digest: int, line: int, time: int) -> int:
        position = len(self.ids)
        self.index[node_id] = position
        self.ids.append(node_id)
        self.digests.append(digest)
        self.lines.append(line)
        self.times.append(time)
        return position


class KeyTable:
    """Relationship keys (tuples of small integers) with the fingerprint and line of their first row.

    >>> k = KeyTable()
    >>> k.add((1, 2), digest=5, line=3), k.add((1, 2), digest=5, line=4), k.add((1, 2), digest=6, line=5)
    (('new', 0), ('duplicate', 3), ('conflict', 3))
    """

    def __init__(self) -> None:
        self.seen: dict[int, int] = {}

    def __len__(self) -> int:
        return len(self.seen)

    @staticmethod
    def pack(key: tuple[int, ...]) -> int:
        packed_key = 0
        for part in key:
            packed_key = packed_key << 32 | part
        return packed_key

    def line_of(self, key: tuple[int, ...]) -> int | None:
        """The line of the first row with ``key``, or None if no row had it.

        >>> k = KeyTable(); _ = k.add((1, 2), digest=5, line=3)
        >>> k.line_of((1, 2)), k.line_of((2, 1))
        (3, None)
        """
        value = self.seen.get(self.pack(key))
        return None if value is None else value & _LINE_MASK

    def add(self, key: tuple[int, ...], digest: int, line: int) -> tuple[str, int]:
        packed_key = self.pack(key)
        value = (digest & _MASK64) << _LINE_BITS | line
        old = self.seen.setdefault(packed_key, value)
        if old == value:
            return NEW, 0
        first = old & _LINE_MASK
        return (DUPLICATE if old >> _LINE_BITS == digest & _MASK64 else CONFLICT), first

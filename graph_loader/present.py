"""Which properties a row sets: those of the columns its file has (or the keys its JSON line has).

A column absent from a file leaves the property as the graph holds it (a
works.csv of only ``work_id,title`` changes titles and nothing else); a
column that is there but empty in a row removes the property. A row that is
new to the graph is created whole all the same, with the defaults of the
columns it lacks (medium ``other``, status ``published``, …).

>>> given("works", ["work_id", "title"])
('title',)
>>> given("works", ["work_id", "title", "medium", "created_at", "status", "license", "url", "tags", "views"]) is None
True
>>> given("remixes", {"work_id": "w2", "source_id": "w1"})
('temporal_anomaly',)
"""

from __future__ import annotations

from typing import Iterable

from lineage.model import SHAPES

# The properties of each kind a load sets, keys aside (lineage.model: a property declared there is set here).
PROPERTIES = {kind: shape.set_names for kind, shape in SHAPES.items()}
# What identifies a row of each kind in the graph: a node's key property, a relationship's ends and key properties.
KEYS = {kind: getattr(shape, "key_columns", shape.key_names) for kind, shape in SHAPES.items()}
# The column each property is read from (None: the loader decides it, so every row sets it).
_COLUMNS = {kind: {p.name: p.column for p in shape.properties} for kind, shape in SHAPES.items()}

_cache: dict[tuple, tuple[str, ...] | None] = {}


def given(kind: str, columns: Iterable[str]) -> tuple[str, ...] | None:
    """The properties of ``kind`` that ``columns`` give; None when they give them all (the usual case)."""
    names = tuple(columns)
    key = (kind, names)
    try:
        return _cache[key]
    except KeyError:
        pass
    present = set(names)
    columns = _COLUMNS[kind]
    fields = tuple(p for p in PROPERTIES[kind] if columns[p] is None or columns[p] in present)
    result = None if len(fields) == len(PROPERTIES[kind]) else fields
    if len(_cache) < 4096:  # JSON Lines lines may each have their own keys; the usual few are kept
        _cache[key] = result
    return result

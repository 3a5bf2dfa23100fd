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

# The properties of each kind that columns give (column and property share the name), keys aside.
PROPERTIES = {
    "artists": ("handle", "name", "joined_at"),
    "works": ("title", "medium", "created_at", "status", "license", "url", "tags"),
    "contributions": ("weight",),
    "remixes": ("kind", "weight", "temporal_anomaly"),
    "ratings": ("stars", "rated_at"),
}
# Set on every row whatever the columns: the loader decides them.
ALWAYS = {"remixes": ("temporal_anomaly",)}
# What identifies a row of each kind in the graph.
KEYS = {
    "artists": ("id",),
    "works": ("id",),
    "contributions": ("artist_id", "work_id", "role"),
    "remixes": ("work_id", "source_id"),
    "ratings": ("artist_id", "work_id"),
}

_cache: dict[tuple, tuple[str, ...] | None] = {}


def given(kind: str, columns: Iterable[str]) -> tuple[str, ...] | None:
    """The properties of ``kind`` that ``columns`` give; None when they give them all (the usual case)."""
    names = tuple(columns)
    key = (kind, names)
    try:
        return _cache[key]
    except KeyError:
        pass
    always = ALWAYS.get(kind, ())
    present = set(names) | set(always)
    fields = tuple(p for p in PROPERTIES[kind] if p in present)
    result = None if len(fields) == len(PROPERTIES[kind]) else fields
    if len(_cache) < 4096:  # JSON Lines lines may each have their own keys; the usual few are kept
        _cache[key] = result
    return result

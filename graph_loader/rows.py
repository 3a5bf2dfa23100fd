"""Row-level validation: what each file of a dataset holds, and its clean rows.

A dataset has five kinds of rows. :data:`SPECS` says, for each, the file it
comes from, the columns it must have and the columns it knows; the functions
``*_row`` turn one row's values (column -> text, or JSON values) into the row
the loader writes, or raise :class:`~graph_loader.fields.Rejected`.

>>> row = work_row({"work_id": " w1 ", "title": "Song", "medium": "Music", "tags": "a;b"}, [])
>>> row["id"], row["medium"], row["tags"], row["status"], row["extra"]
('w1', 'music', ('a', 'b'), 'published', {})
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

from graph_loader.fields import (
    identifier,
    parse_choice,
    parse_date,
    parse_stars,
    parse_tags,
    parse_weight,
    plain_value,
    required,
    text,
)
from lineage.model import (
    ARTIST_FIELDS,
    CONTRIBUTION_FIELDS,
    DEFAULT_MEDIUM,
    DEFAULT_REMIX_KIND,
    DEFAULT_ROLE,
    DEFAULT_STATUS,
    MEDIA,
    RATING_FIELDS,
    REMIX_FIELDS,
    REMIX_KINDS,
    RESERVED_PROPERTIES,
    STATUSES,
    WORK_FIELDS,
)

Extras = list[tuple[str, str]]  # (column as written, property it is stored as)

# Property names an extra column may not take, whatever the file.
RESERVED = frozenset(
    RESERVED_PROPERTIES | {"role", "weight", "kind", "temporal_anomaly", "stars", "rated_at"}
)


def _text(value: Any, field: str) -> str:
    return value.strip() if type(value) is str else text(value, field)


def _extra(values: dict, extras: Extras) -> dict:
    return {prop: plain_value(values.get(column), column) for column, prop in extras}


def artist_row(values: dict, extras: Extras) -> dict:
    """An artist: ``{id, handle, name, joined_at, extra}``."""
    return {
        "id": identifier(values.get("artist_id"), "artist_id"),
        "handle": required(values.get("handle"), "handle"),
        "name": _text(values.get("name"), "name") or None,
        "joined_at": parse_date(values.get("joined_at"), "joined_at"),
        "extra": _extra(values, extras) if extras else {},
    }


def work_row(values: dict, extras: Extras) -> dict:
    """A work: ``{id, title, medium, created_at, status, license, url, tags, extra}``."""
    return {
        "id": identifier(values.get("work_id"), "work_id"),
        "title": required(values.get("title"), "title"),
        "medium": parse_choice(values.get("medium"), MEDIA, DEFAULT_MEDIUM, "medium"),
        "created_at": parse_date(values.get("created_at"), "created_at"),
        "status": parse_choice(values.get("status"), STATUSES, DEFAULT_STATUS, "status"),
        "license": _text(values.get("license"), "license") or None,
        "url": _text(values.get("url"), "url") or None,
        "tags": parse_tags(values.get("tags")),
        "extra": _extra(values, extras) if extras else {},
    }


def contribution_row(values: dict, extras: Extras) -> dict:
    """``{work_id, artist_id, role, weight, extra}``; key (work, artist, role)."""
    return {
        "work_id": identifier(values.get("work_id"), "work_id"),
        "artist_id": identifier(values.get("artist_id"), "artist_id"),
        "role": _text(values.get("role"), "role") or DEFAULT_ROLE,
        "weight": parse_weight(values.get("weight")),
        "extra": _extra(values, extras) if extras else {},
    }


def remix_row(values: dict, extras: Extras) -> dict:
    """``{work_id, source_id, kind, weight, extra}``: the derived work and its source."""
    return {
        "work_id": identifier(values.get("work_id"), "work_id"),
        "source_id": identifier(values.get("source_id"), "source_id"),
        "kind": parse_choice(values.get("kind"), REMIX_KINDS, DEFAULT_REMIX_KIND, "kind"),
        "weight": parse_weight(values.get("weight")),
        "extra": _extra(values, extras) if extras else {},
    }


def rating_row(values: dict, extras: Extras) -> dict:
    """``{artist_id, work_id, stars, rated_at, extra}``; key (artist, work)."""
    return {
        "artist_id": identifier(values.get("artist_id"), "artist_id"),
        "work_id": identifier(values.get("work_id"), "work_id"),
        "stars": parse_stars(values.get("stars")),
        "rated_at": parse_date(values.get("rated_at"), "rated_at"),
        "extra": _extra(values, extras) if extras else {},
    }


@dataclass(frozen=True)
class Spec:
    """One kind of row: its file, its columns and how a row is checked."""

    kind: str
    file: str
    type: str  # the ``type`` of its lines in a JSON Lines dataset
    required: tuple[str, ...]
    known: tuple[str, ...]
    make: Callable[[dict, Extras], dict]
    optional_file: bool = False


SPECS: dict[str, Spec] = {
    spec.kind: spec
    for spec in (
        Spec("artists", "artists.csv", "artist", ("artist_id", "handle"), ARTIST_FIELDS, artist_row),
        Spec("works", "works.csv", "work", ("work_id", "title"), WORK_FIELDS, work_row),
        Spec("contributions", "contributions.csv", "contribution", ("work_id", "artist_id"),
             CONTRIBUTION_FIELDS, contribution_row),
        Spec("remixes", "remixes.csv", "remix", ("work_id", "source_id"), REMIX_FIELDS, remix_row),
        Spec("ratings", "ratings.csv", "rating", ("artist_id", "work_id", "stars"), RATING_FIELDS,
             rating_row, optional_file=True),
    )
}
KINDS = tuple(SPECS)  # the order rows are checked and written in: nodes first
NODE_KINDS = ("artists", "works")
EDGE_KINDS = ("contributions", "remixes", "ratings")


def digest(row: dict) -> int:
    """A fingerprint of a row's values, equal for rows that store the same thing.

    Rows of one kind are built with their fields in a fixed order, so the
    values compare in order; in ``extra``, an empty value and an absent one
    are the same, and order does not matter.

    >>> digest({"a": 1, "extra": {"x": None}}) == digest({"a": 1, "extra": {}})
    True
    >>> digest({"t": ("x",), "extra": {}}) == digest({"t": ("y",), "extra": {}})
    False
    """
    extra = row["extra"]
    if extra:
        extra = tuple(sorted((k, tuple(v) if type(v) is list else v) for k, v in extra.items() if v is not None))
    return hash((tuple(row.values())[:-1], extra or None))  # "extra" is always the last field


def json_kind(type_value: Any) -> str | None:
    """The kind a JSON Lines ``type`` names (singular or plural, case ignored).

    >>> json_kind("Work"), json_kind("remixes"), json_kind("post")
    ('works', 'remixes', None)
    """
    if not isinstance(type_value, str):
        return None
    name = type_value.strip().lower()
    for spec in SPECS.values():
        if name in (spec.type, spec.kind):
            return spec.kind
    return None

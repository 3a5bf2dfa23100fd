"""Row-level validation: what each file of a dataset holds, and its clean rows.

A dataset has five kinds of rows, one per node and relationship of
:mod:`lineage.model`. :data:`SPECS` says, for each, the file it comes from,
the columns it must have and the columns it knows; the functions ``*_row``
turn one row's values (column -> text, or JSON values) into the row the
loader writes, or raise :class:`~graph_loader.fields.Rejected`. All of it is
derived from the model: a property declared there is read, checked and
written without a change here.

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
    ARTIST,
    CONTRIBUTED,
    NODES,
    RATED,
    RELATIONSHIPS,
    RESERVED_ANYWHERE,
    REMIXES,
    SHAPES,
    WORK,
    Node,
    Property,
    Relationship,
)

Extras = list[tuple[str, str]]  # (column as written, property it is stored as)
Parse = Callable[[Any, str], Any]  # (value, column) -> the value to store; raises Rejected

# Property names an extra column may not take, whatever the file.
RESERVED = RESERVED_ANYWHERE


def _text_or(default: str | None) -> Parse:
    def parse(value: Any, field: str) -> str | None:
        return (value.strip() if type(value) is str else text(value, field)) or default
    return parse


def _choice(choices: tuple[str, ...], default: str | None) -> Parse:
    def parse(value: Any, field: str) -> str:
        return parse_choice(value, choices, default, field)
    return parse


# The parser each name of lineage.model.PARSERS stands for.
PARSERS: dict[str, Parse] = {
    "identifier": identifier,
    "required": required,
    "date": parse_date,
    "weight": parse_weight,
    "stars": parse_stars,
    "tags": parse_tags,
}


def parser(prop: Property) -> Parse:
    """The function that reads ``prop``'s column (``lineage.model`` names it; this module has it)."""
    if prop.parser == "text":
        return _text_or(prop.default)
    if prop.parser == "choice":
        return _choice(prop.choices, prop.default)
    return PARSERS[prop.parser]


def _extra(values: dict, extras: Extras) -> dict:
    return {prop: plain_value(values.get(column), column) for column, prop in extras}


def row_builder(shape: Node | Relationship, name: str, doc: str) -> Callable[[dict, Extras], dict]:
    """The function that turns one row's values into the row to load, for a node or relationship of the model.

    The row's keys are the shape's ``row_keys`` (a relationship's two ends by
    their columns, then the properties read from a column), in that order,
    and ``extra`` last (:func:`digest` counts on it). A property the loader
    decides (a remix's ``temporal_anomaly``) is added by the loader.
    """
    ends = [(end.column, end.column, identifier) for end in getattr(shape, "ends", ())]
    steps = tuple(ends + [(p.name, p.column, parser(p)) for p in shape.properties if p.column is not None])

    def make(values: dict, extras: Extras) -> dict:
        get = values.get
        row = {key: parse(get(column), column) for key, column, parse in steps}
        row["extra"] = _extra(values, extras) if extras else {}
        return row

    make.__name__ = make.__qualname__ = name
    make.__doc__ = doc
    return make


artist_row = row_builder(ARTIST, "artist_row", "An artist: ``{id, handle, name, joined_at, extra}``.")
work_row = row_builder(WORK, "work_row", "A work: ``{id, title, medium, created_at, status, license, url, tags, extra}``.")
contribution_row = row_builder(CONTRIBUTED, "contribution_row",
                               "``{work_id, artist_id, role, weight, extra}``; key (work, artist, role).")
remix_row = row_builder(REMIXES, "remix_row", "``{work_id, source_id, kind, weight, extra}``: the derived work and its source.")
rating_row = row_builder(RATED, "rating_row", "``{artist_id, work_id, stars, rated_at, extra}``; key (artist, work).")


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


# The ``type`` a JSON Lines line of each kind has.
_JSON_TYPES = {"artists": "artist", "works": "work", "contributions": "contribution", "remixes": "remix",
               "ratings": "rating"}
_MAKERS = {"artists": artist_row, "works": work_row, "contributions": contribution_row, "remixes": remix_row,
           "ratings": rating_row}
SPECS: dict[str, Spec] = {
    kind: Spec(kind, f"{kind}.csv", _JSON_TYPES[kind], shape.required_columns, shape.columns, _MAKERS[kind],
               optional_file=kind == "ratings")
    for kind, shape in SHAPES.items()
}
KINDS = tuple(SPECS)  # the order rows are checked and written in: nodes first
NODE_KINDS = tuple(node.kind for node in NODES)  # ("artists", "works")
EDGE_KINDS = tuple(rel.kind for rel in RELATIONSHIPS)  # ("contributions", "remixes", "ratings")


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

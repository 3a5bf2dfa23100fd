"""The domain model: what a work, an artist and their relationships hold.

This module declares the shape of the graph once: each node and relationship
(:class:`Node`, :class:`Relationship`) with its properties
(:class:`Property`: the name in the graph, the CSV column it comes from, its
type and the parser that reads it). The rest is derived from it: the CSV
columns below (``WORK_FIELDS``, ...), the loader's row builders
(``graph_loader/rows.py``), which properties a row sets
(``graph_loader/present.py``), the importer's header (``graph_loader/bulk.py``),
the API's fields (``lineage/api.py``), the site's core/extra split
(``web/site_data.py``) and the export's columns (``lineage/export.py``). The
Cypher files stay hand-written; ``tests/test_schema.py`` checks that they name
exactly these properties.

The graph in Neo4j:

>>> print(describe())
(:Artist {id, handle, name, joined_at})
(:Work {id, title, medium, created_at, status, license, url, tags})
(:Artist)-[:CONTRIBUTED {role, weight}]->(:Work)
(:Work)-[:REMIXES {kind, weight, temporal_anomaly}]->(:Work)
(:Artist)-[:RATED {stars, rated_at}]->(:Work)

A REMIXES goes from the derived work to its source. What ``lineage metrics``
stores for the pages beside its metrics (lineage/reach.py), dropped by every
load before its first write::

    (:ArtistReach {artist_id, data})    # the reach of a widest-reaching artist, as JSON
    (:MetricsRun {name: 'graph', exact}) # the stamp: the metrics describe the graph as it is

Dates are stored as normalised ISO 8601 strings (``YYYY-MM-DD`` or
``YYYY-MM-DDTHH:MM:SS`` with an offset where the input had one), so that they
compare in time order as strings and read the same in Cypher, JSON and CSV.
"""

from __future__ import annotations

from dataclasses import dataclass

MEDIA = ("music", "video", "writing", "image", "audio", "animation", "other")
STATUSES = ("published", "production", "draft")
REMIX_KINDS = ("remix", "sample", "adaptation", "cover", "translation", "collage", "other")

DEFAULT_MEDIUM = "other"
DEFAULT_STATUS = "published"
DEFAULT_ROLE = "creator"
DEFAULT_REMIX_KIND = "remix"

# The types a property's value has in the graph ("date": a normalised ISO 8601 string).
TYPES = ("str", "date", "float", "int", "bool", "list")
# The parsers of graph_loader/fields.py a property may name (lineage/ must not import graph_loader;
# graph_loader/rows.py maps each name to its function).
PARSERS = ("identifier", "required", "text", "choice", "date", "weight", "stars", "tags")


@dataclass(frozen=True)
class Property:
    """One property of a node or relationship.

    Parameters
    ----------
    name : str
        The property's name in the graph (and the key of the loader's row).
    column : str or None
        The CSV column (JSON Lines key) it is read from; None when the loader
        decides it (a remix's ``temporal_anomaly``).
    type : str
        The type of its value, one of :data:`TYPES`.
    parser : str or None
        The parser of ``graph_loader.fields`` that reads the column, by name
        (one of :data:`PARSERS`); ``"text"`` and ``"choice"`` fall back on
        ``default``.
    required : bool
        The column must be in the file (and the row give a value).
    key : bool
        Part of what identifies the node or relationship (MERGE matches on it).
    summary : bool
        In the short form of lists and walks (``lineage.api.WORK_FIELDS``,
        the artists of an export).
    choices : tuple of str
        The values a ``"choice"`` may take.
    default : str or None
        The value of an empty ``"text"`` or ``"choice"`` field.
    """

    name: str
    column: str | None
    type: str
    parser: str | None
    required: bool = False
    key: bool = False
    summary: bool = False
    choices: tuple[str, ...] = ()
    default: str | None = None

    def __post_init__(self) -> None:
        if self.type not in TYPES:
            raise ValueError(f"{self.name}: type {self.type!r} is not one of {TYPES}")
        if self.parser not in PARSERS and not (self.parser is None and self.column is None):
            raise ValueError(f"{self.name}: parser {self.parser!r} is not one of {PARSERS}")
        if bool(self.choices) != (self.parser == "choice"):
            raise ValueError(f"{self.name}: choices go with the parser 'choice', and only with it")


@dataclass(frozen=True)
class End:
    """One end of a relationship as a file names it: the column holding the id, and the node's label."""

    column: str
    label: str
    start: bool  # the relationship starts here (else it ends here)


class _Shape:
    """What nodes and relationships share: a kind of row in a dataset and properties."""

    kind: str  # the kind of row in a dataset (graph_loader.rows.SPECS): its file is <kind>.csv
    properties: tuple[Property, ...]

    @property
    def graph_names(self) -> tuple[str, ...]:
        """Every property's name in the graph, in order."""
        return tuple(p.name for p in self.properties)

    @property
    def read_names(self) -> tuple[str, ...]:
        """The properties read from a column (the rest the loader decides)."""
        return tuple(p.name for p in self.properties if p.column is not None)

    @property
    def loader_names(self) -> tuple[str, ...]:
        """The properties the loader decides, whatever the columns."""
        return tuple(p.name for p in self.properties if p.column is None)

    @property
    def key_names(self) -> tuple[str, ...]:
        return tuple(p.name for p in self.properties if p.key)

    @property
    def summary_names(self) -> tuple[str, ...]:
        return tuple(p.name for p in self.properties if p.summary)

    @property
    def set_names(self) -> tuple[str, ...]:
        """The properties a load sets beside the key (``graph_loader.present``)."""
        return tuple(p.name for p in self.properties if not p.key)

    def prop(self, name: str) -> Property:
        """The property called ``name``."""
        return next(p for p in self.properties if p.name == name)


@dataclass(frozen=True)
class Node(_Shape):
    """A node label and its properties; the key property's column is how other files name it."""

    label: str
    kind: str
    properties: tuple[Property, ...]

    @property
    def columns(self) -> tuple[str, ...]:
        """The CSV columns of its file, in order."""
        return tuple(p.column for p in self.properties if p.column is not None)

    @property
    def required_columns(self) -> tuple[str, ...]:
        return tuple(p.column for p in self.properties if p.column is not None and p.required)

    @property
    def row_keys(self) -> tuple[str, ...]:
        """The keys of the loader's row (``graph_loader.rows``), ``extra`` aside."""
        return self.read_names

    def __str__(self) -> str:
        return f"(:{self.label} {{{', '.join(self.graph_names)}}})"


@dataclass(frozen=True)
class Relationship(_Shape):
    """A relationship type, its two ends (in the order its file has their columns) and its properties."""

    type: str
    kind: str
    ends: tuple[End, End]
    properties: tuple[Property, ...]

    @property
    def start(self) -> End:
        return next(e for e in self.ends if e.start)

    @property
    def end(self) -> End:
        return next(e for e in self.ends if not e.start)

    @property
    def columns(self) -> tuple[str, ...]:
        """The CSV columns of its file, in order: the two ends, then the properties."""
        return tuple(e.column for e in self.ends) + tuple(
            p.column for p in self.properties if p.column is not None)

    @property
    def required_columns(self) -> tuple[str, ...]:
        return tuple(e.column for e in self.ends) + tuple(
            p.column for p in self.properties if p.column is not None and p.required)

    @property
    def row_keys(self) -> tuple[str, ...]:
        """The keys of the loader's row (``graph_loader.rows``), ``extra`` aside."""
        return tuple(e.column for e in self.ends) + self.read_names

    @property
    def key_columns(self) -> tuple[str, ...]:
        """What identifies it in a load: its start, its end and its key properties."""
        return (self.start.column, self.end.column, *self.key_names)

    def __str__(self) -> str:
        return f"(:{self.start.label})-[:{self.type} {{{', '.join(self.graph_names)}}}]->(:{self.end.label})"


def _id(column: str) -> Property:
    return Property("id", column, "str", "identifier", required=True, key=True, summary=True)


ARTIST = Node("Artist", "artists", (
    _id("artist_id"),
    Property("handle", "handle", "str", "required", required=True, summary=True),
    Property("name", "name", "str", "text", summary=True),
    Property("joined_at", "joined_at", "date", "date"),
))
WORK = Node("Work", "works", (
    _id("work_id"),
    Property("title", "title", "str", "required", required=True, summary=True),
    Property("medium", "medium", "str", "choice", summary=True, choices=MEDIA, default=DEFAULT_MEDIUM),
    Property("created_at", "created_at", "date", "date", summary=True),
    Property("status", "status", "str", "choice", summary=True, choices=STATUSES, default=DEFAULT_STATUS),
    Property("license", "license", "str", "text"),
    Property("url", "url", "str", "text"),
    Property("tags", "tags", "list", "tags"),
))
_WEIGHT = Property("weight", "weight", "float", "weight")
CONTRIBUTED = Relationship("CONTRIBUTED", "contributions", (End("work_id", "Work", start=False),
                                                          End("artist_id", "Artist", start=True)), (
    Property("role", "role", "str", "text", key=True, default=DEFAULT_ROLE),
    _WEIGHT,
))
REMIXES = Relationship("REMIXES", "remixes", (End("work_id", "Work", start=True),
                                              End("source_id", "Work", start=False)), (
    Property("kind", "kind", "str", "choice", choices=REMIX_KINDS, default=DEFAULT_REMIX_KIND),
    _WEIGHT,
    Property("temporal_anomaly", None, "bool", None),  # the derived work is dated before its source
))
RATED = Relationship("RATED", "ratings", (End("artist_id", "Artist", start=True),
                                          End("work_id", "Work", start=False)), (
    Property("stars", "stars", "int", "stars", required=True),
    Property("rated_at", "rated_at", "date", "date"),
))

NODES = (ARTIST, WORK)
RELATIONSHIPS = (CONTRIBUTED, REMIXES, RATED)
# Every kind of row, in the order a load checks and writes them (nodes first).
SHAPES: dict[str, Node | Relationship] = {shape.kind: shape for shape in (*NODES, *RELATIONSHIPS)}


def describe() -> str:
    """The graph's shape, one line per node label and relationship type."""
    return "\n".join(str(shape) for shape in SHAPES.values())


# The columns of each file, in order.
WORK_FIELDS = WORK.columns
ARTIST_FIELDS = ARTIST.columns
CONTRIBUTION_FIELDS = CONTRIBUTED.columns
REMIX_FIELDS = REMIXES.columns
RATING_FIELDS = RATED.columns

# Written by ``lineage metrics``.
WORK_METRICS = ("direct_remixes", "descendants", "ancestors", "generation", "pagerank", "bridge")
ARTIST_METRICS = (
    "works", "works_remixed", "downstream_works", "downstream_artists", "h_index", "influence",
)

# Property names an extra column of a node file may not take: it is stored as ``extra_<name>`` instead.
RESERVED_PROPERTIES = frozenset(
    {name for node in NODES for name in node.graph_names} | {*WORK_METRICS, *ARTIST_METRICS}
)
# The same for any file: the relationships' properties too.
RESERVED_ANYWHERE = RESERVED_PROPERTIES | {name for rel in RELATIONSHIPS for name in rel.graph_names}

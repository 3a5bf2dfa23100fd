"""Every limit and default a user can meet, in one place (issue 12).

The command line's options (their help and ranges), the JSON API's parameter
checks, the OpenAPI text (web/openapi.py), the site's forms and, through the
page's data (:func:`page_data`, rendered by web/templates/base.html), the
JavaScript all read these numbers; none of them keeps a copy.

``lineage ancestry --cap N`` and ``/api/works/W/lineage?cap=N`` are one concept
with one name, one default and one accepted range (a :class:`Parameter`).
Names: the query parameter is the name; the CLI option is the same word with
``--`` and hyphens (``as_of`` is ``--as-of``). The one old name kept as an
alias is ``lineage top --by`` for ``--metric`` (docs/lineage.md).

Settings of a running site (``NODE_CAP``, ``ROW_CAP``, ... in web/__init__.py)
take their defaults from here; the memory of the local Neo4j is a setting,
read with the others by :func:`lineage.config.from_env`.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Parameter:
    """A parameter shared by the CLI and the API.

    Attributes
    ----------
    name
        Its query-parameter name (the CLI option is ``--`` + name with hyphens).
    default
        The value when it is not given (None: no limit).
    low, high
        The accepted range, both ends included.
    """

    name: str
    default: int | None
    low: int
    high: int

    @property
    def option(self) -> str:
        """The CLI option: ``--as-of`` for ``as_of``."""
        return "--" + self.name.replace("_", "-")


# -- a lineage: the CLI, the JSON API and the site ------------------------------------------------
# Most works in a lineage answer, the nearest first (the focus work counts).
CAP = Parameter("cap", 2000, 1, 10_000)
# Remixes to follow away from the work; absent: all of them.
DEPTH = Parameter("depth", None, 1, 50)
DIRECTIONS = ("up", "down", "both")
DEFAULT_DIRECTION = "both"
# Rows of a ranking (``lineage top``, /api/metrics/top).
TOP_LIMIT = Parameter("limit", 10, 1, 1000)
# The ranking's metric: ``metric`` everywhere (``--by`` kept as the CLI's alias).
METRIC = "metric"
# The key a JSON answer lists its results under (``lineage top --json``, /api/metrics/top, /api/search).
ITEMS = "items"
# A credit split reads the whole ancestry; past this many ancestors it is refused, not truncated.
MAX_ANCESTORS = 100_000
# What a program calling lineage.api may ask (the CLI and the JSON API stop at CAP.high: an
# answer of 10,000 works is already megabytes of JSON). It was 100,000 beside a credit split's
# MAX_ANCESTORS of 100,000: one number, the most works one lineage read holds in Python.
LIBRARY_MAX_CAP = MAX_ANCESTORS
# Entries of each list of a work's details (its contributors, its sources, its remixes).
DETAILS_CAP = 1000
# Shared sources a connection lists (the nearest first); the count says how many there are in all.
CONNECTION_SHARED_LIMIT = 50
# A statement or a what-if reads the union of several ancestries; past this many works it is refused.
MAX_LINEAGE_WORKS = 10 * MAX_ANCESTORS
# Productions one statement or what-if covers at most (it says so rather than silently cutting).
MAX_PRODUCTIONS = 10_000
# Works a planned production may draw on, and changes one what-if may make (the site's credit pages).
MAX_PLAN_WORKS = 200
MAX_CHANGES = 50

# -- the graph drawings of the site ----------------------------------------------------------------
# Nodes drawn when the address names no cap; widening doubles it up to the site's NODE_CAP
# (CAP.default unless configured). The old MAX_GRAPH_CAP (8,000) bounded nothing the site asked:
# widening already stops at NODE_CAP, and no drawing can hold more than a lineage answer (CAP.high).
GRAPH_CAP = 500
# Most new works one "expand" of a drawn node adds around it.
EXPAND_NODES = 150
# Generations the focus view draws when the address names no depth; the next one is only counted.
FOCUS_DEPTH = 3
# Works of one generation drawn one by one before the rest become a group; a group opens by this many.
PER_GENERATION = Parameter("per_gen", 8, 1, 200)
# The depths the graph's menu offers (any other depth in the range is still accepted).
DEPTH_CHOICES = (1, 2, 3, 4, 5, 6, 8, 10, 15, 20)
# From this many nodes a drawing is "large": smaller labels, a lower starting zoom, less spacing.
LARGE_GRAPH = 300
# Items the graph's text list shows (the rest are counted).
LIST_ITEMS = 2000

# -- the focus view's walk (lineage.explore) -------------------------------------------------------
# Most works one level of the walk reads; past it the level's count is a lower bound. The view
# draws 8 a generation and pages a group 16 at a time: 1,000 is 62 pages. Its cost grows with
# it: at 1M works the largest lineage's view took 0.2 s at 1,000/250, 0.36 s at 2,000/250 and
# 1.1 s at 5,000/1,000 (docs/explorer.md, "How the default view is read").
LEVEL_CAP = 1000
# Most works of a level (the most significant) whose neighbours the next level reads.
# (Not the site's EXPAND_NODES: this one bounds a walk, that one a click.)
WALK_EXPAND_CAP = 250

# -- the stored reach of the widest-reaching artists (lineage.reach) --------------------------------
# Longest list stored per kind: the API's default cap (a larger cap is walked live).
REACH_CAP = CAP.default
# Artists whose reach ``lineage metrics`` stores: those of at least this many downstream works (below it
# the live walk answers in a few hundred milliseconds at 1M works), the widest first, at most so many.
REACH_MIN_WORKS = 2000
REACH_MAX_ARTISTS = 500
# The largest graph the site keeps as arrays to answer an artist on any day (web/reach_index.py): at 1M
# works reading it took 12 s and 0.36-0.46 GiB of the site's memory (docs/benchmarks.md §10).
REACH_INDEX_MAX_WORKS = 3_000_000

# -- search ---------------------------------------------------------------------------------------
# Longer text is refused (a 400 on the site, exit code 2 on the command line).
SEARCH_CHARS = 200
# Characters typed before suggestions are asked for, and suggestions shown.
SUGGEST_MIN_CHARS = 2
SUGGEST_LIMIT = 8

# -- URL and form parameters of the site -----------------------------------------------------------
MAX_PAGE = 10_000
MAX_TEXT = 200
MAX_ID = 300

# -- the console (``lineage query`` and the site's /console) -----------------------------------------
# Seconds a query may run (the site's QUERY_TIMEOUT defaults to the same).
CONSOLE_TIMEOUT = 10.0
MAX_CONSOLE_TIMEOUT = 300.0
# Rows returned: ``lineage query`` by default and at most; the site's ROW_CAP default.
CONSOLE_ROWS = 10_000
MAX_CONSOLE_ROWS = 1_000_000
SITE_CONSOLE_ROWS = 1000
# Bytes of answer pulled: ``lineage query`` by default and at most; the site's CONSOLE_MAX_BYTES default.
CONSOLE_BYTES = 64 * 1024 * 1024
MAX_CONSOLE_BYTES = 1024 * 1024 * 1024
SITE_CONSOLE_BYTES = 4 * 1024 * 1024
# Characters of one query. The site said 20,000 and lineage.console 100,000: a query pasted into
# the site should run as it runs from the command line, and length is not what bounds its cost
# (the timeout, the row and byte caps and Neo4j's memory pool are); 100,000 plus the parameters
# still fits the site's 256 KiB request body.
MAX_QUERY_CHARS = 100_000
# Characters of the console's parameters (JSON).
MAX_PARAMS_CHARS = 50_000


def page_data() -> dict:
    """The limits the site's pages need: its forms, and its JavaScript through the page's data (a JSON tag).

    The view-parameter names come from :mod:`web.graphs.params` and are added there, by the site.

    >>> data = page_data()
    >>> data["suggest_min_chars"], data["large_graph"]
    (2, 300)
    """
    return {
        "depth_choices": list(DEPTH_CHOICES),
        "large_graph": LARGE_GRAPH,
        "list_items": LIST_ITEMS,
        "node_cap": CAP.default,
        "per_gen": PER_GENERATION.default,
        "search_chars": SEARCH_CHARS,
        "suggest_min_chars": SUGGEST_MIN_CHARS,
    }


__all__ = [name for name in dir() if name.isupper() or name in ("Parameter", "page_data")]

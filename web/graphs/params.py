"""The graph parameters of an address (``?size=``, ``?layout=``, widening the cap)."""

from __future__ import annotations

from lineage.errors import InvalidParameter
from lineage.model import WORK_METRICS

from web.graphs.text import _show


# The graph's settings a page address may carry (lineage-graph.js GRAPH_PARAMS says the same).
VIEW_PARAMS = ("view", "direction", "depth", "cap", "size", "layout", "rank", "per_gen", "more")


LAYOUTS = ("hierarchical", "free")


DEFAULT_LAYOUT = "hierarchical"


# "degree" is counted on the drawn graph, so it works before `lineage metrics` ran.
SIZE_METRICS = ("degree", *WORK_METRICS)


DEFAULT_SIZE = "degree"


# Widening the node cap doubles it, up to this many nodes in one drawing.
MAX_GRAPH_CAP = 8000


def parse_size(value: str | None) -> str:
    """The size metric named in ``?size=``, from the whitelist.

    >>> parse_size(None), parse_size("pagerank")
    ('degree', 'pagerank')
    >>> parse_size("title")
    Traceback (most recent call last):
    ...
    lineage.errors.InvalidParameter: parameter 'size' must be one of degree, direct_remixes, descendants, ancestors, generation, pagerank, bridge, not 'title'
    """
    if value is None or value == "":
        return DEFAULT_SIZE
    if value not in SIZE_METRICS:
        raise InvalidParameter(f"parameter 'size' must be one of {', '.join(SIZE_METRICS)}, not {_show(value)}")
    return value


def parse_layout(value: str | None) -> str:
    """The layout named in ``?layout=``.

    >>> parse_layout(None), parse_layout("free")
    ('hierarchical', 'free')
    >>> parse_layout("circle")
    Traceback (most recent call last):
    ...
    lineage.errors.InvalidParameter: parameter 'layout' must be one of hierarchical, free, not 'circle'
    """
    if value is None or value == "":
        return DEFAULT_LAYOUT
    if value not in LAYOUTS:
        raise InvalidParameter(f"parameter 'layout' must be one of {', '.join(LAYOUTS)}, not {_show(value)}")
    return value


def widened_cap(cap: int, total: int, maximum: int = MAX_GRAPH_CAP) -> int | None:
    """The cap a "widen" link asks for: doubled, at most ``maximum``; None when no wider graph exists.

    >>> widened_cap(100, 1000), widened_cap(600, 1000), widened_cap(8000, 9000), widened_cap(100, 50)
    (200, 1200, None, None)
    """
    if total <= cap or cap >= maximum:
        return None
    return min(cap * 2, maximum)

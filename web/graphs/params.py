"""The graph parameters of an address (``?size=``, ``?layout=``, widening the cap)."""

from __future__ import annotations

import math
import re
import urllib.parse
from typing import Mapping

from lineage import limits
from lineage.errors import InvalidParameter
from lineage.explore import MIN_KEYS, Filters
from lineage.model import MEDIA, REMIX_KINDS, WORK_METRICS
from web import params as web_params


# The graph's settings a page address may carry (lineage-graph.js reads them from the page's data).
VIEW_PARAMS = ("view", "direction", "depth", "cap", "size", "layout", "rank", "per_gen", "more",
               *("medium", "kind", "from", "to", "min"))


def preload_url(graph_url: str, page_args) -> str:
    """The graph address the page's script will ask for, so that the page can preload it.

    lineage-graph.js (``start``) sets each of the view's settings found in the
    page's address on the graph's address with ``URLSearchParams.set``, which
    writes the whole query again, form-encoded: this builds the same text, so
    the browser answers the script's request from the preload.

    >>> preload_url("/works/w1/graph.json", {})
    '/works/w1/graph.json'
    >>> preload_url("/works/w1/graph.json?as_of=2020-01-01", {"cap": "2000", "view": "overview", "hide": "x"})
    '/works/w1/graph.json?as_of=2020-01-01&view=overview&cap=2000'
    >>> preload_url("/works/w1/graph.json", {"min": "descendants:2", "medium": "music,image", "from": "a b~*"})
    '/works/w1/graph.json?medium=music%2Cimage&from=a+b%7E*&min=descendants%3A2'
    """
    changes = [(name, page_args.get(name)) for name in VIEW_PARAMS if page_args.get(name)]
    if not changes:
        return graph_url  # the script leaves an address it did not change as it is
    path, _, query = graph_url.partition("?")
    pairs = urllib.parse.parse_qsl(query, keep_blank_values=True)
    for name, value in changes:
        at = [i for i, (key, _) in enumerate(pairs) if key == name]
        if at:  # set(): the first keeps its place with the new value, the others go
            pairs[at[0]] = (name, value)
            pairs = [pair for i, pair in enumerate(pairs) if i not in at[1:]]
        else:
            pairs.append((name, value))
    return path + "?" + "&".join(f"{_form(k)}={_form(v)}" for k, v in pairs)


def _form(text: str) -> str:
    """application/x-www-form-urlencoded as URLSearchParams writes it (``*`` kept, ``~`` escaped)."""
    return urllib.parse.quote_plus(text, safe="*").replace("~", "%7E")


def page_data(node_cap: int | None = None) -> dict:
    """The numbers and names the page's scripts read (lineage.limits and :data:`VIEW_PARAMS`), not a copy.

    Rendered as ``<script type="application/json" id="lineage-limits">`` by base.html and by the
    standalone file; lineage-graph.js and suggest.js read it. ``node_cap`` is the site's NODE_CAP.

    >>> page_data(900)["node_cap"], page_data()["graph_params"][:2]
    (900, ['view', 'direction'])
    """
    data = {**limits.page_data(), "graph_params": list(VIEW_PARAMS)}
    if node_cap is not None:
        data["node_cap"] = node_cap
    return data


# The focus view's filters in the address: medium=music,image kind=remix from=2012-01-01 to=... min=descendants:5.
FILTER_PARAMS = ("medium", "kind", "from", "to", "min")
MIN_VALUE = re.compile(r"[0-9]{1,12}(?:\.[0-9]{1,12})?")


LAYOUTS = ("hierarchical", "free")


DEFAULT_LAYOUT = "hierarchical"


# "degree" is counted on the drawn graph, so it works before `lineage metrics` ran.
SIZE_METRICS = ("degree", *WORK_METRICS)


DEFAULT_SIZE = "degree"


# Widening the node cap doubles it, at most to the largest lineage answer (the site passes its NODE_CAP).
MAX_GRAPH_CAP = limits.CAP.high


def parse_size(value: str | None) -> str:
    """The size metric named in ``?size=``, from the whitelist.

    >>> parse_size(None), parse_size("pagerank")
    ('degree', 'pagerank')
    >>> parse_size("title")
    Traceback (most recent call last):
    ...
    lineage.errors.InvalidParameter: parameter 'size' must be one of degree, direct_remixes, descendants, ancestors, generation, pagerank, bridge, not 'title'
    """
    return web_params.one_of(value, "size", SIZE_METRICS, DEFAULT_SIZE)


def parse_layout(value: str | None) -> str:
    """The layout named in ``?layout=``.

    >>> parse_layout(None), parse_layout("free")
    ('hierarchical', 'free')
    >>> parse_layout("circle")
    Traceback (most recent call last):
    ...
    lineage.errors.InvalidParameter: parameter 'layout' must be one of hierarchical, free, not 'circle'
    """
    return web_params.one_of(value, "layout", LAYOUTS, DEFAULT_LAYOUT)


def widened_cap(cap: int, total: int, maximum: int = MAX_GRAPH_CAP) -> int | None:
    """The cap a "widen" link asks for: doubled, at most ``maximum``; None when no wider graph exists.

    >>> widened_cap(100, 1000), widened_cap(600, 1000), widened_cap(10_000, 12_000), widened_cap(100, 50)
    (200, 1200, None, None)
    """
    if total <= cap or cap >= maximum:
        return None
    return min(cap * 2, maximum)


def _names(args: Mapping, name: str, allowed: tuple[str, ...]) -> tuple[str, ...]:
    """A comma-separated list of whitelisted names (``medium=music,image``), sorted, each once."""
    raw = web_params.single(args, name)
    if raw is None:
        return ()
    names = [part.strip() for part in raw.split(",") if part.strip()]
    bad = [n for n in names if n not in allowed]
    if bad or not names:
        raise InvalidParameter(f"parameter {name!r} must be one or more of {', '.join(allowed)} joined by commas, "
                               f"not {web_params.quoted(bad[0] if bad else raw)}")
    return tuple(sorted(set(names)))


def parse_filters(args: Mapping) -> tuple[Filters, dict]:
    """The focus view's filters of an address, and their address values (normalised; None when unset).

    >>> from werkzeug.datastructures import MultiDict
    >>> f, address = parse_filters(MultiDict({"medium": "music,image", "min": "descendants:5", "to": "2012-12-31"}))
    >>> f.media, f.min_key, f.min_value, f.date_to
    (('image', 'music'), 'descendants', 5.0, '2012-12-31')
    >>> address
    {'medium': 'image,music', 'kind': None, 'from': None, 'to': '2012-12-31', 'min': 'descendants:5'}
    >>> parse_filters(MultiDict({"medium": "sculpture"}))
    Traceback (most recent call last):
    ...
    lineage.errors.InvalidParameter: parameter 'medium' must be one or more of music, video, writing, image, audio, animation, other joined by commas, not 'sculpture'
    >>> parse_filters(MultiDict({"min": "title:3"}))
    Traceback (most recent call last):
    ...
    lineage.errors.InvalidParameter: parameter 'min' must look like descendants:5 (a metric among direct_remixes, descendants, ancestors, generation, pagerank, bridge, then a number >= 0), not 'title:3'
    >>> parse_filters(MultiDict({"from": "2013-01-01", "to": "2012-01-01"}))
    Traceback (most recent call last):
    ...
    lineage.errors.InvalidParameter: parameter 'from' (2013-01-01) is after 'to' (2012-01-01): the range is empty
    """
    media = _names(args, "medium", MEDIA)
    kinds = _names(args, "kind", REMIX_KINDS)
    start = web_params.single(args, "from")
    end = web_params.single(args, "to")
    start = None if start is None else web_params.parse_date(start, "from")
    end = None if end is None else web_params.parse_date(end, "to")
    if start and end and start > end:
        raise InvalidParameter(f"parameter 'from' ({start}) is after 'to' ({end}): the range is empty")
    key = value = None
    raw = web_params.single(args, "min")
    if raw is not None:
        key, _, number = raw.partition(":")
        if key not in MIN_KEYS or not MIN_VALUE.fullmatch(number) or not math.isfinite(float(number)):
            raise InvalidParameter(f"parameter 'min' must look like descendants:5 (a metric among "
                                   f"{', '.join(MIN_KEYS)}, then a number >= 0), not {web_params.quoted(raw)}")
        value = float(number)
    filters = Filters(media=media, kinds=kinds, date_from=start, date_to=end, min_key=key, min_value=value)
    address = {
        "medium": ",".join(media) or None,
        "kind": ",".join(kinds) or None,
        "from": start,
        "to": end,
        "min": None if key is None else f"{key}:{int(value) if value.is_integer() else value}",
    }
    return filters, address

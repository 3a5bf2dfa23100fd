"""Graph routes: the JSON the graph script draws, and the standalone download.

- ``GET /works/<id>/graph.json?view=&direction=&depth=&as_of=&cap=&size=&layout=&rank=&per_gen=&more=``
  a work's derivation graph: ``view=focus`` (the default) the focus-and-context
  view (:func:`web.graphs.focus_payload`), ``view=overview`` the whole lineage
  (:func:`web.graphs.payload`);
- ``GET /works/<id>/graph.html?...`` the same graph as one self-contained HTML
  file (attachment) that opens offline;
- ``GET /artists/<id>/graph.json?view=&as_of=&layout=&per_gen=&more=`` an artist's influence
  graph: focus-and-context (default, :func:`web.graphs.artist_focus_payload`) or every artist
  (``view=overview``).

Every read goes through ``lineage.api`` in read transactions; bad parameters
are 400, unknown ids 404 (``web/errors.py``).
"""

from __future__ import annotations

import json
import re

from flask import Blueprint, Response, current_app, jsonify, request, url_for

from lineage import explore, limits
from lineage.errors import WorkNotFound
from web import graphs, params, site_data
from web import answer_cache
from web.graphs import focus
from web.db import get_graph

bp = Blueprint("graphs", __name__)

# Nodes drawn when the address names no cap, and most new works one "expand" adds (lineage.limits).
DEFAULT_GRAPH_CAP, EXPAND_CAP = limits.GRAPH_CAP, limits.EXPAND_NODES


@bp.record_once
def _register_assets(state) -> None:
    # The templates link these (the _macros.html graph_head/graph_scripts macros).
    state.app.jinja_env.globals["graph_assets"] = {
        "css": [graphs.VIS_CSS, "css/graph.css"],
        "js": [graphs.VIS_JS, "js/lineage-graph.js"],
    }


@bp.app_context_processor
def _page_data() -> dict:
    # Every page's scripts (suggest.js on all, lineage-graph.js on graph pages) read their limits from it.
    return {"page_data": graphs.params.page_data(node_cap())}


def node_cap() -> int:
    return int(current_app.config.get("NODE_CAP", limits.CAP.default))


VIEWS = ("focus", "overview")


def parse_view(value: str | None) -> str:
    """``?view=``: the focus-and-context view (default) or the whole lineage.

    >>> parse_view(None), parse_view("overview")
    ('focus', 'overview')
    >>> parse_view("map")
    Traceback (most recent call last):
    ...
    lineage.errors.InvalidParameter: parameter 'view' must be one of focus, overview, not 'map'
    """
    return params.one_of(value, "view", VIEWS, VIEWS[0])


def lineage_args() -> dict:
    """The graph parameters of the request, validated (InvalidParameter → 400)."""
    args = request.args
    maximum = node_cap()
    default_cap = min(int(current_app.config.get("GRAPH_CAP", DEFAULT_GRAPH_CAP)), maximum)
    return {
        "view": parse_view(params.single(args, "view")),
        "direction": params.direction(args),
        "depth": params.depth(args),
        "as_of": params.as_of(args),
        "cap": params.integer(args, "cap", 1, maximum, default_cap),
        "size": graphs.parse_size(params.single(args, "size")),
        "layout": graphs.parse_layout(params.single(args, "layout")),
        "rank": focus.parse_rank(params.single(args, "rank")),
        "per_gen": params.integer(args, "per_gen", 1, focus.MAX_PER_GENERATION, focus.PER_GENERATION),
        "more": focus.parse_more(params.single(args, "more")),
        # The focus view's filters, as the address writes them (parsed again where they are applied).
        **graphs.params.parse_filters(args)[1],
    }


def fetch_lineage(work_id: str, wanted: dict) -> dict:
    """What a view draws: the focus view reads its few works per generation and counts (lineage.explore),
    the overview the lineage answer."""
    if wanted["view"] == "focus":
        filters, _ = graphs.params.parse_filters(request.args)
        return answer_cache.kept("focus", lambda: explore.explore(
            get_graph(), work_id, direction=wanted["direction"], depth=wanted["depth"] or focus.FOCUS_DEPTH,
            as_of=wanted["as_of"], rank=wanted["rank"], per_generation=wanted["per_gen"], more=wanted["more"],
            filters=filters), work_id, json.dumps(wanted, sort_keys=True, default=str))
    return site_data.lineage(work_id, direction=wanted["direction"], depth=wanted["depth"], as_of=wanted["as_of"],
                             cap=wanted["cap"])


def draw(answer: dict, wanted: dict, *, url, links: dict | None = None) -> dict:
    """The graph JSON of a lineage answer in the view asked for."""
    if wanted["view"] == "focus":
        return focus.draw_focus(answer, rank=wanted["rank"], per_generation=wanted["per_gen"], more=wanted["more"],
                                size=wanted["size"], work_url=url, links=links)
    return graphs.payload(answer, size=wanted["size"], layout=wanted["layout"], work_url=url, links=links)


def work_url(work_id) -> str:
    return url_for("works.show", work_id=str(work_id))


def graph_links(work_id: str, wanted: dict, total: int) -> dict:
    """Addresses the script follows: widen, download, expand (a template with ``__ID__``)."""
    def address(endpoint: str, wid: str, **changes) -> str:
        values = {**wanted, "more": focus.format_more(wanted["more"]), **changes}
        defaults = {"per_gen": focus.PER_GENERATION, "rank": focus.DEFAULT_RANK, "more": ""}
        query = {k: v for k, v in values.items() if v is not None and defaults.get(k, object()) != v}
        return url_for(endpoint, work_id=wid, **query)

    links = {
        "self": address("graphs.work_graph", work_id),
        "download": address("graphs.work_graph_download", work_id),
        "expand": address("graphs.work_graph", "__ID__", view="overview", direction="both", depth=1,
                          cap=EXPAND_CAP, more=None),
        "page": url_for("works.show", work_id=work_id),
        "overview": address("graphs.work_graph", work_id, view="overview", more=None),
        "focus": address("graphs.work_graph", work_id, view="focus"),
    }
    wider = graphs.widened_cap(wanted["cap"], total, node_cap()) if wanted["view"] == "overview" else None
    if wider:
        links["widen"] = address("graphs.work_graph", work_id, cap=wider)
        links["widen_cap"] = wider
    return links


@bp.get("/works/<path:work_id>/graph.json")
def work_graph(work_id: str):
    work_id = params.identifier(work_id, "work id")
    wanted = lineage_args()
    try:
        answer = fetch_lineage(work_id, wanted)
    except WorkNotFound:
        site_data.work_ref(work_id)  # raises, naming the nearest works (a lookup spared when the id exists)
        raise
    total = max(int(answer.get("total") or 0), len(answer.get("nodes") or []))
    data = draw(answer, wanted, url=work_url, links=graph_links(work_id, wanted, total))
    return jsonify(data)


@bp.get("/works/<path:work_id>/graph.html")
def work_graph_download(work_id: str):
    work_id = site_data.work_ref(work_id)
    wanted = lineage_args()
    data = draw(fetch_lineage(work_id, wanted), wanted, url=None)
    html, csp = graphs.standalone_html(data, heading=data.get("focus_title") or work_id,
                                       subtitle=graphs.standalone_subtitle(work_id, data))
    response = Response(html, mimetype="text/html")
    response.headers["Content-Disposition"] = f'attachment; filename="{download_name(work_id)}"'
    # Its own policy: only its inline scripts (by hash), no request to anywhere.
    response.headers["Content-Security-Policy"] = csp
    return response


@bp.get("/artists/<path:artist_id>/graph.json")
def artist_graph(artist_id: str):
    artist_id = site_data.artist_ref(artist_id)
    args = request.args
    as_of = params.as_of(args)
    view = parse_view(params.single(args, "view"))
    layout = graphs.parse_layout(params.single(args, "layout"))
    per_side = params.integer(args, "per_gen", 1, focus.MAX_PER_GENERATION, focus.PER_GENERATION)
    more = focus.parse_more(params.single(args, "more"))
    influence = site_data.influence(artist_id, as_of=as_of, cap=node_cap(), works=False)
    artist_url = lambda aid: url_for("artists.show", artist_id=str(aid))  # noqa: E731
    links = {"page": url_for("artists.show", artist_id=artist_id)}
    if view == "focus":
        data = graphs.artist_focus_payload(influence, per_side=per_side, more=more, artist_url=artist_url, links=links)
        return jsonify(data)
    data = graphs.artist_payload(influence, artist_url=artist_url, links=links)
    data["view"] = "overview"
    if layout == "free":
        data["options"] = graphs.vis_options(len(data["nodes"]), "free")
        data["layout"] = "free"
    return jsonify(data)


def download_name(work_id: str) -> str:
    """A safe file name for a work's graph.

    >>> download_name("w/1 <é>")
    'lineage-w_1.html'
    """
    safe = re.sub(r"[^A-Za-z0-9._-]+", "_", work_id).strip("._")[:80] or "work"
    return f"lineage-{safe}.html"


__all__ = ["bp"]

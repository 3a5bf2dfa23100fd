"""Graph routes: the JSON the graph script draws, and the standalone download.

- ``GET /works/<id>/graph.json?direction=&depth=&as_of=&cap=&size=&layout=``
  a work's derivation graph (:func:`web.graphs.payload`);
- ``GET /works/<id>/graph.html?...`` the same graph as one self-contained HTML
  file (attachment) that opens offline;
- ``GET /artists/<id>/graph.json?as_of=`` an artist's influence graph.

Every read goes through ``lineage.api`` in read transactions; bad parameters
are 400, unknown ids 404 (``web/errors.py``).
"""

from __future__ import annotations

import re

from flask import Blueprint, Response, current_app, jsonify, request, url_for

from lineage import api
from web import graphs, params
from web.db import get_graph

bp = Blueprint("graphs", __name__)

# Nodes drawn when the address names no cap; widening doubles it up to NODE_CAP.
DEFAULT_GRAPH_CAP = 500
# Most new works one "expand" adds around a node.
EXPAND_CAP = 150


@bp.record_once
def _register_assets(state) -> None:
    # The templates link these (the _macros.html graph_head/graph_scripts macros).
    state.app.jinja_env.globals["graph_assets"] = {
        "css": [graphs.VIS_CSS, "css/graph.css"],
        "js": [graphs.VIS_JS, "js/lineage-graph.js"],
    }


def node_cap() -> int:
    return int(current_app.config.get("NODE_CAP", 2000))


def lineage_args() -> dict:
    """The graph parameters of the request, validated (InvalidParameter → 400)."""
    args = request.args
    maximum = node_cap()
    default_cap = min(int(current_app.config.get("GRAPH_CAP", DEFAULT_GRAPH_CAP)), maximum)
    return {
        "direction": params.direction(args),
        "depth": params.depth(args),
        "as_of": params.as_of(args),
        "cap": params.integer(args, "cap", 1, maximum, default_cap),
        "size": graphs.parse_size(params.single(args, "size")),
        "layout": graphs.parse_layout(params.single(args, "layout")),
    }


def work_url(work_id) -> str:
    return url_for("works.show", work_id=str(work_id))


def graph_links(work_id: str, wanted: dict, total: int) -> dict:
    """Addresses the script follows: widen, download, expand (a template with ``__ID__``)."""
    def address(endpoint: str, wid: str, **changes) -> str:
        values = {**wanted, **changes}
        query = {k: v for k, v in values.items() if v is not None}
        return url_for(endpoint, work_id=wid, **query)

    links = {
        "self": address("graphs.work_graph", work_id),
        "download": address("graphs.work_graph_download", work_id),
        "expand": address("graphs.work_graph", "__ID__", direction="both", depth=1, cap=EXPAND_CAP),
        "page": url_for("works.show", work_id=work_id),
    }
    wider = graphs.widened_cap(wanted["cap"], total, node_cap())
    if wider:
        links["widen"] = address("graphs.work_graph", work_id, cap=wider)
        links["widen_cap"] = wider
    return links


@bp.get("/works/<path:work_id>/graph.json")
def work_graph(work_id: str):
    work_id = params.identifier(work_id, "work id")
    wanted = lineage_args()
    answer = api.lineage(
        get_graph(), work_id,
        direction=wanted["direction"], depth=wanted["depth"], as_of=wanted["as_of"], cap=wanted["cap"],
    ).to_dict()
    total = max(int(answer.get("total") or 0), len(answer.get("nodes") or []))
    data = graphs.payload(
        answer, size=wanted["size"], layout=wanted["layout"], work_url=work_url,
        links=graph_links(work_id, wanted, total),
    )
    return jsonify(data)


@bp.get("/works/<path:work_id>/graph.html")
def work_graph_download(work_id: str):
    work_id = params.identifier(work_id, "work id")
    wanted = lineage_args()
    html, csp, _ = graphs.render_work_standalone(get_graph(), work_id, **wanted)
    response = Response(html, mimetype="text/html")
    response.headers["Content-Disposition"] = f'attachment; filename="{download_name(work_id)}"'
    # Its own policy: only its inline scripts (by hash), no request to anywhere.
    response.headers["Content-Security-Policy"] = csp
    return response


@bp.get("/artists/<path:artist_id>/graph.json")
def artist_graph(artist_id: str):
    artist_id = params.identifier(artist_id, "artist id")
    as_of = params.as_of(request.args)
    layout = graphs.parse_layout(params.single(request.args, "layout"))
    influence = api.artist_influence(get_graph(), artist_id, as_of=as_of, cap=node_cap())
    data = graphs.artist_payload(
        influence,
        artist_url=lambda aid: url_for("artists.show", artist_id=str(aid)),
        links={"page": url_for("artists.show", artist_id=artist_id)},
    )
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

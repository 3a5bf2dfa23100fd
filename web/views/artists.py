"""Artist pages."""

from __future__ import annotations

from flask import Blueprint, render_template, request, url_for

from lineage.model import ARTIST_METRICS
from web import graphs, params, site_data

bp = Blueprint("artists", __name__)


@bp.get("/artists/<path:artist_id>")
def show(artist_id: str):
    artist_id = site_data.artist_ref(artist_id)
    as_of = params.as_of(request.args)
    page = site_data.artist_page(artist_id, as_of=as_of)
    # The influence graph's JSON is served by web.graphs under the artist's address.
    graph_url = url_for("artists.show", artist_id=artist_id) + "/graph.json" + (f"?as_of={as_of}" if as_of else "")
    return render_template("artist.html", as_of=as_of, artist_metric_names=ARTIST_METRICS,
                           graph_url=graph_url, graph_preload=graphs.preload_url(graph_url, request.args), **page)

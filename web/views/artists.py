"""Artist pages."""

from __future__ import annotations

from flask import Blueprint, render_template, request

from lineage.model import ARTIST_METRICS
from web import params, site_data

bp = Blueprint("artists", __name__)


@bp.get("/artists/<path:artist_id>")
def show(artist_id: str):
    artist_id = params.identifier(artist_id, "artist id")
    as_of = params.as_of(request.args)
    page = site_data.artist_page(artist_id, as_of=as_of)
    return render_template("artist.html", as_of=as_of, artist_metric_names=ARTIST_METRICS, **page)

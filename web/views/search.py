"""Search: works and artists in one ranked list (lineage/search.py), with a filter to one kind."""

from __future__ import annotations

from flask import Blueprint, render_template, request

from lineage.search import MAX_QUERY_CHARS
from web import params, site_data

bp = Blueprint("search", __name__)


@bp.get("/search")
def index():
    q = params.text(request.args, "q", max_len=MAX_QUERY_CHARS)
    kind = params.choice(request.args, "kind", site_data.SEARCH_KINDS, "all")
    page = params.page(request.args)
    result = site_data.search(q, kind, page) if q else None
    return render_template("search.html", q=q or "", kind=kind, page=page, result=result)

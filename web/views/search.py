"""Search: works by title, artists by handle or name (full-text indexes)."""

from __future__ import annotations

from flask import Blueprint, render_template, request

from web import params, site_data

bp = Blueprint("search", __name__)


@bp.get("/search")
def index():
    q = params.text(request.args, "q")
    kind = params.choice(request.args, "kind", site_data.SEARCH_KINDS, "works")
    page = params.page(request.args)
    result = site_data.search(q, kind, page) if q else None
    return render_template("search.html", q=q or "", kind=kind, page=page, result=result)

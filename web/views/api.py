"""The JSON API under /api/ (documented in web/openapi.py, served at /api/openapi.json)."""

from __future__ import annotations

from flask import Blueprint, jsonify, request

from web import openapi, params, site_data

bp = Blueprint("api", __name__, url_prefix="/api")


@bp.get("/openapi.json")
def openapi_document():
    return jsonify(openapi.document())


@bp.get("/stats")
def stats():
    return jsonify(site_data.stats())


@bp.get("/search")
def search():
    q = params.text(request.args, "q", required=True)
    kind = params.choice(request.args, "kind", site_data.SEARCH_KINDS, "works")
    page = params.page(request.args)
    return jsonify(site_data.search(q, kind, page))

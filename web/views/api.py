"""The JSON API under /api/ (documented in web/openapi.py, served at /api/openapi.json).

Errors come back as ``{"error": {"status", "message"}}`` (web/errors.py):
400 bad parameter, 403 refused write, 404 unknown id, 413/414 too large,
415 not JSON, 503 Neo4j down, 504 query timeout.
"""

from __future__ import annotations

import functools
import re

from flask import Blueprint, current_app, jsonify, request
from werkzeug.exceptions import UnsupportedMediaType

from lineage import api, limits
from lineage.errors import InvalidParameter
from lineage.search import MAX_QUERY_CHARS
from web import console_support, openapi, params, site_data

bp = Blueprint("api", __name__, url_prefix="/api")


@functools.cache
def accepted_parameters() -> dict[str, tuple[str, ...]]:
    """The query parameters each /api route takes, read from the OpenAPI document (the one list)."""
    accepted = {}
    for path, operations in openapi.document()["paths"].items():
        for method, operation in operations.items():
            accepted[(path, method.upper())] = tuple(
                p["name"] for p in operation.get("parameters", []) if p["in"] == "query")
    return accepted


@bp.before_app_request
def refuse_unknown_parameters() -> None:
    """A parameter no /api route knows is a 400 naming it and the accepted ones, never silently ignored."""
    rule = request.url_rule
    if rule is None or not rule.rule.startswith("/api/"):
        return
    path = re.sub(r"<(?:[a-z]+:)?([a-z_]+)>", r"{\1}", rule.rule)
    method = "GET" if request.method == "HEAD" else request.method
    accepted = accepted_parameters().get((path, method))
    if accepted is None:
        return
    unknown = sorted(set(request.args) - set(accepted))
    if unknown:
        takes = ", ".join(accepted) if accepted else "no query parameters"
        raise InvalidParameter(f"unknown parameter {unknown[0]!r} for {path}; it takes {takes}")

TOP_LIMIT = limits.TOP_LIMIT


@bp.get("/openapi.json")
def openapi_document():
    return jsonify(openapi.document())


@bp.get("/stats")
def stats():
    data = site_data.overview()
    return jsonify({
        "counts": data["stats"],
        "works_per_month": data["works_per_month"],
        "generations": data["generations"],
    })


@bp.get("/search")
def search():
    q = params.text(request.args, "q", max_len=MAX_QUERY_CHARS, required=True)
    kind = params.choice(request.args, "kind", site_data.SEARCH_KINDS, "all")
    page = params.page(request.args)
    return jsonify(site_data.search(q, kind, page))


@bp.get("/suggest")
def suggest():
    q = params.text(request.args, "q", max_len=MAX_QUERY_CHARS, required=True)
    kind = params.choice(request.args, "kind", site_data.SEARCH_KINDS, "all")
    return jsonify(site_data.suggest(q, kind))


@bp.get("/works/<path:work_id>")
def work(work_id: str):
    return jsonify(site_data.work(site_data.work_ref(work_id)))


@bp.get("/works/<path:work_id>/lineage")
def work_lineage(work_id: str):
    work_id = site_data.work_ref(work_id)
    answer = site_data.lineage(
        work_id,
        direction=params.direction(request.args),
        depth=params.depth(request.args),
        as_of=params.as_of(request.args),
        cap=params.cap(request.args, int(current_app.config["NODE_CAP"])),
    )
    return jsonify(answer)


@bp.get("/works/<path:work_id>/connection")
def work_connection(work_id: str):
    """How this work is connected to ``?to=``: the shortest chain either way and the shared sources."""
    work_id = params.identifier(work_id, "work id")
    other = params.text(request.args, "to", max_len=params.MAX_ID, required=True)
    return jsonify(site_data.connection(work_id, other))


@bp.get("/works/<path:work_id>/credit")
def work_credit(work_id: str):
    work_id = site_data.work_ref(work_id)
    answer = site_data.credit(
        work_id,
        keep=params.keep(request.args),
        amount=params.amount(request.args),
        as_of=params.as_of(request.args),
    )
    return jsonify(answer)


@bp.get("/artists/<path:artist_id>")
def artist(artist_id: str):
    return jsonify(site_data.artist(site_data.artist_ref(artist_id)))


@bp.get("/artists/<path:artist_id>/influence")
def artist_influence(artist_id: str):
    artist_id = site_data.artist_ref(artist_id)
    answer = site_data.influence(
        artist_id,
        as_of=params.as_of(request.args),
        cap=params.cap(request.args, int(current_app.config["NODE_CAP"])),
    )
    return jsonify(answer)


@bp.get("/metrics/top")
def metrics_top():
    kind = params.choice(request.args, "kind", api.TOP_KINDS, "works")
    metric = params.text(request.args, limits.METRIC, max_len=40)
    limit = params.integer(request.args, TOP_LIMIT.name, TOP_LIMIT.low, TOP_LIMIT.high, TOP_LIMIT.default)
    return jsonify(site_data.top(kind, metric, limit))


@bp.get("/queries")
def example_queries():
    return jsonify({"queries": console_support.examples()})


@bp.post("/console")
def console():
    if not request.is_json:
        raise UnsupportedMediaType('send the query as JSON: Content-Type: application/json, {"query": "...", "params": {}}')
    try:
        body = request.get_json(silent=True)
    except RecursionError:  # json gives up on very deep nesting with this, not a ValueError
        raise InvalidParameter("the body nests lists or objects too deeply to read") from None
    if not isinstance(body, dict):
        raise InvalidParameter('the body must be a JSON object: {"query": "MATCH ... RETURN ...", "params": {}}')
    query = console_support.check_query(body.get("query"))
    query_params = console_support.check_params(body.get("params"))
    return jsonify(console_support.run(query, query_params))

"""The read-only Cypher console (/console).

GET shows the editor, and runs the query when the address holds one
(``/console?query=...&params=...``, the link the page's permalink button
copies); POST (the form, so it works without JavaScript) runs the query and
shows the result, or sends it as a CSV or JSON download. The page script
(static/js/console.js) runs queries through /api/console in place. Every way,
the query runs through lineage.console.run_readonly.
"""

from __future__ import annotations

import json
from types import SimpleNamespace
from urllib.parse import urlencode

from flask import Blueprint, Response, current_app, jsonify, render_template, request, url_for

from lineage.errors import DatabaseUnavailable, LineageError
from web import console_support, guards, params

bp = Blueprint("console", __name__)

FORMATS = ("html", "csv", "json")
FOREIGN_LINK = ("This link came from another site, so the query was not run: read it, then press Run.")


@bp.record_once
def _register_globals(state) -> None:
    # What the result templates (_console.html) ask of a value.
    state.app.jinja_env.globals["console"] = SimpleNamespace(
        kind=console_support.kind, caption=console_support.caption, has_graph=console_support.has_graph)
    state.app.jinja_env.globals["console_assets"] = {"editor_js": console_support.EDITOR_JS,
                                                     "editor_css": console_support.EDITOR_CSS}


@bp.get("/console")
def index():
    args = request.args
    if "query" in args:  # a link to a query runs it, unless another site's page sent the browser here
        if _from_another_site():
            return _page(args.get("query", ""), args.get("params", ""), notice=FOREIGN_LINK)
        return _answer(args.get("query", ""), args.get("params", ""), "html")
    name = params.text(args, "example", max_len=80)
    chosen = next((e for e in console_support.examples() if e["name"] == name), None)
    query = chosen["text"] if chosen else ""
    params_text = json.dumps(chosen["params"]) if chosen and chosen["params"] else ""
    return _page(query, params_text)


@bp.get("/console/schema.json")
def schema():
    """The schema panel's and the editor's facts about the database (web.console_support.schema)."""
    return jsonify(console_support.schema())


@bp.post("/console")
def run():
    form = request.form
    return _answer(form.get("query", ""), form.get("params", ""), params.choice(form, "format", FORMATS, "html"))


def _from_another_site() -> bool:
    # As cross-site POSTs are refused (web.guards), a cross-site link only fills the editor: another
    # site's page (an <img>, a link) cannot make a visitor's browser spend the console's slots.
    fetch_site = request.headers.get("Sec-Fetch-Site")
    return fetch_site is not None and fetch_site.lower() not in guards.SAME_ORIGIN_FETCH


def permalink(query_text: str, params_text: str) -> str:
    """The address that reruns a query: ``/console?query=...`` (and ``&params=...`` when there are some)."""
    pairs = [("query", query_text)] + ([("params", params_text)] if params_text.strip() else [])
    return url_for("console.index") + "?" + urlencode(pairs)


def _page(query_text: str, params_text: str, **context):
    context.setdefault("result", None)
    context.setdefault("error", None)
    context.setdefault("notice", None)
    return render_template("console.html", examples=console_support.examples(), query=query_text,
                           params_text=params_text, permalink=permalink(query_text, params_text),
                           caption_keys=console_support.CAPTION_KEYS, **context)


def _answer(query_text: str, params_text: str, fmt: str):
    try:
        query = console_support.check_query(query_text)
        query_params = console_support.parse_params_text(params_text)
        result = console_support.run(query, query_params)
    except DatabaseUnavailable:
        raise  # the site-wide 503 page (and reconnect)
    except LineageError as err:
        if fmt != "html":
            raise
        page = _page(query_text, params_text, error={"status": err.http_status, "message": str(err)})
        return page, err.http_status
    if fmt == "csv":
        return _download(console_support.to_csv(result["columns"], result["rows"]), "text/csv", "result.csv")
    body = {k: v for k, v in result.items() if k != "graph"}
    if fmt == "json":
        return _download(current_app.json.dumps(body, indent=2), "application/json", "result.json")
    rows = [console_support.row_values(result["columns"], r) for r in result["rows"]]
    shown = current_app.json.dumps(body, indent=2)
    if len(shown) > console_support.JSON_VIEW_MAX:  # the page would carry the answer twice
        shown = None
    return _page(query_text, params_text, result=result, rows=rows, result_json=shown)


def _download(text: str, mimetype: str, filename: str) -> Response:
    response = Response(text, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response

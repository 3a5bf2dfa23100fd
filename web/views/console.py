"""The read-only Cypher console (/console).

GET shows the editor; POST (the form, so it works without JavaScript) runs
the query and shows the table, or sends the result as a CSV or JSON download.
The page script (static/js/console.js) runs queries through /api/console in
place. Either way the query runs through lineage.console.run_readonly.
"""

from __future__ import annotations

import json

from flask import Blueprint, Response, current_app, render_template, request

from lineage.errors import DatabaseUnavailable, LineageError
from web import console_support, params

bp = Blueprint("console", __name__)

FORMATS = ("html", "csv", "json")


@bp.get("/console")
def index():
    name = params.text(request.args, "example", max_len=80)
    examples = console_support.examples()
    chosen = next((e for e in examples if e["name"] == name), None)
    query = chosen["text"] if chosen else ""
    params_text = json.dumps(chosen["params"]) if chosen and chosen["params"] else ""
    return render_template("console.html", examples=examples, query=query, params_text=params_text,
                           result=None, error=None)


@bp.post("/console")
def run():
    form = request.form
    query_text = form.get("query", "")
    params_text = form.get("params", "")
    fmt = params.choice(form, "format", FORMATS, "html")
    examples = console_support.examples()
    try:
        query = console_support.check_query(query_text)
        query_params = console_support.parse_params_text(params_text)
        result = console_support.run(query, query_params)
    except DatabaseUnavailable:
        raise  # the site-wide 503 page (and reconnect)
    except LineageError as err:
        if fmt != "html":
            raise
        page = render_template("console.html", examples=examples, query=query_text, params_text=params_text,
                               result=None, error={"status": err.http_status, "message": str(err)})
        return page, err.http_status
    if fmt == "csv":
        return _download(console_support.to_csv(result["columns"], result["rows"]), "text/csv", "result.csv")
    if fmt == "json":
        body = {k: v for k, v in result.items() if k != "graph"}
        return _download(current_app.json.dumps(body, indent=2), "application/json", "result.json")
    rows = [console_support.row_values(result["columns"], r) for r in result["rows"]]
    return render_template("console.html", examples=examples, query=query_text, params_text=params_text,
                           result=result, rows=rows, error=None)


def _download(text: str, mimetype: str, filename: str) -> Response:
    response = Response(text, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response

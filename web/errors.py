"""Errors to responses, in one place; security headers on every response.

- :class:`~lineage.errors.LineageError` subclasses carry their HTTP status
  (``http_status``): 400 bad parameter, 403 refused write, 404 unknown id,
  409 cycle, 429 too many console queries at once, 503 Neo4j down, 504 query
  timeout (a console query, or a page past PAGE_QUERY_TIMEOUT).
- Werkzeug's HTTP errors (404 unknown route, 405, 413, 414...) keep their status.
- Anything else is a 500 with a generic message (the details go to the log,
  never to the browser).

Under ``/api/`` the answer is JSON ``{"error": {"status": ..., "message": ...}}``;
elsewhere it is the HTML error page.
"""

from __future__ import annotations

import logging

from flask import Flask, Response, jsonify, render_template, request
from neo4j.exceptions import ClientError, ServiceUnavailable, SessionExpired
from werkzeug.exceptions import HTTPException, RequestURITooLarge

from lineage.errors import DatabaseUnavailable, LineageError
from web.db import reset_graph, timed_out

log = logging.getLogger(__name__)

# Longest query string accepted; longer ones get 414 before any view runs.
MAX_QUERY_STRING = 8 * 1024

SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; "
        # vis-network sets inline styles on the elements it draws.
        "style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self'; "
        "connect-src 'self'; object-src 'none'; frame-ancestors 'none'; "
        "base-uri 'self'; form-action 'self'"
    ),
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
}

UNAVAILABLE = "the graph database (Neo4j) is not answering; try again in a few seconds"

TITLES = {
    400: "Bad request",
    403: "Refused",
    404: "Not found",
    405: "Method not allowed",
    409: "Conflict",
    413: "Request too large",
    414: "Address too long",
    415: "Unsupported media type",
    429: "Too many queries",
    500: "Server error",
    503: "Database unavailable",
    504: "Query timed out",
}


def wants_json() -> bool:
    return request.path.startswith("/api/") or request.path == "/api"


def error_response(status: int, message: str) -> Response:
    """The one shape of an error: JSON under /api/, the HTML error page elsewhere."""
    if wants_json():
        response = jsonify({"error": {"status": status, "message": message}})
    else:
        response = Response(
            render_template("error.html", status=status, title=TITLES.get(status, "Error"), message=message),
            mimetype="text/html",
        )
    response.status_code = status
    if status in (429, 503):
        response.headers["Retry-After"] = "5"
    return response


def handle_lineage_error(err: LineageError) -> Response:
    if isinstance(err, DatabaseUnavailable):
        reset_graph()  # reconnect on the next request
        # The detail names the server; it goes to the log, not to the browser.
        log.warning("database unavailable on %s: %s", request.path, err)
        return error_response(503, UNAVAILABLE)
    return error_response(err.http_status, str(err))


def handle_driver_outage(err: Exception) -> Response:
    # A connection lost outside lineage.db's translation (mid-stream, in a session).
    reset_graph()
    log.warning("database connection lost on %s: %s", request.path, err)
    return error_response(503, UNAVAILABLE)


def handle_driver_client_error(err: ClientError) -> Response:
    # A page's read stopped by Neo4j at its transaction timeout (PAGE_QUERY_TIMEOUT) outside web.db's PageGraph.
    if timed_out(err):
        return error_response(504, "this page's query ran past the site's time limit and was stopped; ask for less")
    return handle_unexpected(err)


def handle_http_error(err: HTTPException) -> Response:
    status = err.code or 500
    message = err.description or TITLES.get(status, "error")
    response = error_response(status, message)
    if status == 405 and getattr(err, "valid_methods", None):
        response.headers["Allow"] = ", ".join(err.valid_methods)
    return response


def handle_unexpected(err: Exception) -> Response:
    log.exception("unhandled error on %s %s", request.method, request.path)
    return error_response(500, "the server met an unexpected error; it has been logged")


def refuse_long_query_strings() -> None:
    if len(request.query_string) > MAX_QUERY_STRING:
        raise RequestURITooLarge(
            f"the query string is {len(request.query_string)} bytes; at most {MAX_QUERY_STRING} are accepted"
        )


def add_security_headers(response: Response) -> Response:
    for name, value in SECURITY_HEADERS.items():
        # A view may set its own policy (the standalone graph download does).
        response.headers.setdefault(name, value)
    return response


def init_app(app: Flask) -> None:
    app.register_error_handler(LineageError, handle_lineage_error)
    app.register_error_handler(ServiceUnavailable, handle_driver_outage)
    app.register_error_handler(SessionExpired, handle_driver_outage)
    app.register_error_handler(ClientError, handle_driver_client_error)
    app.register_error_handler(HTTPException, handle_http_error)
    app.register_error_handler(Exception, handle_unexpected)
    app.before_request(refuse_long_query_strings)
    app.after_request(add_security_headers)


__all__ = ["error_response", "init_app", "SECURITY_HEADERS", "MAX_QUERY_STRING"]

"""Static files addressed by their content, so a browser keeps them instead of asking again on every page.

``url_for("static", filename=...)`` adds ``v``, a digest of the file's bytes
(``/static/js/lineage-graph.js?v=3f2a9c01d4e5``). A request carrying the file's
current digest is answered with ``Cache-Control: public, max-age=31536000,
immutable``: a changed file has a new address, so nothing stale is kept. Any
other request for a static file (no ``v``, or a digest of an older file) is
answered as before, ``no-cache``: revalidated each time.

Without this, every page asked for its six scripts and styles again (six 304s
a page, each answered by the site's own threads, and across a network each a
round trip before the page's scripts may run).
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from flask import Flask, request

YEAR_SECONDS = 365 * 24 * 3600
DIGEST_CHARS = 12
_DIGESTS = "lineage_static_digests"


def digest(app: Flask, filename: str) -> str | None:
    """The digest of a static file's bytes (None for no such file), computed again only when the file changes."""
    path = Path(app.static_folder or "") / filename
    try:
        stat = path.stat()
    except (OSError, ValueError):
        return None
    key = (filename, stat.st_mtime_ns, stat.st_size)
    known = app.extensions.setdefault(_DIGESTS, {})
    if key not in known:
        try:
            known[key] = hashlib.sha256(path.read_bytes()).hexdigest()[:DIGEST_CHARS]
        except OSError:
            return None
    return known[key]


def init_app(app: Flask) -> None:
    @app.url_defaults
    def add_digest(endpoint: str, values: dict) -> None:
        if endpoint == "static" and "filename" in values and "v" not in values:
            found = digest(app, values["filename"])
            if found:
                values["v"] = found

    @app.after_request
    def keep_addressed_files(response):
        if request.endpoint != "static" or response.status_code not in (200, 304):
            return response
        wanted = request.args.get("v")
        filename = (request.view_args or {}).get("filename")
        if wanted and filename and wanted == digest(app, filename):
            response.cache_control.no_cache = None
            response.cache_control.public = True
            response.cache_control.max_age = YEAR_SECONDS
            response.cache_control.immutable = True
        return response


__all__ = ["init_app", "digest", "YEAR_SECONDS"]

"""The Remix Lineage Explorer web site (Flask).

``create_app`` is the application factory (the Flask tutorial way): settings
in ``app.config``, the Neo4j handle opened lazily by :mod:`web.db`, errors
mapped to responses in :mod:`web.errors`, one blueprint per page group in
:mod:`web.views`.

Config keys
-----------
LINEAGE_SETTINGS
    A :class:`lineage.config.Settings` (default: ``lineage.config.from_env()``).
NODE_CAP
    Most nodes a graph page or lineage answer draws (default 2000).
LIST_CAP
    Most entries an HTML page lists of one kind, e.g. an artist's works or
    the artists they reached (default 200; the counts stay whole, and the
    JSON API lists up to NODE_CAP).
QUERY_TIMEOUT
    Seconds a console query may run (default 10).
DB_DRIVER_OPTIONS
    Options for the Neo4j driver (short retry and connection timeouts).
ROW_CAP
    Most rows a console query returns (default 1000).
CONSOLE_MAX_BYTES
    Most bytes of answer a console query returns (default 4 MiB); the rows
    stop there and the answer says ``truncated`` with the reason.
CONSOLE_QUERIES
    Console queries running at once (default 2); more are refused with 429.
    A query past its timeout counts until Neo4j has really finished it, so
    hostile queries hold at most this many of Neo4j's threads and as many
    of the site's (each for at most QUERY_TIMEOUT and a second).
PAGE_QUERY_TIMEOUT
    Seconds the queries of one page may take in all (default 30): each read
    gets what is left as its transaction timeout, a read that ends past it
    (its rows took the time) is stopped there too, and a page past it is a
    504 with a message.
PAGE_CREDIT_CAP
    Most ancestors the work page's credit panel splits credit among
    (default 5,000); beyond it the panel says so and points to ``lineage
    credit`` and the JSON API, which go to ``lineage.limits.MAX_ANCESTORS``.
    The split is Python work after the read, which the deadline cannot cut
    short: this cap is what bounds it (about a second on 2 cores).
ANSWER_CACHE_MIB
    MiB of answers kept while the graph is unchanged (default 256; 0 keeps
    none): the pages, the JSON and the graphs of works and artists are
    gathered once per version of the database (see :mod:`web.answer_cache`).
ALLOWED_HOSTS
    Host names the site answers to (default: the loopback names; ``lineage
    serve`` adds the address it binds and its ``--allowed-host`` names).
    Any other Host header is a 400 (see :mod:`web.guards`).
"""

from __future__ import annotations

from flask import Flask

from lineage import limits
from lineage.config import from_env
from web.guards import LOOPBACK_NAMES, host_name

DEFAULTS = {
    "ALLOWED_HOSTS": LOOPBACK_NAMES,
    "NODE_CAP": limits.CAP.default,
    "LIST_CAP": 200,
    "QUERY_TIMEOUT": limits.CONSOLE_TIMEOUT,
    "ROW_CAP": limits.SITE_CONSOLE_ROWS,
    "CONSOLE_MAX_BYTES": limits.SITE_CONSOLE_BYTES,
    "CONSOLE_QUERIES": 2,
    "PAGE_QUERY_TIMEOUT": 30.0,
    "PAGE_CREDIT_CAP": 5000,
    "PAGE_SIZE": 20,
    # A console query with its parameters fits easily; anything larger is refused (413).
    "MAX_CONTENT_LENGTH": 256 * 1024,
    "MAX_FORM_MEMORY_SIZE": 256 * 1024,
    # A page answers 503 within seconds when Neo4j goes away, instead of the
    # driver retrying for its default 30 s.
    "DB_DRIVER_OPTIONS": {
        "max_transaction_retry_time": 2.0,
        "connection_timeout": 5.0,
        "connection_acquisition_timeout": 10.0,
    },
    # Answers kept while the graph is unchanged (web/answer_cache.py): the heavy pages and the home page's
    # whole-graph figures. An artist's influence at cap 2,000 is about 1 MiB.
    "ANSWER_CACHE_MIB": 256,
    # An artist or a lineage as of a day walked over the graph's arrays, read once per version of the graph
    # (web/reach_index.py) when the graph has at most so many works; 0: never.
    "REACH_INDEX_MAX_WORKS": limits.REACH_INDEX_MAX_WORKS,
}


def create_app(test_config: dict | None = None) -> Flask:
    """Build the site. ``test_config`` overrides the defaults (and the environment)."""
    from web.jsonio import SiteJSONProvider

    app = Flask(__name__)
    # Ids may hold slashes (/works/a//b); merging them would redirect (308) to another id.
    app.url_map.merge_slashes = False
    app.json = SiteJSONProvider(app)
    app.config.from_mapping(DEFAULTS)
    if test_config:
        app.config.update(test_config)
    app.config["ALLOWED_HOSTS"] = tuple(host_name(h) for h in app.config["ALLOWED_HOSTS"])
    if app.config.get("LINEAGE_SETTINGS") is None:
        app.config["LINEAGE_SETTINGS"] = from_env()

    from web import answer_cache, assets, db, errors, filters, guards, reach_index
    from web.views import register_blueprints

    db.init_app(app)
    answer_cache.init_app(app)
    reach_index.init_app(app)
    errors.init_app(app)
    guards.init_app(app)
    filters.init_app(app)
    assets.init_app(app)
    register_blueprints(app)
    return app


__all__ = ["create_app"]

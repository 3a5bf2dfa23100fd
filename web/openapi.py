"""The OpenAPI 3 description of /api/, served at /api/openapi.json.

Kept by hand next to web/views/api.py; tests/test_web_api.py checks that every
documented path is a route and every /api route is documented.
"""

from __future__ import annotations

from lineage import api
from lineage.model import ARTIST_METRICS, WORK_METRICS
from lineage.limits import (CAP as _CAP, CONNECTION_SHARED_LIMIT, DEFAULT_DIRECTION, DEPTH, DIRECTIONS, MAX_PAGE,
                            SEARCH_CHARS as MAX_QUERY_CHARS, SUGGEST_LIMIT, SUGGEST_MIN_CHARS, TOP_LIMIT)
from lineage.search import KINDS as SEARCH_KINDS, TIERS

CAP_DEFAULT = _CAP.default


def _ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def _param(name: str, where: str, schema: dict, description: str, required: bool = False) -> dict:
    param = {"name": name, "in": where, "required": required or where == "path",
             "description": description, "schema": schema}
    if where == "query" and not required:
        # The site's forms send empty fields: an optional parameter left blank means absent.
        param["allowEmptyValue"] = True
    return param


def _json(schema: dict, description: str) -> dict:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


ERROR = {"$ref": "#/components/responses/Error"}

# Text parameters never hold a NUL character (web/params.py refuses it with a 400).
NO_NUL = "^[^\\u0000]*$"
# A console query holds something besides white space (blank is a 400, web/console_support.check_query);
# \s as Python's re reads it is what str.strip() removes.
NOT_BLANK_NO_NUL = "^[^\\u0000]*[^\\s\\u0000][^\\u0000]*$"

WORK_ID = _param("work_id", "path", {"type": "string", "minLength": 1, "maxLength": 300, "pattern": NO_NUL},
                 "The work's id (may hold slashes and any Unicode); an unknown one is a 404 naming the nearest.")
ARTIST_ID = _param("artist_id", "path", {"type": "string", "minLength": 1, "maxLength": 300, "pattern": NO_NUL},
                   "The artist's id or exact handle (may hold slashes and any Unicode); an unknown one is a 404 "
                   "naming the nearest.")
AS_OF = _param("as_of", "query", {"type": "string", "format": "date"},
               "Show things as they stood on this day (YYYY-MM-DD; must exist). "
               "Works created later are left out; undated works are kept. "
               "For a work's lineage or credit, a day before the work was created is a 400.")
CAP = _param("cap", "query", {"type": "integer", "minimum": _CAP.low, "maximum": _CAP.high},
             f"Most works returned (the nearest first; the work itself counts); default {CAP_DEFAULT}.")


SEARCH_Q = _param("q", "query", {"type": "string", "minLength": 1, "maxLength": MAX_QUERY_CHARS, "pattern": NO_NUL},
                  "Words, a handle or an id (Lucene's special characters are searched as text); only white "
                  "space is a 400.", required=True)
SEARCH_KIND = _param("kind", "query", {"type": "string", "enum": list(SEARCH_KINDS), "default": "all"},
                     "Works, artists, or both in one list.")


def _errors(*codes: int) -> dict:
    return {str(code): ERROR for code in codes}


def document() -> dict:
    """The OpenAPI document (a fresh dict each time)."""
    doc = _document()
    doc["paths"].update(_payout_paths())
    for operations in doc["paths"].values():
        for operation in operations.values():
            # web/errors.py refuses any query string over 8 KB before the view runs.
            operation["responses"].setdefault("414", ERROR)
    return doc


def _document() -> dict:
    return {
        "openapi": "3.0.3",
        "info": {
            "title": "Remix Lineage Explorer API",
            "version": "0.1.0",
            "description": (
                "Read the remix graph: works, artists, lineages, credit splits, search, metrics, "
                "and a read-only Cypher console. Errors are JSON {\"error\": {\"status\", \"message\"}}: "
                "400 bad parameter, 403 refused write, 404 unknown id, 503 Neo4j unavailable, "
                "504 query timeout, 414 query string over 8 KB. A parameter given twice is a 400. "
                "Query values are read with surrounding white space removed; one left blank counts as absent."
            ),
        },
        "paths": {
            "/api/openapi.json": {"get": {
                "summary": "This document.", "operationId": "openapi",
                "responses": {"200": _json({"type": "object"}, "The OpenAPI document.")},
            }},
            "/api/stats": {"get": {
                "summary": "The dataset at a glance: counts, works per month, works per generation.",
                "operationId": "stats",
                "responses": {"200": _json(_ref("Stats"), "Figures of the whole graph."), **_errors(503, 504)},
            }},
            "/api/search": {"get": {
                "summary": "Works and artists in one ranked list: titles, handles, names and ids, forgiving "
                           "(prefixes, parts of handles, one or two typos a word), 20 per page.",
                "description": (
                    "Order: an exact title, handle, name or id first; then a handle or id starting with q, or a "
                    "title matching word for word; then the words as a phrase in order (or word for word with "
                    "typos); then all "
                    "words; then some. Ties go to the more influential (descendants, then PageRank; for an "
                    "artist, works derived from theirs, then influence). Each item has kind (work or artist) "
                    "and match (exact, starts, phrase, all words, some words, other)."),
                "operationId": "search",
                "parameters": [SEARCH_Q, SEARCH_KIND,
                               _param("page", "query", {"type": "integer", "minimum": 1, "maximum": MAX_PAGE,
                                                        "default": 1}, "1-based page."),
                               ],
                "responses": {"200": _json(_ref("SearchResult"), "One page of matches."), **_errors(400, 503, 504)},
            }},
            "/api/suggest": {"get": {
                "summary": f"Suggestions for text being typed: the best {SUGGEST_LIMIT} works and artists, "
                           "with a one-line detail (medium and date; handle and works count).",
                "description": (f"Fewer than {SUGGEST_MIN_CHARS} characters give no items. Ranked as /api/search, "
                                "the last word taken as a prefix (it is still being typed)."),
                "operationId": "suggest",
                "parameters": [SEARCH_Q, SEARCH_KIND],
                "responses": {"200": _json(_ref("Suggestions"), "The suggestions."), **_errors(400, 503)},
            }},
            "/api/works/{work_id}": {"get": {
                "summary": "Everything about one work: properties, metrics, contributors, sources, remixes.",
                "operationId": "work",
                "parameters": [WORK_ID],
                "responses": {"200": _json(_ref("WorkDetails"), "The work."), **_errors(400, 404, 503, 504)},
            }},
            "/api/works/{work_id}/lineage": {"get": {
                "summary": "The works a work derives from (up), the works derived from it (down), or both.",
                "operationId": "lineage",
                "parameters": [
                    WORK_ID,
                    _param("direction", "query",
                           {"type": "string", "enum": list(DIRECTIONS), "default": DEFAULT_DIRECTION},
                           "up: sources; down: remixes; both."),
                    _param("depth", "query", {"type": "integer", "minimum": DEPTH.low, "maximum": DEPTH.high},
                           "Generations to follow (all when absent)."),
                    AS_OF,
                    CAP,
                ],
                "responses": {"200": _json(_ref("Lineage"), "The lineage."), **_errors(400, 404, 503, 504)},
            }},
            "/api/works/{work_id}/connection": {"get": {
                "summary": "How a work is connected to another: the shortest derivation chain between them "
                           "(either way) and the sources they share (what `lineage path` and `lineage common` print).",
                "operationId": "connection",
                "parameters": [
                    WORK_ID,
                    _param("to", "query", {"type": "string", "minLength": 1, "maxLength": 300, "pattern": NO_NUL},
                           "The other work's id (white space around it is ignored; white space alone, "
                           "or the work itself, is a 400).", required=True),
                ],
                "responses": {"200": _json(_ref("Connection"), "The connection (connected is false when there is "
                                                                "neither a chain nor a shared source)."),
                              **_errors(400, 404, 503, 504)},
            }},
            "/api/works/{work_id}/credit": {"get": {
                "summary": "How credit (and an amount) splits among the artists along a work's lineage.",
                "operationId": "credit",
                "parameters": [
                    WORK_ID,
                    _param("keep", "query", {"type": "number", "minimum": 0, "maximum": 1},
                           "Share kept by the work's own contributors (the rest flows to its sources)."),
                    _param("amount", "query", {"type": "number", "minimum": 0, "maximum": 1e12,
                                               "multipleOf": 0.01},
                           "Money to split, with at most two decimals (cents); shares are given as "
                           "amounts too."),
                    AS_OF,
                ],
                "responses": {"200": _json({"type": "object"}, "The credit split."), **_errors(400, 404, 503, 504)},
            }},
            "/api/artists/{artist_id}": {"get": {
                "summary": "Everything about one artist: properties, metrics, works.",
                "operationId": "artist",
                "parameters": [ARTIST_ID],
                "responses": {"200": _json(_ref("ArtistDetails"), "The artist."), **_errors(400, 404, 503, 504)},
            }},
            "/api/artists/{artist_id}/influence": {"get": {
                "summary": "How far an artist's work travelled: derived works, downstream and upstream artists, "
                           "collaborators.",
                "operationId": "influence",
                "parameters": [ARTIST_ID, AS_OF, CAP],
                "responses": {"200": _json(_ref("Influence"), "The artist's influence."),
                              **_errors(400, 404, 503, 504)},
            }},
            "/api/metrics/top": {"get": {
                "summary": "The highest-ranked works or artists by a computed metric.",
                "operationId": "metricsTop",
                "parameters": [
                    _param("kind", "query", {"type": "string", "enum": ["works", "artists"], "default": "works"},
                           "Works or artists."),
                    _param("metric", "query", {"type": "string", "enum": sorted({*WORK_METRICS, *ARTIST_METRICS})},
                           "A metric of that kind (works: " + ", ".join(WORK_METRICS) + "; artists: "
                           + ", ".join(ARTIST_METRICS) + "). Default: pagerank / influence when computed, "
                           "else the number of remixes. A metric of the other kind is a 400."),
                    _param(TOP_LIMIT.name, "query", {"type": "integer", "minimum": TOP_LIMIT.low, "maximum": TOP_LIMIT.high,
                                                     "default": TOP_LIMIT.default},
                           "How many."),
                ],
                "responses": {"200": _json(_ref("Top"), "The ranking."), **_errors(400, 503, 504)},
            }},
            "/api/queries": {"get": {
                "summary": "The named read-only example queries of queries/ for the console.",
                "operationId": "queries",
                "responses": {"200": _json(
                    {"type": "object", "properties": {"queries": {"type": "array", "items": {
                        "type": "object", "properties": {
                            "name": {"type": "string"}, "description": {"type": "string"}, "text": {"type": "string"},
                        }}}}}, "The example queries.")},
            }},
            "/api/console": {"post": {
                "summary": "Run Cypher read-only, with a timeout, a row cap and a size cap; a few at once at most "
                           "(429 past that). Refused (403) when a browser says it comes from another site.",
                "operationId": "console",
                "requestBody": {"required": True, "content": {"application/json": {"schema": {
                    "type": "object", "required": ["query"],
                    "properties": {
                        "query": {"type": "string", "minLength": 1, "maxLength": 20000, "pattern": NOT_BLANK_NO_NUL,
                                  "description": "One Cypher query, not blank; one Neo4j cannot run (a syntax "
                                                 "error, a missing parameter) or with brackets nested over 100 "
                                                 "deep is a 400."},
                        "params": {"type": "object", "additionalProperties": True,
                                   "description": "Values of the query's $parameters, by plain names "
                                                  "(letters, digits, _). A 400 for another name, an "
                                                  "integer beyond 64 bits, a lone surrogate in text, or "
                                                  "lists and objects nested over 100 levels."},
                    },
                }}}},
                "responses": {
                    "200": _json(_ref("ConsoleResult"), "The result."),
                    **_errors(400, 403, 413, 415, 429, 503, 504),
                },
            }},
        },
        "components": {
            "responses": {"Error": _json(_ref("Error"), "An error, with its status and a message.")},
            "schemas": {
                "Error": {"type": "object", "required": ["error"], "properties": {"error": {
                    "type": "object", "required": ["status", "message"],
                    "properties": {"status": {"type": "integer"}, "message": {"type": "string"}},
                }}},
                "Work": {"type": "object", "required": ["id"], "properties": {
                    "id": {"type": "string"}, "title": {"type": "string", "nullable": True},
                    "medium": {"type": "string", "nullable": True},
                    "created_at": {"type": "string", "nullable": True},
                    "status": {"type": "string", "nullable": True},
                }, "additionalProperties": True},
                "Artist": {"type": "object", "required": ["id"], "properties": {
                    "id": {"type": "string"}, "handle": {"type": "string", "nullable": True},
                    "name": {"type": "string", "nullable": True},
                }, "additionalProperties": True},
                "Stats": {"type": "object", "properties": {
                    "counts": {"type": "object", "properties": {
                        k: {"type": "integer"} for k in api.STATS}},
                    "works_per_month": {"type": "array", "items": {"type": "object", "properties": {
                        "month": {"type": "string", "nullable": True}, "works": {"type": "integer"}}}},
                    "generations": {"type": "array", "items": {"type": "object", "properties": {
                        "generation": {"type": "integer"}, "works": {"type": "integer"}}}},
                }},
                "SearchResult": {"type": "object", "properties": {
                    "q": {"type": "string"}, "kind": {"type": "string", "enum": list(SEARCH_KINDS)},
                    "items": {"type": "array", "items": {"type": "object", "properties": {
                        "kind": {"type": "string", "enum": ["work", "artist"]},
                        "id": {"type": "string"}, "url": {"type": "string"},
                        "match": {"type": "string", "enum": list(TIERS)}}}},
                    "total": {"type": "integer", "description": "Ranked matches (at most 100 from each index)."},
                    "more": {"type": "boolean", "description": "An index gave its most: more may match."},
                    "page": {"type": "integer"}, "pages": {"type": "integer"},
                    "page_size": {"type": "integer"},
                }},
                "Suggestions": {"type": "object", "properties": {
                    "q": {"type": "string"}, "kind": {"type": "string", "enum": list(SEARCH_KINDS)},
                    "items": {"type": "array", "items": {"type": "object", "properties": {
                        "kind": {"type": "string", "enum": ["work", "artist"]},
                        "id": {"type": "string"}, "label": {"type": "string"}, "detail": {"type": "string"},
                        "url": {"type": "string"}, "match": {"type": "string", "enum": list(TIERS)}}}},
                }},
                "WorkDetails": {"type": "object", "properties": {
                    "work": _ref("Work"),
                    "properties": {"type": "object"},
                    "metrics": {"type": "object"},
                    "extra": {"type": "object"},
                    "contributors": {"type": "array", "items": _ref("Artist")},
                    "sources": {"type": "array", "items": _ref("Work")},
                    "remixes": {"type": "array", "items": _ref("Work")},
                }},
                "ArtistDetails": {"type": "object", "properties": {
                    "artist": _ref("Artist"),
                    "properties": {"type": "object"},
                    "metrics": {"type": "object"},
                    "extra": {"type": "object"},
                    "works": {"type": "array", "items": _ref("Work")},
                }},
                "Lineage": {"type": "object", "properties": {
                    "focus": _ref("Work"),
                    "direction": {"type": "string", "enum": list(DIRECTIONS)},
                    "depth": {"type": "integer", "nullable": True},
                    "as_of": {"type": "string", "nullable": True},
                    "cap": {"type": "integer"},
                    "nodes": {"type": "array", "items": _ref("Work")},
                    "edges": {"type": "array", "items": {"type": "object", "properties": {
                        "source": {"type": "string"}, "target": {"type": "string"},
                        "kind": {"type": "string", "nullable": True},
                        "weight": {"type": "number", "nullable": True},
                        "temporal_anomaly": {"type": "boolean", "nullable": True},
                    }}},
                    "origins": {"type": "array", "items": {"type": "string"}},
                    "truncated": {"type": "boolean"},
                    "total": {"type": "integer"},
                }},
                "Connection": {"type": "object", "properties": {
                    "from": _ref("Work"),
                    "to": _ref("Work"),
                    "connected": {"type": "boolean"},
                    "direction": {"type": "string", "enum": ["up", "down"], "nullable": True,
                                  "description": "up: `from` derives from `to`; down: `to` derives from `from`; "
                                                 "null: neither."},
                    "steps": {"type": "integer", "description": "Remix links on the chain (0 without one)."},
                    "path": {"type": "array", "items": _ref("Work"),
                             "description": "The chain, derived work first; each work but the last has `remix`, "
                                            "the link to the next."},
                    "shared": {"type": "array", "items": _ref("Work"),
                               "description": f"The nearest shared sources (at most {CONNECTION_SHARED_LIMIT}), "
                                              "each with distance_a and distance_b."},
                    "shared_total": {"type": "integer"},
                }},
                "Influence": {"type": "object", "properties": {
                    "artist": _ref("Artist"),
                    "as_of": {"type": "string", "nullable": True},
                    "works": {"type": "array", "items": _ref("Work")},
                    "derived": {"type": "object"},
                    "downstream_artists": {"type": "array", "items": _ref("Artist")},
                    "upstream_artists": {"type": "array", "items": _ref("Artist")},
                    "collaborators": {"type": "array", "items": _ref("Artist")},
                    "counts": {"type": "object", "description": "The full numbers: each list holds at most `cap` entries.",
                               "properties": {k: {"type": "integer"} for k in (
                                   "works", "downstream_artists", "upstream_artists", "collaborators")}},
                }},
                "Top": {"type": "object", "properties": {
                    "kind": {"type": "string"}, "metric": {"type": "string"},
                    "items": {"type": "array", "items": {"type": "object"}},
                }},
                "ConsoleResult": {"type": "object", "properties": {
                    "columns": {"type": "array", "items": {"type": "string"}},
                    "rows": {"type": "array", "items": {}},
                    "nodes": {"type": "array", "items": {"type": "object"}},
                    "relationships": {"type": "array", "items": {"type": "object"}},
                    "truncated": {"type": "boolean"},
                    "truncated_reason": {"type": "string", "nullable": True,
                                         "description": "Which cap cut the rows (the row cap or the size cap)."},
                    "elapsed_ms": {"type": "number"},
                    "graph": {"type": "object", "nullable": True},
                    "plan": {"type": "object", "description": "Only for a query starting with EXPLAIN or PROFILE: "
                             "{mode, root, totals, note}; root is the operator tree (operator, details, "
                             "estimated_rows, rows, db_hits, identifiers, children), rows and db_hits null "
                             "without PROFILE; totals has db_hits, rows, operators, runtime, planner."},
                }},
            },
        },
    }


# -- payouts (web/views/credit.py) ---------------------------------------------------
POLICY = [
    _param("keep", "query", {"type": "number", "minimum": 0, "maximum": 1},
           "Share a work's own contributors keep (the rest flows to its sources); default 0.5."),
    _param("decay", "query", {"type": "number", "minimum": 0, "maximum": 1, "exclusiveMinimum": True},
           "Per generation back, the share passed upstream is multiplied by this (docs/credit.md)."),
    _param("cap", "query", {"type": "number", "minimum": 0, "maximum": 1},
           "At most this fraction of the production's credit flows upstream."),
    _param("maps", "query", {"type": "string", "enum": ["0", "1"]},
           "1: use the credit maps works state (credit_share on contributions and remixes)."),
]
AMOUNT = _param("amount", "query", {"type": "number", "minimum": 0, "maximum": 1e12, "multipleOf": 0.01},
                "Money to pay out, at most two decimals (instead of the production's own amount).")
STATEMENT = {"type": "object", "description": "A payout statement: per artist the exact fraction, the share, the "
             "cents (largest remainder, ties to the part listed first) and the largest chains."}


def _payout_paths() -> dict:
    ids = {"type": "array", "items": {"type": "string", "minLength": 1, "maxLength": 300, "pattern": NO_NUL}}
    return {
        "/api/productions": {"get": {
            "summary": "Every production: a work with status production or an amount.",
            "operationId": "productions", "parameters": [],
            "responses": {"200": _json({"type": "object"}, "The productions, newest first."), **_errors(503)},
        }},
        "/api/productions/{work_id}/statement": {"get": {
            "summary": "A production's payout statement, per artist, exact to the cent, with each artist's chains.",
            "operationId": "production_statement", "parameters": [WORK_ID, AMOUNT, AS_OF, *POLICY],
            "responses": {"200": _json(STATEMENT, "The statement."), **_errors(400, 404, 503)},
        }},
        "/api/artists/{artist_id}/statement": {"get": {
            "summary": "What an artist earned: every production crediting them, share, amount, chains, totals.",
            "operationId": "artist_statement", "parameters": [ARTIST_ID, AS_OF, *POLICY],
            "responses": {"200": _json({"type": "object"}, "The artist's statement."), **_errors(400, 404, 503)},
        }},
        "/api/plan": {"get": {
            "summary": "The split of a production that does not exist yet, drawing on the works given. "
                       "Nothing is written.",
            "operationId": "plan",
            "parameters": [_param("work", "query", {"type": "array", "items": {"type": "string", "minLength": 1,
                                                                                "maxLength": 300,
                                                                                "pattern": NO_NUL}},
                                  "A work the plan draws on (repeat the parameter for each).", required=True),
                           AMOUNT, *POLICY],
            "responses": {"200": _json(STATEMENT, "The planned statement."), **_errors(400, 404, 503)},
        }},
        "/api/whatif": {"get": {
            "summary": "Each affected production's payout per artist before and after hypothetical changes. "
                       "Nothing is written.",
            "description": ("Each drop needs its drop_source, each reweight its reweight_source and "
                            "reweight_weight, each set_keep its set_keep_value, at the same positions; "
                            "lists of different lengths are a 400."),
            "operationId": "whatif",
            "parameters": [
                _param("withdraw", "query", ids, "A work to withdraw."),
                _param("drop", "query", ids,
                       "The derived work of a link to drop (with drop_source at the same position)."),
                _param("drop_source", "query", ids,
                       "The source of the link to drop."),
                _param("reweight", "query", ids,
                       "The derived work of a link to reweight (with reweight_source and reweight_weight)."),
                _param("reweight_source", "query", ids,
                       "The source of the link to reweight."),
                _param("reweight_weight", "query", {"type": "array", "items": {"type": "number", "minimum": 0}},
                       "The link's new weight."),
                _param("set_keep", "query", ids,
                       "A work whose own keep changes (with set_keep_value)."),
                _param("set_keep_value", "query", {"type": "array", "items": {"type": "number", "minimum": 0,
                                                                               "maximum": 1}},
                       "The share that work's contributors keep."),
                AMOUNT, AS_OF, *POLICY,
            ],
            "responses": {"200": _json({"type": "object"}, "Before, after and the difference."),
                          **_errors(400, 404, 503)},
        }},
    }

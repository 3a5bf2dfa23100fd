"""What the pages and the JSON API show, gathered in one place.

The lineage logic lives in :mod:`lineage` (``lineage.api``, ``lineage.credit``)
and the Cypher in ``queries/``; this module only calls them and shapes their
answers for a page or a JSON response, so the HTML and the API always agree.
"""

from __future__ import annotations

from flask import current_app

from lineage.errors import InvalidParameter
from web import fulltext
from web.db import get_graph

SEARCH_KINDS = ("works", "artists")


def stats() -> dict:
    row = get_graph().read_one("site_stats") or {}
    return {k: row.get(k, 0) for k in ("works", "artists", "remixes", "contributions", "ratings")}


def overview() -> dict:
    graph = get_graph()
    return {
        "stats": stats(),
        "per_month": graph.read("site_works_per_month"),
        "generations": graph.read("site_generations"),
        "top_works": graph.read("site_most_remixed", limit=10),
        "top_artists": graph.read("site_most_remixed_artists", limit=10),
    }


def search(q: str, kind: str, page: int) -> dict:
    """One page of full-text matches: ``{items, total, page, pages, page_size}``."""
    query = fulltext.lucene_query(q)
    size = current_app.config["PAGE_SIZE"]
    if query is None:
        return {"items": [], "total": 0, "page": page, "pages": 0, "page_size": size, "kind": kind, "q": q}
    if kind not in SEARCH_KINDS:
        raise InvalidParameter(f"kind must be one of {', '.join(SEARCH_KINDS)}")
    graph = get_graph()
    total = (graph.read_one(f"site_search_{kind}_count", q=query) or {}).get("total", 0)
    items = graph.read(f"site_search_{kind}", q=query, skip=(page - 1) * size, limit=size)
    pages = (total + size - 1) // size
    return {"items": items, "total": total, "page": page, "pages": pages, "page_size": size, "kind": kind, "q": q}


def work_page(work_id: str, *, as_of: str | None, amount: float | None, keep: float | None) -> dict:
    from lineage import api

    graph = get_graph()
    details = api.work_details(graph, work_id, as_of=as_of)
    return {"work": details}


def artist_page(artist_id: str, *, as_of: str | None) -> dict:
    from lineage import api

    graph = get_graph()
    details = api.artist_details(graph, artist_id, as_of=as_of)
    return {"artist": details}

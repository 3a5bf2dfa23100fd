"""What the pages and the JSON API show, gathered in one place.

The lineage logic lives in :mod:`lineage` (``lineage.api``, ``lineage.credit``)
and the Cypher in ``queries/``; this module only calls them and shapes their
answers for a page or a JSON response, so the HTML and the API always agree.
"""

from __future__ import annotations

from flask import current_app, url_for

from lineage import asof
from lineage import search as search_module
from lineage.errors import LineageTooLarge
from lineage.model import ARTIST, ARTIST_METRICS, WORK, WORK_METRICS
from web import answer_cache, reach_index
from web.db import get_graph

SEARCH_KINDS = search_module.KINDS
# The properties lineage.model declares; anything else on a node is an extra column of its dataset.
CORE_WORK_FIELDS = WORK.graph_names
CORE_ARTIST_FIELDS = ARTIST.graph_names


def overview() -> dict:
    """The home page's figures: they scan the whole graph, so they are kept while it is unchanged."""
    return answer_cache.kept("overview", _gather_overview)


def _gather_overview() -> dict:
    from lineage import api

    graph = get_graph()
    return {
        "stats": api.stats(graph),
        "works_per_month": graph.read("site_works_per_month"),
        "generations": graph.read("site_generations"),
        "top_works": top("works", None, 10),
        "top_artists": top("artists", None, 10),
    }


def top(kind: str, metric: str | None, limit: int) -> dict:
    """The highest-ranked works or artists (:func:`lineage.api.top`)."""
    from lineage import api

    return api.top(get_graph(), kind, metric, limit=limit)


def search(q: str, kind: str, page: int) -> dict:
    """One page of the ranked works and artists matching ``q`` (``lineage.search.search``), each with its ``url``."""
    result = search_module.search(get_graph(), q, kind, page=page, page_size=int(current_app.config["PAGE_SIZE"]))
    result["items"] = [dict(item, url=item_url(item)) for item in result["items"]]
    return result


def suggest(q: str, kind: str) -> dict:
    """Suggestions for text being typed: ``{"q", "kind", "items": [{kind, id, label, detail, match, url}]}``."""
    items = search_module.suggest(get_graph(), q, kind)
    return {"q": q, "kind": kind, "items": [dict(item, url=item_url(item)) for item in items]}


def item_url(item: dict) -> str:
    """The page of a search result."""
    if item["kind"] == "work":
        return url_for("works.show", work_id=item["id"])
    return url_for("artists.show", artist_id=item["id"])


def work_ref(raw: str) -> str:
    """The id of the work a URL or query parameter names: its exact id, else a 404 naming the nearest works.

    Every page and API route taking a work id goes through here (``lineage.api.resolve_work``, the
    resolver the command line uses too).
    """
    from lineage import api
    from web import params

    return api.resolve_work(get_graph(), params.identifier(raw, "work id"))


def work_refs(raws: list[str]) -> list[str]:
    """The ids of several works (a plan's), in one query when all exist; :func:`work_ref` otherwise."""
    from lineage import api
    from web import params

    return api.resolve_works(get_graph(), [params.identifier(raw, "work id") for raw in raws])


def artist_ref(raw: str) -> str:
    """The id of the artist a URL or query parameter names: their id or exact handle, else a 404 with the nearest.

    Every page and API route taking an artist goes through here (``lineage.api.resolve_artist``).
    """
    from lineage import api
    from web import params

    return api.resolve_artist(get_graph(), params.identifier(raw, "artist id"))


def work(work_id: str) -> dict:
    """The work's details (``lineage.api.work_details``) with its metrics and extra properties apart."""
    from lineage import api

    details = answer_cache.kept("work", lambda: api.work_details(get_graph(), work_id), work_id)
    props = details.get("properties") or {}
    details["metrics"] = {m: props[m] for m in WORK_METRICS if props.get(m) is not None}
    details["extra"] = {k: v for k, v in sorted(props.items())
                        if k not in CORE_WORK_FIELDS and k not in WORK_METRICS}
    return details


def work_page(work_id: str, *, as_of: str | None, amount: float | None, keep: float | None) -> dict:
    details = work(work_id)
    before = asof.before(as_of)
    existed = asof.existed(details["work"].get("created_at"), before)
    # Before the work existed it had no links yet, whatever its sources' dates say.
    sources = [w for w in details.get("sources", []) if existed and asof.existed(w.get("created_at"), before)]
    remixes = [w for w in details.get("remixes", []) if existed and asof.existed(w.get("created_at"), before)]
    credit_answer = None
    if existed:
        try:
            credit_answer = credit(work_id, keep=keep, amount=amount, as_of=as_of,
                                   cap=int(current_app.config["PAGE_CREDIT_CAP"]))
        except LineageTooLarge as err:  # the page still answers; the panel says where the split is
            credit_answer = {"too_large": str(err), "cap": err.cap}
    return {**details, "sources": sources, "remixes": remixes, "existed": existed,
            "hidden_by_as_of": len(details.get("sources", [])) + len(details.get("remixes", []))
            - len(sources) - len(remixes),
            "credit": credit_answer}


def lineage(work_id: str, *, direction: str, depth: int | None, as_of: str | None, cap: int) -> dict:
    from lineage import api

    index = reach_index.current() if as_of is not None else None  # a day walked over the arrays, once read
    return answer_cache.kept(
        "lineage", lambda: api.lineage(get_graph(), work_id, direction=direction, depth=depth, as_of=as_of,
                                       cap=cap, index=index).to_dict(),
        work_id, direction, depth, as_of, cap)


def connection(work_id: str, other_id: str) -> dict:
    from lineage import api

    return api.connection(get_graph(), work_id, other_id)


def credit(work_id: str, *, keep: float | None, amount: float | None, as_of: str | None,
           cap: int | None = None) -> dict:
    from lineage import api

    kwargs = {"amount": amount, "as_of": as_of}
    if cap is not None:
        kwargs["cap"] = cap
    if keep is not None:
        kwargs["keep"] = keep
    def split() -> dict:
        graph = get_graph()
        answer = api.credit_split(graph, work_id, **kwargs)
        graph.left()  # the split is Python work after the read: an answer past the deadline is still a 504
        return answer.to_dict() if hasattr(answer, "to_dict") else answer

    return answer_cache.kept("credit", split, work_id, tuple(sorted(kwargs.items())))


def artist(artist_id: str, *, works: int | None = None) -> dict:
    from lineage import api

    details = answer_cache.kept("artist", lambda: api.artist_details(get_graph(), artist_id, works=works),
                                artist_id, works)
    props = details.get("properties") or {}
    details["metrics"] = {m: props[m] for m in ARTIST_METRICS if props.get(m) is not None}
    details["extra"] = {k: v for k, v in sorted(props.items())
                        if k not in CORE_ARTIST_FIELDS and k not in ARTIST_METRICS}
    return details


def influence(artist_id: str, *, as_of: str | None, cap: int, works: bool = True) -> dict:
    """The artist's influence (``lineage.api.artist_influence``); ``works=False`` for the graph, which draws artists.

    Where answers are kept, one is read at the node cap (or ``cap``, if larger) and cut to what is
    asked: the artist page and its graph, loaded together, then walk an as-of day once, not twice.
    """
    from lineage import api

    # A day is walked over the graph's arrays once they are read (web/reach_index.py); today's widest
    # reaches are stored by `lineage metrics`.
    index = reach_index.current() if as_of is not None else None
    if not answer_cache.enabled():
        return api.artist_influence(get_graph(), artist_id, as_of=as_of, cap=cap, works=works, index=index)
    full = max(cap, int(current_app.config["NODE_CAP"]))
    answer = answer_cache.kept("influence",
                               lambda: api.artist_influence(get_graph(), artist_id, as_of=as_of, cap=full,
                                                            index=index),
                               artist_id, as_of, full)
    return api.cut_influence(answer, cap=cap, works=works)


def artist_page(artist_id: str, *, as_of: str | None) -> dict:
    details = artist(artist_id, works=0)  # the page lists the works of its influence answer
    # A page of thousands of rows helps no one and took seconds at 1M works; the lists are cut, the counts are not.
    reach = influence(artist_id, as_of=as_of, cap=int(current_app.config["LIST_CAP"]))
    return {**details, "influence": reach}

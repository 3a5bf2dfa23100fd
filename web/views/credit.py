"""Payouts on the site: production statements, planned productions, artist statements, what-ifs.

Pages: ``/productions/<id>`` (with ``statement.csv`` and ``statement.prov.json``),
``/plan`` and ``/whatif`` (GET forms: nothing is written), ``/artists/<id>/statement`` (and
``statement.csv``). API: ``/api/productions``, ``/api/productions/<id>/statement``,
``/api/artists/<id>/statement``, ``/api/plan``, ``/api/whatif`` (documented in
web/openapi.py). The policy comes from ``keep``, ``decay``, ``cap`` and ``maps``.
"""

from __future__ import annotations

import re

from flask import Blueprint, Response, jsonify, render_template, request

from lineage import payouts, payouts_db
from lineage.credit import Policy, make_policy
from lineage.errors import InvalidParameter
from lineage.limits import MAX_CHANGES, MAX_PLAN_WORKS
from web import credit_plots, params, site_data
from web.db import get_graph

bp = Blueprint("credit", __name__)

PAGE_SIZE = 50
SORTS = ("share", "name", "works", "chains")


def _policy(args):
    maps = params.choice(args, "maps", ("0", "1"), "0") == "1"
    keep = params.keep(args)
    return make_policy(0.5 if keep is None else keep, decay=params.number(args, "decay", 0.0, 1.0),
                       cap=params.number(args, "cap", 0.0, 1.0), maps=maps)


def _table(artists: list[dict], args) -> dict:
    """The artists sorted and paged as the query asks (sort, order, page)."""
    sort = params.choice(args, "sort", SORTS, "share")
    order = params.choice(args, "order", ("asc", "desc"), "asc" if sort == "name" else "desc")
    keys = {"share": lambda a: a["share"], "name": lambda a: a["label"].casefold(), "works": lambda a: a["works"],
            "chains": lambda a: a.get("chains_total", 0)}
    rows = sorted(artists, key=keys[sort], reverse=order == "desc")
    pages = max(1, -(-len(rows) // PAGE_SIZE))
    page = min(params.page(args), pages)
    start = (page - 1) * PAGE_SIZE
    return {"rows": rows[start:start + PAGE_SIZE], "page": page, "pages": pages, "sort": sort, "order": order,
            "start": start, "total": len(rows)}


def _statement(work_id: str, policy: Policy | None = None) -> dict:
    """The production statement the request asks for: its policy, amount and as-of day."""
    return payouts_db.production_statement(get_graph(), work_id, policy=policy or _policy(request.args),
                                           amount=params.amount(request.args), as_of=params.as_of(request.args))


def _work_ids(raw: str | None) -> list[str]:
    """Work ids typed one a line (or separated by commas)."""
    ids = [part.strip() for part in re.split(r"[\n,]", raw or "") if part.strip()]
    if len(ids) > MAX_PLAN_WORKS:
        raise InvalidParameter(f"a plan may draw on at most {MAX_PLAN_WORKS} works (got {len(ids)})")
    return site_data.work_refs(list(dict.fromkeys(ids)))


# -- pages --------------------------------------------------------------------------
@bp.get("/productions/<path:work_id>")
def production(work_id: str):
    work_id = site_data.work_ref(work_id)
    policy = _policy(request.args)
    statement = _statement(work_id, policy)
    return render_template("production.html", statement=statement, table=_table(statement["artists"], request.args),
                           chart=credit_plots.share_bars(statement["artists"], statement["unattributed"]),
                           narrow=credit_plots.narrow_share_bars(statement["artists"], statement["unattributed"]),
                           policy=policy)


@bp.get("/productions/<path:work_id>/statement.csv")
def production_csv(work_id: str):
    work_id = site_data.work_ref(work_id)
    statement = _statement(work_id)
    return _download(payouts.statement_csv(statement), "text/csv", f"payout-{work_id}.csv")


@bp.get("/productions/<path:work_id>/statement.prov.json")
def production_prov(work_id: str):
    work_id = site_data.work_ref(work_id)
    statement = _statement(work_id)
    return _download(payouts.statement_prov_json(statement), "application/json", f"payout-{work_id}.prov.json")


def _download(text: str, mimetype: str, name: str) -> Response:
    safe = re.sub(r"[^A-Za-z0-9._-]+", "_", name)[:120]
    return Response(text, mimetype=mimetype, headers={"Content-Disposition": f'attachment; filename="{safe}"'})


@bp.get("/plan")
def plan():
    raw = params.text(request.args, "works", max_len=MAX_PLAN_WORKS * 1100)
    work_ids = _work_ids(raw)
    policy = _policy(request.args)
    amount = params.amount(request.args)
    statement = None
    if work_ids:
        statement = payouts_db.plan_statement(get_graph(), work_ids, amount=amount, policy=policy)
    return render_template(
        "plan.html", works_text=raw or "", amount=amount or "", statement=statement, policy=policy,
        table=_table(statement["artists"], request.args) if statement else None,
        chart=credit_plots.share_bars(statement["artists"], statement["unattributed"]) if statement else None,
        narrow=credit_plots.narrow_share_bars(statement["artists"], statement["unattributed"]) if statement else None)


@bp.get("/whatif")
def whatif():
    """The what-if page: the changes in the address (the API's parameters), a form to edit them, the answer."""
    changes = _changes(request.args, blank_rows=True)
    policy = _policy(request.args)
    amount = params.amount(request.args)
    answer = None
    if changes:
        answer = payouts_db.what_if(get_graph(), changes, policy=policy, amount=amount,
                                    as_of=params.as_of(request.args))
        for production in answer["productions"]:
            changed = [a for a in production["artists"] if a["difference"] != "0"]
            production["shown"] = changed[:PAGE_SIZE]
            production["more_changed"] = len(changed) - len(production["shown"])
            production["unchanged"] = len(production["artists"]) - len(changed)
    return render_template("whatif.html", changes=[c.to_dict() for c in changes], answer=answer, policy=policy,
                           amount=request.args.get("amount") or "")


@bp.get("/artists/<path:artist_id>/statement")
def artist_statement(artist_id: str):
    artist_id = site_data.artist_ref(artist_id)
    policy = _policy(request.args)
    statement = payouts_db.artist_statement(get_graph(), artist_id, policy=policy, as_of=params.as_of(request.args))
    return render_template("statement.html", statement=statement, policy=policy,
                           timeline=credit_plots.credit_timeline(statement["timeline"]))


@bp.get("/artists/<path:artist_id>/statement.csv")
def artist_statement_csv(artist_id: str):
    artist_id = site_data.artist_ref(artist_id)
    statement = payouts_db.artist_statement(get_graph(), artist_id, policy=_policy(request.args),
                                            as_of=params.as_of(request.args))
    return _download(payouts.artist_statement_csv(statement), "text/csv", f"statement-{artist_id}.csv")


# -- API ----------------------------------------------------------------------------
@bp.get("/api/productions")
def api_productions():
    return jsonify({"productions": payouts_db.productions(get_graph())})


@bp.get("/api/productions/<path:work_id>/statement")
def api_production_statement(work_id: str):
    work_id = site_data.work_ref(work_id)
    return jsonify(_statement(work_id))


@bp.get("/api/artists/<path:artist_id>/statement")
def api_artist_statement(artist_id: str):
    artist_id = site_data.artist_ref(artist_id)
    return jsonify(payouts_db.artist_statement(get_graph(), artist_id, policy=_policy(request.args),
                                               as_of=params.as_of(request.args)))


@bp.get("/api/plan")
def api_plan():
    work_ids = request.args.getlist("work")
    if not work_ids:
        raise InvalidParameter("parameter 'work' is required: the works the planned production draws on")
    if len(work_ids) > MAX_PLAN_WORKS:
        raise InvalidParameter(f"a plan may draw on at most {MAX_PLAN_WORKS} works (got {len(work_ids)})")
    work_ids = site_data.work_refs(work_ids)
    return jsonify(payouts_db.plan_statement(get_graph(), work_ids, amount=params.amount(request.args),
                                             policy=_policy(request.args)))


@bp.get("/api/whatif")
def api_whatif():
    args = request.args
    changes = _changes(args)
    if not changes:
        raise InvalidParameter("give at least one change: withdraw, drop, reweight or set_keep")
    return jsonify(payouts_db.what_if(get_graph(), changes, policy=_policy(args), amount=params.amount(args),
                                      as_of=params.as_of(args)))


def _changes(args, blank_rows: bool = False) -> list[payouts.Change]:
    """The what-if changes named by ``args`` (``withdraw``, ``drop``/``drop_source``, ``reweight``/
    ``reweight_source``/``reweight_weight``, ``set_keep``/``set_keep_value``), in that order.

    ``blank_rows``: the page's form sends every row, filled or not; a row left wholly blank is no change
    (a row filled in part is still refused).
    """
    rows = {
        "withdraw": ("withdraw",),
        "drop": ("drop", "drop_source"),
        "reweight": ("reweight", "reweight_source", "reweight_weight"),
        "keep": ("set_keep", "set_keep_value"),
    }
    changes = []
    for kind, names in rows.items():
        columns = [args.getlist(name) for name in names]
        if len({len(c) for c in columns}) != 1:
            raise InvalidParameter(f"each {names[0]!r} needs its " + " and its ".join(repr(n) for n in names[1:]))
        for values in zip(*columns):
            values = [v.strip() for v in values]
            if blank_rows and not any(values):
                continue
            if kind == "withdraw":
                change = payouts.make_change(kind, params.identifier(values[0], "work id"))
            elif kind == "drop":
                change = payouts.make_change(kind, *(params.identifier(v, "work id") for v in values))
            elif kind == "reweight":
                change = payouts.make_change(kind, params.identifier(values[0], "work id"),
                                             params.identifier(values[1], "work id"), _float(values[2]))
            else:
                change = payouts.make_change(kind, params.identifier(values[0], "work id"), value=_float(values[1]))
            changes.append(change)
    if len(changes) > MAX_CHANGES:
        raise InvalidParameter(f"at most {MAX_CHANGES} changes at once (got {len(changes)})")
    if changes:  # unknown works are a 404 naming the nearest (one query for all when they exist)
        site_data.work_refs([w for c in changes for w in (c.work, c.source) if w is not None])
    return changes


def _float(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise InvalidParameter(f"not a number: {text[:40]!r}") from None
    if value != value or value in (float("inf"), float("-inf")):
        raise InvalidParameter(f"not a number: {text[:40]!r}")
    return value

"""Work pages."""

from __future__ import annotations

from flask import Blueprint, render_template, request

from web import params, site_data

bp = Blueprint("works", __name__)


@bp.get("/works/<path:work_id>")
def show(work_id: str):
    work_id = params.identifier(work_id, "work id")
    as_of = params.as_of(request.args)
    amount = params.amount(request.args)
    keep = params.keep(request.args)
    page = site_data.work_page(work_id, as_of=as_of, amount=amount, keep=keep)
    return render_template("work.html", as_of=as_of, amount=amount, keep=keep, **page)

"""Work pages."""

from __future__ import annotations

from flask import Blueprint, render_template, request, url_for

from lineage.model import WORK_METRICS
from web import params, site_data

bp = Blueprint("works", __name__)


@bp.get("/works/<path:work_id>")
def show(work_id: str):
    work_id = params.identifier(work_id, "work id")
    as_of = params.as_of(request.args)
    amount = params.amount(request.args)
    keep = params.keep(request.args)
    page = site_data.work_page(work_id, as_of=as_of, amount=amount, keep=keep)
    page_url = url_for("works.show", work_id=work_id)
    # The graph JSON and the standalone download are served by web.graphs under the work's address.
    suffix = f"?as_of={as_of}" if as_of else ""
    graph_url = page_url + "/graph.json" + suffix
    download_url = page_url + "/graph.html" + suffix
    return render_template(
        "work.html",
        as_of=as_of,
        amount=amount,
        keep=keep,
        work_metric_names=WORK_METRICS,
        graph_url=graph_url,
        download_url=download_url,
        **page,
    )

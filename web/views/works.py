"""Work pages."""

from __future__ import annotations

from flask import Blueprint, render_template, request, url_for

from lineage.model import WORK_METRICS
from web import graphs, params, site_data

bp = Blueprint("works", __name__)


@bp.get("/works/<path:work_id>")
def show(work_id: str):
    work_id = site_data.work_ref(work_id)
    as_of = params.as_of(request.args)
    amount = params.amount(request.args)
    keep = params.keep(request.args)
    page = site_data.work_page(work_id, as_of=as_of, amount=amount, keep=keep)
    page_url = url_for("works.show", work_id=work_id)
    # The graph JSON and the standalone download are served by web.graphs under the work's address.
    suffix = f"?as_of={as_of}" if as_of else ""
    graph_url = page_url + "/graph.json" + suffix
    download_url = page_url + "/graph.html" + suffix
    # The graph's settings ride along on the page's own GET forms (as-of, credit split).
    graph_args = {name: request.args.get(name) for name in graphs.VIEW_PARAMS}
    view_args = {**graph_args, "amount": request.args.get("amount"), "keep": request.args.get("keep")}
    return render_template(
        "work.html",
        graph_args=graph_args,
        view_args=view_args,
        as_of=as_of,
        amount=amount,
        keep=keep,
        work_metric_names=WORK_METRICS,
        graph_url=graph_url,
        graph_preload=graphs.preload_url(graph_url, request.args) if page["existed"] else None,
        download_url=download_url,
        **page,
    )

"""Home: the dataset at a glance."""

from __future__ import annotations

from flask import Blueprint, render_template

from web import plots, site_data

bp = Blueprint("home", __name__)


@bp.get("/")
def index():
    data = site_data.overview()
    pairs, undated, unit = plots.months_or_years(data["works_per_month"])
    depth_pairs = [(str(r["generation"]), r["works"]) for r in data["generations"]]
    return render_template(
        "home.html",
        stats=data["stats"],
        month_chart=plots.bar_chart(pairs),
        time_unit=unit,
        undated=undated,
        depth_chart=plots.bar_chart(depth_pairs, max_labels=20),
        top_works=data["top_works"],
        top_artists=data["top_artists"],
    )

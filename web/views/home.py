"""Home: the dataset at a glance."""

from __future__ import annotations

from flask import Blueprint, render_template

from web import site_data

bp = Blueprint("home", __name__)


@bp.get("/")
def index():
    return render_template("home.html", **site_data.overview())

"""The read-only Cypher console (/console)."""

from __future__ import annotations

from flask import Blueprint, render_template

from web import console_support

bp = Blueprint("console", __name__)


@bp.get("/console")
def index():
    return render_template("console.html", examples=console_support.examples())

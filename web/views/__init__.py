"""One blueprint per page group; :func:`register_blueprints` adds them all."""

from __future__ import annotations

import importlib

from flask import Flask

PAGE_GROUPS = ("home", "search", "works", "artists", "console", "api", "graphs")


def register_blueprints(app: Flask) -> None:
    for name in PAGE_GROUPS:
        module = importlib.import_module(f"web.views.{name}")
        app.register_blueprint(module.bp)
    # The derivation-graph routes (standalone download etc.) live in web.graphs.
    try:
        graphs = importlib.import_module("web.graphs")
    except ModuleNotFoundError as err:
        if err.name != "web.graphs":
            raise
    else:
        if hasattr(graphs, "bp"):
            app.register_blueprint(graphs.bp)


__all__ = ["register_blueprints", "PAGE_GROUPS"]

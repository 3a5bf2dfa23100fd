"""One blueprint per page group; :func:`register_blueprints` adds them all.

``graphs`` (the graph JSON and the standalone download) also provides the
``graph_assets`` template global the graph pages link.
"""

from __future__ import annotations

import importlib

from flask import Flask

PAGE_GROUPS = ("home", "search", "works", "artists", "console", "api", "graphs", "credit")


def register_blueprints(app: Flask) -> None:
    for name in PAGE_GROUPS:
        module = importlib.import_module(f"web.views.{name}")
        app.register_blueprint(module.bp)


__all__ = ["register_blueprints", "PAGE_GROUPS"]

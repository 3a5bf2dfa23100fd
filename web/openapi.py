"""The OpenAPI 3 description of /api/ (served at /api/openapi.json)."""

from __future__ import annotations


def document() -> dict:
    return {
        "openapi": "3.0.3",
        "info": {"title": "Remix Lineage Explorer API", "version": "0.1.0"},
        "paths": {},
    }

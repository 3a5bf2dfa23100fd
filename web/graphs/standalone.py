"""The standalone export: one HTML file that draws a graph offline.

Rendered through ``templates/graph_standalone.html`` with vis-network and the
graph script inlined; its CSP allows exactly its own inline scripts.
"""

from __future__ import annotations

import hashlib
import json
from importlib import resources
from typing import Any, Mapping

from web.graphs.params import DEFAULT_LAYOUT, DEFAULT_SIZE, page_data
from web.graphs.payloads import describe, payload
from web.graphs.style import VIS_CSS, VIS_JS, VIS_VERSION
from web.graphs.text import _plain


def vendored(name: str) -> str:
    """The text of a file in ``web/static/`` (the vendored vis-network)."""
    return resources.files("web").joinpath("static", *name.split("/")).read_text(encoding="utf-8")


def script_json(data: Any) -> str:
    """JSON safe inside a ``<script>`` element: ``<``, ``>``, ``&`` and line separators escaped.

    >>> script_json({"t": "</script><b>&"})
    '{"t": "\\\\u003c/script\\\\u003e\\\\u003cb\\\\u003e\\\\u0026"}'
    """
    text = json.dumps(data, ensure_ascii=False)
    for char, escape in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(char, escape)
    return text


def csp_hash(script: str) -> str:
    """The CSP source expression allowing exactly this inline script.

    >>> csp_hash("")
    "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='"
    """
    import base64

    digest = hashlib.sha256(script.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def standalone_parts(graph: Mapping[str, Any]) -> dict:
    """The inline pieces of the standalone file and the CSP that allows exactly them.

    The file needs no network at all: its policy is ``default-src 'none'``
    with the hashes of its own scripts, set both in a ``<meta>`` of the file
    and (when served) in the response header.
    """
    scripts = [
        vendored(VIS_JS),
        "window.LINEAGE_GRAPH = " + script_json(graph) + ";",
        vendored("js/lineage-graph.js"),
    ]
    for text in scripts:
        # A closing tag inside would end the element early; the data is escaped, the libraries checked.
        if "</script" in text.lower():
            raise RuntimeError("an inlined script holds '</script'")
    csp = (
        "default-src 'none'; script-src " + " ".join(csp_hash(s) for s in scripts) + "; "
        "style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"
    )
    return {"scripts": scripts, "styles": [vendored(VIS_CSS), vendored("css/graph.css")], "csp": csp}


def standalone_html(graph: Mapping[str, Any], *, heading: str, subtitle: str = "") -> tuple[str, str]:
    """One self-contained HTML file drawing ``graph`` offline, and its CSP.

    Rendered with Jinja (autoescaped) from ``templates/graph_standalone.html``
    outside any request, so the command line can use it too.
    """
    from jinja2 import Environment, PackageLoader, select_autoescape

    env = Environment(loader=PackageLoader("web", "templates"), autoescape=select_autoescape(["html"]))
    parts = standalone_parts(graph)
    html = env.get_template("graph_standalone.html").render(
        heading=heading, subtitle=subtitle, graph=graph, vis_version=VIS_VERSION,
        page_data=script_json(page_data()), **parts
    )
    return html, parts["csp"]


def work_standalone(
    answer: Mapping[str, Any], *, size: str = DEFAULT_SIZE, layout: str = DEFAULT_LAYOUT,
) -> tuple[str, str, dict]:
    """The standalone HTML of a lineage answer (``lineage.api.Lineage.to_dict()``), its CSP, and the graph data.

    Pure: it draws what it is given and queries nothing. The nodes carry no
    links (the file has no site to link to).

    >>> answer = {"focus": {"id": "w1", "title": "<Seed>"}, "direction": "down", "depth": 1, "as_of": None,
    ...           "nodes": [{"id": "w1", "title": "<Seed>", "side": "focus", "distance": 0}], "edges": []}
    >>> html, csp, data = work_standalone(answer)
    >>> "<h1>&lt;Seed&gt;</h1>" in html, csp.startswith("default-src 'none'"), data["nodes"][0]["info"]["url"]
    (True, True, None)
    """
    data = payload(answer, size=size, layout=layout, work_url=None)
    focus = answer.get("focus")
    title = _plain(focus.get("title")) if isinstance(focus, Mapping) else _plain(focus)
    work_id = focus.get("id") if isinstance(focus, Mapping) else focus
    html, csp = standalone_html(data, heading=title or str(work_id), subtitle=standalone_subtitle(work_id, data))
    return html, csp, data


def standalone_subtitle(work_id: Any, data: Mapping[str, Any]) -> str:
    """The line under the standalone file's heading.

    >>> standalone_subtitle("w1", {"direction": "up", "depth": 1, "shown": 2, "total": 2})
    'Derivation graph of work w1: sources, 1 generation · 2 works · Remix Lineage Explorer'
    """
    return f"Derivation graph of work {work_id}: {describe(data)} · Remix Lineage Explorer"


def render_work_standalone(
    graph_db: Any,
    work_id: str,
    *,
    direction: str = "both",
    depth: int | None = None,
    as_of: str | None = None,
    cap: int = 500,
    size: str = DEFAULT_SIZE,
    layout: str = DEFAULT_LAYOUT,
) -> tuple[str, str, dict]:
    """Fetch a work's lineage and draw it with :func:`work_standalone` (``lineage render``)."""
    from lineage import api

    answer = api.lineage(graph_db, work_id, direction=direction, depth=depth, as_of=as_of, cap=cap).to_dict()
    return work_standalone(answer, size=size, layout=layout)

"""Plain text for the drawings: labels, tooltips, ids.

Every string a person typed (titles, media, kinds) reaches the browser as a
plain string: vis-network shows a string ``title`` with ``innerText`` and draws
labels on a canvas, so nothing is ever parsed as HTML.
"""

from __future__ import annotations

import json
from typing import Any, Iterable, Mapping
from urllib.parse import quote


LABEL_LENGTH = 28


def short_label(title: Any, limit: int = LABEL_LENGTH) -> str:
    """A node's label: the title on one line, shortened with an ellipsis.

    >>> short_label("A very long title that goes on and on")
    'A very long title that goes…'
    >>> short_label("two\\nlines"), short_label(None), short_label("  ")
    ('two lines', '(untitled)', '(untitled)')
    """
    text = " ".join(str(title).split()) if title is not None else ""
    if not text:
        return "(untitled)"
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def tooltip(lines: Iterable[tuple[str, Any]]) -> str:
    """A plain-text tooltip, one ``label: value`` per line (None values left out).

    >>> print(tooltip([("", "<b>Song</b>"), ("medium", "music"), ("date", None)]))
    <b>Song</b>
    medium: music
    """
    out = []
    for label, value in lines:
        if value is None or value == "":
            continue
        text = _plain(value)
        out.append(f"{label}: {text}" if label else text)
    return "\n".join(out)


def edge_id(derived: Any, source: Any) -> str:
    """A stable id for the edge ``derived -> source`` (so expanding never duplicates one).

    >>> edge_id("w2", "w1")
    '["w2","w1"]'
    """
    return json.dumps([derived, source], separators=(",", ":"), ensure_ascii=False)


def focus_id(lineage: Mapping[str, Any]) -> Any:
    """The id of a lineage's focus (``focus`` is a work dict, or an id).

    >>> focus_id({"focus": {"id": "w1", "title": "T"}}), focus_id({"focus": "w2"}), focus_id({})
    ('w1', 'w2', None)
    """
    focus = lineage.get("focus")
    return focus.get("id") if isinstance(focus, Mapping) else focus


def default_work_url(work_id: Any) -> str:
    """The site address of a work's page.

    >>> default_work_url("w/1 é")
    '/works/w/1%20%C3%A9'
    """
    return "/works/" + quote(str(work_id), safe="/")


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return float(value) if value == value else None  # NaN is no size


def _plain(value: Any) -> str:
    """Any value as one plain string (lists joined, floats shortened)."""
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return ", ".join(_plain(v) for v in value)
    if isinstance(value, float):
        return f"{value:.4g}"
    return str(value)


def _clean(items: list[dict]) -> list[dict]:
    """pyvis's dicts without the options left as None."""
    return [{k: v for k, v in item.items() if v is not None} for item in items]

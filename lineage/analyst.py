"""The analyst's query library: named questions in ``queries/ask_*.cypher``.

Each file starts with two comment lines: what the query answers, then
``// params: {...}``, the JSON of parameters that make it return rows on the
example dataset (``examples/``). The console offers them as examples, and
analysts can read and reuse the files as they are.

>>> names()[:2]
['ask_artist_reach', 'ask_bridges']
>>> sorted(default_params("ask_shortest_chain"))
['source_id', 'work_id']
"""

from __future__ import annotations

import json
import re

import queries

PREFIX = "ask_"
_PARAMS_LINE = re.compile(r"^// params: (.*)$", re.M)
_PARAMETER = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")


def names() -> list[str]:
    """The library's query names, sorted."""
    return [name for name in queries.names() if name.startswith(PREFIX)]


def default_params(name: str) -> dict:
    """The parameters a library query states for itself (``// params:``)."""
    match = _PARAMS_LINE.search(queries.load(name))
    return json.loads(match.group(1)) if match else {}


def used_params(name: str) -> set[str]:
    """The ``$parameters`` a library query's Cypher uses (comments left out)."""
    body = "\n".join(line for line in queries.load(name).splitlines() if not line.lstrip().startswith("//"))
    return set(_PARAMETER.findall(body))


def library() -> list[dict]:
    """Every library query as ``{name, description, text, params}``, in name order."""
    return [{"name": name, "description": queries.describe(name), "text": queries.load(name).strip(),
             "params": default_params(name)} for name in names()]


__all__ = ["library", "names", "default_params", "used_params", "PREFIX"]

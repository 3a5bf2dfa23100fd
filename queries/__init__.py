"""The project's Cypher, one ``<name>.cypher`` file per named query.

Analysts can read and reuse the files as they are; Python loads them by name:

>>> "MERGE" in load("schema") or "CONSTRAINT" in load("schema")
True
>>> names()[:1] != []
True
"""

from __future__ import annotations

import functools
import re
from importlib import resources


@functools.cache
def load(name: str) -> str:
    """The text of ``queries/<name>.cypher``; KeyError if there is none."""
    if not re.fullmatch(r"[a-z][a-z0-9_]*", name):
        raise KeyError(name)
    path = resources.files(__package__) / f"{name}.cypher"
    if not path.is_file():
        raise KeyError(name)
    return path.read_text(encoding="utf-8")


def statements(name: str) -> list[str]:
    """The statements of a multi-statement file, split on ``;`` at line ends.

    Comment lines (``//``) are dropped.
    """
    text = "\n".join(
        line for line in load(name).splitlines() if not line.lstrip().startswith("//")
    )
    return [s.strip() for s in re.split(r";\s*(?:\n|$)", text) if s.strip()]


def names() -> list[str]:
    """Every named query, sorted."""
    return sorted(
        p.name[: -len(".cypher")]
        for p in resources.files(__package__).iterdir()
        if p.name.endswith(".cypher")
    )


def describe(name: str) -> str:
    """The first comment line of a query file: what it answers."""
    for line in load(name).splitlines():
        if line.startswith("//"):
            return line.lstrip("/ ").strip()
    return ""

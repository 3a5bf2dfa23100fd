"""The suite's own Cypher (baselines, warm-up, checks), one statement per file.

As in ``queries/``: the first line of each file is a ``//`` comment saying what
it answers; values are always ``$parameters``.
"""

from __future__ import annotations

from functools import cache
from importlib import resources


@cache
def load(name: str) -> str:
    """The text of ``bench/cypher/<name>.cypher``."""
    return (resources.files(__package__) / f"{name}.cypher").read_text(encoding="utf-8")


def describe(name: str) -> str:
    """The first-line comment of a statement."""
    return load(name).splitlines()[0].lstrip("/ ").strip()

"""Settings, read from the environment in this one place.

``NEO4J_URI``, ``NEO4J_USER``, ``NEO4J_PASSWORD`` and ``NEO4J_DATABASE`` name a
Neo4j server; where ``NEO4J_URI`` is unset the project runs its own local Neo4j
under ``LINEAGE_HOME`` (default ``.lineage/`` in the working directory).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from pathlib import Path

DEFAULT_DATABASE = "neo4j"
DEFAULT_HOME = ".lineage"


@dataclass(frozen=True)
class Settings:
    """Where the graph lives and how to reach it.

    ``uri`` is None when the local Neo4j of ``home`` is to be used.
    """

    uri: str | None
    user: str
    password: str
    database: str
    home: Path

    @property
    def uses_local(self) -> bool:
        return self.uri is None

    def with_home(self, home: str | Path | None) -> "Settings":
        return self if home is None else replace(self, home=Path(home))

    def with_uri(self, uri: str) -> "Settings":
        return replace(self, uri=uri)


def from_env(environ: os._Environ | dict | None = None) -> Settings:
    """Read the settings from ``environ`` (the process environment by default).

    >>> s = from_env({"NEO4J_URI": "bolt://db:7687", "LINEAGE_HOME": "/tmp/h"})
    >>> s.uri, s.user, s.database, str(s.home)
    ('bolt://db:7687', 'neo4j', 'neo4j', '/tmp/h')
    >>> from_env({}).uses_local
    True
    """
    env = os.environ if environ is None else environ
    return Settings(
        uri=env.get("NEO4J_URI") or None,
        user=env.get("NEO4J_USER") or "neo4j",
        password=env.get("NEO4J_PASSWORD") or "",
        database=env.get("NEO4J_DATABASE") or DEFAULT_DATABASE,
        home=Path(env.get("LINEAGE_HOME") or DEFAULT_HOME),
    )

"""Settings, read from the environment in this one place.

``NEO4J_URI``, ``NEO4J_USER``, ``NEO4J_PASSWORD`` and ``NEO4J_DATABASE`` name a
Neo4j server; where ``NEO4J_URI`` is unset the project runs its own local Neo4j
under ``LINEAGE_HOME`` (default ``.lineage/`` in the working directory), whose
password is kept in the home (:attr:`Settings.auth` is the one place that
decides which password is sent).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from pathlib import Path

from lineage.errors import InvalidParameter

DEFAULT_DATABASE = "neo4j"
DEFAULT_HOME = ".lineage"
# The local Neo4j's memory, sized for 2-core, 24 GiB machines; LINEAGE_HEAP and
# LINEAGE_PAGECACHE_MIB raise them (the benchmarks do), read when a server starts.
DEFAULT_HEAP = "1g"
DEFAULT_PAGECACHE_MIB = 512
# The local Neo4j's password of user neo4j, kept in its home (mode 0600; lineage.localdb writes it).
PASSWORD_FILE = "neo4j.password"


def kept_password(home: Path) -> str | None:
    """The password kept in ``home``, or None (no file: an unsecured old home)."""
    try:
        return (Path(home) / PASSWORD_FILE).read_text().strip() or None
    except OSError:
        return None


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
    # The local Neo4j's -Xmx (``1g``, ``768m``) and page cache in MiB (a server named by NEO4J_URI has its own).
    heap: str = DEFAULT_HEAP
    pagecache_mib: int = DEFAULT_PAGECACHE_MIB

    @property
    def uses_local(self) -> bool:
        return self.uri is None

    @property
    def auth(self) -> tuple[str, str] | None:
        """The (user, password) to send, or None for none.

        ``NEO4J_PASSWORD`` where set; else, for the local Neo4j, the password
        kept in the home (``<home>/neo4j.password``). A server named by
        ``NEO4J_URI`` is never sent the local password.
        """
        if self.password:
            return (self.user, self.password)
        if self.uses_local:
            kept = kept_password(self.home)
            if kept:
                return (self.user, kept)
        return None

    def with_home(self, home: str | Path | None) -> "Settings":
        return self if home is None else replace(self, home=Path(home))

    def with_uri(self, uri: str) -> "Settings":
        """These settings pointed at ``uri``.

        Settings of the local Neo4j keep its password: ``uri`` is then that
        server, reached directly (a loader's writer process, the tests).
        """
        auth = self.auth if self.uses_local else None
        return replace(self, uri=uri, password=auth[1] if auth else self.password)


def from_env(environ: os._Environ | dict | None = None) -> Settings:
    """Read the settings from ``environ`` (the process environment by default).

    >>> s = from_env({"NEO4J_URI": "bolt://db:7687", "LINEAGE_HOME": "/tmp/h"})
    >>> s.uri, s.user, s.database, str(s.home)
    ('bolt://db:7687', 'neo4j', 'neo4j', '/tmp/h')
    >>> from_env({}).uses_local
    True
    """
    env = os.environ if environ is None else environ
    pagecache = (env.get("LINEAGE_PAGECACHE_MIB") or "").strip() or str(DEFAULT_PAGECACHE_MIB)
    if not pagecache.isascii() or not pagecache.isdigit() or int(pagecache) < 1:
        raise InvalidParameter(f"LINEAGE_PAGECACHE_MIB={pagecache!r} is not a whole number of MiB such as 512")
    return Settings(
        uri=env.get("NEO4J_URI") or None,
        user=env.get("NEO4J_USER") or "neo4j",
        password=env.get("NEO4J_PASSWORD") or "",
        database=env.get("NEO4J_DATABASE") or DEFAULT_DATABASE,
        home=Path(env.get("LINEAGE_HOME") or DEFAULT_HOME),
        heap=(env.get("LINEAGE_HEAP") or "").strip() or DEFAULT_HEAP,
        pagecache_mib=int(pagecache),
    )

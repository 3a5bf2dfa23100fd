"""The project's own local Neo4j: Neo4j Community 5.26 from Maven Central.

A short Java main class (``launcher/``) opens a database under
``<home>/data`` with Bolt on 127.0.0.1; this module builds it with Maven once
(into a cache folder outside the package), starts it in the background,
records its pid and port in ``<home>/neo4j.json``, and stops it with SIGTERM.
"""

from lineage.localdb.manager import LocalNeo4j, build_launcher

__all__ = ["LocalNeo4j", "build_launcher"]

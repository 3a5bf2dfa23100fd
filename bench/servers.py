"""The suite's own local Neo4j servers, one fresh home per use under bench/work/homes/."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

from bench import cypher


class BenchServer:
    """A local Neo4j (lineage.localdb) in a home of the suite's own, on a free port."""

    def __init__(self, home: Path):
        from lineage.localdb import LocalNeo4j

        self.home = Path(home).absolute()
        self.local = LocalNeo4j(self.home)
        self.uri: str | None = None
        self._graph = None
        self.start_seconds: float | None = None

    @classmethod
    def fresh(cls, home: Path) -> "BenchServer":
        """A server over an empty home (whatever was there is deleted first)."""
        server = cls(home)
        server.local.stop()
        shutil.rmtree(server.home, ignore_errors=True)
        return server

    def start(self) -> "BenchServer":
        from lineage.localdb.manager import free_port

        started = time.perf_counter()
        status, _ = self.local.start(port=free_port())
        self.start_seconds = time.perf_counter() - started
        self.uri = status.uri
        return self

    def adopt_running(self) -> "BenchServer":
        """Use the server that already runs on this home (started by ``lineage load --bulk``)."""
        status = self.local.status()
        if not status.running:
            raise RuntimeError(f"no Neo4j runs on {self.home}")
        self.uri = status.uri
        return self

    @property
    def running(self) -> bool:
        return self.local.status().running

    @property
    def settings(self):
        from lineage.config import Settings

        return Settings(uri=self.uri, user="neo4j", password=self.local.password or "", database="neo4j",
                        home=self.home)

    @property
    def graph(self):
        """One lineage.db.Graph (one driver) for this server."""
        if self._graph is None:
            from bench.timed import TimedGraph

            self._graph = TimedGraph.connect(self.settings)
        return self._graph

    def env(self, base: dict) -> dict:
        """An environment whose ``lineage`` commands use this server."""
        env = dict(base)
        env["NEO4J_URI"] = self.uri
        env["LINEAGE_HOME"] = str(self.home)
        env["NEO4J_USER"] = "neo4j"
        env["NEO4J_PASSWORD"] = self.local.password or ""  # the local Neo4j asks for its home's password
        return env

    def run(self, name: str, **params) -> list[dict]:
        """Run one of the suite's statements (auto-commit: LOAD CSV ... IN TRANSACTIONS needs it)."""
        with self.graph.session() as session:
            return session.run(cypher.load(name), params).data()

    def counts(self) -> dict:
        return self.run("count_graph")[0]

    def import_dir(self) -> Path | None:
        """The folder LOAD CSV's ``file:///name`` URLs point into, or None where any path is allowed."""
        settings = {row["name"]: row["value"] for row in self.run("import_dir")}
        if str(settings.get("dbms.security.allow_csv_import_from_file_urls", "true")).lower() != "true":
            raise RuntimeError("this Neo4j forbids LOAD CSV from file URLs "
                               "(dbms.security.allow_csv_import_from_file_urls=false)")
        folder = settings.get("server.directories.import")
        return Path(folder) if folder else None

    def stage_for_load_csv(self, dataset_dir: Path, files: tuple[str, ...]) -> dict[str, str]:
        """Make the dataset's files reachable by LOAD CSV; their URLs by file name."""
        folder = self.import_dir()
        if folder is None:
            return {name: (dataset_dir / name).absolute().as_uri() for name in files}
        folder.mkdir(parents=True, exist_ok=True)
        urls = {}
        for name in files:
            target = folder / name
            target.unlink(missing_ok=True)
            try:
                os.link(dataset_dir / name, target)  # same file system: no copy
            except OSError:
                shutil.copyfile(dataset_dir / name, target)
            urls[name] = f"file:///{name}"
        return urls

    def stop(self) -> None:
        if self._graph is not None:
            self._graph.close()
            self._graph = None
        self.local.stop()

    def remove(self) -> None:
        self.stop()
        shutil.rmtree(self.home, ignore_errors=True)

    def store_mib(self) -> float:
        """Size of the store files on disk (databases + transaction logs)."""
        total = 0
        for path in (self.home / "data").rglob("*"):
            if path.is_file():
                total += path.stat().st_size
        return round(total / (1 << 20), 1)

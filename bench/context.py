"""What the figures of one run share: the scale, the dataset, the servers, the loaded database."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from bench.data import Dataset
from bench.scales import Scale
from bench.servers import BenchServer


@dataclass
class Context:
    scale: Scale
    root: Path  # the repository
    work_dir: Path  # bench/work (datasets, homes, logs)
    log_dir: Path  # this run's command output
    env: dict  # environment for the commands the suite runs
    dataset: Dataset
    keep_data: bool = False
    profile: bool = False  # also run the loader once more under py-spy (unmeasured)
    profiling_seconds: float = 0.0  # time spent on those extra runs (left out of the run's own time)
    machine: dict = field(default_factory=dict)
    servers: list[BenchServer] = field(default_factory=list)
    loaded: BenchServer | None = None  # a server holding the whole dataset
    loaded_by: str | None = None  # how it was filled
    shared: dict = field(default_factory=dict)  # what one figure found and another reuses

    def home(self, purpose: str) -> Path:
        return self.work_dir / "homes" / f"{self.scale.name}-{purpose}"

    def new_server(self, purpose: str) -> BenchServer:
        """A local Neo4j over an empty home, started, with the project's schema in place."""
        server = BenchServer.fresh(self.home(purpose))
        self.servers.append(server)
        server.start()
        server.graph.ensure_schema()
        self.note_version(server)
        return server

    def track(self, server: BenchServer) -> BenchServer:
        if server not in self.servers:
            self.servers.append(server)
        return server

    def note_version(self, server: BenchServer) -> None:
        if not self.machine.get("neo4j"):
            row = server.run("neo4j_version")[0]
            self.machine["neo4j"] = f"{row['name']} {row['version']} {row['edition']}"

    def loaded_server(self) -> BenchServer:
        """The database holding the whole dataset (figure 1 makes it; else it is made here, unmeasured)."""
        if self.loaded is not None and self.loaded.running:
            return self.loaded
        from bench.loading import NotAvailable, lineage_load_help, load_csv, run_lineage_load

        server = self.new_server("loaded")
        try:
            lineage_load_help(self.env)
            run, _, _ = run_lineage_load(server, self.dataset, self.env, self.log_dir, self.scale.timeout_s,
                                         name="prepare-lineage-load")
            if not run.ok:
                raise NotAvailable(f"lineage load failed: {run.failure()}")
            self.loaded_by = "lineage load"
        except NotAvailable as why:
            load_csv(server, self.dataset)
            self.loaded_by = f"LOAD CSV (lineage load: {why})"
        self.loaded = server
        return server

    def close(self) -> None:
        """Stop every server; remove their homes unless ``keep_data``."""
        for server in self.servers:
            try:
                if self.keep_data:
                    server.stop()
                else:
                    server.remove()
            except Exception:  # cleaning up must not hide the results
                pass

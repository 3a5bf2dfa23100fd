"""``lineage load --bulk``: an empty local database filled by Neo4j's own importer.

The dataset is checked exactly as by the online loader (every row loaded, a
duplicate or rejected, the rejects file written, the conservation law
stated); the rows to load are then written as the importer's CSV files and
``neo4j-admin database import full`` (from the same Maven-resolved Neo4j as
the local server) builds the store offline. The server is started on it and
the constraints and indexes are created, so the graph is queryable when the
command returns.

Only for the project's own local Neo4j (the importer writes the store files
directly) and only into an empty database: anything else is refused with one
line, and the online ``lineage load`` is the way.

Property types follow the importer's CSV header: an extra column whose
non-empty values are all whole numbers is imported as integers, all numbers
as floats, all true/false as booleans, anything else as strings (the online
loader keeps each value's own type).
"""

from __future__ import annotations

import contextlib
import csv
import os
import shutil
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from graph_loader.dataset import Dataset, open_dataset
from graph_loader.existing import EmptyGraph
from graph_loader.loader import STREAMED, _summary, default_rejects_path
from graph_loader.lock import DEFAULT_WAIT, graph_lock, home_lock
from graph_loader.rejects import RejectsFile
from graph_loader.rows import KINDS
from graph_loader.spool import Spool
from graph_loader.summary import LoadSummary
from graph_loader.validate import Progress, check_dataset
from lineage.config import Settings
from lineage.db import Graph
from lineage.errors import DatabaseUnavailable, LineageError
from lineage.localdb import LocalNeo4j, build_launcher
from lineage.model import NODES, RELATIONSHIPS, Node, Property, Relationship

ARRAY_DELIMITER = ";"  # tags never hold one: the format splits tags on it

# The importer's type of each lineage.model type (a date is an ISO 8601 string; no suffix means string).
IMPORT_TYPES = {"str": "", "date": "", "float": "double", "int": "int", "bool": "boolean", "list": "string[]"}


def _typed(prop: Property) -> str:
    kind = IMPORT_TYPES[prop.type]
    return f"{prop.name}:{kind}" if kind else prop.name


def node_columns(node: Node) -> list[tuple[str, str]]:
    """(importer header, row key) for each property of a node, the key property as its ID.

    >>> from lineage.model import ARTIST
    >>> node_columns(ARTIST)
    [('id:ID(Artist)', 'id'), ('handle', 'handle'), ('name', 'name'), ('joined_at', 'joined_at')]
    """
    return [(f"{p.name}:ID({node.label})" if p.key else _typed(p), p.name) for p in node.properties]


def edge_columns(rel: Relationship) -> list[tuple[str, str]]:
    """(importer header, row key): the start and end ids, then each property of a relationship.

    >>> from lineage.model import RATED
    >>> edge_columns(RATED)
    [(':START_ID(Artist)', 'artist_id'), (':END_ID(Work)', 'work_id'), ('stars:int', 'stars'), ('rated_at', 'rated_at')]
    """
    return [(f":START_ID({rel.start.label})", rel.start.column), (f":END_ID({rel.end.label})", rel.end.column),
            *((_typed(p), p.name) for p in rel.properties)]


# (importer header, row key) per kind, from lineage.model; extra columns follow.
NODE_COLUMNS = {node.kind: node_columns(node) for node in NODES}
EDGE_COLUMNS = {rel.kind: (rel.type, edge_columns(rel)) for rel in RELATIONSHIPS}
COLUMNS = {**NODE_COLUMNS, **{kind: columns for kind, (_, columns) in EDGE_COLUMNS.items()}}
LABELS = {node.kind: node.label for node in NODES}


class BulkRefused(LineageError):
    """--bulk asked for where it cannot work (a remote server, a database that is not empty)."""


@dataclass
class _ExtraTypes:
    """The importer type of each extra column, from every value written to it."""

    seen: dict[str, set[str]] = field(default_factory=dict)

    def note(self, prop: str, value: object) -> None:
        if value is None:
            return
        kind = ("boolean" if isinstance(value, bool) else "long" if isinstance(value, int)
                else "double" if isinstance(value, float) else "string")
        self.seen.setdefault(prop, set()).add(kind)

    def header(self, prop: str) -> str:
        kinds = self.seen.get(prop, {"string"})
        if len(kinds) == 1:
            (kind,) = kinds
        elif kinds <= {"long", "double"}:
            kind = "double"
        else:
            kind = "string"
        return prop if kind == "string" else f"{prop}:{kind}"


def _cell(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        return ARRAY_DELIMITER.join(str(v) for v in value)
    return value


class ImportFiles:
    """The importer's CSV files (a header file and a body file per kind), written batch by batch.

    :meth:`write` has the signature of a :class:`~graph_loader.spool.Spool`'s
    ``stream``: the kinds the checker settles row by row are written as they
    are checked, instead of being pickled to the spool and read back; the
    header files are written by :meth:`close`, once every extra column is known.
    """

    def __init__(self, folder: Path):
        self.folder = folder
        folder.mkdir(parents=True, exist_ok=True)
        self._handles: dict[str, object] = {}
        self._writers: dict[str, object] = {}
        self._extras: dict[str, list[str]] = {}
        self._types: dict[str, _ExtraTypes] = {}

    def write(self, kind: str, lines: list[int], rows: list[dict]) -> None:
        out = self._writers.get(kind)
        if out is None:
            handle = self._handles[kind] = open(self.folder / f"{kind}.csv", "w", encoding="utf-8", newline="")
            out = self._writers[kind] = csv.writer(handle)
            self._extras[kind], self._types[kind] = [], _ExtraTypes()
        columns = COLUMNS[kind]
        extras, types = self._extras[kind], self._types[kind]
        for row in rows:
            cells = [_cell(row.get(key)) for _, key in columns]
            extra = row.get("extra")
            if extra:
                for prop, value in extra.items():
                    if prop not in extras:
                        extras.append(prop)
                    types.note(prop, value)
                cells += [_cell(extra.get(prop)) for prop in extras]
            elif extras:
                cells += [""] * len(extras)
            out.writerow(cells)

    def close(self) -> dict[str, list[Path]]:
        """Close the bodies and write the headers; (header, body) per kind, every kind (empty when unseen)."""
        files: dict[str, list[Path]] = {}
        for kind, columns in COLUMNS.items():
            if kind in self._handles:
                self._handles.pop(kind).close()
            else:
                (self.folder / f"{kind}.csv").touch()
            # Rows written before a new extra column appeared are simply shorter:
            # the importer reads missing trailing fields as absent.
            types = self._types.get(kind, _ExtraTypes())
            header = self.folder / f"{kind}.header.csv"
            with open(header, "w", encoding="utf-8", newline="") as handle:
                csv.writer(handle).writerow([name for name, _ in columns]
                                            + [types.header(p) for p in self._extras.get(kind, [])])
            files[kind] = [header, self.folder / f"{kind}.csv"]
        return files


def _importer_command(argfile: Path, files: dict[str, list[Path]], report: Path, database: str) -> list[str]:
    # The database name goes first: after --nodes/--relationships, picocli reads it as one more file.
    command = ["java", "-Xmx1g", f"@{argfile}", "org.neo4j.cli.AdminTool", "database", "import", "full", database,
               "--overwrite-destination=true", "--multiline-fields=true", "--ignore-empty-strings=true",
               f"--array-delimiter={ARRAY_DELIMITER}", "--threads=2", f"--report-file={report}"]
    for kind, label in LABELS.items():
        command.append(f"--nodes={label}={','.join(map(str, files[kind]))}")
    for kind, (rel_type, _) in EDGE_COLUMNS.items():
        command.append(f"--relationships={rel_type}={','.join(map(str, files[kind]))}")
    return command


def run_importer(home: Path, files: dict[str, list[Path]], database: str) -> float:
    """Run ``neo4j-admin database import full`` on a stopped local Neo4j; its seconds."""
    argfile = build_launcher()
    report = home / "logs" / "import.report"
    report.parent.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    proc = subprocess.run(
        _importer_command(argfile, files, report, database),
        capture_output=True, text=True, env={**os.environ, "NEO4J_HOME": str(home)}, cwd=home,
    )
    seconds = time.perf_counter() - started
    (home / "logs" / "import.log").write_text(proc.stdout + proc.stderr, encoding="utf-8")
    if proc.returncode != 0:
        lines = [line for line in (proc.stderr or proc.stdout).strip().splitlines() if line.strip()]
        raise DatabaseUnavailable(
            f"Neo4j's importer failed: {(lines[-1] if lines else 'no output')[:300]} "
            f"(see {home / 'logs' / 'import.log'})"
        )
    return seconds


def bulk_load(
    settings: Settings,
    path: str | os.PathLike | Dataset,
    *,
    batch_size: int = 10000,
    rejects_path: str | os.PathLike | None = None,
    progress: Progress | None = None,
    wait: float = DEFAULT_WAIT,
    say: Callable[[str], None] | None = None,
) -> LoadSummary:
    """Check ``path`` and import it into the empty local database of ``settings.home``.

    Under the home's load lock (:mod:`graph_loader.lock`), and, while the
    server still runs, its graph lock: a load from elsewhere into this server
    is waited for (up to ``wait`` seconds in all) before the database is
    found empty and the server stopped.
    """
    if not settings.uses_local:
        raise BulkRefused("--bulk writes the store of the local Neo4j and cannot reach a server at NEO4J_URI; "
                          "use lineage load without --bulk")
    started = time.perf_counter()
    dataset = path if isinstance(path, Dataset) else open_dataset(path)
    if not dataset.parts:
        dataset.check()
    # No prescan (the online loader's first pass): nothing reaches the database before the last row is
    # checked, and the check stops at a broken file with the same one line.
    local = LocalNeo4j(settings.home)
    home = local.home
    with home_lock(home, dataset.name, wait=wait, say=say) as left, contextlib.ExitStack() as running:
        if (home / "data" / "databases" / settings.database).exists():
            graph = running.enter_context(Graph.connect(settings))
            # Held until just before the server stops (an open transaction would delay the stop): a load
            # from elsewhere waits, and then finds the server going away.
            running.enter_context(graph_lock(graph, dataset.name, wait=left, say=say, told=left < wait))
            held = graph.read_text("MATCH (n) RETURN count(n) > 0 AS any")[0]["any"]
            if held:
                raise BulkRefused(f"--bulk needs an empty database and {settings.database} under {home} holds a graph; "
                                  "use lineage load without --bulk (or a new --home)")
        rejects_path = Path(rejects_path) if rejects_path else default_rejects_path(home, dataset)
        # The kinds settled row by row go to the importer's files as they are checked; only the remixes
        # (settled by the cycle rule at the end) wait in the spool. The files live in the spool's folder,
        # so a killed load leaves nothing behind (graph_loader.spool.reclaim).
        with Spool(batch_size, stream=lambda kind, lines, rows: staged.write(kind, lines, rows),
                   streamed=STREAMED) as spool:
            staged = ImportFiles(Path(spool.folder) / "import")
            with RejectsFile(rejects_path) as rejects:
                checked = check_dataset(dataset, EmptyGraph(), rejects, spool, progress)
            check_seconds = time.perf_counter() - started
            for lines, rows in checked.batches("remixes"):
                staged.write("remixes", lines, rows)
            files = staged.close()
            running.close()
            was_running = local.stop()
            import_seconds = run_importer(home, files, settings.database)
            shutil.rmtree(staged.folder, ignore_errors=True)
        status, _ = local.start(port=local.status().port)
        with Graph.connect(settings) as graph:
            graph.ensure_schema()
            summary = _summary(dataset, checked, rejects_path, graph, batch_size, False)
            counts = graph.read_one("stats") or {}
    summary.written = True
    summary.created = {
        "nodes": int(counts.get("works", 0)) + int(counts.get("artists", 0)),
        "relationships": sum(int(counts.get(k, 0)) for k in ("contributions", "remixes", "ratings")),
    }
    # The importer makes every row anew, in an empty database.
    summary.outcome = {p.kind: {"created": p.loaded, "updated": 0, "properties": 0, "unchanged": 0}
                       for p in summary.parts if p.loaded and p.kind in KINDS}
    summary.notes.append(
        f"bulk: written by Neo4j's importer (neo4j-admin database import full) in {import_seconds:.1f} s, "
        f"then the server {'re' if was_running else ''}started at {status.uri} with its constraints and indexes"
    )
    summary.seconds["check"] = check_seconds
    summary.seconds["import"] = import_seconds
    summary.seconds["total"] = time.perf_counter() - started
    return summary

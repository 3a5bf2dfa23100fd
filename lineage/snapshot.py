"""The lineage graph as a Parquet snapshot, written from Neo4j by ranges of ids.

What ``lineage metrics --engine spark`` computes on (and what a user's own
Spark cluster can read from object storage). Layout of a snapshot folder
(format ``remix-lineage-snapshot``, version :data:`FORMAT_VERSION`; the full
description is in docs/scaling.md)::

    manifest.json             format, version, counts, the parts of each table
    works/part-00000.parquet  idx int64, id string     (idx: 0..n-1 in id order)
    artists/part-00000.parquet idx int64, id string    (idx: 0..m-1 in id order)
    remixes/part-00000.parquet derived string, source string, weight double
    contributions/part-00000.parquet artist string, work string, weight double

Part ``k`` of ``remixes`` and ``contributions`` holds the relationships of the
works of part ``k`` of ``works`` (by the derived work, by the contributed-to
work), so every part is one range of work ids read in one transaction and the
ranges are read side by side. Repeated relationships are kept as they are in
the graph (both engines merge them, summing weights); a missing weight is 1.0.

Ids are paged in id order with the ``work_id`` / ``artist_id`` index
(``queries/snapshot_*``), so the client never holds more than one part.
"""

from __future__ import annotations

import json
import os
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import numpy as np

from lineage.db import Graph
from lineage.errors import InvalidParameter, LineageError
from lineage.metrics import LineageArrays
from lineage.metrics_db import DEFAULT_BATCH

FORMAT = "remix-lineage-snapshot"
FORMAT_VERSION = 1
DEFAULT_PART_ROWS = 200_000  # works per part: one read transaction and one Parquet file each
TABLES = ("works", "artists", "remixes", "contributions")
# Each table's columns and Arrow types (docs/scaling.md); pyarrow is imported only when a snapshot is used.
COLUMNS = {
    "works": (("idx", "int64"), ("id", "string")),
    "artists": (("idx", "int64"), ("id", "string")),
    "remixes": (("derived", "string"), ("source", "string"), ("weight", "double")),
    "contributions": (("artist", "string"), ("work", "string"), ("weight", "double")),
}

__all__ = ["FORMAT", "FORMAT_VERSION", "COLUMNS", "SnapshotInfo", "write_snapshot", "read_manifest",
           "read_arrays", "schema"]


class PyArrowMissing(LineageError):
    """The snapshot needs pyarrow (the spark extra)."""


def _pyarrow():
    try:
        import pyarrow
        import pyarrow.compute
        import pyarrow.parquet
    except ImportError:
        raise PyArrowMissing("the Parquet snapshot needs pyarrow: pip install -e '.[spark]'") from None
    return pyarrow


def schema(table: str):
    """The Arrow schema of one snapshot table."""
    pa = _pyarrow()
    return pa.schema([(name, pa.type_for_alias(kind)) for name, kind in COLUMNS[table]])


@dataclass
class SnapshotInfo:
    """What :func:`write_snapshot` wrote."""

    path: Path
    works: int
    artists: int
    remixes: int
    contributions: int
    parts: int
    seconds: float


def _part(folder: Path, table: str, k: int) -> Path:
    return folder / table / f"part-{k:05d}.parquet"


def _write_table(path: Path, table: str, columns: dict[str, Any]) -> int:
    pa = _pyarrow()
    path.parent.mkdir(parents=True, exist_ok=True)
    pa.parquet.write_table(pa.table(columns, schema=schema(table)), path)
    return len(next(iter(columns.values())))


def _pages(graph: Graph, name: str, page: int):
    """Id pages of ``page`` ids in id order (keyset paging: each page starts after the last one's end)."""
    after = ""  # ids are non-empty strings (the loader refuses an empty id), so every id is > ""
    while True:
        got: list[str] = []
        graph.stream(name, lambda r: got.extend(r[0]), batch=DEFAULT_BATCH, after=after, limit=page)
        if not got:
            return
        yield got
        if len(got) < page:
            return
        after = got[-1]


def _edges(graph: Graph, name: str, first: str, last: str, batch: int) -> dict[str, list]:
    cols: tuple[list, list, list] = ([], [], [])

    def each(r) -> None:
        for col, values in zip(cols, (r[0], r[1], r[2])):
            col.extend(values)

    graph.stream(name, each, batch=batch, first=first, last=last)
    return {"a": cols[0], "b": cols[1], "weight": cols[2]}


def write_snapshot(graph: Graph, folder: str | os.PathLike, *, part_rows: int = DEFAULT_PART_ROWS,
                   batch: int = DEFAULT_BATCH, workers: int = 2) -> SnapshotInfo:
    """Write the REMIXES / CONTRIBUTED projection of ``graph`` as a Parquet snapshot in ``folder``.

    Work ids are paged in id order, ``part_rows`` per part; the relationships
    of each part's id range are read in a read transaction of their own,
    ``workers`` ranges side by side. ``folder`` must be empty or new.

    Returns
    -------
    SnapshotInfo
        The counts written and the time taken.
    """
    _pyarrow()  # before any read
    folder = Path(folder)
    if folder.exists() and any(folder.iterdir()):
        raise InvalidParameter(f"snapshot folder {folder} is not empty")
    folder.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    counts = dict.fromkeys(TABLES, 0)
    ranges: list[tuple[int, str, str]] = []
    for k, ids in enumerate(_pages(graph, "snapshot_work_ids", part_rows)):
        start = counts["works"]
        counts["works"] += _write_table(_part(folder, "works", k), "works",
                                        {"idx": np.arange(start, start + len(ids), dtype=np.int64), "id": ids})
        ranges.append((k, ids[0], ids[-1]))
    artist_parts = 0
    for k, ids in enumerate(_pages(graph, "snapshot_artist_ids", part_rows)):
        start = counts["artists"]
        counts["artists"] += _write_table(_part(folder, "artists", k), "artists",
                                          {"idx": np.arange(start, start + len(ids), dtype=np.int64), "id": ids})
        artist_parts = k + 1

    def one_range(item: tuple[int, str, str]) -> tuple[int, int]:
        k, first, last = item
        r = _edges(graph, "snapshot_remixes", first, last, batch)
        n_r = _write_table(_part(folder, "remixes", k), "remixes",
                           {"derived": r["a"], "source": r["b"], "weight": r["weight"]})
        c = _edges(graph, "snapshot_contributions", first, last, batch)
        n_c = _write_table(_part(folder, "contributions", k), "contributions",
                           {"artist": c["a"], "work": c["b"], "weight": c["weight"]})
        return n_r, n_c

    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        for n_r, n_c in pool.map(one_range, ranges):
            counts["remixes"] += n_r
            counts["contributions"] += n_c
    # An empty graph still gets one (empty) part per table, so every reader finds the schema.
    for table in TABLES:
        if not (folder / table).is_dir():
            _write_table(_part(folder, table, 0), table, {name: [] for name, _ in COLUMNS[table]})
    manifest = {
        "format": FORMAT,
        "version": FORMAT_VERSION,
        "created_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "counts": counts,
        "parts": {"works": max(len(ranges), 1), "artists": max(artist_parts, 1),
                  "remixes": max(len(ranges), 1), "contributions": max(len(ranges), 1)},
        "schemas": {t: dict(COLUMNS[t]) for t in TABLES},
    }
    (folder / "manifest.json").write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")
    return SnapshotInfo(folder, counts["works"], counts["artists"], counts["remixes"], counts["contributions"],
                        max(len(ranges), 1), time.perf_counter() - started)


def read_manifest(folder: str | os.PathLike) -> dict:
    """The manifest of a snapshot; InvalidParameter if ``folder`` holds none of this format."""
    path = Path(folder) / "manifest.json"
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as err:
        raise InvalidParameter(f"{folder} holds no readable snapshot manifest ({type(err).__name__})") from None
    if manifest.get("format") != FORMAT or manifest.get("version") != FORMAT_VERSION:
        raise InvalidParameter(f"{path} is not a {FORMAT} version {FORMAT_VERSION} manifest")
    return manifest


def _read(folder: Path, table: str):
    return _pyarrow().parquet.read_table(folder / table, schema=schema(table))


def read_arrays(folder: str | os.PathLike) -> LineageArrays:
    """The snapshot as :class:`~lineage.metrics.LineageArrays` (for the in-process engine, on the same data).

    Works and artists keep their snapshot ``idx`` as compact ids.
    """
    folder = Path(folder)
    read_manifest(folder)
    works = _read(folder, "works").sort_by("idx")
    artists = _read(folder, "artists").sort_by("idx")
    remixes = _read(folder, "remixes")
    contributions = _read(folder, "contributions")
    work_ids, artist_ids = works.column("id"), artists.column("id")

    def index(values, of) -> np.ndarray:
        found = _pyarrow().compute.index_in(values, value_set=of)
        if found.null_count:
            raise InvalidParameter("the snapshot has a relationship whose end is not among its works or artists")
        return found.to_numpy(zero_copy_only=False).astype(np.int64)

    return LineageArrays.build(
        work_ids.to_pylist(), index(remixes.column("derived"), work_ids), index(remixes.column("source"), work_ids),
        remixes.column("weight").to_numpy(zero_copy_only=False),
        artist_ids.to_pylist(), index(contributions.column("artist"), artist_ids),
        index(contributions.column("work"), work_ids), contributions.column("weight").to_numpy(zero_copy_only=False),
    )

"""The validated rows, kept on disk between checking a dataset and writing it.

Checking reads the dataset once and appends each row that is to be loaded to
the spool of its kind, in batches; writing (or a bulk importer) reads the
batches back. Rows never pile up in memory, and nothing is written to the
graph before every row of every file has been checked.

>>> with Spool(batch_size=2) as spool:
...     for line in (2, 3, 4):
...         spool.add("works", line, {"id": f"w{line}"})
...     spool.finish()
...     [lines for lines, rows in spool.batches("works")], spool.count("works")
([[2, 3], [4]], 3)
"""

from __future__ import annotations

import pickle
import shutil
import tempfile
from pathlib import Path
from typing import IO, Iterator


class Spool:
    """Batches of ``(lines, rows)`` per kind, pickled to temporary files."""

    def __init__(self, batch_size: int, directory: str | Path | None = None):
        self.batch_size = batch_size
        self.folder = Path(tempfile.mkdtemp(prefix="lineage-load-", dir=directory))
        self._files: dict[str, IO[bytes]] = {}
        self._lines: dict[str, list[int]] = {}
        self._rows: dict[str, list[dict]] = {}
        self._counts: dict[str, int] = {}

    def add(self, kind: str, line: int, row: dict) -> None:
        rows = self._rows.get(kind)
        if rows is None:
            rows = self._rows[kind] = []
            self._lines[kind] = []
            self._counts[kind] = 0
            self._files[kind] = open(self.folder / f"{kind}.pickle", "wb")
        rows.append(row)
        self._lines[kind].append(line)
        self._counts[kind] += 1
        if len(rows) >= self.batch_size:
            self._dump(kind)

    def _dump(self, kind: str) -> None:
        pickle.dump((self._lines[kind], self._rows[kind]), self._files[kind], protocol=pickle.HIGHEST_PROTOCOL)
        self._lines[kind] = []
        self._rows[kind] = []

    def finish(self) -> None:
        """Write out the last, partial batches (call once all rows are in)."""
        for kind, handle in self._files.items():
            if self._rows[kind]:
                self._dump(kind)
            handle.close()

    def count(self, kind: str) -> int:
        return self._counts.get(kind, 0)

    def batches(self, kind: str) -> Iterator[tuple[list[int], list[dict]]]:
        """The batches of ``kind`` in the order they were added."""
        if kind not in self._files:
            return
        with open(self.folder / f"{kind}.pickle", "rb") as handle:
            while True:
                try:
                    yield pickle.load(handle)
                except EOFError:
                    return

    def close(self) -> None:
        for handle in self._files.values():
            handle.close()
        shutil.rmtree(self.folder, ignore_errors=True)

    def __enter__(self) -> "Spool":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

"""The validated rows, in batches, between checking a dataset and writing it.

Checking appends each row that is to be loaded to the spool of its kind. A
full batch is either handed on at once to ``stream`` (the kinds named in
``streamed``: the loader writes them while it goes on checking) or pickled to
a temporary file, to be read back once checking is over (remixes, which the
cycle rule can only settle at the end; every kind under ``--strict``; a bulk
importer). Rows never pile up in memory.

>>> streamed = []
>>> with Spool(batch_size=2, stream=lambda kind, lines, rows: streamed.append((kind, lines)),
...            streamed=("artists",)) as spool:
...     for line in (2, 3, 4):
...         spool.add("works", line, {"id": f"w{line}"})
...         spool.add("artists", line, {"id": f"a{line}"})
...     spool.finish()
...     [lines for lines, rows in spool.batches("works")], spool.count("works"), streamed
([[2, 3], [4]], 3, [('artists', [2, 3]), ('artists', [4])])
"""

from __future__ import annotations

import pickle
import shutil
import tempfile
from pathlib import Path
from typing import IO, Callable, Iterator


class Spool:
    """Batches of ``(lines, rows)`` per kind, pickled to temporary files."""

    def __init__(self, batch_size: int, directory: str | Path | None = None,
                 stream: Callable[[str, list[int], list[dict]], None] | None = None,
                 streamed: tuple[str, ...] = ()):
        self.batch_size = batch_size
        self.stream = stream
        self.streamed = frozenset(streamed) if stream is not None else frozenset()
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
            if kind not in self.streamed:
                self._files[kind] = open(self.folder / f"{kind}.pickle", "wb")
        rows.append(row)
        self._lines[kind].append(line)
        self._counts[kind] += 1
        if len(rows) >= self.batch_size:
            self._emit(kind)

    def _emit(self, kind: str) -> None:
        lines, rows = self._lines[kind], self._rows[kind]
        self._lines[kind], self._rows[kind] = [], []
        if kind in self.streamed:
            self.stream(kind, lines, rows)
        else:
            pickle.dump((lines, rows), self._files[kind], protocol=pickle.HIGHEST_PROTOCOL)

    def flush(self, kinds: tuple[str, ...], close: bool = False) -> None:
        """Emit the partial batches of ``kinds`` now; ``close``: their rows are all in, read them back."""
        for kind in kinds:
            if self._rows.get(kind):
                self._emit(kind)
            if close and kind in self._files:
                self._files[kind].close()

    def finish(self) -> None:
        """Emit the last, partial batches (call once all rows are in)."""
        self.flush(tuple(self._rows), close=True)

    def count(self, kind: str) -> int:
        return self._counts.get(kind, 0)

    def batches(self, kind: str) -> Iterator[tuple[list[int], list[dict]]]:
        """The batches of ``kind`` in the order they were added."""
        if kind not in self._files:  # nothing spooled (or all of it streamed)
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

"""The validated rows, in batches, between checking a dataset and writing it.

Checking appends each row that is to be loaded to the spool of its kind. A
full batch is either handed on at once to ``stream`` (the kinds named in
``streamed``: the loader writes them while it goes on checking) or pickled to
a temporary file, to be read back once checking is over (remixes, which the
cycle rule can only settle at the end; every kind under ``--strict``; a bulk
importer). Rows never pile up in memory.

The spool's folder (``lineage-load-*`` in the temporary folder) is locked
(``flock`` on the folder itself) and marked as lockable from the moment it
has that name until it is removed. A load that was killed (``kill -9``)
cannot remove its folder; the next spool made on the machine removes every
marked folder whose lock nobody holds (:func:`reclaim`). An unmarked one,
made by an older version of the loader that may still be running, is left
alone for a day.

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

import contextlib
import os
import pickle
import shutil
import tempfile
import time
from pathlib import Path
from typing import IO, Callable, Iterable, Iterator

from graph_loader.present import given

try:
    import fcntl
except ImportError:  # not POSIX: folders of killed loads stay behind
    fcntl = None

PREFIX = "lineage-load-"
NEWBORN = "lineage-new-"  # a folder before it is locked and named PREFIX*
NEWBORN_AGE = 3600.0  # seconds after which an unnamed folder is taken as left behind
MARK = ".lineage-locked"  # in a folder that is locked while in use (an older loader's are not)
UNMARKED_AGE = 86400.0  # seconds after which an unmarked folder is taken as left behind


class Spool:
    """Batches of ``(lines, rows)`` per kind, pickled to temporary files."""

    def __init__(self, batch_size: int, directory: str | Path | None = None,
                 stream: Callable[[str, list[int], list[dict]], None] | None = None,
                 streamed: tuple[str, ...] = ()):
        self.batch_size = batch_size
        self.stream = stream
        self.streamed = frozenset(streamed) if stream is not None else frozenset()
        reclaim(directory)
        self.folder, self._lock = _locked_folder(directory)
        self._files: dict[str, IO[bytes]] = {}
        self._lines: dict[str, list[int]] = {}
        self._rows: dict[str, list[dict]] = {}
        self._counts: dict[str, int] = {}
        self._last_kind: str | None = None
        self._last_columns: object = None
        self._last_given: tuple[str, ...] | None = None

    def add(self, kind: str, line: int, row: dict, columns: Iterable[str] | None = None) -> None:
        """Add a checked row; ``columns``: those of its file (or its JSON line's keys), when not all.

        A row whose columns lack some of its kind's properties is marked
        ``row["given"]`` (:func:`graph_loader.present.given`), so that writing
        it leaves those properties of what the graph holds as they are.
        """
        if columns is not None:
            if columns is not self._last_columns or kind != self._last_kind:  # a CSV file's rows share one list
                self._last_kind, self._last_columns, self._last_given = kind, columns, given(kind, columns)
            if self._last_given is not None:
                row["given"] = self._last_given
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
        if self._lock is not None:
            os.close(self._lock)
            self._lock = None

    def __enter__(self) -> "Spool":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _lock_folder(path: Path) -> int | None:
    """An open descriptor of ``path`` holding its flock; None if another process holds it (or no flock here)."""
    if fcntl is None:
        return None
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | getattr(os, "O_NOFOLLOW", 0))
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        os.close(fd)
        raise
    return fd


def _locked_folder(directory: str | Path | None) -> tuple[Path, int | None]:
    """A new folder, locked before it takes its PREFIX name (so a reclaimer never sees it unlocked)."""
    newborn = Path(tempfile.mkdtemp(prefix=NEWBORN, dir=directory))
    fd = _lock_folder(newborn)
    (newborn / MARK).touch()
    folder = newborn.with_name(PREFIX + newborn.name[len(NEWBORN):])
    os.rename(newborn, folder)  # the lock is on the folder itself, so it stays with it
    return folder, fd


def reclaim(directory: str | Path | None = None) -> list[Path]:
    """Remove the spool folders of loads that are gone (nobody holds their lock); the folders removed.

    A folder left by an older version of the loader, which did not lock its
    folder, is taken as gone too.
    """
    if fcntl is None:
        return []
    base = Path(directory) if directory is not None else Path(tempfile.gettempdir())
    removed = []
    try:
        entries = list(os.scandir(base))
    except OSError:
        return removed
    for entry in entries:
        if entry.name.startswith(NEWBORN):
            with contextlib.suppress(OSError):
                if entry.is_dir(follow_symlinks=False) and time.time() - entry.stat().st_mtime > NEWBORN_AGE:
                    shutil.rmtree(entry.path, ignore_errors=True)
            continue
        if not entry.name.startswith(PREFIX):
            continue
        try:
            if not entry.is_dir(follow_symlinks=False):
                continue
            if not os.path.exists(os.path.join(entry.path, MARK)) and \
                    time.time() - entry.stat(follow_symlinks=False).st_mtime < UNMARKED_AGE:
                continue  # an older loader's, perhaps still at work
            fd = _lock_folder(Path(entry.path))
        except OSError:  # held by a live load, someone else's, or gone already
            continue
        try:
            shutil.rmtree(entry.path)
            removed.append(Path(entry.path))
        except OSError:
            pass
        finally:
            os.close(fd)
    return removed

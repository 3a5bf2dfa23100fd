"""The rejects file: every row the loader refused, with where it was and why.

A CSV file with the columns ``file, line, reason, message, raw`` (``raw`` is
the row exactly as it stands in the input). It is written under a temporary
name and renamed into place when the check of the dataset is complete.

>>> import tempfile, pathlib, csv
>>> path = pathlib.Path(tempfile.mkdtemp()) / "r.csv"
>>> with RejectsFile(path) as rejects:
...     rejects.add("works.csv", 3, "bad_date", "created_at 'x' is not a date", "w1,Song,x")
>>> list(csv.reader(path.open()))[1]
['works.csv', '3', 'bad_date', "created_at 'x' is not a date", 'w1,Song,x']
"""

from __future__ import annotations

import csv
import os
import tempfile
from pathlib import Path

from lineage.errors import DatasetError

COLUMNS = ("file", "line", "reason", "message", "raw")


class RejectsFile:
    """Rejected rows, streamed to a CSV file."""

    def __init__(self, path: str | os.PathLike):
        self.path = Path(path)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            # A partial file of its own (two loads may name one rejects file): the last to finish stands.
            fd, partial = tempfile.mkstemp(prefix=self.path.name + ".", suffix=".partial", dir=self.path.parent)
            self.partial = Path(partial)
            self._handle = open(fd, "w", encoding="utf-8", newline="")
        except OSError as err:
            raise DatasetError(f"cannot write the rejects file {self.path}: {err.strerror or err}") from None
        self._writer = csv.writer(self._handle)
        self._writer.writerow(COLUMNS)
        self.count = 0

    def add(self, file: str, line: int, reason: str, message: str, raw: str) -> None:
        self._writer.writerow((file, line, reason, message, raw))
        self.count += 1

    def commit(self) -> None:
        """Close the file and put it in place."""
        if not self._handle.closed:
            self._handle.close()
            os.replace(self.partial, self.path)

    def discard(self) -> None:
        """Close and remove the unfinished file (the load stopped on a malformed file)."""
        if not self._handle.closed:
            self._handle.close()
        self.partial.unlink(missing_ok=True)

    def __enter__(self) -> "RejectsFile":
        return self

    def __exit__(self, exc_type, *exc: object) -> None:
        if exc_type is None:
            self.commit()
        else:
            self.discard()

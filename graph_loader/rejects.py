"""The rejects file: every row the loader refused, with where it was and why.

A CSV file with the columns ``file, line, reason, message, raw`` (``raw`` is
the row exactly as it stands in the input). It is written under a temporary
name and renamed into place when the check of the dataset is complete.

A cell a spreadsheet would run as a formula (it starts with ``=``, ``+``,
``-``, ``@``, a tab or a carriage return) gets a ``'`` in front, as the
console's CSV downloads do; so does a cell that already starts with ``'``, so
that the text as read is always recovered by dropping a leading ``'``
(:func:`cell_text`).

>>> import tempfile, pathlib, csv
>>> path = pathlib.Path(tempfile.mkdtemp()) / "r.csv"
>>> with RejectsFile(path) as rejects:
...     rejects.add("works.csv", 3, "bad_date", "created_at 'x' is not a date", "w1,Song,x")
...     rejects.add("works.csv", 4, "wrong_field_count", "the row has 1 field", "=HYPERLINK(1)")
>>> rows = list(csv.reader(path.open()))
>>> rows[1], rows[2][4], cell_text(rows[2][4])
(['works.csv', '3', 'bad_date', "created_at 'x' is not a date", 'w1,Song,x'], "'=HYPERLINK(1)", '=HYPERLINK(1)')
"""

from __future__ import annotations

import csv
import os
import stat
import tempfile
from pathlib import Path

from lineage import cells
from lineage.errors import DatasetError

COLUMNS = ("file", "line", "reason", "message", "raw")
# The formula rule is shared with the console's CSV downloads (lineage.cells).
FORMULA_START = cells.FORMULA_START
safe_cell = cells.safe_cell
cell_text = cells.cell_text


def check_output(path: str | os.PathLike, what: str, *, make_folder: bool = False) -> Path:
    """Refuse, before anything is written, an output path the loader could not write as a plain file.

    The path must be a regular file or not exist yet (a symbolic link, a FIFO
    or a device is refused: replacing it would destroy it, and a FIFO would
    block); its folder must exist and be writable, or, with ``make_folder``,
    the nearest folder that exists must be. Raises DatasetError, naming
    ``what`` (``--report``, say), with one line.
    """
    path = Path(path)
    try:
        mode = path.lstat().st_mode
    except FileNotFoundError:
        mode = None
    except OSError as err:
        raise DatasetError(f"{what} {path}: cannot use it ({err.strerror or err})") from None
    if mode is not None and not stat.S_ISREG(mode):
        raise DatasetError(f"{what} {path}: {_kind(mode)}, not a regular file; give the path of a new or "
                           "regular file (it is replaced)")
    folder = path.parent
    if make_folder:
        while not folder.exists() and folder != folder.parent:
            folder = folder.parent
    if not folder.is_dir():
        raise DatasetError(f"{what} {path}: the folder {folder} does not exist")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise DatasetError(f"{what} {path}: the folder {folder} is not writable")
    return path


def _kind(mode: int) -> str:
    if stat.S_ISLNK(mode):
        return "a symbolic link"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


class RejectsFile:
    """Rejected rows, streamed to a CSV file."""

    def __init__(self, path: str | os.PathLike):
        self.path = check_output(path, "the rejects file", make_folder=True)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            # A partial file of its own (two loads may name one rejects file): the last to finish stands.
            # mkstemp makes a new regular file (O_EXCL), so no link or FIFO is followed.
            fd, partial = tempfile.mkstemp(prefix=self.path.name + ".", suffix=".partial", dir=self.path.parent)
            self.partial = Path(partial)
            # backslashreplace: a zip's own name may hold bytes that are not UTF-8 (the rows never do)
            self._handle = open(fd, "w", encoding="utf-8", errors="backslashreplace", newline="")
        except OSError as err:
            raise DatasetError(f"cannot write the rejects file {self.path}: {err.strerror or err}") from None
        self._writer = csv.writer(self._handle)
        self._writer.writerow(COLUMNS)
        self.count = 0

    def add(self, file: str, line: int, reason: str, message: str, raw: str) -> None:
        self._writer.writerow((safe_cell(file), line, reason, safe_cell(message), safe_cell(raw)))
        self.count += 1

    def commit(self) -> None:
        """Close the file and put it in place."""
        if not self._handle.closed:
            self._handle.close()
            check_output(self.path, "the rejects file")  # made a link meanwhile? Then the link stays
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

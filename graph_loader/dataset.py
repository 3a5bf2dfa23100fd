"""Reading a community dataset: a folder of CSV files, a zip of one, or JSON Lines.

:func:`open_dataset` recognises the format; :meth:`Dataset.check` reads every
file's header before anything else happens, so a malformed file (not UTF-8,
no header, a required column missing, a file the format does not know) stops
the load with one :class:`~lineage.errors.DatasetError` naming the file;
:meth:`Dataset.rows` then streams the rows, one at a time, with their line
numbers. Nothing is unpacked to disk: zip members are read as streams.

>>> import tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> for name, header in [("artists", "artist_id,handle"), ("works", "work_id,title,views"),
...                      ("contributions", "work_id,artist_id"), ("remixes", "work_id,source_id")]:
...     _ = (folder / f"{name}.csv").write_text(header + "\\n", encoding="utf-8")
>>> _ = (folder / "works.csv").write_text("work_id,title,views\\nw1, Song ,12\\n", encoding="utf-8")
>>> ds = open_dataset(folder); ds.check()
>>> [(part.kind, line, values) for part, line, values, extras, problem in ds.rows(("works",))]
[('works', 2, {'work_id': 'w1', 'title': ' Song ', 'views': '12'})]
>>> ds.parts["works"].extras
[('views', 'views')]
"""

from __future__ import annotations

import codecs
import collections
import csv
import hashlib
import io
import json
import os
import re
import stat
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Callable, Iterable, Iterator

from graph_loader.fields import INVALID_JSON, UNKNOWN_TYPE, WRONG_FIELD_COUNT, BAD_VALUE, property_name
from graph_loader.rows import KINDS, RESERVED, SPECS, Extras, json_kind
from lineage.errors import DatasetError

# A field may be long (issue 6 tries 1 MB fields); beyond this the file is refused.
FIELD_LIMIT = 16 * 1024 * 1024
csv.field_size_limit(FIELD_LIMIT)

# Columns (JSON Lines: distinct fields) of one file beyond those the format knows. Each becomes a
# property key in the database for good; a header of 200,000 columns took minutes and added them all.
EXTRA_LIMIT = 200

# A zip member that claims to unpack to more than this, at more than this ratio, is refused.
ZIP_MAX_BYTES = 4 * 1024**3
ZIP_MAX_RATIO = 200

UNTYPED = "untyped"  # JSON Lines lines with no usable ``type``: every one is rejected
FORMAT_HINT = (
    "a dataset is a folder of CSV files (artists.csv, works.csv, contributions.csv, "
    "remixes.csv, optional ratings.csv), a .zip of that folder, or a .jsonl file"
)

Row = tuple["Part", int, "dict | None", Extras, "tuple[str, str] | None"]


@dataclass
class Part:
    """One kind of row in a dataset, and where it comes from."""

    kind: str
    label: str  # the file, as reports name it
    columns: list[str] = field(default_factory=list)  # normalised header (CSV)
    extras: Extras = field(default_factory=list)  # (column, property) for extra columns (CSV)
    present: bool = True  # False for an optional file that is not there


def open_dataset(path: str | os.PathLike) -> "Dataset":
    """The dataset at ``path``: a folder, a ``.zip`` or a ``.jsonl`` file.

    Raises DatasetError for a path that is none of these.
    """
    path = Path(path)
    if not path.exists():
        raise DatasetError(f"{path}: no such file or folder")
    if path.is_dir():
        return FolderDataset(path)
    if not stat.S_ISREG(path.stat().st_mode):
        raise DatasetError(f"{path}: not a regular file or folder ({FORMAT_HINT})")
    suffix = path.suffix.lower()
    if suffix in (".jsonl", ".ndjson"):
        return JsonLinesDataset(path)
    if suffix == ".zip":
        return ZipDataset(path)
    if suffix == ".csv":
        raise DatasetError(f"{path}: a single CSV file is not a dataset; give the folder that holds it ({FORMAT_HINT})")
    raise DatasetError(f"{path}: unknown file type ({FORMAT_HINT})")


def dataset_name(path: Path) -> str:
    """A file-name-safe name for the dataset (for its rejects file).

    >>> dataset_name(Path("/data/openideo")), dataset_name(Path("x/My Data.zip"))
    ('openideo', 'My_Data')
    """
    name = path.resolve().name
    if not path.is_dir() and Path(name).suffix.lower() in (".zip", ".jsonl", ".ndjson"):
        name = Path(name).stem
    return re.sub(r"[^A-Za-z0-9._-]", "_", name) or "dataset"


class Dataset:
    """The files of a dataset; subclasses know how to open them."""

    format = "?"

    def __init__(self, path: Path):
        self.path = path
        self.name = dataset_name(path)
        self.parts: dict[str, Part] = {}
        self.consumed = 0  # characters read so far (for progress)
        # How the check keeps the remixes acyclic: one of graph_loader.cycles.RULES
        # (`lineage load --cycles`; docs/dataset-format.md, "Cycles").
        self.cycles = "file-order"
        self._lines: list[str] = []
        self._checked = False

    # -- what subclasses provide ----------------------------------------------
    def check(self) -> None:
        """Read every file's header; DatasetError for the first malformed one."""
        raise NotImplementedError

    def rows(self, kinds: Iterable[str]) -> Iterator[Row]:
        """Stream ``(part, line, values, extras, problem)`` for the rows of ``kinds``, in order.

        ``values`` maps column to value (None when the row could not be split,
        then ``problem`` is ``(reason, message)``); ``line`` is the line the row
        starts on. Blank lines are not rows.
        """
        raise NotImplementedError

    def size(self) -> int:
        """Characters the rows of every kind span, about (for a progress bar)."""
        raise NotImplementedError

    def fingerprint(self) -> str:
        """Changes when any file of the dataset changes (size or time)."""
        raise NotImplementedError

    def raw(self) -> str:
        """The text of the row :meth:`rows` yielded last, as it stands in the file."""
        return "".join(self._lines).rstrip("\r\n")

    def prescan(self) -> None:
        """Read every file through once, fast, for what would stop a load halfway.

        An encoding error or broken CSV deep in the last file must stop the
        load before anything is written; when checking and writing overlap,
        this pass (decoding and CSV parsing, done in C) finds them first.
        """
        raise NotImplementedError

    def _scan_csv(self, label: str, opener: Callable[[], IO[bytes]]) -> None:
        with self._text(opener, label) as stream:
            reader = csv.reader(stream)
            try:
                collections.deque(reader, maxlen=0)
            except UnicodeDecodeError:
                raise DatasetError(_not_utf8(label, opener)) from None
            except csv.Error as err:
                raise DatasetError(f"{label}: not valid CSV at line {reader.line_num} ({err})") from None

    # -- shared CSV reading ---------------------------------------------------
    def _text(self, opener: Callable[[], IO[bytes]], label: str) -> io.TextIOWrapper:
        binary = opener()
        head = binary.peek(4)[:4] if hasattr(binary, "peek") else b""
        if head[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE) or head[:4] in (
            codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE
        ):
            binary.close()
            raise DatasetError(f"{label}: encoded as UTF-16/32, not UTF-8 (save it as UTF-8)")
        return _BoundedLines(binary, label)

    def _csv_header(self, kind: str, label: str, opener: Callable[[], IO[bytes]]) -> Part:
        spec = SPECS[kind]
        with self._text(opener, label) as stream:
            try:
                header = next(csv.reader(stream), None)
            except UnicodeDecodeError:
                raise DatasetError(_not_utf8(label, opener)) from None
            except csv.Error as err:
                raise DatasetError(f"{label}: not valid CSV in the header ({err})") from None
        if header is None:
            raise DatasetError(f"{label}: empty file, no header row (expected {', '.join(spec.known)})")
        if not header or all(not h.strip() for h in header):
            raise DatasetError(f"{label}: the first line is blank, expected a header row")
        if any("\x00" in h for h in header):
            raise DatasetError(f"{label}: the header holds NUL bytes: not UTF-8 text (UTF-16 without a byte-order mark?)")
        known = set(spec.known)
        unknown = sum(1 for name in header if name.strip().lower() not in known)
        if unknown > EXTRA_LIMIT:  # before anything else is done with a header this wide
            raise DatasetError(
                f"{label}: {unknown:,} columns the format does not know; a file may add at most "
                f"{EXTRA_LIMIT} (each becomes a property in the database)"
            )
        columns: list[str] = []
        for position, name in enumerate(header, 1):
            name = name.strip()
            if not name:
                raise DatasetError(f"{label}: column {position} of the header has no name")
            columns.append(name.lower() if name.lower() in known else name)
        seen: set[str] = set()
        for name in columns:
            if name in seen:
                raise DatasetError(f"{label}: column {name!r} appears twice in the header")
            seen.add(name)
        missing = [c for c in spec.required if c not in seen]
        if missing:
            hint = ""
            if len(header) == 1 and any(sep in header[0] for sep in ";\t|"):
                hint = " (columns must be separated by commas)"
            raise DatasetError(
                f"{label}: missing required column{'s' if len(missing) > 1 else ''} "
                f"{', '.join(missing)}{hint}"
            )
        return Part(kind, label, columns, _extra_columns(label, columns, known))

    def _csv_rows(self, part: Part, opener: Callable[[], IO[bytes]]) -> Iterator[Row]:
        lines = self._lines
        lines.clear()

        def tap(stream: IO[str]) -> Iterator[str]:
            for line in stream:
                lines.append(line)
                self.consumed += len(line)
                yield line

        columns, extras = part.columns, part.extras
        width = len(columns)
        with self._text(opener, part.label) as stream:
            reader = csv.reader(tap(stream))
            end = 0
            try:
                next(reader)  # the header, checked already
                lines.clear()
                end = reader.line_num
                for fields in reader:
                    start, end = end + 1, reader.line_num
                    if len(fields) == width:
                        yield part, start, dict(zip(columns, fields)), extras, None
                    elif not fields or (len(fields) == 1 and not fields[0].strip()):
                        pass  # a blank line is not a row
                    else:
                        problem = (WRONG_FIELD_COUNT, f"the row has {len(fields)} fields where the header has {width}")
                        yield part, start, None, extras, problem
                    lines.clear()
            except UnicodeDecodeError:
                raise DatasetError(_not_utf8(part.label, opener)) from None
            except csv.Error as err:
                raise DatasetError(f"{part.label}: not valid CSV at line {reader.line_num} ({err})") from None


class _BoundedLines(io.TextIOWrapper):
    """UTF-8 text read line by line, refusing a line of more than 4 × :data:`FIELD_LIMIT` characters.

    Iterating a plain text stream assembles each whole line in memory: one
    line of gigabytes (a zip bomb) would be held at once before the CSV
    field limit is ever checked.
    """

    def __init__(self, binary: IO[bytes], label: str):
        super().__init__(binary, encoding="utf-8-sig", newline="")
        self.label = label
        self.number = 0

    def __next__(self) -> str:
        limit = 4 * FIELD_LIMIT  # a line holds several fields; one over the limit is the CSV reader's to refuse
        line = self.readline(limit + 1)
        if not line:
            raise StopIteration
        self.number += 1
        if len(line) > limit:
            raise DatasetError(f"{self.label}: line {self.number} is longer than {limit:,} characters")
        return line


def _not_utf8(label: str, opener: Callable[[], IO[bytes]]) -> str:
    """The message for a file that does not decode as UTF-8, naming the first bad line.

    The text layer decodes ahead in blocks, so where it failed says little; the
    file is read again, line by line, to find the line. (A newline byte never
    occurs inside a UTF-8 sequence, so lines decode on their own.)
    """
    with opener() as binary:
        for number, line in enumerate(binary, 1):
            try:
                line.decode("utf-8")
            except UnicodeDecodeError as err:
                return f"{label}: not UTF-8 text at line {number} ({err.reason}, byte 0x{line[err.start]:02x})"
    return f"{label}: not UTF-8 text"


def _extra_columns(label: str, columns: list[str], known: set[str]) -> Extras:
    extras: Extras = []
    taken: dict[str, str] = {}
    for column in columns:
        if column in known:
            continue
        prop = property_name(column, RESERVED)
        if prop in taken:
            raise DatasetError(
                f"{label}: columns {taken[prop]!r} and {column!r} would both be stored as property {prop!r}"
            )
        taken[prop] = column
        extras.append((column, prop))
    return extras


def _regular_file(path: Path, label: str) -> None:
    try:
        mode = path.stat().st_mode  # follows a symbolic link to what it names
    except OSError as err:
        raise DatasetError(f"{label}: cannot read it ({err.strerror or err})") from None
    if not stat.S_ISREG(mode):
        raise DatasetError(f"{label}: not a regular file")


class FolderDataset(Dataset):
    """A folder of CSV files (at its top, or in one folder inside it, as in a zip)."""

    format = "folder"

    def __init__(self, path: Path):
        super().__init__(path)
        self.files: dict[str, Path] = {}

    def _find_files(self) -> None:
        by_folder = {"": _csv_files(self.path)}
        for entry in sorted(self.path.iterdir()):
            # A name ending in .csv is a file of the dataset, whatever it is (not being a regular file is
            # then its error); only other folders may hold the dataset.
            if entry.is_dir() and not entry.name.startswith(".") and entry.suffix.lower() != ".csv":
                by_folder[entry.name] = _csv_files(entry)
        by_folder = {name: files for name, files in by_folder.items() if files}
        if len(by_folder) > 1:
            # The same rule as a zip's: CSV files at the top and in v2/ (or in two folders) leave one set
            # unread, whichever is chosen; both are named and the folder refused.
            first, second = sorted(by_folder)[:2]
            places = f"at its top and in {second}/" if not first else f"in {first}/ and in {second}/"
            common = sorted({f.name.lower() for f in by_folder[first]} & {f.name.lower() for f in by_folder[second]})
            a, b = ([next(f for f in by_folder[side] if f.name.lower() == common[0]) for side in (first, second)]
                    if common else [by_folder[first][0], by_folder[second][0]])
            raise DatasetError(
                f"{self.path}: CSV files {places} ({self._label(a)} and {self._label(b)}); the files must be "
                "at the folder's top or in one folder inside it, or some would never be read"
            )
        chosen = next(iter(by_folder.values()), [])
        by_name: dict[str, Path] = {}
        for entry in chosen:
            _add_file(by_name, entry, entry.name, lambda f: f.name, str(self.path))
        self.files = _match_files(by_name, str(self.path))

    def check(self) -> None:
        self._find_files()
        for kind in KINDS:
            spec = SPECS[kind]
            file = self.files.get(kind)
            if file is None:
                self.parts[kind] = Part(kind, spec.file, present=False)
                continue
            label = self._label(file)
            _regular_file(file, label)
            self.parts[kind] = self._csv_header(kind, label, lambda f=file: open(f, "rb"))
        self._checked = True

    def _label(self, file: Path) -> str:
        """A file as messages name it: ``works.csv``, or ``data/works.csv`` in a folder inside."""
        return str(file.relative_to(self.path))

    def rows(self, kinds: Iterable[str]) -> Iterator[Row]:
        for kind in kinds:
            part = self.parts.get(kind)
            if part is not None and part.present:
                file = self.files[kind]
                yield from self._csv_rows(part, lambda f=file: open(f, "rb"))

    def prescan(self) -> None:
        for kind, file in self.files.items():
            self._scan_csv(self._label(file), lambda f=file: open(f, "rb"))

    def size(self) -> int:
        return sum(f.stat().st_size for f in self.files.values())

    def fingerprint(self) -> str:
        if not self.files:
            self._find_files()
        return _digest(
            (name, f.stat().st_size, f.stat().st_mtime_ns) for name, f in sorted(self.files.items())
        )


def _csv_files(folder: Path) -> list[Path]:
    """The CSV files directly in ``folder``, by name (README.md, hidden files and folders are not data)."""
    try:
        entries = sorted(folder.iterdir())
    except OSError:
        return []
    return [e for e in entries if not e.name.startswith(".") and e.suffix.lower() == ".csv"]


def _add_file(by_name: dict, item, name: str, shown: Callable[[object], str], where: str) -> None:
    """``by_name[name.lower()] = item``, refusing a second file of that name: one of them would go unread.

    File names are matched without regard to case, so ``Works.csv`` beside
    ``works.csv`` (or a zip holding ``works.csv`` twice) is ambiguous.
    """
    key = name.lower()
    other = by_name.get(key)
    if other is not None:
        same = ("twice" if shown(other) == shown(item)
                else f"as {shown(other)} and as {shown(item)} (names are matched without regard to case)")
        raise DatasetError(f"{where}: {key} is there {same}; keep one, or the other would never be read")
    by_name[key] = item


def _match_files(by_name: dict, where: str) -> dict:
    """Map each kind to its file; DatasetError for a CSV the format does not know or a missing file."""
    expected = {SPECS[k].file: k for k in KINDS}
    for name in by_name:
        if name not in expected:
            raise DatasetError(
                f"{where}: {name} is not a dataset file (expected {', '.join(expected)})"
            )
    missing = [s.file for s in SPECS.values() if not s.optional_file and s.file not in by_name]
    if missing:
        raise DatasetError(f"{where}: missing {', '.join(missing)} ({FORMAT_HINT})")
    return {expected[name]: f for name, f in by_name.items()}


class ZipDataset(Dataset):
    """A zip archive of a dataset folder (files at its root or in one folder)."""

    format = "zip"

    def __init__(self, path: Path):
        super().__init__(path)
        try:
            self.archive = zipfile.ZipFile(path)
        except (zipfile.BadZipFile, OSError) as err:
            raise DatasetError(f"{path.name}: not a readable zip archive ({err})") from None
        self.members: dict[str, zipfile.ZipInfo] = {}

    def _find_members(self) -> None:
        csvs = [
            info for info in self.archive.infolist()
            if not info.is_dir() and not info.filename.startswith("__MACOSX/")
            and info.filename.lower().endswith(".csv")
            and not info.filename.rsplit("/", 1)[-1].startswith(".")
        ]
        by_folder: dict[str, list[zipfile.ZipInfo]] = {}
        for info in csvs:
            by_folder.setdefault(info.filename.rsplit("/", 1)[0] if "/" in info.filename else "", []).append(info)
        if not csvs:
            raise DatasetError(f"{self.path.name}: the archive holds no CSV files ({FORMAT_HINT})")
        if len(by_folder) > 1:
            # Files at the root and in v2/ (or in two folders): which is the dataset? Reading one set
            # would leave the other unread, so both are named and the archive refused.
            first, second = sorted(by_folder, key=lambda f: (f.count("/"), f))[:2]
            a, b = _pair(by_folder[first], by_folder[second])
            places = f"at the archive's root and in {second}/" if not first else f"in {first}/ and in {second}/"
            raise DatasetError(
                f"{self.path.name}: CSV files {places} ({a} and {b}); the files must be at the "
                "archive's root or in one folder, or some would never be read"
            )
        folder, chosen = next(iter(by_folder.items()))
        if "/" in folder:
            raise DatasetError(
                f"{self.path.name}: the CSV files must be at the archive's root or in one folder "
                f"(found them in {folder}/)"
            )
        by_name: dict[str, zipfile.ZipInfo] = {}
        for info in chosen:
            _add_file(by_name, info, info.filename.rsplit("/", 1)[-1], lambda i: i.filename, self.path.name)
        self.members = _match_files(by_name, self.path.name)
        for info in self.members.values():
            label = self._label(info)
            if info.flag_bits & 0x1:
                raise DatasetError(f"{label}: encrypted zip members cannot be read")
            if info.file_size > ZIP_MAX_BYTES and info.file_size > ZIP_MAX_RATIO * max(info.compress_size, 1):
                raise DatasetError(
                    f"{label}: claims to unpack to {info.file_size / 1024**3:.1f} GiB from "
                    f"{info.compress_size / 1024**2:.1f} MiB; refusing a likely zip bomb"
                )

    def _label(self, info: zipfile.ZipInfo) -> str:
        return f"{self.path.name}:{info.filename}"

    def _opener(self, info: zipfile.ZipInfo) -> Callable[[], IO[bytes]]:
        def open_member() -> IO[bytes]:
            try:
                return io.BufferedReader(self.archive.open(info))
            except (zipfile.BadZipFile, NotImplementedError, OSError) as err:
                raise DatasetError(f"{self._label(info)}: cannot unpack it ({err})") from None
        return open_member

    def check(self) -> None:
        self._find_members()
        for kind in KINDS:
            info = self.members.get(kind)
            if info is None:
                self.parts[kind] = Part(kind, SPECS[kind].file, present=False)
                continue
            try:
                self.parts[kind] = self._csv_header(kind, self._label(info), self._opener(info))
            except (zipfile.BadZipFile, EOFError) as err:  # a CRC or truncation error in the header
                raise DatasetError(f"{self._label(info)}: the archive is damaged ({err})") from None
        self._checked = True

    def rows(self, kinds: Iterable[str]) -> Iterator[Row]:
        for kind in kinds:
            part = self.parts.get(kind)
            if part is not None and part.present:
                try:
                    yield from self._csv_rows(part, self._opener(self.members[kind]))
                except (zipfile.BadZipFile, EOFError) as err:  # a CRC or truncation error mid-member
                    raise DatasetError(f"{part.label}: the archive is damaged ({err})") from None

    def prescan(self) -> None:
        for info in self.members.values():
            try:
                self._scan_csv(self._label(info), self._opener(info))
            except (zipfile.BadZipFile, EOFError) as err:
                raise DatasetError(f"{self._label(info)}: the archive is damaged ({err})") from None

    def size(self) -> int:
        return sum(info.file_size for info in self.members.values())

    def fingerprint(self) -> str:
        st = self.path.stat()
        return _digest([(self.path.name, st.st_size, st.st_mtime_ns)])


def _pair(first: list[zipfile.ZipInfo], second: list[zipfile.ZipInfo]) -> tuple[str, str]:
    """A file from each of two sets, the same file name in both when there is one (for a message)."""
    names = {info.filename.rsplit("/", 1)[-1].lower(): info.filename for info in second}
    for info in first:
        match = names.get(info.filename.rsplit("/", 1)[-1].lower())
        if match:
            return info.filename, match
    return first[0].filename, second[0].filename


class JsonLinesDataset(Dataset):
    """One JSON Lines file: an object per line, its ``type`` naming the kind of row."""

    format = "jsonl"

    def __init__(self, path: Path):
        super().__init__(path)
        self._extras_cache: dict[tuple, tuple[Extras, tuple | None]] = {}
        self._properties: dict[str, set[str]] = {}  # kind -> extra properties its lines add so far

    def _open(self) -> IO[bytes]:
        return open(self.path, "rb")

    def check(self) -> None:
        label = self.path.name
        with self._text(self._open, label) as stream:
            try:
                first = next((line for line in stream if line.strip()), None)
            except UnicodeDecodeError:
                raise DatasetError(_not_utf8(label, self._open)) from None
        if first is None:
            raise DatasetError(f"{label}: empty file, no JSON lines")
        if "\x00" in first:
            raise DatasetError(f"{label}: holds NUL bytes: not UTF-8 text (UTF-16 without a byte-order mark?)")
        try:
            json.loads(first)
        except ValueError:
            raise DatasetError(f"{label}: the first line is not JSON, so this is not a JSON Lines file") from None
        for kind in KINDS:
            self.parts[kind] = Part(kind, f"{label} ({SPECS[kind].type} lines)")
        self.parts[UNTYPED] = Part(UNTYPED, f"{label} (lines without a known type)")
        self._checked = True

    def _extras(self, keys: tuple[str, ...], known: tuple[str, ...]) -> tuple[Extras, tuple | None]:
        if len(keys) > EXTRA_LIMIT:  # refused whatever came before; never cached (10,000 such would be GBs)
            return [], (BAD_VALUE, f"the line has {len(keys):,} fields the format does not know; "
                                   f"a file may add at most {EXTRA_LIMIT}")
        cached = self._extras_cache.get(keys)
        if cached is None:
            try:
                extras = _extra_columns("", [k for k in keys], set(known))
                cached = (extras, None)
            except DatasetError as err:
                cached = ([], (BAD_VALUE, str(err).lstrip(": ")))
            if len(self._extras_cache) < 10000:
                self._extras_cache[keys] = cached
        return cached

    def rows(self, kinds: Iterable[str]) -> Iterator[Row]:
        kinds = set(kinds)
        lines = self._lines
        label = self.path.name
        number = 0
        with self._text(self._open, label) as stream:
            try:
                for number, line in enumerate(stream, 1):
                    self.consumed += len(line)
                    text = line.strip()
                    if not text:
                        continue
                    lines[:] = [line]
                    kind, values, extras, problem = self._parse(text)
                    if kind in kinds:
                        yield self.parts[kind], number, values, extras, problem
            except UnicodeDecodeError:
                raise DatasetError(_not_utf8(label, self._open)) from None

    def _parse(self, text: str) -> tuple[str, dict | None, Extras, tuple | None]:
        twice, lenient = None, False
        try:
            obj = _DECODER.decode(text)
        except _TwiceGiven as err:
            obj, twice, lenient = _loads_leniently(text), err.key, True
        except RecursionError:  # the parser recurses per level: 50,000 nested lists overflow the stack
            return UNTYPED, None, [], (INVALID_JSON, "JSON nested too deeply to read (lists or objects "
                                                     "hundreds of levels deep)")
        except json.JSONDecodeError as err:
            return UNTYPED, None, [], (INVALID_JSON, f"not valid JSON ({err.msg} at column {err.colno})")
        except ValueError:  # an integer of more digits than Python converts
            obj, lenient = _loads_leniently(text), True
        if obj is None:
            return UNTYPED, None, [], (INVALID_JSON, "not valid JSON")
        if not isinstance(obj, dict):
            return UNTYPED, None, [], (INVALID_JSON, "the line is JSON but not an object")
        kind = json_kind(obj.get("type"))
        if kind is None:
            given = obj.get("type")
            shown = _shown_key(given) if isinstance(given, str) else f"a {type(given).__name__}"  # never repr a nest
            what = "has no type field" if given is None else f"has type {shown}, not one of artist, work, contribution, remix, rating"
            return UNTYPED, None, [], (UNKNOWN_TYPE, f"the line {what}")
        known = SPECS[kind].known
        known_set = set(known)
        values = {}
        for key, value in obj.items():
            if key == "type":
                continue
            name = key.strip()
            name = name.lower() if name.lower() in known_set else name
            if name in values:  # "Title" and "title ": CSV refuses a header naming a column twice
                twice = twice or key
            values[name] = value
        problem = _unstorable(text, obj, twice, lenient)
        if problem is not None:
            return kind, values, [], problem
        extra_keys = tuple(k for k in values if k not in known_set)
        extras, problem = self._extras(extra_keys, known) if extra_keys else ([], None)
        if problem is None and extras:
            problem = self._within_extra_limit(kind, extras)
        return kind, values, extras, problem

    def _within_extra_limit(self, kind: str, extras: Extras) -> tuple | None:
        """None, or the problem of a line whose extra fields would take its kind past :data:`EXTRA_LIMIT`."""
        added = self._properties.setdefault(kind, set())
        new = [prop for _, prop in extras if prop not in added]
        if not new:
            return None
        if len(added) + len(new) > EXTRA_LIMIT:
            return (BAD_VALUE, f"adds property {new[0]!r}, but the {SPECS[kind].type} lines already add "
                               f"{len(added)} properties, the most one file may add ({EXTRA_LIMIT})")
        added.update(new)
        return None

    def prescan(self) -> None:
        with self._text(self._open, self.path.name) as stream:
            try:
                collections.deque(stream, maxlen=0)
            except UnicodeDecodeError:
                raise DatasetError(_not_utf8(self.path.name, self._open)) from None

    def size(self) -> int:
        return 2 * self.path.stat().st_size  # read once for nodes, once for relationships

    def fingerprint(self) -> str:
        st = self.path.stat()
        return _digest([(self.path.name, st.st_size, st.st_mtime_ns)])


class _TwiceGiven(ValueError):
    """A JSON object naming a key twice (raised by the parser's object hook)."""

    def __init__(self, key: str):
        super().__init__(key)
        self.key = key


def _refuse_twice_given(pairs: list) -> dict:
    obj = dict(pairs)
    if len(obj) != len(pairs):  # a plain json.loads would silently keep the last
        seen = set()
        for key, _ in pairs:
            if key in seen:
                raise _TwiceGiven(key)
            seen.add(key)
    return obj


_DECODER = json.JSONDecoder(object_pairs_hook=_refuse_twice_given)


class _LongInteger(str):
    """A JSON integer of more digits than Python converts (4,300): kept as its digits, to be refused."""


def _integer(digits: str) -> int | _LongInteger:
    return _LongInteger(digits) if len(digits) > 4000 else int(digits)


def _loads_leniently(text: str) -> object:
    """The line parsed with long integers kept as digits and a repeated key's last value, or None.

    Only for lines already known to be refused or refusable: to find their
    ``type`` (so that the row is counted under its own file) and what to name.
    """
    try:
        return json.loads(text, parse_int=_integer)
    except (ValueError, RecursionError):
        return None


_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")


def _unstorable(text: str, obj: dict, twice: str | None, lenient: bool) -> tuple | None:
    """The problem of a parsed line holding what the graph cannot store, or None.

    A key given twice; an integer of thousands of digits; a lone UTF-16
    surrogate (``"\\ud800"``: half a character, which no UTF-8 text holds, so
    the write would fail). Surrogates can only come from ``\\u`` escapes (the
    file itself is strict UTF-8), so the object is searched only when the text
    holds one; long integers are there only in a line parsed ``lenient``-ly
    (:func:`_loads_leniently`). Most lines are never searched.
    """
    if twice is not None:
        return (BAD_VALUE, f"field {_shown_key(twice)} is given twice in the line "
                           "(a CSV header may not name a column twice either)")
    found = _find(obj, lambda v: type(v) is _LongInteger) if lenient else None
    if found is not None:
        where, value = found
        return (BAD_VALUE, f"{where} is an integer of {len(value.lstrip('-')):,} digits, far outside "
                           "the 64-bit integers the graph can store")
    if _SURROGATE_ESCAPE.search(text):
        found = _find(obj, _lone_surrogate, keys=True)
        if found is not None:
            return (BAD_VALUE, f"{found[0]} holds a lone UTF-16 surrogate (half a character, "
                               "which cannot be stored as text)")
    return None


def _lone_surrogate(value: object) -> bool:
    if not isinstance(value, str):
        return False
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def _find(obj: dict, test: Callable[[object], bool], keys: bool = False) -> tuple[str, object] | None:
    """The first ``(which field, value)`` of a parsed line where ``test`` holds, keys too with ``keys``.

    Without recursion: the parser lets nesting go almost as deep as the
    interpreter's stack, and this must not fail where the parser did not.
    """
    stack: list[tuple[str, object]] = [(f"field {_shown_key(k)}", v) for k, v in reversed(obj.items())]
    if keys and any(test(k) for k in obj):
        return ("a field name", None)
    while stack:
        where, value = stack.pop()
        if test(value):
            return where, value
        if isinstance(value, dict):
            if keys and any(test(k) for k in value):
                return where, value
            stack.extend((where, v) for v in reversed(value.values()))
        elif isinstance(value, list):
            stack.extend((where, v) for v in reversed(value))
    return None


def _shown_key(key: str) -> str:
    """A field name for a message: cut when long; repr escapes what is not printable (surrogates too)."""
    return repr(key if len(key) <= 40 else key[:39] + "…")


def _digest(items: Iterable[tuple]) -> str:
    return hashlib.sha1(repr(list(items)).encode()).hexdigest()[:16]

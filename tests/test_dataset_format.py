"""The dataset formats (graph_loader.dataset): folder, zip and JSON Lines; malformed files.

No database here: these read files only. That a malformed file writes nothing
and exits 2 is checked end to end in test_loader_load.py.
"""

from __future__ import annotations

import codecs
import os
import zipfile
from contextlib import nullcontext
from pathlib import Path

import pytest

from graph_loader.dataset import UNTYPED, open_dataset
from lineage.errors import DatasetError

HERE = Path(__file__).parent
FAULTS = HERE / "data" / "loader" / "faults"
FAULTS_JSONL = HERE / "data" / "loader" / "faults.jsonl"

HEADERS = {
    "artists.csv": "artist_id,handle,name,joined_at\n",
    "works.csv": "work_id,title,medium,created_at,status,license,url,tags\n",
    "contributions.csv": "work_id,artist_id,role,weight\n",
    "remixes.csv": "work_id,source_id,kind,weight\n",
}


def make(folder: Path, **files: str | bytes) -> Path:
    """A dataset folder with header-only files, some replaced by ``files`` (name without .csv)."""
    folder.mkdir(parents=True, exist_ok=True)
    contents: dict[str, str | bytes] = dict(HEADERS)
    for name, text in files.items():
        contents[f"{name}.csv"] = text
    for name, text in contents.items():
        if text is None:
            continue
        path = folder / name
        path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return folder


def rows(path: Path, kinds=("artists", "works", "contributions", "remixes", "ratings")):
    dataset = open_dataset(path)
    dataset.check()
    return [(part.kind, line, values, problem) for part, line, values, _, problem in dataset.rows(kinds)]


def refused(path: Path) -> str:
    with pytest.raises(DatasetError) as caught:
        dataset = open_dataset(path)
        dataset.check()
        for _ in dataset.rows(("artists", "works", "contributions", "remixes", "ratings")):
            pass
    message = str(caught.value)
    assert "\n" not in message
    return message


class TestFolder:
    def test_rows_with_line_numbers_and_raw_text(self, tmp_path):
        folder = make(tmp_path / "d", works='work_id,title\nw1,"two\nlines"\n\nw2,B\r\n')
        dataset = open_dataset(folder)
        dataset.check()
        seen = [(line, values, dataset.raw()) for _, line, values, _, _ in dataset.rows(["works"])]
        assert seen == [
            (2, {"work_id": "w1", "title": "two\nlines"}, 'w1,"two\nlines"'),
            (5, {"work_id": "w2", "title": "B"}, "w2,B"),
        ]

    def test_columns_in_any_order_and_case_with_extras(self, tmp_path):
        folder = make(tmp_path / "d", works=" Title ,VIEWS,Work_ID,comment count\nSong,3,w1,x\n")
        dataset = open_dataset(folder)
        dataset.check()
        assert dataset.parts["works"].extras == [("VIEWS", "VIEWS"), ("comment count", "comment_count")]
        assert rows(folder, ["works"])[0][2] == {"title": "Song", "VIEWS": "3", "work_id": "w1", "comment count": "x"}

    def test_utf8_byte_order_mark_is_accepted(self, tmp_path):
        folder = make(tmp_path / "d", works=codecs.BOM_UTF8 + "work_id,title\nw1,É\n".encode())
        assert rows(folder, ["works"]) == [("works", 2, {"work_id": "w1", "title": "É"}, None)]

    def test_wrong_field_count_is_a_row_problem(self, tmp_path):
        folder = make(tmp_path / "d", works="work_id,title\nw1\nw2,B,extra\n")
        found = rows(folder, ["works"])
        assert [(line, problem[0]) for _, line, _, problem in found] == [(2, "wrong_field_count"),
                                                                        (3, "wrong_field_count")]

    def test_ratings_are_optional(self, tmp_path):
        dataset = open_dataset(make(tmp_path / "d"))
        dataset.check()
        assert not dataset.parts["ratings"].present

    def test_readme_and_hidden_files_are_ignored(self, tmp_path):
        folder = make(tmp_path / "d")
        (folder / "README.md").write_text("hello")
        (folder / ".works.csv.partial").write_text("junk")
        assert rows(folder) == []

    def test_a_symbolic_link_to_a_file_is_read(self, tmp_path):
        folder = make(tmp_path / "d")
        real = tmp_path / "real.csv"
        real.write_text("work_id,title\nw1,A\n")
        (folder / "works.csv").unlink()
        os.symlink(real, folder / "works.csv")
        assert len(rows(folder, ["works"])) == 1

    def test_a_link_to_a_device_is_refused(self, tmp_path):
        folder = make(tmp_path / "d")
        (folder / "works.csv").unlink()
        os.symlink("/dev/zero", folder / "works.csv")
        assert refused(folder) == "works.csv: not a regular file"


class TestMalformedFiles:
    def test_missing_file(self, tmp_path):
        folder = make(tmp_path / "d")
        (folder / "remixes.csv").unlink()
        assert "missing remixes.csv" in refused(folder)

    def test_unknown_csv_file(self, tmp_path):
        folder = make(tmp_path / "d")
        (folder / "comments.csv").write_text("a,b\n")
        assert "comments.csv is not a dataset file" in refused(folder)

    def test_empty_file(self, tmp_path):
        assert refused(make(tmp_path / "d", works="")).startswith("works.csv: empty file, no header row")

    def test_blank_header(self, tmp_path):
        assert refused(make(tmp_path / "d", works="\nw1,A\n")) == "works.csv: the first line is blank, expected a header row"

    def test_missing_required_column(self, tmp_path):
        assert refused(make(tmp_path / "d", works="work_id,name\n")) == "works.csv: missing required column title"

    def test_semicolons_get_a_hint(self, tmp_path):
        message = refused(make(tmp_path / "d", works="work_id;title\nw1;A\n"))
        assert "missing required columns work_id, title (columns must be separated by commas)" in message

    def test_duplicate_column(self, tmp_path):
        assert refused(make(tmp_path / "d", works="work_id,title,Title\n")) == "works.csv: column 'title' appears twice in the header"

    def test_unnamed_column(self, tmp_path):
        assert refused(make(tmp_path / "d", works="work_id,title,\n")) == "works.csv: column 3 of the header has no name"

    def test_columns_colliding_as_properties(self, tmp_path):
        message = refused(make(tmp_path / "d", works="work_id,title,a b,a_b\n"))
        assert message == "works.csv: columns 'a b' and 'a_b' would both be stored as property 'a_b'"

    def test_latin1_in_the_middle(self, tmp_path):
        body = "work_id,title\nw1,A\nw2,B\n".encode() + "w3,Caf\xe9\n".encode("latin-1")
        assert refused(make(tmp_path / "d", works=body)) == "works.csv: not UTF-8 text at line 4 (invalid continuation byte, byte 0xe9)"

    @pytest.mark.parametrize("codec", ["utf-16", "utf-32"])
    def test_utf16_and_32_with_byte_order_mark(self, tmp_path, codec):
        message = refused(make(tmp_path / "d", works="work_id,title\nw1,A\n".encode(codec)))
        assert message == "works.csv: encoded as UTF-16/32, not UTF-8 (save it as UTF-8)"

    def test_utf16_without_byte_order_mark(self, tmp_path):
        message = refused(make(tmp_path / "d", works="work_id,title\nw1,A\n".encode("utf-16-le")))
        assert message.startswith("works.csv: the header holds NUL bytes: not UTF-8 text")

    def test_latin1_in_the_header(self, tmp_path):
        message = refused(make(tmp_path / "d", works="work_id,titre_\xe9\n".encode("latin-1")))
        assert message.startswith("works.csv: not UTF-8 text at line 1 (")

    def test_binary_file(self, tmp_path):
        message = refused(make(tmp_path / "d", works=b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\xff\xfe"))
        assert message.startswith("works.csv: not UTF-8 text")

    def test_json_is_not_csv(self, tmp_path):
        assert "missing required column" in refused(make(tmp_path / "d", works='{"work_id": "w1"}\n'))

    def test_field_over_the_limit(self, tmp_path, monkeypatch):
        import csv
        monkeypatch.setattr("graph_loader.dataset.FIELD_LIMIT", 1000)
        old = csv.field_size_limit(1000)
        try:
            message = refused(make(tmp_path / "d", works="work_id,title\nw1," + "x" * 2000 + "\n"))
        finally:
            csv.field_size_limit(old)
        assert message.startswith("works.csv: not valid CSV at line 2 (field larger than field limit")

    def test_a_one_megabyte_field_is_read(self, tmp_path):
        folder = make(tmp_path / "d", works="work_id,title\nw1," + "x" * 1_000_000 + "\n")
        assert len(rows(folder, ["works"])[0][2]["title"]) == 1_000_000

    def test_no_such_path(self, tmp_path):
        assert refused(tmp_path / "nothing") == f"{tmp_path / 'nothing'}: no such file or folder"

    @pytest.mark.parametrize("name", ["data.xlsx", "data.txt", "data.tar.gz"])
    def test_unknown_file_type(self, tmp_path, name):
        (tmp_path / name).write_text("work_id,title\n")
        assert refused(tmp_path / name).startswith(f"{tmp_path / name}: unknown file type")

    def test_a_single_csv_file(self, tmp_path):
        (tmp_path / "works.csv").write_text("work_id,title\n")
        assert "a single CSV file is not a dataset" in refused(tmp_path / "works.csv")


class TestZip:
    def zipped(self, tmp_path, folder_in_archive: str = "faults/") -> Path:
        archive = tmp_path / "faults.zip"
        with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as z:
            for path in sorted(FAULTS.iterdir()):
                z.write(path, folder_in_archive + path.name)
        return archive

    @pytest.mark.parametrize("inside", ["faults/", ""])
    def test_same_rows_as_the_folder(self, tmp_path, inside):
        archive = self.zipped(tmp_path, inside)
        assert rows(archive) == rows(FAULTS)
        dataset = open_dataset(archive)
        dataset.check()
        assert dataset.parts["works"].label == f"faults.zip:{inside}works.csv"
        assert dataset.name == "faults"

    def test_not_a_zip(self, tmp_path):
        (tmp_path / "x.zip").write_bytes(b"PK\x03\x04 not really")
        assert refused(tmp_path / "x.zip").startswith("x.zip: not a readable zip archive")

    def test_files_in_two_folders(self, tmp_path):
        archive = tmp_path / "two.zip"
        with zipfile.ZipFile(archive, "w") as z:
            z.writestr("a/works.csv", "work_id,title\n")
            z.writestr("b/artists.csv", "artist_id,handle\n")
        assert "must be at the archive's root or in one folder" in refused(archive)

    def test_paths_that_climb_out_are_never_unpacked(self, tmp_path):
        archive = tmp_path / "climb.zip"
        with zipfile.ZipFile(archive, "w") as z:
            for name, header in HEADERS.items():
                z.writestr(f"../{name}", header + ("w1,A,,,,,,\n" if name == "works.csv" else ""))
        # Members are read as streams, never unpacked, so a name with ../ is only a name.
        assert rows(archive) == [("works", 2, dict(zip(HEADERS["works.csv"].strip().split(","),
                                                        ["w1", "A", "", "", "", "", "", ""])), None)]
        assert not (tmp_path.parent / "works.csv").exists()

    def test_a_zip_bomb_is_refused_before_reading(self, tmp_path, monkeypatch):
        monkeypatch.setattr("graph_loader.dataset.ZIP_MAX_BYTES", 10_000)
        archive = tmp_path / "bomb.zip"
        with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as z:
            for name, header in HEADERS.items():
                z.writestr(name, header + ("\n" * 1_000_000 if name == "works.csv" else ""))
        assert "refusing a likely zip bomb" in refused(archive)


class TestJsonLines:
    def test_rows_by_type_with_untyped_lines(self):
        found = rows(FAULTS_JSONL, ["artists", "works", UNTYPED])
        assert [(kind, line) for kind, line, _, _ in found] == [
            ("artists", 1), ("works", 2), ("works", 3), (UNTYPED, 4), (UNTYPED, 5), (UNTYPED, 6),
            ("works", 8), ("works", 14),
        ]
        problems = {line: problem[0] for _, line, _, problem in found if problem}
        assert problems == {4: "invalid_json", 5: "unknown_type", 6: "invalid_json"}

    def test_relationship_lines(self):
        found = rows(FAULTS_JSONL, ["contributions", "remixes", "ratings"])
        assert [(kind, line) for kind, line, _, _ in found] == [
            ("remixes", 7), ("contributions", 9), ("ratings", 10), ("ratings", 11), ("remixes", 12),
        ]

    def test_empty_file(self, tmp_path):
        (tmp_path / "e.jsonl").write_text("\n\n")
        assert refused(tmp_path / "e.jsonl") == "e.jsonl: empty file, no JSON lines"

    def test_not_json_at_all(self, tmp_path):
        (tmp_path / "e.jsonl").write_text("work_id,title\n")
        assert refused(tmp_path / "e.jsonl") == "e.jsonl: the first line is not JSON, so this is not a JSON Lines file"


class TestEveryFileIsRead:
    """Issue 17: of two files that are both one file of the dataset, one was silently never read."""

    def test_two_files_differing_in_case(self, tmp_path):
        folder = make(tmp_path / "ds")
        (folder / "Works.csv").write_text(HEADERS["works.csv"] + "w9,Unread,,,,,,\n")
        assert refused(folder).endswith(
            "works.csv is there as Works.csv and as works.csv (names are matched without regard to case); "
            "keep one, or the other would never be read")

    @pytest.mark.parametrize("second", ["works.csv", "WORKS.CSV", "v2/works.csv", "v2/notes.csv"])
    def test_a_zip_with_a_second_works_file(self, tmp_path, second):
        archive = tmp_path / "two.zip"
        with zipfile.ZipFile(archive, "w") as z, pytest.warns(UserWarning) if second == "works.csv" else nullcontext():
            for name, header in HEADERS.items():
                z.writestr(name, header)
            z.writestr(second, HEADERS["works.csv"] + "w9,Unread,,,,,,\n")
        message = refused(archive)
        assert message.startswith("two.zip: ") and second in message, message


class TestValuesTheGraphCannotStore:
    """Issue 17: JSON Lines values that failed the writer or raised in the checker are row problems."""

    @pytest.mark.parametrize("line, problem", [
        ('{"type": "work", "work_id": "w", "title": "\\ud800"}',
         "field 'title' holds a lone UTF-16 surrogate"),
        ('{"type": "work", "work_id": "w", "title": "t", "\\udfff": 1}', "a field name holds a lone UTF-16 surrogate"),
        ('{"type": "work", "work_id": %s, "title": "t"}' % ("7" * 5000), "field 'work_id' is an integer of 5,000 digits"),
        ('{"type": "work", "work_id": "w", "title": "a", "title": "b"}', "field 'title' is given twice"),
        ('{"type": "work", "work_id": "w", "title": "a", "TITLE ": "b"}', "field 'TITLE ' is given twice"),
        ('{"type": "work", "x": %s}' % ("[" * 100_000 + "]" * 100_000), "JSON nested too deeply to read"),
        ('{"type": %s}' % ("[" * 500 + "]" * 500), "the line has type a list, not one of"),
        ('{"type": "work", "work_id": "w", "title": "t", %s}' % ", ".join(f'"c{i}": 1' for i in range(201)),
         "the line has 201 fields the format does not know; a file may add at most 200"),
    ])
    def test_refused_as_a_row(self, tmp_path, line, problem):
        path = tmp_path / "x.jsonl"
        path.write_text('{"type": "artist", "artist_id": "a", "handle": "h"}\n' + line + "\n")
        found = rows(path, ["works", UNTYPED])
        assert len(found) == 1 and found[0][3] is not None and found[0][3][1].startswith(problem), found

    def test_a_surrogate_pair_is_one_character(self, tmp_path):
        path = tmp_path / "x.jsonl"
        path.write_text('{"type": "work", "work_id": "w", "title": "\\ud83d\\ude00"}\n')
        assert rows(path, ["works"]) == [("works", 1, {"work_id": "w", "title": "\U0001F600"}, None)]

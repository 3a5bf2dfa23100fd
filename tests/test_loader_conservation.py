"""The conservation law on generated datasets with injected faults (hypothesis).

Each example builds a clean community (works dated in order, remixes always of
earlier works, unique keys), then injects faults of known kinds; the test
knows, for every line it wrote, what must become of it. After the load, per
file: rows read = loaded + duplicates + rejected, the rejects are exactly the
injected faults with their reasons, and the graph holds exactly the rows that
were to be loaded.
"""

from __future__ import annotations

import csv
import io
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import wipe
from graph_loader.loader import load_dataset

HEADERS = {
    "artists": ["artist_id", "handle", "name", "joined_at"],
    "works": ["work_id", "title", "medium", "created_at", "status", "license", "url", "tags"],
    "contributions": ["work_id", "artist_id", "role", "weight"],
    "remixes": ["work_id", "source_id", "kind", "weight"],
    "ratings": ["artist_id", "work_id", "stars", "rated_at"],
}
FAULTS = ("bad_date", "missing_title", "bad_medium", "dup_work", "conflict_work", "wrong_fields",
          "unknown_work", "unknown_artist", "bad_weight", "self_remix", "reverse_edge", "dup_remix",
          "conflict_remix", "bad_stars", "dup_rating")


@st.composite
def datasets(draw):
    n_works = draw(st.integers(1, 25))
    n_artists = draw(st.integers(1, 8))
    works = [[f"w{i}", f"Work {i}", "music", f"2020-01-{1 + i:02d}", "", "", "", "t"] for i in range(n_works)]
    artists = [[f"a{i}", f"h{i}", "", ""] for i in range(n_artists)]
    contributions = draw(st.lists(st.tuples(st.integers(0, n_works - 1), st.integers(0, n_artists - 1),
                                            st.sampled_from(["", "editor"])), unique=True, max_size=40))
    contributions = [[f"w{w}", f"a{a}", role, ""] for w, a, role in contributions]
    pairs = draw(st.lists(st.tuples(st.integers(0, n_works - 1), st.integers(0, n_works - 1)), unique=True,
                          max_size=40))
    remixes = [[f"w{max(i, j)}", f"w{min(i, j)}", "", ""] for i, j in pairs if i != j]
    remixes = [list(r) for r in dict.fromkeys(tuple(r) for r in remixes)]
    ratings = draw(st.lists(st.tuples(st.integers(0, n_artists - 1), st.integers(0, n_works - 1),
                                      st.integers(1, 5)), unique_by=lambda t: t[:2], max_size=20))
    ratings = [[f"a{a}", f"w{w}", str(s), ""] for a, w, s in ratings]
    faults = draw(st.lists(st.tuples(st.sampled_from(FAULTS), st.integers(0, 10**6)), max_size=12))
    return {"artists": artists, "works": works, "contributions": contributions, "remixes": remixes,
            "ratings": ratings}, faults


def inject(clean: dict, faults: list) -> tuple[dict, dict]:
    """Rows per file, each with its expected outcome: 'loaded', 'duplicate' or a reason code."""
    files = {kind: [(row, "loaded") for row in rows] for kind, rows in clean.items()}
    tail = {kind: [] for kind in files}  # rows that must come after what they repeat or reverse

    def at(kind, seed, row, outcome):
        rows = files[kind]
        rows.insert(seed % (len(rows) + 1), (row, outcome))

    for number, (fault, seed) in enumerate(faults):
        w = clean["works"][seed % len(clean["works"])]
        a = clean["artists"][seed % len(clean["artists"])]
        if fault == "bad_date":
            at("works", seed, [f"x{number}", "T", "", "2023-02-30", "", "", "", ""], "bad_date")
        elif fault == "missing_title":
            at("works", seed, [f"x{number}", " ", "", "", "", "", "", ""], "missing_field")
        elif fault == "bad_medium":
            at("works", seed, [f"x{number}", "T", "sculpture", "", "", "", "", ""], "bad_medium")
        elif fault == "dup_work":
            tail["works"].append((list(w), "duplicate"))
        elif fault == "conflict_work":
            tail["works"].append(([w[0], w[1] + " (other)"] + w[2:], "conflicting_id"))
        elif fault == "wrong_fields":
            at("artists", seed, [f"y{number}", "h"], "wrong_field_count")
        elif fault == "unknown_work":
            at("contributions", seed, [f"nowhere{number}", a[0], "", ""], "unknown_work")
        elif fault == "unknown_artist":
            at("ratings", seed, [f"nobody{number}", w[0], "3", ""], "unknown_artist")
        elif fault == "bad_weight":
            at("contributions", seed, [w[0], a[0], "x", "-2"], "bad_number")
        elif fault == "self_remix":
            at("remixes", seed, [w[0], w[0], "", ""], "self_remix")
        elif fault == "reverse_edge" and clean["remixes"]:
            derived, source = clean["remixes"][seed % len(clean["remixes"])][:2]
            tail["remixes"].append(([source, derived, "", ""], "remix_cycle"))
        elif fault == "dup_remix" and clean["remixes"]:
            tail["remixes"].append((list(clean["remixes"][seed % len(clean["remixes"])]), "duplicate"))
        elif fault == "conflict_remix" and clean["remixes"]:
            derived, source = clean["remixes"][seed % len(clean["remixes"])][:2]
            tail["remixes"].append(([derived, source, "cover", ""], "conflicting_id"))
        elif fault == "bad_stars":
            at("ratings", seed, [a[0], w[0], "11", ""], "bad_stars")
        elif fault == "dup_rating" and clean["ratings"]:
            tail["ratings"].append((list(clean["ratings"][seed % len(clean["ratings"])]), "duplicate"))
    for kind in files:
        files[kind].extend(tail[kind])
    return files


def write(folder: Path, files: dict) -> dict:
    """Write the files; return {(file, line): expected outcome}."""
    expected = {}
    for kind, rows in files.items():
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(HEADERS[kind])
        for line, (row, outcome) in enumerate(rows, 2):
            writer.writerow(row)
            expected[(f"{kind}.csv", line)] = outcome
        (folder / f"{kind}.csv").write_text(buffer.getvalue(), encoding="utf-8")
    return expected


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                  HealthCheck.too_slow])
@given(data=datasets())
def test_every_row_is_loaded_merged_or_rejected(session_graph, data):
    graph = session_graph
    wipe(graph)
    clean, faults = data
    files = inject(clean, faults)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "d"
        folder.mkdir()
        expected = write(folder, files)
        rejects_path = Path(tmp) / "rejects.csv"
        summary = load_dataset(graph, folder, rejects_path=rejects_path, home=Path(tmp) / "home", batch_size=7)
        with open(rejects_path, newline="", encoding="utf-8") as handle:
            rejects = {(r["file"], int(r["line"])): r["reason"] for r in csv.DictReader(handle)}
    for part in summary.parts:
        assert part.read == part.loaded + part.duplicates + part.rejected, part.file
        outcomes = [o for (f, _), o in expected.items() if f == part.file]
        assert part.read == len(outcomes)
        assert part.loaded == outcomes.count("loaded")
        assert part.duplicates == outcomes.count("duplicate")
    assert rejects == {k: o for k, o in expected.items() if o not in ("loaded", "duplicate")}
    stats = graph.read_one("stats")
    loaded = {kind: sum(1 for o in expected_of(expected, kind) if o == "loaded") for kind in HEADERS}
    assert {k: stats[k] for k in HEADERS} == loaded
    assert stats["temporal_anomalies"] == 0  # remixes are always of earlier works


def expected_of(expected: dict, kind: str) -> list[str]:
    return [o for (f, _), o in expected.items() if f == f"{kind}.csv"]

"""The generated datasets: made once per scale with ``lineage generate``, then reused.

A dataset lives in ``bench/work/data/<scale>/`` with a ``manifest.json`` that
records the arguments, a digest of the generator's source (a changed generator
means new data), how long generating took, and the rows of each file. It is
regenerated whenever any of these differ.
"""

from __future__ import annotations

import csv
import hashlib
import json
import random
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import graph_loader.generate as generator
from bench.procs import lineage_command, run_measured
from bench.scales import SEED, Scale

FILES = ("artists.csv", "works.csv", "contributions.csv", "remixes.csv", "ratings.csv")
NODE_FILES = ("artists.csv", "works.csv")
EDGE_FILES = ("contributions.csv", "remixes.csv", "ratings.csv")
# The file of each kind of row, as the baseline loaders name the kinds (bench/cypher/naive_<kind>.cypher).
FILE_OF_KIND = {"artist": "artists.csv", "work": "works.csv", "contribution": "contributions.csv",
                "remix": "remixes.csv", "rating": "ratings.csv"}

# neo4j-admin's header for each column of the dataset format (figure 2's importer alone).
ADMIN_HEADERS = {
    "artists.csv": {"artist_id": "id:ID(Artist)"},
    "works.csv": {"work_id": "id:ID(Work)", "tags": "tags:string[]"},
    "contributions.csv": {"work_id": ":END_ID(Work)", "artist_id": ":START_ID(Artist)", "weight": "weight:float"},
    "remixes.csv": {"work_id": ":START_ID(Work)", "source_id": ":END_ID(Work)", "weight": "weight:float"},
    "ratings.csv": {"artist_id": ":START_ID(Artist)", "work_id": ":END_ID(Work)", "stars": "stars:int"},
}


class DataError(Exception):
    """The dataset could not be made."""


@dataclass
class Dataset:
    path: Path
    manifest: dict
    _work_ids: list[str] | None = field(default=None, repr=False)

    @property
    def rows(self) -> dict[str, int]:
        return self.manifest["rows"]

    @property
    def node_rows(self) -> int:
        return sum(self.rows.get(f, 0) for f in NODE_FILES)

    @property
    def edge_rows(self) -> int:
        return sum(self.rows.get(f, 0) for f in EDGE_FILES)

    def summary(self) -> dict:
        m = self.manifest
        return {
            "path": str(self.path), "works": m["works"], "artists": m["artists"], "seed": m["seed"],
            "rows": m["rows"], "node_rows": self.node_rows, "relationship_rows": self.edge_rows,
            "bytes": m["bytes"], "generate_seconds": m["generate_seconds"],
            "generate_peak_rss_mib": m["generate_peak_rss_mib"], "generated_at": m["generated_at"],
            "generator_line": m.get("generator_line"),
        }

    def work_ids(self) -> list[str]:
        """Every work id, in file order (read once)."""
        if self._work_ids is None:
            with open(self.path / "works.csv", newline="", encoding="utf-8") as f:
                reader = csv.reader(f)
                column = next(reader).index("work_id")
                self._work_ids = [row[column] for row in reader]
        return self._work_ids

    def sample_works(self, count: int, seed: int = SEED) -> list[str]:
        """``count`` distinct works drawn uniformly at a fixed seed (all of them when fewer)."""
        ids = self.work_ids()
        return random.Random(seed).sample(ids, min(count, len(ids)))

    def admin_copy(self) -> Path:
        """The files with neo4j-admin headers (cached beside the dataset).

        Beside it, not in it: a dataset folder holding CSV files at its top and
        in a folder inside is refused by the loader (some would never be read).
        """
        shutil.rmtree(self.path / "admin-import", ignore_errors=True)  # where older runs of the bench put it
        folder = self.path.with_name(f"{self.path.name}-admin-import")
        stamp = folder / "made-from.json"
        if stamp.is_file() and json.loads(stamp.read_text()) == self.manifest["digest"]:
            return folder
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        for name in FILES:
            source = self.path / name
            if not source.is_file():
                continue
            with open(source, "rb") as src, open(folder / name, "wb") as dst:
                header = src.readline().decode("utf-8").rstrip("\r\n").split(",")
                mapping = ADMIN_HEADERS[name]
                dst.write((",".join(mapping.get(c, c) for c in header) + "\n").encode("utf-8"))
                shutil.copyfileobj(src, dst, 16 << 20)
        stamp.write_text(json.dumps(self.manifest["digest"]))
        return folder


def _generator_digest() -> str:
    return hashlib.sha256(Path(generator.__file__).read_bytes()).hexdigest()[:16]


def _count_rows(path: Path) -> int:
    with open(path, newline="", encoding="utf-8") as f:
        reader = csv.reader(f)
        next(reader, None)
        return sum(1 for _ in reader)


def ensure_dataset(scale: Scale, work_dir: Path, log_dir: Path, env: dict) -> Dataset:
    """The dataset of ``scale``: the cached one if it is still current, else a new one."""
    folder = work_dir / "data" / scale.name
    manifest_file = folder / "manifest.json"
    wanted = {"works": scale.works, "artists": scale.artists, "seed": SEED, "generator": _generator_digest()}
    if manifest_file.is_file():
        manifest = json.loads(manifest_file.read_text())
        if {k: manifest.get(k) for k in wanted} == wanted and all((folder / f).is_file() for f in FILES):
            manifest["cached"] = True
            return Dataset(folder, manifest)
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    cmd = [*lineage_command(), "generate", str(folder), "--works", str(scale.works),
           "--artists", str(scale.artists), "--seed", str(SEED)]
    run = run_measured(cmd, env=env, timeout=scale.timeout_s, log_dir=log_dir, name=f"generate-{scale.name}")
    if not run.ok:
        raise DataError(f"lineage generate failed: {run.failure()}")
    rows = {f: _count_rows(folder / f) for f in FILES if (folder / f).is_file()}
    digest = hashlib.sha256(json.dumps([wanted, rows], sort_keys=True).encode()).hexdigest()[:16]
    manifest = {
        **wanted,
        "rows": rows,
        "bytes": sum((folder / f).stat().st_size for f in rows),
        "generate_seconds": round(run.seconds, 2),
        "generate_peak_rss_mib": round(run.peak_rss_mib, 1),
        "generator_line": run.stdout.strip().splitlines()[-1] if run.stdout.strip() else None,
        "generated_at": _now(),
        "digest": digest,
    }
    manifest_file.write_text(json.dumps(manifest, indent=2))
    manifest["cached"] = False
    return Dataset(folder, manifest)


def _now() -> str:
    from datetime import datetime, timezone

    return datetime.now(timezone.utc).isoformat(timespec="seconds")

"""Results files: ``bench/results/<scale>-<date>.json``, one per scale and day."""

from __future__ import annotations

import json
from pathlib import Path

SCHEMA = 1
SCALE_ORDER = {"tiny": 0, "10k": 1, "100k": 2, "1m": 3}


def results_path(folder: Path, scale: str, date: str) -> Path:
    return Path(folder) / f"{scale}-{date}.json"


def save(folder: Path, run: dict) -> Path:
    """Write a run's results; figures measured earlier the same day (``--only``) are kept."""
    path = results_path(folder, run["scale"], run["date"])
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.is_file():
        try:
            earlier = json.loads(path.read_text())
        except ValueError:
            earlier = {}
        if earlier.get("schema") == SCHEMA:
            figures = dict(earlier.get("figures", {}))
            figures.update(run["figures"])
            run = {**run, "figures": figures}
    ordered = {name: run["figures"][name] for name in sorted(run["figures"], key=lambda n: run["figures"][n]["number"])}
    run = {**run, "figures": ordered}
    path.write_text(json.dumps(run, indent=1, ensure_ascii=False, default=str) + "\n", encoding="utf-8")
    return path


def latest(folder: Path) -> dict[str, dict]:
    """The newest results file of each scale, by scale (smallest scale first)."""
    found: dict[str, tuple[str, dict]] = {}
    for path in sorted(Path(folder).glob("*.json")):
        try:
            data = json.loads(path.read_text())
        except ValueError:
            continue
        if data.get("schema") != SCHEMA or "scale" not in data:
            continue
        key = data.get("finished_at") or data.get("date", "")
        if data["scale"] not in found or key > found[data["scale"]][0]:
            data["_file"] = path.name
            found[data["scale"]] = (key, data)
    return {s: found[s][1] for s in sorted(found, key=lambda s: SCALE_ORDER.get(s, 99))}
